import { expect, it } from 'vitest';
import { anIssue } from '../../support/builders';
import type { ContractArea } from '../contract-context';

export const issuesArea: ContractArea = {
  name: 'issues',
  routes: ['GET /api/issues', 'POST /api/issues', 'GET /api/issues/{id}', 'PATCH /api/issues/{id}'],
  cases: (context) => {
    it('opens, lists, reads and changes issues', async () => {
      const { as, users } = context();
      const created = await as('staff').request('POST', '/api/issues', {
        title: 'Printer jams',
        requestorId: users.customer.id,
        billingAddress: { line1: '1 Main St', city: 'Springfield' },
        billingEmail: 'billing@example.com',
      });
      expect(created.status).toBe(201);
      expect((await as('customer').request('GET', '/api/issues?limit=5')).status).toBe(200);
      expect((await as('staff').request('GET', '/api/issues?status=open&billing=not_invoiced')).status).toBe(
        200,
      );
      expect((await as('customer').request('GET', `/api/issues/${created.body.id}`)).status).toBe(200);
      const changed = await as('staff').request('PATCH', `/api/issues/${created.body.id}`, {
        status: 'resolved',
        billingEmail: null,
      });
      expect(changed.status).toBe(200);
    });

    it('says what is wrong with a list query, an issue, an id or a change', async () => {
      const { as, anonymous, users } = context();
      expect((await as('staff').request('GET', '/api/issues?limit=500')).status).toBe(400);
      expect((await anonymous().request('GET', '/api/issues')).status).toBe(401);
      expect((await as('staff').request('POST', '/api/issues', { title: '' })).status).toBe(400);
      expect((await as('customer').request('POST', '/api/issues', { title: 'x' })).status).toBe(403);
      expect((await as('staff').request('GET', '/api/issues/x')).status).toBe(400);
      expect((await as('staff').request('GET', '/api/issues/999999')).status).toBe(404);
      const other = await anIssue(context().app, { requestorId: users.staff.id });
      expect((await as('customer').request('GET', `/api/issues/${other.id}`)).status).toBe(403);
      expect((await as('staff').request('PATCH', `/api/issues/${other.id}`, {})).status).toBe(400);
    });
  },
};
