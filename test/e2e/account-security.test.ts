import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { aUser, signedInClient, TEST_PASSWORD } from '../support/builders';
import { describeInBrowser, type E2eApp, openFromNav, startE2eApp } from '../support/e2e-app';
import { enrolMfa, type TestClock } from '../support/mfa';

const NEW_PASSWORD = 'a brand new passphrase';
// The app runs on the real clock here; enrolling through the API reads codes from it too.
const REAL_CLOCK: TestClock = { now: () => new Date(), advance: () => {}, nextStep: () => {} };

/** The next full page load of a browser whose session has ended lands on the sign-in page. */
const expectSignedOut = async (page: Page) => {
  await page.goto('/settings');
  await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/sign-in');
};

const expectSignedIn = async (page: Page) => {
  await page.goto('/settings');
  await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
  expect(new URL(page.url()).pathname).toBe('/settings');
};

/** Presses a "Sign out"-like button, then the same button of the question it asks in place. */
const pressAndConfirm = async (page: Page, scope: ReturnType<Page['getByRole']>, name: string) => {
  await scope.getByRole('button', { name, exact: true }).click();
  await page.getByRole('alertdialog', { name }).getByRole('button', { name, exact: true }).click();
};

const trySignIn = async (page: Page, email: string, password: string) => {
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  const answered = page.waitForResponse(
    (response) => response.url().endsWith('/api/session') && response.request().method() === 'POST',
  );
  await page.getByRole('button', { name: 'Sign in' }).click();
  await answered;
};

