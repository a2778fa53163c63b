import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { accountSubject, recordFailure } from '../../../shared/auth/sign-in-throttle';
import type { User } from '../../../shared/users/user';
import { getUser, updateUserAttributes } from '../../../shared/users/user-repository';
import type { TestApp } from '../../support/app-harness';
import { aUser, TEST_PASSWORD } from '../../support/builders';
import type { ContractArea } from '../contract-context';

// Failed sign-ins recorded straight on the account's throttle, as POST /api/session records them: the
// per-address throttle the whole run shares is left alone.
const failSignIns = async (app: TestApp, user: User, times: number) => {
  for (let failure = 0; failure < times; failure += 1)
    await recordFailure(app.runtime.table, accountSubject(user.email), app.runtime.now());
};

const UNKNOWN_USER = randomUUID();

export const accountsArea: ContractArea = {
  name: 'accounts',
  routes: [
    'GET /api/sessions',
    'DELETE /api/sessions',
    'DELETE /api/sessions/{id}',
    'PUT /api/password',
    'GET /api/security/activity',
    'GET /api/users/{id}/sign-in-lock',
    'DELETE /api/users/{id}/sign-in-lock',
    'GET /api/users',
    'POST /api/users',
    'GET /api/users/{id}',
    'PATCH /api/users/{id}',
  ],
  cases: (context) => {
    it("lists the caller's sessions and signs them out, one, the others, then the current one", async () => {
      const { app, sessionOf, anonymous } = context();
      const user = await aUser(app, { role: 'staff' });
      const laptop = await sessionOf(user);
      const phone = await sessionOf(user);
      await sessionOf(user);

      const listed = await laptop.request('GET', '/api/sessions');
      expect(listed.status).toBe(200);
      expect(listed.body.items).toHaveLength(3);
      const phoneId = (await phone.request('GET', '/api/sessions')).body.items[0].id;
      expect((await laptop.request('DELETE', `/api/sessions/${phoneId}`)).status).toBe(204);
      expect((await laptop.request('DELETE', `/api/sessions/${phoneId}`)).status).toBe(404);
      expect((await laptop.request('DELETE', '/api/sessions/not-a-session')).status).toBe(400);
      const someoneElse = await sessionOf(await aUser(app, { role: 'staff' }));
      const theirId = (await someoneElse.request('GET', '/api/sessions')).body.items[0].id;
      expect((await laptop.request('DELETE', `/api/sessions/${theirId}`)).status).toBe(404);
      const others = await laptop.request('DELETE', '/api/sessions');
      expect(others.status).toBe(200);
      expect(others.body).toEqual({ endedSessions: 1 });

      const current = await laptop.request('DELETE', `/api/sessions/${listed.body.items[0].id}`);
      expect(current.status).toBe(204);
      expect(current.cookies.join(';')).toMatch(/sid=;/);
      expect((await laptop.request('GET', '/api/sessions')).status).toBe(401);
      expect((await anonymous().request('DELETE', '/api/sessions')).status).toBe(401);
    });

    it("changes one's own password, and refuses a wrong current password, then makes it wait", async () => {
      const { app, sessionOf } = context();
      const user = await aUser(app, { role: 'customer', enabled: true, password: TEST_PASSWORD });
      const client = await sessionOf(user);
      await sessionOf(user);

      expect((await client.request('PUT', '/api/password', {})).status).toBe(400);
      const tooShort = await client.request('PUT', '/api/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: 'short',
      });
      expect(tooShort.status).toBe(400);
      const same = await client.request('PUT', '/api/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: TEST_PASSWORD,
      });
      expect(same.status).toBe(400);
      const changed = await client.request('PUT', '/api/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: 'a much better passphrase',
      });
      expect(changed.status).toBe(200);
      expect(changed.body).toEqual({ endedSessions: 1 });

      const wrong = await client.request('PUT', '/api/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: 'yet another passphrase',
      });
      expect(wrong.status).toBe(400);
      expect(wrong.body.error.details.fieldErrors.currentPassword).toBeDefined();
      await failSignIns(app, user, 3);
      const throttled = await client.request('PUT', '/api/password', {
        currentPassword: TEST_PASSWORD,
        newPassword: 'yet another passphrase',
      });
      expect(throttled.status).toBe(429);
      expect(throttled.body.error.code).toBe('too_many_attempts');
    });

    it("shows admins every account's security events, a page at a time", async () => {
      const { app, as, sessionOf } = context();
      const user = await sessionOf(await aUser(app, { role: 'staff' }));
      for (const _event of [1, 2, 3]) await user.request('DELETE', '/api/sessions');
      const first = await as('admin').request('GET', '/api/security/activity?limit=2');
      expect(first.status).toBe(200);
      expect(first.body.nextCursor).toBeDefined();
      const next = await as('admin').request(
        'GET',
        `/api/security/activity?limit=2&cursor=${first.body.nextCursor}`,
      );
      expect(next.status).toBe(200);
      expect((await as('admin').request('GET', '/api/security/activity?limit=0')).status).toBe(400);
      expect((await as('admin').request('GET', '/api/security/activity?cursor=nonsense')).status).toBe(400);
      expect((await as('staff').request('GET', '/api/security/activity')).status).toBe(403);
    });

    it("shows staff whether a user's sign-in waits, and lets admins lift it", async () => {
      const { app, as } = context();
      const user = await aUser(app, { role: 'customer', enabled: true, password: TEST_PASSWORD });
      const lockOf = () => as('staff').request('GET', `/api/users/${user.id}/sign-in-lock`);

      expect((await lockOf()).body).toEqual({ locked: false, failures: 0 });
      await failSignIns(app, user, 5);
      expect((await lockOf()).body).toMatchObject({ locked: false, failures: 5, until: expect.any(String) });
      await failSignIns(app, user, 5);
      const locked = await lockOf();
      expect(locked.status).toBe(200);
      expect(locked.body).toMatchObject({ locked: true, failures: 10, until: expect.any(String) });

      expect((await as('staff').request('DELETE', `/api/users/${user.id}/sign-in-lock`)).status).toBe(403);
      expect((await as('admin').request('DELETE', `/api/users/${user.id}/sign-in-lock`)).status).toBe(204);
      expect((await lockOf()).body).toEqual({ locked: false, failures: 0 });

      expect((await as('staff').request('GET', `/api/users/${UNKNOWN_USER}/sign-in-lock`)).status).toBe(404);
      expect((await as('staff').request('GET', '/api/users/not-a-user/sign-in-lock')).status).toBe(400);
      expect((await as('customer').request('GET', `/api/users/${user.id}/sign-in-lock`)).status).toBe(403);
      expect((await as('admin').request('DELETE', `/api/users/${UNKNOWN_USER}/sign-in-lock`)).status).toBe(
        404,
      );
    });

    it('creates, lists, reads and changes users', async () => {
      const { app, as, sessionOf } = context();
      const suffix = randomUUID().slice(0, 8);
      const created = await as('staff').request('POST', '/api/users', {
        name: `Contract customer ${suffix}`,
        email: `contract-${suffix}@example.com`,
        role: 'customer',
        phone: '+1 555 0100',
        company: 'Acme',
        address: { line1: '1 Main St', city: 'Springfield', country: 'US' },
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ enabled: false, hasPassword: false, passkeyCount: 0 });
      const staffUser = await as('admin').request('POST', '/api/users', {
        name: `Contract staff ${suffix}`,
        email: `contract-staff-${suffix}@example.com`,
        role: 'staff',
        enabled: true,
        password: TEST_PASSWORD,
      });
      expect(staffUser.status).toBe(201);

      const found = await as('staff').request('GET', `/api/users?q=${suffix}&role=customer`);
      expect(found.status).toBe(200);
      expect(found.body.items.map((user: User) => user.id)).toEqual([created.body.id]);
      const page = await as('admin').request('GET', '/api/users?limit=1');
      expect(page.status).toBe(200);
      expect(page.body.nextCursor).toBeDefined();
      const nextPage = await as('admin').request('GET', `/api/users?limit=1&cursor=${page.body.nextCursor}`);
      expect(nextPage.status).toBe(200);

      // A user QuickBooks knows, with MFA on: the fields only such a user has.
      await updateUserAttributes(app.runtime.table, created.body.id, {
        expression: 'SET qboCustomers = :links, mfa = :mfa',
        values: {
          ':links': {
            '9130': {
              realmId: '9130',
              customerId: '58',
              syncToken: '0',
              displayName: `Contract customer ${suffix}`,
              syncedAt: app.runtime.now().toISOString(),
              outcome: 'created',
            },
          },
          ':mfa': { enabledAt: app.runtime.now().toISOString(), recoveryCodeHashes: ['a', 'b'] },
        },
      });
      const read = await as('staff').request('GET', `/api/users/${created.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({ mfaEnabled: true, mfaRecoveryCodesLeft: 2 });
      expect(read.body.qboCustomers['9130'].customerId).toBe('58');

      const changed = await as('staff').request('PATCH', `/api/users/${created.body.id}`, {
        name: `Contract customer ${suffix} renamed`,
        phone: null,
        company: null,
        address: null,
        enabled: true,
      });
      expect(changed.status).toBe(200);
      expect(changed.body).not.toHaveProperty('phone');
      expect(changed.body).not.toHaveProperty('address');

      const staffMember = (await getUser(app.runtime.table, staffUser.body.id)) as User;
      const ownSession = await sessionOf(staffMember);
      expect((await ownSession.request('GET', `/api/users/${staffMember.id}`)).status).toBe(200);
      const reset = await as('admin').request('PATCH', `/api/users/${staffMember.id}`, {
        password: 'a fresh passphrase',
      });
      expect(reset.status).toBe(200);
      expect(reset.body.hasPassword).toBe(true);
      expect((await ownSession.request('GET', `/api/users/${staffMember.id}`)).status).toBe(401);
    });

    it('says what is wrong with a user, a list query, an id or a change', async () => {
      const { app, as, users } = context();
      const customer = await aUser(app, { role: 'customer' });

      expect((await as('staff').request('GET', '/api/users?limit=abc')).status).toBe(400);
      expect((await as('staff').request('GET', '/api/users?role=boss')).status).toBe(400);
      expect((await as('staff').request('GET', '/api/users?cursor=nonsense')).status).toBe(400);
      expect((await as('customer').request('GET', '/api/users')).status).toBe(403);

      expect((await as('staff').request('POST', '/api/users', { name: 'x', email: 'nope' })).status).toBe(
        400,
      );
      const admin = { name: 'Would-be admin', email: `admin-${randomUUID()}@example.com`, role: 'admin' };
      expect((await as('staff').request('POST', '/api/users', admin)).status).toBe(403);
      const taken = { name: 'Twin', email: customer.email, role: 'customer' };
      const duplicate = await as('staff').request('POST', '/api/users', taken);
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.error.details.fieldErrors.email).toBeDefined();
      expect((await as('customer').request('POST', '/api/users', taken)).status).toBe(403);

      expect((await as('customer').request('GET', `/api/users/${users.customer.id}`)).status).toBe(200);
      expect((await as('customer').request('GET', `/api/users/${customer.id}`)).status).toBe(403);
      expect((await as('staff').request('GET', `/api/users/${UNKNOWN_USER}`)).status).toBe(404);
      expect((await as('staff').request('GET', '/api/users/not-a-user')).status).toBe(400);

      expect((await as('staff').request('PATCH', `/api/users/${customer.id}`, {})).status).toBe(400);
      expect((await as('staff').request('PATCH', `/api/users/${UNKNOWN_USER}`, { name: 'x' })).status).toBe(
        404,
      );
      expect((await as('staff').request('PATCH', `/api/users/${users.admin.id}`, { name: 'x' })).status).toBe(
        403,
      );
      expect(
        (await as('staff').request('PATCH', `/api/users/${customer.id}`, { email: users.staff.email }))
          .status,
      ).toBe(409);
    });
  },
};
