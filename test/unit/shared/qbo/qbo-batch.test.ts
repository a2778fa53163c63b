import { describe, expect, it } from 'vitest';
import { createCustomer, updateCustomer } from '../../../../shared/customers/qbo-customer-api';
import { timeBudget } from '../../../../shared/platform/time-budget';
import { intuitEndpoints } from '../../../../shared/qbo/intuit-endpoints';
import { qboSessionWithToken } from '../../../../shared/qbo/qbo-api-client';
import { coalescingSession, sendBatch } from '../../../../shared/qbo/qbo-batch';
import { QboFaultError, QboThrottledError } from '../../../../shared/qbo/qbo-errors';
import {
  fakeQbo,
  type QboCall,
  type QboRoutes,
  qboFault,
  queryAnswer,
  REALM_ID,
  roomyBudget,
} from '../../support/qbo-fakes';

type BatchItem = Record<string, unknown> & { bId: string };

const itemsOf = (call: QboCall) => (call.body?.BatchItemRequest ?? []) as BatchItem[];

const duplicateName = (name: string) => ({
  Fault: {
    Error: [
      {
        Message: 'Duplicate Name Exists Error',
        Detail: `The name supplied already exists. : ${name}`,
        code: '6240',
        element: 'DisplayName',
      },
    ],
    type: 'ValidationFault',
  },
});

/** QuickBooks' batch: each item answered by `answer` (a created customer by default), in reverse order. */
const batchRoute =
  (answer: (item: BatchItem, index: number) => Record<string, unknown> = createdCustomer) =>
  (call: QboCall) => ({
    BatchItemResponse: itemsOf(call)
      .map((item, index) => ({ bId: item.bId, ...answer(item, index) }))
      .reverse(),
    time: '2026-03-02T10:00:00.000-08:00',
  });

const createdCustomer = (item: BatchItem) => ({
  Customer: { ...(item.Customer as Record<string, unknown>), Id: `c-${item.bId}`, SyncToken: '0' },
});

const companyWith = (routes: QboRoutes, budget = roomyBudget()) => {
  const qbo = fakeQbo(routes);
  const session = qboSessionWithToken(
    { fetch: qbo.fetch },
    {
      endpoints: intuitEndpoints({ INTUIT_ENVIRONMENT: 'sandbox' }),
      realmId: REALM_ID,
      accessToken: 'AT-1',
      budget,
    },
  );
  return { session, calls: qbo.calls, batches: () => qbo.calls.filter((call) => call.path === '/batch') };
};

const names = (count: number) => Array.from({ length: count }, (_, index) => `Customer ${index + 1}`);

