import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../local/dynamodb-local';
import { type QboEmulator, startQboEmulator } from '../../../local/qbo-emulator';
import {
  type ConnectedCompany,
  connectCompany,
  type QboApi,
  qboApi,
  salesLine,
  startWebhookReceiver,
  type WebhookReceiver,
  webhookSignature,
} from '../../support/qbo-emulator';

const VERIFIER_TOKEN = 'webhook-test-verifier-token';
const SECOND_REALM = '9341450000000002';
// Intuit's waits after each failed POST, in seconds, then every 6 h (qbo-reference §9).
const RETRY_WAITS = [0, 10, 20, 30, 300, 1200, 7200, 14_400, 21_600, 21_600, 21_600];

let emulator: QboEmulator;
let receiver: WebhookReceiver;
let company: ConnectedCompany;
let api: QboApi;

beforeAll(async () => {
  emulator = await startQboEmulator({ port: 0, webhooks: { verifierToken: VERIFIER_TOKEN } });
});

afterAll(async () => {
  await emulator?.close();
});

beforeEach(async () => {
  emulator.reset();
  receiver = await startWebhookReceiver();
  emulator.configureWebhooks({ url: receiver.url });
  company = await connectCompany(emulator);
  api = qboApi(emulator, company);
});

afterEach(async () => {
  emulator.reset();
  await receiver.close();
});

const createCustomer = async (name: string) =>
  (await api.post('customer', { DisplayName: name, PrimaryEmailAddr: { Address: 'bill@example.com' } })).body
    .Customer;

const createInvoice = async (customerId: string) =>
  (await api.post('invoice', { CustomerRef: { value: customerId }, Line: [salesLine(100)] })).body.Invoice;

/** What a user does to an invoice in QuickBooks, through the API. */
const changeInvoice = (operation: string, invoice: { Id: string; SyncToken: string }) => {
  const current = { Id: invoice.Id, SyncToken: invoice.SyncToken };
  if (operation === 'Update') return api.post('invoice', { ...current, sparse: true, PrivateNote: 'edited' });
  if (operation === 'Void') return api.post('invoice?operation=void', current);
  if (operation === 'Delete') return api.post('invoice?operation=delete', current);
  return api.post(`invoice/${invoice.Id}/send?sendTo=bill@example.com`, undefined);
};

/** Delivers what is queued, then forgets it, so a test sees only what its own step sends. */
const settle = async () => {
  await emulator.flushWebhooks();
  receiver.received.length = 0;
};

const received = (count: number) => expect.poll(() => receiver.received.length).toBe(count);

const attemptsOf = (delivery = 0) => emulator.webhookDeliveries()[delivery]?.attempts ?? [];

const cloudEvents = () => receiver.bodies().flat();

