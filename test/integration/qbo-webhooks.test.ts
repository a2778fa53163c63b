import { createHmac } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partitionQuery } from '../../shared/keys';
import { startTestApp, type TestApp } from '../support/app-harness';

// POST /api/qbo/webhooks: Intuit's deliveries, checked by signature, each event recorded once.

const REALM = '9341450000000042';
let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startTestApp();
  token = (await app.runtime.loadSecrets()).intuitWebhookVerifierToken;
});
afterAll(() => app.close());

const deliver = (body: string, signature = createHmac('sha256', token).update(body).digest('base64')) =>
  fetch(`${app.baseUrl}/api/qbo/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'intuit-signature': signature },
    body,
  });
const inbox = async (realmId = REALM) =>
  (
    await app.runtime.table.doc.send(
      new QueryCommand({
        TableName: app.runtime.table.name,
        ...partitionQuery({ PK: `QBOEVENT#${realmId}` }),
      }),
    )
  ).Items ?? [];
const legacy = (realmId: string, ...entities: { name: string; id: string; operation: string }[]) =>
  JSON.stringify({
    eventNotifications: [
      {
        realmId,
        dataChangeEvent: {
          entities: entities.map((entity) => ({ ...entity, lastUpdated: '2026-12-01T10:00:00.000Z' })),
        },
      },
    ],
  });

describe('a webhook delivery', () => {
  it('records each event of a signed legacy delivery once, however often it comes', async () => {
    const body = legacy(
      REALM,
      { name: 'Invoice', id: '130', operation: 'Update' },
      { name: 'Payment', id: '9', operation: 'Create' },
    );

    const first = await deliver(body);
    const again = await deliver(body);

    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: 2, new: 2 });
    expect(await again.json()).toEqual({ received: 2, new: 0 });
    expect((await inbox()).map((item) => [item.entity, item.entityId, item.operation]).sort()).toEqual([
      ['Invoice', '130', 'Update'],
      ['Payment', '9', 'Create'],
    ]);
  });

  it('records a CloudEvents delivery by its event ids', async () => {
    const realmId = '9341450000000043';
    const body = JSON.stringify([
      {
        specversion: '1.0',
        id: 'evt-1',
        source: 'intuit.test',
        type: 'qbo.invoice.voided.v1',
        time: '2026-12-01T11:00:00Z',
        intuitentityid: '131',
        intuitaccountid: realmId,
        data: {},
      },
    ]);

    const response = await deliver(body);

    expect(response.status).toBe(200);
    expect((await inbox(realmId)).map((item) => [item.eventId, item.operation])).toEqual([['evt-1', 'Void']]);
  });

  it('refuses a forged signature with 401 and stores nothing', async () => {
    const realmId = '9341450000000044';
    const body = legacy(realmId, { name: 'Invoice', id: '1', operation: 'Update' });

    const forged = await deliver(body, createHmac('sha256', 'not-the-token').update(body).digest('base64'));
    const unsigned = await fetch(`${app.baseUrl}/api/qbo/webhooks`, { method: 'POST', body });

    expect(forged.status).toBe(401);
    expect((await forged.json()).error.code).toBe('invalid_signature');
    expect(unsigned.status).toBe(401);
    expect(await inbox(realmId)).toEqual([]);
  });

  it.each([
    ['a body that is not JSON', '{not json'],
    ['JSON of neither shape', '{"hello":"world"}'],
    [
      'an entity without its id',
      JSON.stringify({
        eventNotifications: [
          {
            realmId: REALM,
            dataChangeEvent: {
              entities: [{ name: 'Invoice', operation: 'Update', lastUpdated: '2026-12-01T10:00:00Z' }],
            },
          },
        ],
      }),
    ],
  ])('answers 400 for %s, signed', async (_what, body) => {
    const response = await deliver(body);

    expect(response.status).toBe(400);
    expect((await response.json()).error.code).toBe('validation_failed');
  });
});
