import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type QboEmulator, startQboEmulator } from '../../../local/qbo-emulator';
import {
  connectCompany,
  faultOf,
  gatewayFaultOf,
  type QboApi,
  qboApi,
  salesLine,
  startTestQboEmulator,
} from '../../support/qbo-emulator';

const AST_REALM_ID = '9341450000000009';

let emulator: QboEmulator;
let api: QboApi;

beforeAll(async () => {
  emulator = await startTestQboEmulator();
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(async () => {
  emulator.reset();
  api = qboApi(emulator, await connectCompany(emulator));
});

describe('a company’s Preferences', () => {
  it('answers them in Intuit’s envelope, with US sales tax and no automated sales tax', async () => {
    // Act
    const result = await api.get('preferences?minorversion=75');

    // Assess
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      Preferences: expect.objectContaining({
        Id: '1',
        SyncToken: '0',
        domain: 'QBO',
        sparse: false,
        MetaData: { CreateTime: expect.any(String), LastUpdatedTime: expect.any(String) },
        TaxPrefs: { UsingSalesTax: true, PartnerTaxEnabled: false },
        CurrencyPrefs: { HomeCurrency: { value: 'USD' }, MultiCurrencyEnabled: false },
        SalesFormsPrefs: expect.objectContaining({ CustomTxnNumbers: false, AllowDiscount: true }),
      }),
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}-0[78]:00$/),
    });
  });

  it('answers the same Preferences to a query', async () => {
    // Act
    const [read, queried] = await Promise.all([
      api.get('preferences'),
      api.query('select * from Preferences'),
    ]);

    // Assess
    expect(queried.body.QueryResponse.Preferences).toEqual([read.body.Preferences]);
  });

  it('counts each read like any other call', async () => {
    // Prepare
    emulator.resetCallCounts();

    // Act
    await api.get('preferences');
    await api.get('preferences');

    // Assess
    expect(emulator.callCounts()).toEqual({ 'GET /v3/company/:realm/preferences': 2 });
  });

  it('is throttled past the per-minute limit like any other read', async () => {
    // Prepare
    emulator.updateSettings({ throttlePerMinute: 1 });
    await api.get('preferences');

    // Act
    const throttled = await api.get('preferences');

    // Assess
    expect(throttled.status).toBe(429);
    expect(gatewayFaultOf(throttled)).toMatchObject({ code: '3001' });
  });

  it('refuses a bearer token that is not valid', async () => {
    // Act
    const result = await qboApi(emulator, { realmId: '9341450000000001', accessToken: 'nope' }).get(
      'preferences',
    );

    // Assess
    expect(result.status).toBe(401);
    expect(gatewayFaultOf(result)).toMatchObject({ code: '3200' });
  });
});

describe('a company with automated sales tax', () => {
  let astEmulator: QboEmulator;
  let astApi: QboApi;

  beforeAll(async () => {
    astEmulator = await startQboEmulator({
      port: 0,
      companies: [{ realmId: AST_REALM_ID, companyName: 'Automated Tax Co', automatedSalesTax: true }],
    });
    astApi = qboApi(astEmulator, await connectCompany(astEmulator, AST_REALM_ID));
  });

  afterAll(async () => {
    await astEmulator?.close();
  });

  it('says so in its Preferences', async () => {
    // Act
    const result = await astApi.get('preferences');

    // Assess
    expect(result.body.Preferences.TaxPrefs).toEqual({ UsingSalesTax: true, PartnerTaxEnabled: true });
  });

  it('still takes the pseudo tax codes TAX and NON on lines', async () => {
    // Prepare
    const customer = (await astApi.post('customer', { DisplayName: 'Tax Customer' })).body.Customer;

    // Act
    const result = await astApi.post('invoice', {
      CustomerRef: { value: customer.Id },
      Line: [
        salesLine(40, { Qty: 1, UnitPrice: 40, TaxCodeRef: { value: 'TAX' } }),
        salesLine(10, { Qty: 2, UnitPrice: 5, TaxCodeRef: { value: 'NON' } }),
      ],
    });

    // Assess
    expect(result.status).toBe(200);
    expect(
      result.body.Invoice.Line.filter(
        (line: { DetailType: string }) => line.DetailType !== 'SubTotalLineDetail',
      ).map(
        (line: { SalesItemLineDetail: { TaxCodeRef: { value: string } } }) =>
          line.SalesItemLineDetail.TaxCodeRef.value,
      ),
    ).toEqual(['TAX', 'NON']);
  });

  it('refuses a tax code that is not TAX or NON, as without automated sales tax', async () => {
    // Prepare
    const customer = (await astApi.post('customer', { DisplayName: 'Other Tax Customer' })).body.Customer;

    // Act
    const result = await astApi.post('invoice', {
      CustomerRef: { value: customer.Id },
      Line: [salesLine(40, { TaxCodeRef: { value: '3' } })],
    });

    // Assess
    expect(result.status).toBe(400);
    expect(faultOf(result)).toMatchObject({ code: '2500', element: 'Line.SalesItemLineDetail.TaxCodeRef' });
  });
});
