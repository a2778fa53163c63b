import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { QboEmulator } from '../../../local/qbo-emulator';
import {
  connectCompany,
  faultOf,
  type QboApi,
  qboApi,
  startTestQboEmulator,
} from '../../support/qbo-emulator';

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

const createCustomer = async (fields: Record<string, unknown>) =>
  (await api.post('customer', fields)).body.Customer;

describe('creating customers', () => {
  it('returns the new customer with Id, SyncToken "0", MetaData and the envelope time', async () => {
    const result = await api.post('customer?minorversion=75', {
      DisplayName: 'Ada Lovelace',
      PrimaryEmailAddr: { Address: 'ada@example.com' },
    });

    expect(result.status).toBe(200);
    expect(result.body.Customer).toMatchObject({
      Id: '1',
      SyncToken: '0',
      DisplayName: 'Ada Lovelace',
      FullyQualifiedName: 'Ada Lovelace',
      PrimaryEmailAddr: { Address: 'ada@example.com' },
      Active: true,
      Balance: 0,
      domain: 'QBO',
      sparse: false,
      MetaData: { CreateTime: expect.any(String), LastUpdatedTime: expect.any(String) },
    });
    expect(result.body.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}-0[78]:00$/);
  });

  it('composes the DisplayName from the name parts when none is given', async () => {
    const customer = await createCustomer({ Title: 'Dr.', GivenName: 'Grace', FamilyName: 'Hopper' });

    expect(customer.DisplayName).toBe('Dr. Grace Hopper');
  });

  it('numbers customers per company with string Ids', async () => {
    const first = await createCustomer({ DisplayName: 'One' });
    const second = await createCustomer({ DisplayName: 'Two' });

    expect([first.Id, second.Id]).toEqual(['1', '2']);
  });

  it('refuses a customer without any name with 6080', async () => {
    const result = await api.post('customer', { CompanyName: 'Nameless Ltd' });

    expect(result.status).toBe(400);
    expect(faultOf(result)).toMatchObject({ code: '6080' });
    expect(result.body.Fault.type).toBe('ValidationFault');
  });

  it('refuses a colon in DisplayName with 2040 Invalid String', async () => {
    const result = await api.post('customer', { DisplayName: 'Parent:Child' });

    expect(faultOf(result)).toMatchObject({
      code: '2040',
      Message: 'Invalid String',
      element: 'DisplayName',
    });
  });

  it.each([
    ['DisplayName', 500],
    ['GivenName', 100],
    ['FamilyName', 100],
    ['Title', 16],
    ['Suffix', 16],
    ['CompanyName', 100],
    ['PrintOnCheckName', 110],
    ['Notes', 2000],
  ])('refuses a %s longer than %i characters with 2050', async (field, max) => {
    const result = await api.post('customer', { DisplayName: 'Long Fields', [field]: 'x'.repeat(max + 1) });

    expect(faultOf(result)).toMatchObject({
      code: '2050',
      element: field,
      Detail: expect.stringContaining(`Max:${max} supported. Supplied length:${max + 1}`),
    });
  });

  it('accepts a DisplayName of exactly 500 characters', async () => {
    const result = await api.post('customer', { DisplayName: 'x'.repeat(500) });

    expect(result.status).toBe(200);
  });

  it('refuses an email address without @ and a dot', async () => {
    const result = await api.post('customer', {
      DisplayName: 'Bad Mail',
      PrimaryEmailAddr: { Address: 'nobody' },
    });

    expect(faultOf(result)).toMatchObject({ code: '2040', element: 'PrimaryEmailAddr.Address' });
  });

  it('refuses an unknown property with 2010', async () => {
    const result = await api.post('customer', { DisplayName: 'Typo', EmailAddress: 'x@example.com' });

    expect(faultOf(result)).toMatchObject({ code: '2010', element: 'EmailAddress' });
  });
});

describe('unique display names', () => {
  it('refuses a DisplayName already used by a vendor with 6240', async () => {
    await api.post('vendor', { DisplayName: 'Acme Supplies' });

    const result = await api.post('customer', { DisplayName: 'Acme Supplies' });

    expect(result.status).toBe(400);
    expect(faultOf(result)).toMatchObject({
      code: '6240',
      Message: 'Duplicate Name Exists Error',
      Detail: expect.stringContaining('The name supplied already exists. : '),
    });
  });

  it('refuses a DisplayName already used by an employee', async () => {
    await api.post('employee', { GivenName: 'Emma', FamilyName: 'Employee' });

    const result = await api.post('customer', { DisplayName: 'Emma Employee' });

    expect(faultOf(result)?.code).toBe('6240');
  });

  it('refuses a DisplayName held by an inactive customer', async () => {
    const old = await createCustomer({ DisplayName: 'Gone Customer' });
    await api.post('customer', { Id: old.Id, SyncToken: old.SyncToken, sparse: true, Active: false });

    const result = await api.post('customer', { DisplayName: 'Gone Customer' });

    expect(faultOf(result)?.code).toBe('6240');
  });
});