describe('sending a batch', () => {
  it('answers each operation in its own order, though QuickBooks answers in another', async () => {
    // Prepare
    const company = companyWith({
      'POST /batch': batchRoute((item) =>
        item.Query ? queryAnswer('Customer', [{ Id: '7' }]) : createdCustomer(item),
      ),
    });

    // Act
    const results = await sendBatch(company.session, [
      { kind: 'write', entity: 'Customer', operation: 'create', body: { DisplayName: 'Ann' } },
      { kind: 'query', query: "SELECT * FROM Customer WHERE Id = '7'" },
      { kind: 'write', entity: 'Customer', operation: 'create', body: { DisplayName: 'Bo' } },
    ]);

    // Assess
    expect(results).toEqual([
      { ok: true, entity: { DisplayName: 'Ann', Id: 'c-1', SyncToken: '0' } },
      { ok: true, entity: queryAnswer('Customer', [{ Id: '7' }]).QueryResponse },
      { ok: true, entity: { DisplayName: 'Bo', Id: 'c-3', SyncToken: '0' } },
    ]);
    expect(company.batches()).toHaveLength(1);
  });

  it('sends a void as an update with optionsData and a delete as a delete', async () => {
    // Prepare
    const company = companyWith({
      'POST /batch': batchRoute((item) => ({ Invoice: item.Invoice as Record<string, unknown> })),
    });

    // Act
    await sendBatch(company.session, [
      {
        kind: 'write',
        entity: 'Invoice',
        operation: 'update',
        optionsData: 'void',
        body: { Id: '1', SyncToken: '2' },
      },
      { kind: 'write', entity: 'Invoice', operation: 'delete', body: { Id: '2', SyncToken: '0' } },
    ]);

    // Assess
    expect(itemsOf(company.batches()[0] as QboCall)).toEqual([
      { bId: '1', operation: 'update', optionsData: 'void', Invoice: { Id: '1', SyncToken: '2' } },
      { bId: '2', operation: 'delete', Invoice: { Id: '2', SyncToken: '0' } },
    ]);
  });

  it('gives a failed item the fault a single call would have thrown', async () => {
    // Prepare
    const company = companyWith({
      'POST /batch': batchRoute((item, index) => (index === 1 ? duplicateName('Bo') : createdCustomer(item))),
    });

    // Act
    const [, failed] = await sendBatch(company.session, [
      { kind: 'write', entity: 'Customer', operation: 'create', body: { DisplayName: 'Ann' } },
      { kind: 'write', entity: 'Customer', operation: 'create', body: { DisplayName: 'Bo' } },
    ]);

    // Assess
    expect(failed?.ok).toBe(false);
    const error = failed?.ok === false ? failed.error : undefined;
    expect(error).toBeInstanceOf(QboFaultError);
    expect(error?.status).toBe(400);
    expect(error?.faults).toEqual([
      {
        code: '6240',
        message: 'Duplicate Name Exists Error',
        detail: 'The name supplied already exists. : Bo',
        element: 'DisplayName',
      },
    ]);
    expect(error?.message).toBe('QuickBooks: The name supplied already exists. : Bo');
  });

  it('refuses more than 30 operations before calling QuickBooks', async () => {
    // Prepare
    const company = companyWith({ 'POST /batch': batchRoute() });
    const operations = names(31).map((DisplayName) => ({
      kind: 'write' as const,
      entity: 'Customer' as const,
      operation: 'create' as const,
      body: { DisplayName },
    }));

    // Act
    const sending = sendBatch(company.session, operations);

    // Assess
    await expect(sending).rejects.toThrow(/30 operations at most/);
    expect(company.calls).toHaveLength(0);
  });
});