describe('webhook notifications', () => {
  it('posts a CloudEvents array naming the created customer, signed with the verifier token', async () => {
    const customer = await createCustomer('Signed Customer');

    await received(1);

    const [post] = receiver.received;
    expect(post?.headers['intuit-signature']).toBe(webhookSignature(post?.body ?? '', VERIFIER_TOKEN));
    expect(post?.headers['intuit-signature']).not.toBe(
      webhookSignature(post?.body ?? '', emulator.clientSecret),
    );
    expect(post?.headers['content-type']).toMatch(/^application\/json/);
    const [event] = cloudEvents();
    expect(event).toEqual({
      specversion: '1.0',
      id: expect.stringMatching(new RegExp(`^[0-9a-f-]{36}-Customer-${customer.Id}$`)),
      source: expect.stringMatching(/^intuit\.\S+$/),
      type: 'qbo.customer.created.v1',
      datacontenttype: 'application/json',
      time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
      intuitentityid: customer.Id,
      intuitaccountid: company.realmId,
      data: {},
    });
  });

  it('sends the legacy eventNotifications body when that shape is chosen', async () => {
    emulator.configureWebhooks({ shape: 'legacy' });

    const customer = await createCustomer('Legacy Customer');

    await received(1);
    expect(receiver.bodies()[0]).toEqual({
      eventNotifications: [
        {
          realmId: company.realmId,
          dataChangeEvent: {
            entities: [
              {
                name: 'Customer',
                id: customer.Id,
                operation: 'Create',
                lastUpdated: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
              },
            ],
          },
        },
      ],
    });
  });

  it('signs with a verifier token changed after start', async () => {
    emulator.configureWebhooks({ verifierToken: 'rotated-token' });

    await createCustomer('Rotated Customer');

    await received(1);
    const [post] = receiver.received;
    expect(post?.headers['intuit-signature']).toBe(webhookSignature(post?.body ?? '', 'rotated-token'));
  });

  it.each([
    ['Update', 'updated'],
    ['Void', 'voided'],
    ['Delete', 'deleted'],
    ['Emailed', 'emailed'],
  ])('names an invoice change %s, typed qbo.invoice.%s.v1 in CloudEvents', async (operation, verb) => {
    const invoice = await createInvoice((await createCustomer('Changed Invoice Customer')).Id);
    await settle();

    await changeInvoice(operation, invoice);

    await received(1);
    expect(cloudEvents()).toEqual([
      expect.objectContaining({ type: `qbo.invoice.${verb}.v1`, intuitentityid: invoice.Id, data: {} }),
    ]);
  });

  it.each(['Update', 'Void', 'Delete', 'Emailed'])(
    'names an invoice change %s in the legacy body',
    async (operation) => {
      const invoice = await createInvoice((await createCustomer('Legacy Invoice Customer')).Id);
      await settle();
      emulator.configureWebhooks({ shape: 'legacy' });

      await changeInvoice(operation, invoice);

      await received(1);
      expect(receiver.bodies()[0].eventNotifications[0].dataChangeEvent.entities).toEqual([
        expect.objectContaining({ name: 'Invoice', id: invoice.Id, operation }),
      ]);
    },
  );

  it('names items created and updated', async () => {
    const item = (
      await api.post('item', { Name: 'Hourly', Type: 'Service', IncomeAccountRef: { value: '1' } })
    ).body.Item;
    await api.post('item', { Id: item.Id, SyncToken: item.SyncToken, sparse: true, UnitPrice: 90 });

    // With no batch window the two changes come in one POST or two, as the timer falls: count events.
    await expect
      .poll(() => cloudEvents().map((event) => event.type))
      .toEqual(['qbo.item.created.v1', 'qbo.item.updated.v1']);
  });

  it('sends a payment and the invoice it pays in one POST, from the API and from applyPayment', async () => {
    const customer = await createCustomer('Paying Customer');
    const invoice = await createInvoice(customer.Id);
    await settle();

    const payment = (
      await api.post('payment', {
        CustomerRef: { value: customer.Id },
        TotalAmt: 40,
        Line: [{ Amount: 40, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' }] }],
      })
    ).body.Payment;
    await received(1);
    const applied = emulator.applyPayment({ realmId: company.realmId, invoiceId: invoice.Id, amount: 60 });
    await received(2);

    expect(receiver.bodies().map((events) => events.map((event: { type: string }) => event.type))).toEqual([
      ['qbo.payment.created.v1', 'qbo.invoice.updated.v1'],
      ['qbo.payment.created.v1', 'qbo.invoice.updated.v1'],
    ]);
    expect(cloudEvents().map((event) => event.intuitentityid)).toEqual([
      payment.Id,
      invoice.Id,
      applied.Id,
      invoice.Id,
    ]);
  });

  it.each([
    ['cloudevents', (body: unknown[]) => body],
    [
      'legacy',
      (body: { eventNotifications: { dataChangeEvent: { entities: unknown[] } }[] }) =>
        body.eventNotifications[0]?.dataChangeEvent.entities,
    ],
  ] as const)('names a merged customer (%s) with the kept Id and the merged one', async (shape, eventsOf) => {
    const kept = await createCustomer('Kept Customer');
    const merged = await createCustomer('Merged Customer');
    await createInvoice(merged.Id);
    await settle();
    emulator.configureWebhooks({ shape });

    emulator.mergeCustomers({ realmId: company.realmId, fromId: merged.Id, intoId: kept.Id });

    await received(1);
    const events = (eventsOf as (body: never) => unknown[])(receiver.bodies()[0] as never);
    expect(events).toContainEqual(
      shape === 'legacy'
        ? expect.objectContaining({ name: 'Customer', id: kept.Id, operation: 'Merge', deletedId: merged.Id })
        : expect.objectContaining({
            type: 'qbo.customer.merged.v1',
            intuitentityid: kept.Id,
            data: { deletedid: merged.Id },
          }),
    );
  });
});

describe('batching', () => {
  it('puts the changes made within the batch window in one POST and later ones in the next', async () => {
    emulator.configureWebhooks({ batchWindowMs: 60_000 });
    const first = await createCustomer('First In Window');
    const second = await createCustomer('Second In Window');
    expect(receiver.received).toHaveLength(0);

    emulator.advanceClock(60);
    await received(1);
    const third = await createCustomer('After Window');
    emulator.advanceClock(60);
    await received(2);

    expect(
      receiver
        .bodies()
        .map((events) => events.map((event: { intuitentityid: string }) => event.intuitentityid)),
    ).toEqual([[first.Id, second.Id], [third.Id]]);
  });

  it('gives each company its own eventNotifications element in a shared POST', async () => {
    emulator.configureWebhooks({ shape: 'legacy', batchWindowMs: 60_000 });
    const other = qboApi(emulator, await connectCompany(emulator, SECOND_REALM));
    await createCustomer('Realm One Customer');
    await other.post('customer', { DisplayName: 'Realm Two Customer' });

    emulator.advanceClock(60);

    await received(1);
    expect(
      receiver.bodies()[0].eventNotifications.map((element: { realmId: string }) => element.realmId),
    ).toEqual([company.realmId, SECOND_REALM]);
  });

  it('sends a batch before its window ends when flushed', async () => {
    emulator.configureWebhooks({ batchWindowMs: 300_000 });
    await createCustomer('Flushed Customer');

    const deliveries = await emulator.flushWebhooks();

    expect(receiver.received).toHaveLength(1);
    expect(deliveries).toEqual([
      expect.objectContaining({ state: 'delivered', attempts: [expect.objectContaining({ status: 200 })] }),
    ]);
  });

  it('compresses the batch window by the time scale', async () => {
    emulator.configureWebhooks({ batchWindowMs: 60_000, timeScale: 60 });
    await createCustomer('Scaled Window Customer');

    emulator.advanceClock(1);

    await received(1);
  });
});

describe('what is sent', () => {
  it('sends nothing for a company once it is disconnected from the app', async () => {
    const other = qboApi(emulator, await connectCompany(emulator, SECOND_REALM));
    const customerId = (await other.post('customer', { DisplayName: 'Other Realm Customer' })).body.Customer
      .Id;
    const invoiceId = (
      await other.post('invoice', { CustomerRef: { value: customerId }, Line: [salesLine(50)] })
    ).body.Invoice.Id;
    await settle();
    emulator.revokeAllTokens(SECOND_REALM);

    emulator.applyPayment({ realmId: SECOND_REALM, invoiceId, amount: 50 });
    const customer = await createCustomer('Still Connected Customer');
    await received(1);
    await emulator.flushWebhooks();

    expect(cloudEvents()).toEqual([
      expect.objectContaining({ intuitaccountid: company.realmId, intuitentityid: customer.Id }),
    ]);
  });

  it('sends only the entities subscribed to', async () => {
    emulator.configureWebhooks({ entities: ['Invoice'] });
    const customer = await createCustomer('Unsubscribed Customer');
    const invoice = await createInvoice(customer.Id);

    await received(1);

    expect(cloudEvents()).toEqual([
      expect.objectContaining({ type: 'qbo.invoice.created.v1', intuitentityid: invoice.Id }),
    ]);
  });

  it('sends nothing while delivery is off, and only later changes once it is on again', async () => {
    emulator.configureWebhooks({ enabled: false });
    await createCustomer('Missed Customer');
    await emulator.flushWebhooks();
    expect(emulator.webhookDeliveries()).toEqual([]);

    emulator.configureWebhooks({ enabled: true });
    const later = await createCustomer('Later Customer');

    await received(1);
    expect(cloudEvents().map((event) => event.intuitentityid)).toEqual([later.Id]);
  });

  it('holds a notification waiting for a retry while delivery is off and sends it once it is on', async () => {
    receiver.answer([500, 500]);
    await createCustomer('Held Customer');
    await expect.poll(() => attemptsOf().length).toBe(2);
    emulator.configureWebhooks({ enabled: false });

    emulator.advanceClock(10);
    emulator.configureWebhooks({ enabled: true });

    await received(3);
    expect(emulator.webhookDeliveries()[0]?.state).toBe('delivered');
  });
});

describe('retries', () => {
  it("resends an unacknowledged POST on Intuit's schedule and keeps trying every 6 hours", async () => {
    receiver.answer([], 500);
    await createCustomer('Unacknowledged Customer');

    for (const [index, wait] of RETRY_WAITS.entries()) {
      await expect.poll(() => attemptsOf().length).toBeGreaterThan(index);
      const attempt = attemptsOf()[index];
      const retryAt = Date.parse(attempt?.retryAt ?? '');
      const waited = retryAt - Date.parse(attempt?.at ?? '') - (attempt?.durationMs ?? 0);
      expect({ retry: index + 1, waitSeconds: waited / 1000 }).toEqual({
        retry: index + 1,
        waitSeconds: wait,
      });
      const ahead = retryAt - emulator.clock().epochMs;
      if (ahead > 0) emulator.advanceClock(ahead / 1000);
    }

    await received(RETRY_WAITS.length + 1);
    expect(new Set(receiver.received.map((post) => post.body)).size).toBe(1);
    expect(attemptsOf().every((attempt) => attempt.status === 500)).toBe(true);
  });

  it('delivers once the receiver acknowledges, after any number of failures', async () => {
    receiver.answer([500, 503, 500]);
    await createCustomer('Finally Acknowledged');
    await expect.poll(() => attemptsOf().length).toBe(2);

    emulator.advanceClock(10);
    await expect.poll(() => attemptsOf().length).toBe(3);
    emulator.advanceClock(20);

    await expect.poll(() => emulator.webhookDeliveries()[0]?.state).toBe('delivered');
    expect(attemptsOf().map((attempt) => attempt.status)).toEqual([500, 503, 500, 200]);
  });

  it('makes later changes wait behind an unacknowledged POST, then sends them in order', async () => {
    receiver.answer([500, 500]);
    const first = await createCustomer('Blocking Customer');
    await expect.poll(() => attemptsOf().length).toBe(2);
    const second = await createCustomer('Waiting Customer');
    await expect.poll(() => emulator.webhookDeliveries().length).toBe(2);
    expect(receiver.received).toHaveLength(2);

    emulator.advanceClock(10);

    await received(4);
    expect(cloudEvents().map((event) => event.intuitentityid)).toEqual([
      first.Id,
      first.Id,
      first.Id,
      second.Id,
    ]);
  });

  it('counts any answer but 200 as a failure, a 204 included', async () => {
    receiver.answer([204]);
    await createCustomer('No Content Customer');

    await expect.poll(() => emulator.webhookDeliveries()[0]?.state).toBe('delivered');

    expect(attemptsOf().map((attempt) => attempt.status)).toEqual([204, 200]);
  });

  it('counts a receiver that does not answer in time as a failure', async () => {
    emulator.configureWebhooks({ timeoutMs: 50 });
    receiver.answer(['hang']);
    await createCustomer('Slow Receiver Customer');

    await expect.poll(() => emulator.webhookDeliveries()[0]?.state).toBe('delivered');

    expect(attemptsOf()).toEqual([
      expect.objectContaining({ error: 'no answer within 50 ms' }),
      expect.objectContaining({ status: 200 }),
    ]);
  });

  it('counts a refused connection as a failure and resends to the URL set since', async () => {
    emulator.configureWebhooks({ url: `http://127.0.0.1:${await freePort()}/api/qbo/webhooks` });
    await createCustomer('Refused Customer');
    await expect.poll(() => attemptsOf().length).toBe(2);

    emulator.configureWebhooks({ url: receiver.url });
    const deliveries = await emulator.flushWebhooks();

    expect(deliveries[0]?.attempts).toEqual([
      expect.objectContaining({ error: 'ECONNREFUSED' }),
      expect.objectContaining({ error: 'ECONNREFUSED' }),
      expect.objectContaining({ url: receiver.url, status: 200 }),
    ]);
  });

  it('sends a retry before it is due when flushed', async () => {
    receiver.answer([500, 500]);
    await createCustomer('Flushed Retry Customer');
    await expect.poll(() => attemptsOf().length).toBe(2);

    const deliveries = await emulator.flushWebhooks();

    expect(deliveries[0]?.state).toBe('delivered');
  });

  it('compresses the retry waits by the time scale', async () => {
    emulator.configureWebhooks({ timeScale: 60 });
    receiver.answer([], 500);
    await createCustomer('Scaled Retry Customer');

    await expect.poll(() => attemptsOf().length).toBeGreaterThanOrEqual(2);

    const second = attemptsOf()[1];
    const waited =
      Date.parse(second?.retryAt ?? '') - Date.parse(second?.at ?? '') - (second?.durationMs ?? 0);
    expect(waited).toBe(Math.round(10_000 / 60));
  });
});

describe('control API', () => {
  const control = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emulator.url}/__control${path}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  };

  it('sets, flushes and lists webhook deliveries over HTTP', async () => {
    const settings = await control('POST', '/webhooks/settings', { shape: 'legacy', batchWindowMs: 60_000 });
    await createCustomer('Controlled Customer');

    const flushed = await control('POST', '/webhooks/flush');
    const listed = await control('GET', '/webhooks/deliveries');

    expect(settings).toEqual({
      status: 200,
      body: expect.objectContaining({
        url: receiver.url,
        shape: 'legacy',
        batchWindowMs: 60_000,
        enabled: true,
      }),
    });
    expect(flushed.body).toEqual([
      expect.objectContaining({
        state: 'delivered',
        shape: 'legacy',
        attempts: [expect.objectContaining({ status: 200 })],
      }),
    ]);
    expect(listed.body).toEqual(flushed.body);
    expect((await control('GET', '/webhooks/settings')).body.shape).toBe('legacy');
  });

  it('turns delivery off and on over HTTP', async () => {
    await control('POST', '/webhooks/settings', { enabled: false });
    await createCustomer('Off Customer');
    await control('POST', '/webhooks/flush');

    await control('POST', '/webhooks/settings', { enabled: true });

    expect((await control('GET', '/webhooks/deliveries')).body).toEqual([]);
  });

  it('merges customers over HTTP', async () => {
    const kept = await createCustomer('HTTP Kept');
    const merged = await createCustomer('HTTP Merged');
    await settle();

    const answer = await control('POST', '/customers/merge', {
      realmId: company.realmId,
      fromId: merged.Id,
      intoId: kept.Id,
    });

    expect(answer).toEqual({ status: 200, body: expect.objectContaining({ Id: kept.Id }) });
    await received(1);
  });

  it.each([
    [{ shape: 'xml' }, /shape/],
    [{ url: 'ftp://example.com/hook' }, /url/],
    [{ timeScale: 0 }, /timeScale/],
    [{ entities: ['Invoice', 'Nonsense'] }, /Nonsense/],
  ])('refuses the webhook setting %j', async (patch, message) => {
    const answer = await control('POST', '/webhooks/settings', patch);

    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(message);
  });

  it('forgets deliveries and restores the start options on reset', async () => {
    emulator.configureWebhooks({ shape: 'legacy' });
    await createCustomer('Forgotten Customer');
    await received(1);

    emulator.reset();

    expect(emulator.webhookDeliveries()).toEqual([]);
    expect(emulator.webhookSettings()).toEqual(
      expect.objectContaining({ shape: 'cloudevents', verifierToken: VERIFIER_TOKEN }),
    );
    expect(emulator.webhookSettings().url).toBeUndefined();
  });
});
