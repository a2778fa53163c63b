import { describe, expect, it } from 'vitest';
import { intuitEndpoints } from '../../../../shared/qbo/intuit-endpoints';
import { qboSessionWithToken } from '../../../../shared/qbo/qbo-api-client';
import { QboFaultError } from '../../../../shared/qbo/qbo-errors';
import { takesLineTaxCodes } from '../../../../shared/qbo/qbo-preferences';
import { fakeQbo, type QboAnswer, qboFault, roomyBudget } from '../../support/qbo-fakes';

// The answers are kept per realm for the container's life, so each test talks to a company of its own.
let realms = 0;

const preferencesWith = (taxPrefs: Record<string, unknown>) => ({
  Preferences: { Id: '1', SyncToken: '0', TaxPrefs: taxPrefs },
  time: '2026-03-02T10:00:00.000-08:00',
});

/** A company whose `GET /preferences` answers `answers` in turn (the last one from then on). */
const companyAnswering = (...answers: (QboAnswer | Record<string, unknown>)[]) => {
  let reads = 0;
  const qbo = fakeQbo({
    'GET /preferences': () => answers[Math.min(reads++, answers.length - 1)] ?? {},
  });
  const realmId = `91303500000${String(100 + realms++).padStart(5, '0')}`;
  const session = () =>
    qboSessionWithToken(
      { fetch: qbo.fetch },
      {
        endpoints: intuitEndpoints({ INTUIT_ENVIRONMENT: 'sandbox' }),
        realmId,
        accessToken: 'AT-1',
        budget: roomyBudget(),
      },
    );
  return { session, reads: () => qbo.calls.filter((call) => call.path === '/preferences').length };
};

describe('whether invoice lines carry their own tax code', () => {
  it.each([
    ['a company without automated sales tax', { UsingSalesTax: true, PartnerTaxEnabled: false }],
    ['an older company that does not name automated sales tax', { UsingSalesTax: true }],
  ])('says yes for %s', async (_company, taxPrefs) => {
    // Prepare
    const company = companyAnswering(preferencesWith(taxPrefs));

    // Act
    const result = await takesLineTaxCodes(company.session());

    // Assess
    expect(result).toBe(true);
  });

  it('says no for a company with automated sales tax, where QuickBooks works the tax out', async () => {
    // Prepare
    const company = companyAnswering(preferencesWith({ UsingSalesTax: true, PartnerTaxEnabled: true }));

    // Act
    const result = await takesLineTaxCodes(company.session());

    // Assess
    expect(result).toBe(false);
  });

  it('reads the company’s preferences once, however many invoices follow', async () => {
    // Prepare
    const company = companyAnswering(preferencesWith({ PartnerTaxEnabled: true }));
    await takesLineTaxCodes(company.session());

    // Act
    const later = await takesLineTaxCodes(company.session());

    // Assess
    expect(later).toBe(false);
    expect(company.reads()).toBe(1);
  });

  it('shares one read between requests asking at the same time', async () => {
    // Prepare
    const company = companyAnswering(preferencesWith({ PartnerTaxEnabled: false }));

    // Act
    const answers = await Promise.all([
      takesLineTaxCodes(company.session()),
      takesLineTaxCodes(company.session()),
    ]);

    // Assess
    expect(answers).toEqual([true, true]);
    expect(company.reads()).toBe(1);
  });

  it('asks each company for itself', async () => {
    // Prepare
    const automated = companyAnswering(preferencesWith({ PartnerTaxEnabled: true }));
    const manual = companyAnswering(preferencesWith({ PartnerTaxEnabled: false }));

    // Act
    const answers = [await takesLineTaxCodes(automated.session()), await takesLineTaxCodes(manual.session())];

    // Assess
    expect(answers).toEqual([false, true]);
    expect([automated.reads(), manual.reads()]).toEqual([1, 1]);
  });

  it('fails with QuickBooks’ fault and asks again next time', async () => {
    // Prepare
    const company = companyAnswering(
      qboFault(400, '6000', 'A business validation error has occurred'),
      preferencesWith({ PartnerTaxEnabled: false }),
    );
    const failed = takesLineTaxCodes(company.session());
    await expect(failed).rejects.toBeInstanceOf(QboFaultError);

    // Act
    const retried = await takesLineTaxCodes(company.session());

    // Assess
    expect(retried).toBe(true);
    expect(company.reads()).toBe(2);
  });
});