describe('coalescing single writes into batches', () => {
  it('sends 30 customers created at once as one batch, each caller getting its own customer', async () => {
    // Prepare
    const company = companyWith({ 'POST /batch': batchRoute() });
    const session = coalescingSession(company.session);

    // Act
    const created = await Promise.all(
      names(30).map((DisplayName, index) => createCustomer(session, { DisplayName }, `sync-${index}`)),
    );

    // Assess
    expect(company.calls.map((call) => call.path)).toEqual(['/batch']);
    expect(itemsOf(company.calls[0] as QboCall)).toHaveLength(30);
    expect(created.map((customer) => customer.DisplayName)).toEqual(names(30));
    expect(new Set(created.map((customer) => customer.Id)).size).toBe(30);
  });

  it('sends the 31st write of the same moment in a call of its own', async () => {
    // Prepare
    const company = companyWith({
      'POST /batch': batchRoute(),
      'POST /customer': (call) => ({ Customer: { ...call.body, Id: 'single', SyncToken: '0' } }),
    });
    const session = coalescingSession(company.session);

    // Act
    const created = await Promise.all(
      names(31).map((DisplayName, index) => createCustomer(session, { DisplayName }, `sync-${index}`)),
    );

    // Assess
    expect(company.calls.map((call) => call.path)).toEqual(['/batch', '/customer']);
    expect(company.calls[1]?.requestId).toBe('sync-30');
    expect(created[30]).toMatchObject({ DisplayName: 'Customer 31', Id: 'single' });
  });

  it('splits at maxItems', async () => {
    // Prepare
    const company = companyWith({ 'POST /batch': batchRoute() });
    const session = coalescingSession(company.session, { maxItems: 5 });

    // Act
    await Promise.all(names(10).map((DisplayName) => createCustomer(session, { DisplayName }, DisplayName)));

    // Assess
    expect(company.batches().map((call) => itemsOf(call).length)).toEqual([5, 5]);
  });

  it('rejects only the caller whose customer QuickBooks refused, with its code and field', async () => {
    // Prepare
    const company = companyWith({
      'POST /batch': batchRoute((item) =>
        (item.Customer as { DisplayName: string }).DisplayName === 'Bo'
          ? duplicateName('Bo')
          : createdCustomer(item),
      ),
    });
    const session = coalescingSession(company.session);

    // Act
    const outcomes = await Promise.allSettled(
      ['Ann', 'Bo', 'Cy'].map((DisplayName) =>
        createCustomer(session, { DisplayName }, `sync-${DisplayName}`),
      ),
    );

    // Assess
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const refusal = (outcomes[1] as PromiseRejectedResult).reason;
    expect(refusal).toBeInstanceOf(QboFaultError);
    expect((refusal as QboFaultError).hasCode('6240')).toBe(true);
    expect((refusal as QboFaultError).faults[0]?.element).toBe('DisplayName');
    expect((outcomes[2] as PromiseFulfilledResult<{ DisplayName: string }>).value.DisplayName).toBe('Cy');
  });

  it('sends a sparse update, a void and a delete as the batch operations they stand for', async () => {
    // Prepare
    const company = companyWith({
      'POST /batch': batchRoute((item) =>
        item.Invoice ? { Invoice: item.Invoice as Record<string, unknown> } : createdCustomer(item),
      ),
    });
    const session = coalescingSession(company.session);

    // Act
    await Promise.all([
      updateCustomer(session, { Id: '58', SyncToken: '3' }, { CompanyName: 'Acme' }),
      session.request({
        method: 'POST',
        path: '/invoice',
        query: { operation: 'void' },
        body: { Id: '1', SyncToken: '0' },
      }),
      session.request({
        method: 'POST',
        path: '/invoice',
        query: { operation: 'delete' },
        body: { Id: '2', SyncToken: '4' },
      }),
    ]);

    // Assess
    const items = itemsOf(company.batches()[0] as QboCall).map(({ bId: _bId, ...item }) => item);
    expect(items).toEqual(
      expect.arrayContaining([
        { operation: 'update', Customer: { CompanyName: 'Acme', Id: '58', SyncToken: '3', sparse: true } },
        { operation: 'update', optionsData: 'void', Invoice: { Id: '1', SyncToken: '0' } },
        { operation: 'delete', Invoice: { Id: '2', SyncToken: '4' } },
      ]),
    );
    expect(items).toHaveLength(3);
  });

  it('answers each caller with the envelope a single call answers', async () => {
    // Prepare
    const company = companyWith({ 'POST /batch': batchRoute() });
    const session = coalescingSession(company.session);

    // Act
    const [first] = await Promise.all([
      session.request({ method: 'POST', path: '/customer', body: { DisplayName: 'Ann' }, requestId: 'a' }),
      session.request({ method: 'POST', path: '/customer', body: { DisplayName: 'Bo' }, requestId: 'b' }),
    ]);

    // Assess
    expect(first).toEqual({
      Customer: { DisplayName: 'Ann', Id: 'c-1', SyncToken: '0' },
      time: '2026-03-02T10:00:00.000-08:00',
    });
  });

  it.each([
    ['a read', { method: 'GET' as const, path: '/customer/58' }],
    [
      'a send',
      { method: 'POST' as const, path: '/invoice/130/send', contentType: 'application/octet-stream' },
    ],
    [
      'a write with other parameters',
      {
        method: 'POST' as const,
        path: '/invoice',
        query: { include: 'allowduplicatedocnum' },
        body: { Id: '1' },
      },
    ],
    [
      'an entity it does not know',
      { method: 'POST' as const, path: '/bill', body: { VendorRef: { value: '1' } } },
    ],
  ])('sends %s straight to QuickBooks', async (_what, call) => {
    // Prepare
    const company = companyWith({ [`${call.method} ${call.path}`]: () => ({ Answer: { Id: '1' } }) });
    const session = coalescingSession(company.session);

    // Act
    const answers = await Promise.all([session.request(call), session.request(call)]);

    // Assess
    expect(answers).toEqual([{ Answer: { Id: '1' } }, { Answer: { Id: '1' } }]);
    expect(company.calls.map((c) => c.path)).toEqual([call.path, call.path]);
  });

  it('sends queries straight to QuickBooks, beside the batch', async () => {
    // Prepare
    const company = companyWith({
      'POST /batch': batchRoute(),
      'GET /query': () => queryAnswer('Customer', [{ Id: '9' }]),
    });
    const session = coalescingSession(company.session);

    // Act
    const [found] = await Promise.all([
      session.query("SELECT * FROM Customer WHERE Id = '9'"),
      createCustomer(session, { DisplayName: 'Ann' }, 'a'),
      createCustomer(session, { DisplayName: 'Bo' }, 'b'),
    ]);

    // Assess
    expect(found).toEqual(queryAnswer('Customer', [{ Id: '9' }]));
    expect(company.calls.map((call) => call.path).sort()).toEqual(['/batch', '/query']);
  });

  it('sends the same writes as the same batch, with the same requestid, whatever order they came in', async () => {
    // Prepare
    const writes = [
      ['Ann', 'sync-ann'],
      ['Bo', 'sync-bo'],
      ['Cy', 'sync-cy'],
    ] as const;
    const first = companyWith({ 'POST /batch': batchRoute() });
    const retried = companyWith({ 'POST /batch': batchRoute() });

    const once = coalescingSession(first.session);
    const again = coalescingSession(retried.session);

    // Act
    await Promise.all(writes.map(([DisplayName, key]) => createCustomer(once, { DisplayName }, key)));
    await Promise.all(
      [...writes].reverse().map(([DisplayName, key]) => createCustomer(again, { DisplayName }, key)),
    );

    // Assess
    const [sent, resent] = [first.batches()[0], retried.batches()[0]];
    expect(resent?.requestId).toBe(sent?.requestId);
    expect(sent?.requestId).toHaveLength(36);
    expect(resent?.body).toEqual(sent?.body);
  });

  it('gives a batch a fresh requestid when one of its writes has no key of its own', async () => {
    // Prepare
    const company = companyWith({ 'POST /batch': batchRoute() });
    const session = coalescingSession(company.session);
    const writeTwo = () =>
      Promise.all([
        createCustomer(session, { DisplayName: 'Ann' }, 'sync-ann'),
        session.request({ method: 'POST', path: '/customer', body: { DisplayName: 'Bo' } }),
      ]);

    // Act
    await writeTwo();
    await writeTwo();

    // Assess
    const [first, second] = company.batches();
    expect(first?.requestId).toBeDefined();
    expect(second?.requestId).not.toBe(first?.requestId);
  });

  it('rejects every caller with the same error when QuickBooks refuses the whole batch', async () => {
    // Prepare: too little time left to retry the throttled batch
    const company = companyWith(
      { 'POST /batch': () => qboFault(429, '3001', 'The request limit was reached.') },
      timeBudget(Date.now() + 300),
    );
    const session = coalescingSession(company.session);

    // Act
    const outcomes = await Promise.allSettled([
      createCustomer(session, { DisplayName: 'Ann' }, 'a'),
      createCustomer(session, { DisplayName: 'Bo' }, 'b'),
    ]);

    // Assess
    const [first, second] = outcomes.map((outcome) => (outcome as PromiseRejectedResult).reason);
    expect(first).toBeInstanceOf(QboThrottledError);
    expect(second).toBe(first);
  });
});
