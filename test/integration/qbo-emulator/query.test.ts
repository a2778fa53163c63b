import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QboEmulator } from '../../../local/qbo-emulator';
import {
  connectCompany,
  faultOf,
  type QboApi,
  qboApi,
  salesLine,
  startTestQboEmulator,
} from '../../support/qbo-emulator';

let emulator: QboEmulator;
let api: QboApi;

const CUSTOMERS = [
  { DisplayName: 'Alpha Co', PrimaryEmailAddr: { Address: 'alpha@example.com' } },
  { DisplayName: "O'Brien Plumbing", PrimaryEmailAddr: { Address: 'obrien@example.com' } },
  { DisplayName: 'Beta Ltd', PrimaryEmailAddr: { Address: 'beta@example.com' } },
  { DisplayName: 'Gamma Inc', PrimaryEmailAddr: { Address: 'gamma@example.com' } },
];

beforeAll(async () => {
  emulator = await startTestQboEmulator();
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(async () => {
  emulator.reset();
  api = qboApi(emulator, await connectCompany(emulator));
  for (const customer of CUSTOMERS) await api.post('customer', customer);
  await api.post('customer', { Id: '4', SyncToken: '0', sparse: true, Active: false });
});

const names = async (query: string) =>
  ((await api.query(query)).body.QueryResponse.Customer ?? []).map(
    (row: { DisplayName: string }) => row.DisplayName,
  );

describe('selecting customers', () => {
  it('wraps rows in QueryResponse with startPosition and maxResults', async () => {
    const result = await api.query('select * from Customer');

    expect(result.body.QueryResponse).toMatchObject({ startPosition: 1, maxResults: 3 });
    expect(result.body.time).toEqual(expect.any(String));
  });

  it('returns only active customers unless the query mentions Active', async () => {
    expect(await names('select * from Customer')).not.toContain('Gamma Inc');
    expect(await names('select * from Customer where Active in (true, false)')).toContain('Gamma Inc');
    expect(await names('select * from Customer where Active = false')).toEqual(['Gamma Inc']);
  });

  it('matches by email through the nested PrimaryEmailAddr field', async () => {
    expect(await names("select * from Customer where PrimaryEmailAddr = 'beta@example.com'")).toEqual([
      'Beta Ltd',
    ]);
  });

  it("reads \\' as a quote inside a string", async () => {
    expect(await names("SELECT * FROM Customer WHERE DisplayName = 'O\\'Brien Plumbing'")).toEqual([
      "O'Brien Plumbing",
    ]);
  });

  it('supports LIKE with % wildcards', async () => {
    expect(await names("select * from Customer where DisplayName like '%Co%'")).toEqual(['Alpha Co']);
  });

  it('supports IN lists and AND', async () => {
    const query = "select * from Customer where Id in ('1', '2', '3') and DisplayName like 'B%'";

    expect(await names(query)).toEqual(['Beta Ltd']);
  });

  it('sorts with ORDERBY and accepts ORDER BY', async () => {
    expect(await names('select * from Customer orderby DisplayName desc')).toEqual([
      "O'Brien Plumbing",
      'Beta Ltd',
      'Alpha Co',
    ]);
    expect(await names('select * from Customer ORDER BY DisplayName ASC')).toEqual([
      'Alpha Co',
      'Beta Ltd',
      "O'Brien Plumbing",
    ]);
  });

  it('pages with STARTPOSITION and MAXRESULTS', async () => {
    const result = await api.query('select * from Customer orderby DisplayName startposition 2 maxresults 1');

    expect(result.body.QueryResponse).toMatchObject({ startPosition: 2, maxResults: 1 });
    expect(result.body.QueryResponse.Customer.map((row: { DisplayName: string }) => row.DisplayName)).toEqual(
      ['Beta Ltd'],
    );
  });

  it('answers an empty QueryResponse when nothing matches', async () => {
    const result = await api.query("select * from Customer where DisplayName = 'Nobody'");

    expect(result.body.QueryResponse).toEqual({});
  });

  it('counts with COUNT(*)', async () => {
    const result = await api.query('select count(*) from Customer');

    expect(result.body.QueryResponse).toEqual({ totalCount: 3 });
  });

  it('filters on MetaData.LastUpdatedTime', async () => {
    expect(
      await names("select * from Customer where MetaData.LastUpdatedTime >= '2000-01-01T00:00:00Z'"),
    ).toHaveLength(3);
    expect(await names("select * from Customer where MetaData.LastUpdatedTime < '2000-01-01'")).toEqual([]);
  });

  it('takes the query as an application/text POST body', async () => {
    const company = await connectCompany(emulator);
    const response = await fetch(`${emulator.url}/v3/company/${company.realmId}/query?minorversion=75`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${company.accessToken}`,
        'content-type': 'application/text',
        accept: 'application/json',
      },
      body: 'select count(*) from Customer',
    });

    expect((await response.json()).QueryResponse.totalCount).toBe(3);
  });
});

describe('selecting invoices', () => {
  it("finds an issue's invoices by CustomerRef with numeric comparisons on Balance", async () => {
    await api.post('invoice', { CustomerRef: { value: '1' }, Line: [salesLine(10)] });
    await api.post('invoice', { CustomerRef: { value: '1' }, Line: [salesLine(500)] });
    await api.post('invoice', { CustomerRef: { value: '2' }, Line: [salesLine(700)] });

    const result = await api.query(
      "select * from Invoice where CustomerRef = '1' and Balance > '99' orderby TxnDate desc",
    );

    expect(result.body.QueryResponse.Invoice.map((row: { TotalAmt: number }) => row.TotalAmt)).toEqual([500]);
  });

  it('leaves deleted invoices out', async () => {
    const invoice = (await api.post('invoice', { CustomerRef: { value: '1' }, Line: [salesLine(10)] })).body
      .Invoice;
    await api.post('invoice?operation=delete', { Id: invoice.Id, SyncToken: '0' });

    const result = await api.query('select count(*) from Invoice');

    expect(result.body.QueryResponse.totalCount).toBe(0);
  });
});

describe('what billing reads', () => {
  const rows = async (query: string, entity: string) =>
    ((await api.query(query)).body.QueryResponse[entity] ?? []).map(
      (row: { Name: string; Type?: string; AccountType?: string }) => [row.Name, row.Type ?? row.AccountType],
    );

  it('finds service and non-inventory items with Type IN, active ones only', async () => {
    const account = { value: '2' };
    await api.post('item', { Name: 'Fuse', Type: 'NonInventory', IncomeAccountRef: account });
    await api.post('item', {
      Name: 'Old cable',
      Type: 'NonInventory',
      IncomeAccountRef: account,
      Active: false,
    });
    await api.post('item', { Name: 'Kit', Type: 'Category' });

    expect(await rows("select * from Item where Type in ('Service','NonInventory')", 'Item')).toEqual([
      ['Services', 'Service'],
      ['Fuse', 'NonInventory'],
    ]);
  });

  it('finds the seeded income accounts', async () => {
    expect(await rows("select * from Account where AccountType = 'Income'", 'Account')).toEqual([
      ['Services', 'Income'],
      ['Sales of Product Income', 'Income'],
    ]);
  });
});

describe('query errors', () => {
  it.each([
    ['OR', "select * from Customer where DisplayName = 'a' or DisplayName = 'b'"],
    ['projections', 'select Id, DisplayName from Customer'],
    ['a missing FROM', 'select * Customer'],
    ['an unterminated string', "select * from Customer where DisplayName = 'open"],
    ['curly quotes', 'select * from Customer where DisplayName = ‘Alpha Co’'],
    ['an empty query', ''],
  ])('answers 400 code 4000 QueryParserError for %s', async (_case, query) => {
    const result = await api.query(query);

    expect(result.status).toBe(400);
    expect(faultOf(result)).toMatchObject({
      code: '4000',
      Message: 'Error parsing query',
      Detail: expect.stringMatching(/^QueryParserError: /),
    });
  });

  it('refuses a filter on a property Intuit does not index', async () => {
    const result = await api.query("select * from Customer where Notes = 'x'");

    expect(result.status).toBe(400);
    expect(faultOf(result)?.code).toBe('4001');
  });
});