describe('reading and updating customers', () => {
  it('reads a customer by Id', async () => {
    const created = await createCustomer({ DisplayName: 'Reader' });

    const result = await api.get(`customer/${created.Id}`);

    expect(result.body.Customer).toEqual(created);
  });

  it('answers 610 Object Not Found for an unknown Id', async () => {
    const result = await api.get('customer/999');

    expect(result.status).toBe(400);
    expect(faultOf(result)).toMatchObject({ code: '610', Detail: expect.stringContaining('made inactive') });
  });

  it('changes only the sent fields on a sparse update and bumps the SyncToken', async () => {
    const created = await createCustomer({
      DisplayName: 'Sparse',
      PrimaryEmailAddr: { Address: 'old@example.com' },
    });

    const result = await api.post('customer', {
      Id: created.Id,
      SyncToken: created.SyncToken,
      sparse: true,
      PrimaryEmailAddr: { Address: 'new@example.com' },
    });

    expect(result.body.Customer).toMatchObject({
      DisplayName: 'Sparse',
      PrimaryEmailAddr: { Address: 'new@example.com' },
      SyncToken: '1',
    });
  });

  it('clears omitted fields on a full update', async () => {
    const created = await createCustomer({ DisplayName: 'Full', Notes: 'remember me' });

    const result = await api.post('customer', {
      Id: created.Id,
      SyncToken: created.SyncToken,
      DisplayName: 'Full',
    });

    expect(result.body.Customer.Notes).toBeUndefined();
  });

  it('keeps the DisplayName when a sparse update sends it empty', async () => {
    const created = await createCustomer({ DisplayName: 'Keep Me' });

    const result = await api.post('customer', {
      Id: created.Id,
      SyncToken: '0',
      sparse: true,
      DisplayName: '',
    });

    expect(result.body.Customer.DisplayName).toBe('Keep Me');
  });

  it('refuses an update with a stale SyncToken with 5010', async () => {
    const created = await createCustomer({ DisplayName: 'Contended' });
    await api.post('customer', { Id: created.Id, SyncToken: '0', sparse: true, Notes: 'first writer' });

    const result = await api.post('customer', {
      Id: created.Id,
      SyncToken: '0',
      sparse: true,
      Notes: 'second writer',
    });

    expect(faultOf(result)).toMatchObject({ code: '5010', Message: 'Stale Object Error' });
  });

  it('refuses renaming a customer to a vendor name', async () => {
    await api.post('vendor', { DisplayName: 'Taken Name' });
    const created = await createCustomer({ DisplayName: 'Free Name' });

    const result = await api.post('customer', {
      Id: created.Id,
      SyncToken: '0',
      sparse: true,
      DisplayName: 'Taken Name',
    });

    expect(faultOf(result)?.code).toBe('6240');
  });

  it('has no delete operation for customers', async () => {
    const created = await createCustomer({ DisplayName: 'Undeletable' });

    const result = await api.post('customer?operation=delete', { Id: created.Id, SyncToken: '0' });

    expect(faultOf(result)?.code).toBe('500');
  });

  it('reads vendors and employees back', async () => {
    const vendor = (await api.post('vendor', { DisplayName: 'Vendor V' })).body.Vendor;
    const employee = (await api.post('employee', { GivenName: 'Eve', FamilyName: 'E' })).body.Employee;

    expect((await api.get(`vendor/${vendor.Id}`)).body.Vendor.DisplayName).toBe('Vendor V');
    expect((await api.get(`employee/${employee.Id}`)).body.Employee.DisplayName).toBe('Eve E');
  });
});

describe('items', () => {
  it('comes seeded with a Services item on an income account', async () => {
    const result = await api.query("select * from Item where Name = 'Services'");

    expect(result.body.QueryResponse.Item[0]).toMatchObject({
      Name: 'Services',
      Type: 'Service',
      IncomeAccountRef: { value: expect.any(String), name: 'Services' },
    });
  });

  it('creates a service item and refuses a second with the same name', async () => {
    const item = { Name: 'Support hour', Type: 'Service', UnitPrice: 90, IncomeAccountRef: { value: '1' } };

    const first = await api.post('item', item);
    const second = await api.post('item', item);

    expect(first.body.Item).toMatchObject({ Name: 'Support hour', UnitPrice: 90 });
    expect(faultOf(second)?.code).toBe('6240');
  });

  it('needs an income account for a service item', async () => {
    const result = await api.post('item', { Name: 'No account', Type: 'Service' });

    expect(faultOf(result)).toMatchObject({ code: '2020', element: 'IncomeAccountRef' });
  });

  it('refuses an unknown income account with 2500', async () => {
    const result = await api.post('item', {
      Name: 'Bad account',
      Type: 'Service',
      IncomeAccountRef: { value: '77' },
    });

    expect(faultOf(result)).toMatchObject({ code: '2500', element: 'IncomeAccountRef' });
  });
});
