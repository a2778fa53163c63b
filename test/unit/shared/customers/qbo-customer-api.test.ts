import { describe, expect, it } from 'vitest';
import { prefetchedCustomerDirectory } from '../../../../shared/customers/qbo-customer-api';
import type { QboSession } from '../../../../shared/qbo/qbo-api-client';

const customers = [
  { Id: '1', SyncToken: '0', DisplayName: 'Ann Lee', PrimaryEmailAddr: { Address: 'Ann@Example.com' } },
  { Id: '2', SyncToken: '0', DisplayName: 'Bo Chen' },
];

/** A session whose queries answer from `customers` the way QBO's IN (…) does (ignoring case). */
const sessionAnswering = () => {
  const statements: string[] = [];
  const qbo = {
    query: async (statement: string) => {
      statements.push(statement);
      const field = statement.includes('PrimaryEmailAddr') ? 'email' : 'name';
      const list = (/(?:IN \((.*?)\)|= ('.*?')) AND/.exec(statement)?.slice(1).join('') ?? '').toLowerCase();
      const hits = customers.filter((customer) =>
        list.includes(
          `'${(field === 'email' ? customer.PrimaryEmailAddr?.Address : customer.DisplayName)?.toLowerCase()}'`,
        ),
      );
      return { QueryResponse: { Customer: hits } };
    },
  } as unknown as QboSession;
  return { qbo, statements };
};

describe('the matches of many users at once', () => {
  it('asks QuickBooks with two IN (…) queries per 50 users instead of two per user', async () => {
    const { qbo, statements } = sessionAnswering();
    const emails = Array.from({ length: 120 }, (_, index) => `user${index}@example.com`);

    await prefetchedCustomerDirectory(qbo, { emails, displayNames: ['Ann Lee'] });

    expect(statements.filter((statement) => statement.includes('PrimaryEmailAddr IN'))).toHaveLength(3);
    expect(statements.filter((statement) => statement.includes('DisplayName IN'))).toHaveLength(1);
  });

  it('finds a customer by email whatever its case, and by name', async () => {
    const { qbo } = sessionAnswering();

    const directory = await prefetchedCustomerDirectory(qbo, {
      emails: ['ann@example.com', 'nobody@example.com'],
      displayNames: ['bo chen'],
    });

    expect((await directory.byEmail('ann@example.com'))?.Id).toBe('1');
    expect(await directory.byEmail('nobody@example.com')).toBeUndefined();
    expect((await directory.byDisplayName('bo chen'))?.Id).toBe('2');
  });

  it('looks up live what it was not asked to prepare', async () => {
    const { qbo, statements } = sessionAnswering();
    const directory = await prefetchedCustomerDirectory(qbo, { emails: [], displayNames: [] });
    statements.length = 0;

    expect((await directory.byDisplayName('Ann Lee'))?.Id).toBe('1');
    expect(statements).toEqual([
      "SELECT * FROM Customer WHERE DisplayName = 'Ann Lee' AND Active IN (true, false) MAXRESULTS 1",
    ]);
  });
});
