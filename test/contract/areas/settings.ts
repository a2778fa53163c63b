import { expect, it } from 'vitest';
import { DEFAULT_REALM_ID } from '../../../local/qbo-emulator/companies';
import { webhookSignature } from '../../support/qbo-emulator';
import type { ContractArea } from '../contract-context';

const invoiceUpdated = (invoiceId: string) => ({
  eventNotifications: [
    {
      realmId: DEFAULT_REALM_ID,
      dataChangeEvent: {
        entities: [
          { name: 'Invoice', id: invoiceId, operation: 'Update', lastUpdated: new Date().toISOString() },
        ],
      },
    },
  ],
});

export const settingsArea: ContractArea = {
  name: 'settings, QuickBooks events and this document',
  routes: ['GET /api/settings', 'PUT /api/settings', 'POST /api/qbo/webhooks', 'GET /api/openapi.json'],
  cases: (context) => {
    it('reads the settings, and saves a change against the version read', async () => {
      const { as } = context();
      const read = await as('customer').request('GET', '/api/settings');
      expect(read.status).toBe(200);
      const saved = await as('admin').request('PUT', '/api/settings', {
        billing: { invoiceDetail: 'summary' },
        version: read.body.version,
      });
      expect(saved.status).toBe(200);
      expect(saved.body.billing.invoiceDetail).toBe('summary');
      const stale = await as('admin').request('PUT', '/api/settings', {
        billing: { invoiceDetail: 'entry' },
        version: read.body.version,
      });
      expect(stale.status).toBe(409);
      const restored = await as('admin').request('PUT', '/api/settings', {
        billing: { invoiceDetail: 'entry' },
        version: saved.body.version,
      });
      expect(restored.status).toBe(200);
    });

    it('refuses a settings change from staff, or with a field out of range', async () => {
      const { as, anonymous } = context();
      expect((await anonymous().request('GET', '/api/settings')).status).toBe(401);
      expect((await as('staff').request('PUT', '/api/settings', { version: 0 })).status).toBe(403);
      const invalid = await as('admin').request('PUT', '/api/settings', {
        security: { mfaGraceDays: 365 },
        version: 0,
      });
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.details.fieldErrors['security.mfaGraceDays']).toBeDefined();
    });

    it('records a signed webhook delivery, and refuses a forged or malformed one', async () => {
      const { anonymous, app } = context();
      const body = JSON.stringify(invoiceUpdated('1'));
      const signed = await anonymous().request('POST', '/api/qbo/webhooks', body, {
        'intuit-signature': webhookSignature(body, app.webhookVerifierToken),
      });
      expect(signed.status).toBe(200);
      expect(signed.body).toEqual({ received: 1, new: 1 });
      const forged = await anonymous().request('POST', '/api/qbo/webhooks', body, {
        'intuit-signature': webhookSignature(body, 'not the verifier token'),
      });
      expect(forged.status).toBe(401);
      const malformed = JSON.stringify({ eventNotifications: [{ realmId: DEFAULT_REALM_ID }] });
      const refused = await anonymous().request('POST', '/api/qbo/webhooks', malformed, {
        'intuit-signature': webhookSignature(malformed, app.webhookVerifierToken),
      });
      expect(refused.status).toBe(400);
    });

    it('serves this document to anyone', async () => {
      const served = await context().anonymous().request('GET', '/api/openapi.json');
      expect(served.status).toBe(200);
      expect(served.body.openapi).toBe('3.1.0');
      expect(Object.keys(served.body.paths)).toContain('/api/openapi.json');
    });
  },
};