describeInBrowser('Accounts and security in a browser', () => {
  let e2e: E2eApp;
  beforeAll(async () => {
    e2e = await startE2eApp();
  });
  afterAll(() => e2e?.close());

  it('changing the password signs the other browser out and keeps this one', async () => {
    const user = await aUser(e2e.app, { role: 'staff' });
    const laptop = await e2e.signIn(user);
    const phone = await e2e.signIn(user);

    await openFromNav(laptop, 'Settings');
    const form = laptop.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill(TEST_PASSWORD);
    await form.getByLabel('New password', { exact: true }).fill('short');
    await form.getByText('Use at least 10 characters').waitFor();
    await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();

    await laptop.getByText('Your password was changed, and your other session was signed out.').waitFor();
    await expectSignedOut(phone);
    await expectSignedIn(laptop);
    const again = await e2e.signIn(user, NEW_PASSWORD);
    await expectSignedIn(again);
  });

  it('says at the field when the current password is wrong', async () => {
    const user = await aUser(e2e.app, { role: 'staff' });
    const page = await e2e.signIn(user);
    await openFromNav(page, 'Settings');

    const form = page.getByRole('form', { name: 'Change password' });
    await form.getByLabel('Current password').fill('not my password');
    await form.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await form.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();

    await form.getByText('Your current password is not right').waitFor();
    expect(await form.getByLabel('Current password').getAttribute('aria-invalid')).toBe('true');
  });

  it('lists both sessions, and "Sign out" on the other one signs that browser out', async () => {
    const user = await aUser(e2e.app, { role: 'staff' });
    const other = await e2e.signIn(user);
    const page = await e2e.signIn(user);
    await openFromNav(page, 'Settings');

    const sessions = page.getByRole('table', { name: 'Active sessions' });
    const rows = sessions.getByRole('row').filter({ has: page.getByRole('button', { name: 'Sign out' }) });
    await rows.nth(1).waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).textContent()).toContain('This device');
    expect(await rows.nth(0).textContent()).toContain('Chrome on Linux');
    const otherRow = rows.filter({ hasNotText: 'This device' });
    await pressAndConfirm(page, otherRow, 'Sign out');

    await otherRow.waitFor({ state: 'detached' });
    expect(await rows.count()).toBe(1);
    await expectSignedOut(other);
    await expectSignedIn(page);
  });

  it('"Sign out everywhere else" ends the other sessions, and signing out this device goes to sign-in', async () => {
    const user = await aUser(e2e.app, { role: 'staff' });
    const others = [await e2e.signIn(user), await e2e.signIn(user)];
    const page = await e2e.signIn(user);
    await openFromNav(page, 'Settings');
    await page.getByRole('table', { name: 'Active sessions' }).getByRole('row').nth(3).waitFor();

    await pressAndConfirm(
      page,
      page.getByRole('region', { name: 'Active sessions' }),
      'Sign out everywhere else',
    );
    await page.getByText('2 other sessions were signed out.').waitFor();
    for (const other of others) await expectSignedOut(other);

    const current = page
      .getByRole('table', { name: 'Active sessions' })
      .getByRole('row', { name: /This device/ });
    await pressAndConfirm(page, current, 'Sign out');
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await expectSignedOut(page);
  });

  it('locks sign-in after wrong passwords, refuses the right one too, and an admin unlocks it', async () => {
    const user = await aUser(e2e.app, { role: 'staff' });
    const page = await (await e2e.newContext()).newPage();
    await page.goto('/sign-in');

    await trySignIn(page, user.email, 'wrong password');
    await page.getByText('Email or password is incorrect.').waitFor();
    for (let attempt = 2; attempt <= 10; attempt += 1) await trySignIn(page, user.email, 'wrong password');
    await page.getByText(/^Too many attempts\. Try again after \d/).waitFor();
    await trySignIn(page, user.email, TEST_PASSWORD);
    await page.getByText(/^Too many attempts\. Try again after \d/).waitFor();
    await expectSignedOut(page);

    const admin = await e2e.signIn(await aUser(e2e.app, { role: 'admin' }));
    await admin.goto(`/users/${user.id}`);
    const lock = admin.getByRole('status').filter({ hasText: 'Sign-in locked until' });
    await lock.waitFor();
    await pressAndConfirm(admin, lock, 'Unlock');
    await admin.getByText('Sign-in unlocked.').waitFor();

    await trySignIn(page, user.email, TEST_PASSWORD);
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
  });

  it('an admin setting a user’s password is told the user’s sessions ended, and they are', async () => {
    const user = await aUser(e2e.app, { role: 'staff' });
    const userPage = await e2e.signIn(user);
    const admin = await e2e.signIn(await aUser(e2e.app, { role: 'admin' }));

    await admin.goto(`/users/${user.id}/edit`);
    await admin.getByLabel('New password').fill(NEW_PASSWORD);
    await admin.getByRole('button', { name: 'Save' }).click();

    await admin.getByText('The password was set, and the user’s sessions were ended.').waitFor();
    await expectSignedOut(userPage);
  });

  it('admins see who did what, when and from where in Activity; others do not see it', async () => {
    const staffUser = await aUser(e2e.app, { role: 'staff' });
    const adminUser = await aUser(e2e.app, { role: 'admin' });
    const failed = await (await e2e.newContext()).newPage();
    await failed.goto('/sign-in');
    await trySignIn(failed, staffUser.email, 'wrong password');
    const staff = await e2e.signIn(staffUser);
    const admin = await e2e.signIn(adminUser);

    await openFromNav(admin, 'Settings');
    const activity = admin.getByRole('table', { name: 'Activity' });
    const failure = activity
      .getByRole('row')
      .filter({ hasText: 'Sign-in failed' })
      .filter({ hasText: staffUser.name });
    await failure.waitFor();
    expect(await failure.textContent()).toContain('Chrome on Linux');
    expect(await failure.getByRole('link', { name: staffUser.name }).getAttribute('href')).toBe(
      `/users/${staffUser.id}`,
    );
    await activity
      .getByRole('row')
      .filter({ hasText: 'Signed in' })
      .filter({ hasText: adminUser.name })
      .waitFor();

    await openFromNav(staff, 'Settings');
    await staff.getByRole('table', { name: 'Active sessions' }).waitFor();
    expect(await staff.getByRole('table', { name: 'Activity' }).count()).toBe(0);
  });

  it('an admin resets a user’s MFA on the user page after confirming in place', async () => {
    const user = await aUser(e2e.app, { role: 'staff' });
    await enrolMfa(await signedInClient(e2e.app, user), REAL_CLOCK);
    const admin = await e2e.signIn(await aUser(e2e.app, { role: 'admin' }));

    await admin.goto(`/users/${user.id}`);
    await pressAndConfirm(admin, admin.getByRole('main'), 'Reset MFA');

    await admin.getByText('MFA was reset.').waitFor();
    await admin.reload();
    await admin.getByRole('definition').filter({ hasText: 'Not set up' }).waitFor();
  });
});
