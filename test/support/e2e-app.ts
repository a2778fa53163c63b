import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { describe } from 'vitest';
import type { QboEmulator } from '../../local/qbo-emulator';
import type { User } from '../../shared/users/user';
import { startTestApp, type TestApp } from './app-harness';
import { aUser, signedInClient, TEST_PASSWORD } from './builders';

// Debian's Chromium (toolchain notes, "Browser tests"); playwright's own browsers are never downloaded.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
// Shorter than a test's timeout, so a missing element names itself instead of the test timing out.
const ACTION_TIMEOUT_MS = 30_000;
/** For flows with several people and QuickBooks round trips: room on a busy machine, on top of the 60 s default. */
export const LONG_FLOW = { timeout: 120_000 };

const ROOT = resolve(import.meta.dirname, '../..');
const WEB_SOURCES = ['web/src', 'web/index.html', 'web/vite.config.ts'].map((path) => join(ROOT, path));
const BUILT_INDEX = join(ROOT, 'web/dist/index.html');

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  // CI installs Chromium (.ci/run), so there a missing browser is a broken machine, not a reason to skip.
  if (process.env.CI)
    throw new Error(`${CHROMIUM} is missing: the e2e tests must run in CI (apt-get install -y chromium)`);
  console.warn(`Skipping the browser tests: ${CHROMIUM} is missing (apt-get install -y chromium).`);
}

/** A describe block for browser tests: runs wherever Chromium is installed, and always in CI. */
export const describeInBrowser = describe.runIf(hasChromium);

const newestChange = (path: string): number => {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
};

/**
 * The gateway serves the built web app (web/dist), as CloudFront serves S3. Build it when it is missing
 * or older than its sources, so `npm test` works from a fresh clone and never tests a stale build.
 */
export const ensureWebBuild = (): void => {
  const builtAt = existsSync(BUILT_INDEX) ? statSync(BUILT_INDEX).mtimeMs : 0;
  if (builtAt >= Math.max(...WEB_SOURCES.map(newestChange))) return;
  const build = spawnSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (build.status !== 0)
    throw new Error(`Building the web app failed (npm run build):\n${build.stdout}\n${build.stderr}`);
};

export type E2eApp = {
  app: TestApp;
  baseUrl: string;
  /** The QBO emulator the app talks to, with its control API (payments, revocation, entities). */
  qbo: QboEmulator;
  browser: Browser;
  /** A fresh browser profile (own cookies and session storage) on the app. */
  newContext(): Promise<BrowserContext>;
  /** Signs `user` in through the sign-in page of a fresh profile; resolves on the signed-in app. */
  signIn(user: Pick<User, 'email'>, password?: string): Promise<Page>;
  close(): Promise<void>;
};

/**
 * The whole app as `npm start` runs it (gateway, handlers, built web app, DynamoDB Local table, QBO
 * emulator), plus a headless Chromium. Call once per test file, in beforeAll. With `events`, the QBO
 * events pipeline runs too (see startTestApp): QuickBooks' changes come back by themselves.
 */
export const startE2eApp = async (
  options: { events?: boolean; host?: 'localhost' | '127.0.0.1' } = {},
): Promise<E2eApp> => {
  ensureWebBuild();
  const app = await startTestApp({
    qbo: true,
    ...(options.events ? { events: true } : {}),
    ...(options.host ? { host: options.host } : {}),
  });
  const qbo = app.qbo as QboEmulator;
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  } catch (error) {
    await app.close();
    throw error;
  }

  const newContext = async () => {
    const context = await browser.newContext({ baseURL: app.baseUrl });
    context.setDefaultTimeout(ACTION_TIMEOUT_MS);
    return context;
  };

  const signIn = async (user: Pick<User, 'email'>, password = TEST_PASSWORD) => {
    const page = await (await newContext()).newPage();
    await page.goto('/sign-in');
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    return page;
  };

  const close = async () => {
    await browser.close();
    await app.close();
  };
  return { app, baseUrl: app.baseUrl, qbo, browser, newContext, signIn, close };
};

/**
 * On the emulator's consent page (Intuit's, locally): pick the company and press Connect, then wait until
 * the OAuth callback has brought the browser back to Deskbooks.
 */
export const approveQboConsent = async (page: Page, e2e: E2eApp, company?: string): Promise<void> => {
  await page.getByRole('heading', { name: /to QuickBooks/ }).waitFor();
  if (company) await page.getByLabel('Company').selectOption({ label: company });
  await page.getByRole('button', { name: 'Connect', exact: true }).click();
  await page.waitForURL((url) => url.origin === e2e.baseUrl && !url.pathname.startsWith('/api/'));
};

/** Follows a link of the app's main navigation (Issues, Invoices, Users, Settings). */
export const openFromNav = (page: Page, name: string): Promise<void> =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

/** Sets the app-wide QBO toggles through the API, as an admin would: the state a test starts from. */
export const setQboToggles = async (
  e2e: E2eApp,
  toggles: Partial<Record<'syncUser' | 'syncInvoice', boolean>>,
): Promise<void> => {
  const admin = await signedInClient(e2e.app, await aUser(e2e.app, { role: 'admin' }));
  const current = await admin.request('GET', '/api/settings');
  const saved = await admin.request('PUT', '/api/settings', { qbo: toggles, version: current.body.version });
  if (saved.status !== 200)
    throw new Error(`saving settings failed: ${saved.status} ${JSON.stringify(saved.body)}`);
};

/** An admin ticks a QBO toggle in Settings → QBO and waits until it is saved. */
export const turnOnInSettings = async (page: Page, toggle: 'Sync user to QBO' | 'Sync issue to invoice') => {
  await openFromNav(page, 'Settings');
  const saved = page.waitForResponse(
    (response) => response.url().endsWith('/api/settings') && response.request().method() === 'PUT',
  );
  await page.getByLabel(toggle).check();
  if ((await saved).status() !== 200) throw new Error(`saving "${toggle}" failed`);
};
