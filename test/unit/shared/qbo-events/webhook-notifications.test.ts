import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseWebhookBody } from '../../../../shared/qbo-events/webhook-notifications';
import { isIntuitSignatureValid } from '../../../../shared/qbo-events/webhook-signature';

const REALM = '9341450000000001';
const body = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('a webhook delivery’s signature', () => {
  const raw = body({ eventNotifications: [] });
  const signed = createHmac('sha256', 'verifier-token').update(raw).digest('base64');

  it('holds for the body signed with the verifier token', () => {
    expect(isIntuitSignatureValid(raw, signed, 'verifier-token')).toBe(true);
  });

  it('fails for another token, another body, a missing or malformed header, or no token set', () => {
    expect(isIntuitSignatureValid(raw, signed, 'another-token')).toBe(false);
    expect(isIntuitSignatureValid(body({ eventNotifications: [{}] }), signed, 'verifier-token')).toBe(false);
    expect(isIntuitSignatureValid(raw, undefined, 'verifier-token')).toBe(false);
    expect(isIntuitSignatureValid(raw, 'not base64 at all!', 'verifier-token')).toBe(false);
    expect(isIntuitSignatureValid(raw, signed, '')).toBe(false);
  });
});

describe('a webhook delivery’s events', () => {
  it('reads the legacy eventNotifications shape, one change per entity, with a stable id', () => {
    const legacy = body({
      eventNotifications: [
        {
          realmId: REALM,
          dataChangeEvent: {
            entities: [
              {
                name: 'Invoice',
                id: '145',
                operation: 'Update',
                lastUpdated: '2026-12-01T20:52:31.657-08:00',
              },
              {
                name: 'Customer',
                id: '7',
                operation: 'Merge',
                lastUpdated: '2026-12-01T20:53:00Z',
                deletedId: '6',
              },
            ],
          },
        },
      ],
    });

    const changes = parseWebhookBody(legacy);

    expect(changes).toEqual([
      expect.objectContaining({
        realmId: REALM,
        entity: 'Invoice',
        entityId: '145',
        operation: 'Update',
        occurredAt: '2026-12-02T04:52:31.657Z',
        source: 'webhook',
      }),
      expect.objectContaining({ entity: 'Customer', entityId: '7', operation: 'Merge', mergedFromId: '6' }),
    ]);
    expect(parseWebhookBody(legacy)[0]?.eventId).toBe(changes[0]?.eventId);
    expect(changes[0]?.eventId).not.toBe(changes[1]?.eventId);
  });

  it('reads the CloudEvents array, the verb as the operation', () => {
    const events = body([
      {
        specversion: '1.0',
        id: 'e-1',
        source: 'intuit.abc',
        type: 'qbo.invoice.voided.v1',
        time: '2026-12-01T20:00:00Z',
        intuitentityid: '145',
        intuitaccountid: REALM,
        data: {},
      },
      {
        specversion: '1.0',
        id: 'e-2',
        type: 'qbo.customer.merged.v1',
        time: '2026-12-01T20:00:01Z',
        intuitentityid: '7',
        intuitaccountid: REALM,
        data: { deletedid: '6' },
      },
    ]);

    expect(parseWebhookBody(events)).toEqual([
      {
        realmId: REALM,
        entity: 'Invoice',
        entityId: '145',
        operation: 'Void',
        occurredAt: '2026-12-01T20:00:00.000Z',
        eventId: 'e-1',
        source: 'webhook',
      },
      expect.objectContaining({ entity: 'Customer', operation: 'Merge', mergedFromId: '6', eventId: 'e-2' }),
    ]);
  });

  it.each([
    ['not JSON', Buffer.from('{nope')],
    ['neither shape', body({ hello: 'world' })],
    [
      'a CloudEvent without its account',
      body([
        {
          specversion: '1.0',
          id: 'x',
          type: 'qbo.invoice.updated.v1',
          time: '2026-12-01T20:00:00Z',
          intuitentityid: '1',
        },
      ]),
    ],
    [
      'a legacy entity with a bad time',
      body({
        eventNotifications: [
          {
            realmId: REALM,
            dataChangeEvent: {
              entities: [{ name: 'Invoice', id: '1', operation: 'Update', lastUpdated: 'yesterday' }],
            },
          },
        ],
      }),
    ],
  ])('refuses %s with a validation error naming the field', (_what, raw) => {
    expect(() => parseWebhookBody(raw)).toThrow(expect.objectContaining({ code: 'validation_failed' }));
  });
});
