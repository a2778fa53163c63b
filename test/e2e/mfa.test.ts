import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { aUser, TEST_PASSWORD } from '../support/builders';
import { describeInBrowser, type E2eApp, startE2eApp } from '../support/e2e-app';
import { totpCode } from '../support/mfa';

// The app runs on the real clock here, so codes come from it too. A second code for the same user
// is taken from the next 30-second step (the server accepts ±1 step), so it is never a replay.
const codeNow = (secret: string) => totpCode(secret, new Date());
const nextStepCode = (secret: string) => totpCode(secret, new Date(Date.now() + 30_000));

/** Settings → Security → Enable MFA, as a person with an authenticator app does it. */
const enableMfa = async (page: Page): Promise<{ secret: string; recoveryCodes: string[] }> => {
  await page.getByRole('button', { name: 'Enable MFA' }).click();
  const enrolment = page.getByRole('form', { name: 'Enable MFA' });
  await enrolment.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
  const secret = ((await enrolment.locator('code').textContent()) ?? '').replace(/\s/g, '');
  await enrolment.getByLabel('Enter the code from your authenticator app').fill(codeNow(secret));
  await enrolment.getByRole('button', { name: 'Confirm' }).click();

  const codes = page.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem');
  await codes.first().waitFor();
  const recoveryCodes = await codes.allTextContents();
  expect(recoveryCodes).toHaveLength(10);
  const done = page.getByRole('button', { name: 'Done' });
  expect(await done.isDisabled()).toBe(true);
  await page.getByLabel('I have saved these codes').check();
  await done.click();
  await page.getByText('MFA is on').waitFor();
  return { secret, recoveryCodes };
};

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

describeInBrowser('MFA in a browser', () => {
  let e2e: E2eApp;
  beforeAll(async () => {
    e2e = await startE2eApp();
  });
  afterAll(() => e2e?.close());

  it('an admin enables MFA and enforces it; a staff user is taken to setup and only then reaches the issues', async () => {
    const adminUser = await aUser(e2e.app, { role: 'admin' });
    const staffUser = await aUser(e2e.app, { role: 'staff' });

    // The admin enables their own MFA, then enforces it for everyone (at once: no grace period)
    const admin = await e2e.signIn(adminUser);
    await mainNav(admin).getByRole('link', { name: 'Settings' }).click();
    await enableMfa(admin);
    const enforce = admin.getByRole('form', { name: 'Enforce MFA' });
    await enforce.getByRole('checkbox', { name: 'Enforce MFA' }).check();
    await enforce.getByLabel('Grace period (days)').fill('0');
    await enforce.getByRole('button', { name: 'Save' }).click();
    await enforce.getByText('Settings saved.').waitFor();

    // The staff user signs in and lands on MFA setup; the issues list stays out of reach
    const staff = await e2e.signIn(staffUser);
    await staff.getByText('Your administrator requires MFA').waitFor();
    expect(new URL(staff.url()).pathname).toBe('/settings');
    // Until MFA is set up, Security offers only that: no password change, sessions or activity.
    expect(await staff.getByRole('form', { name: 'Change password' }).count()).toBe(0);
    expect(await staff.getByRole('table', { name: 'Active sessions' }).count()).toBe(0);
    await mainNav(staff).getByRole('link', { name: 'Issues' }).click();
    await staff.waitForURL((url) => url.pathname === '/settings');

    await enableMfa(staff);
    await staff.getByRole('form', { name: 'Change password' }).waitFor();
    await mainNav(staff).getByRole('link', { name: 'Issues' }).click();
    await staff.getByRole('heading', { level: 1, name: 'Issues' }).waitFor();
  });

  it('asks for the code after the password, and takes a recovery code instead', async () => {
    const user = await aUser(e2e.app, { role: 'staff' });
    const setup = await e2e.signIn(user);
    await mainNav(setup).getByRole('link', { name: 'Settings' }).click();
    const { secret, recoveryCodes } = await enableMfa(setup);

    const page = await (await e2e.newContext()).newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Enter the code from your authenticator app').fill(nextStepCode(secret));
    await page.getByRole('button', { name: 'Verify' }).click();
    await mainNav(page).waitFor();

    const other = await (await e2e.newContext()).newPage();
    await other.goto('/sign-in');
    await other.getByLabel('Email').fill(user.email);
    await other.getByLabel('Password').fill(TEST_PASSWORD);
    await other.getByRole('button', { name: 'Sign in' }).click();
    await other.getByRole('button', { name: 'Use a recovery code' }).click();
    await other.getByLabel('Recovery code').fill('zzzzz-zzzzz');
    await other.getByRole('button', { name: 'Verify' }).click();
    await other.getByText('4 tries left').waitFor();
    expect(await mainNav(other).count()).toBe(0);
    await other.getByLabel('Recovery code').fill(recoveryCodes[0] ?? '');
    await other.getByRole('button', { name: 'Verify' }).click();
    await mainNav(other).waitFor();
  });
});
