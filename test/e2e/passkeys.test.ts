import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { aUser, TEST_PASSWORD } from '../support/builders';
import { describeInBrowser, type E2eApp, startE2eApp } from '../support/e2e-app';
import { setMfaEnforcement } from '../support/mfa';

/**
 * Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain) on this page: a platform
 * passkey that verifies its user and needs no touch, as a laptop's fingerprint reader would.
 */
const addVirtualAuthenticator = async (page: Page): Promise<void> => {
  const devtools = await page.context().newCDPSession(page);
  await devtools.send('WebAuthn.enable');
  await devtools.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
};

/** Settings → Security → Passkeys: name one and let the browser create it. */
const addPasskeyInSettings = async (page: Page, name: string): Promise<void> => {
  const form = page.getByRole('form', { name: 'Add a passkey' });
  await form.getByLabel('Name').fill(name);
  await form.getByRole('button', { name: 'Add a passkey' }).click();
  await page.getByRole('list', { name: 'Your passkeys' }).getByText(name).waitFor();
};

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main' });

describeInBrowser('passkeys in a browser', () => {
  let e2e: E2eApp;
  beforeAll(async () => {
    // WebAuthn refuses an IP address as the relying party: the site is http://localhost:<port>.
    e2e = await startE2eApp({ host: 'localhost' });
  });
  afterAll(() => e2e?.close());

  it('adds a passkey in Settings, then signs in with it instead of a code', async () => {
    const user = await aUser(e2e.app, { role: 'staff' });
    const page = await e2e.signIn(user);
    await addVirtualAuthenticator(page);
    await mainNav(page).getByRole('link', { name: 'Settings' }).click();
    await addPasskeyInSettings(page, 'Work laptop');
    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();

    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Two-step verification' }).waitFor();
    expect(await mainNav(page).count()).toBe(0);
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await mainNav(page).waitFor();

    await mainNav(page).getByRole('link', { name: 'Settings' }).click();
    await page
      .getByRole('list', { name: 'Your passkeys' })
      .getByText(/last used/)
      .waitFor();
  });

  it('lets a user meet "Enforce MFA" with a passkey alone', async () => {
    await setMfaEnforcement(e2e.app, true);
    const user = await aUser(e2e.app, { role: 'staff' });

    const page = await e2e.signIn(user);
    await page.getByText('Your administrator requires MFA').waitFor();
    expect(new URL(page.url()).pathname).toBe('/settings');
    await addVirtualAuthenticator(page);
    await addPasskeyInSettings(page, 'Security key');

    await mainNav(page).getByRole('link', { name: 'Issues' }).click();
    await page.getByRole('heading', { level: 1, name: 'Issues' }).waitFor();
  });
});
