// The web inbox in real Chromium: a real service (`approve-run serve`) on 127.0.0.1 reached
// as http://localhost:<port> (WebAuthn needs a domain as RP id), one headless Chromium per test
// file, and browser contexts that each carry a CDP virtual authenticator (the approver's
// passkey). Every page records console errors, page errors and CSP violations.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll } from 'vitest';
import { closedPort } from '../approval/server.js';
import { CLI, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { HOST, SECRET } from './world.js';

export const CHROMIUM = '/usr/bin/chromium';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
});

export interface InboxService {
  dir: string;
  config: string;
  url: string;
  out(): string;
}

/** Starts `approve-run serve` with approvers alice, bob and carol (carol is the user root). */
export async function startInboxService(inbox = ''): Promise<InboxService> {
  const dir = tempDir('approve-run-inbox-');
  const port = await closedPort();
  mkdirSync(join(dir, 'hosts'), { mode: 0o700 });
  writeFileSync(join(dir, 'hosts', 'host.secret'), `${SECRET}\n`, { mode: 0o600 });
  const config = join(dir, 'service.yaml');
  writeFileSync(config, `version: 1
listen: 127.0.0.1:${port}
public_url: http://localhost:${port}
storage: sqlite:${join(dir, 'state', 'server.db')}
hosts:
  ${HOST}: { secret_file: ${join(dir, 'hosts', 'host.secret')} }
approvers:
  alice: { name: Alice Example, users: [alice] }
  bob: { name: Bob Example, users: [bob] }
  carol: { name: Carol Example, users: [root] }
${inbox}`, { mode: 0o600 });
  const child = spawn(process.execPath, [CLI, 'serve', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let out = '';
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 600 && !out.includes('listening on') && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 25));
  if (!out.includes('listening on')) throw new Error(`service did not start: ${out}`);
  return { dir, config, url: `http://localhost:${port}`, out: () => out };
}

/** One headless Chromium (the flags of test/report/browser.test.ts). */
export function launchChromium(): Promise<Browser> {
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--host-resolver-rules=MAP localhost 127.0.0.1', `--user-data-dir=${mkdtempSync(join(tmpdir(), 'approve-run-chromium-'))}`],
  });
}

/** A page in its own browser context, with its own virtual authenticator (a passkey holder). */
export interface Approver {
  page: Page;
  /** Console errors, page errors, CSP violations, dialogs: must stay empty. */
  problems: string[];
}

/** A new browser context with a CTAP2 platform authenticator that verifies the user. */
export async function newApprover(browser: Browser): Promise<Approver> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${String(e)}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.exposeFunction('__cspViolation', (text: string) => problems.push(`csp: ${text}`));
  // Injected through CDP, so the page's own CSP does not block it.
  await page.evaluateOnNewDocument(`document.addEventListener('securitypolicyviolation', (e) => { window.__cspViolation(e.violatedDirective + ' ' + e.blockedURI); });`);
  const cdp = await page.createCDPSession();
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
  });
  await page.setViewport({ width: 1100, height: 900 });
  return { page, problems };
}

/** Runs `serve enroll`, registers the page's passkey there; returns the printed policy entry. */
export async function enrol(svc: InboxService, a: Approver, approver: string): Promise<{ link: string; entry: string }> {
  const r = await runCli(['serve', 'enroll', approver, '--config', svc.config]);
  if (r.code !== 0) throw new Error(r.stderr);
  const link = r.stdout.trim();
  await a.page.goto(link, { waitUntil: 'load' });
  await a.page.click('#enrol');
  await a.page.waitForSelector('#entry:not([hidden])', { timeout: 15_000 });
  return { link, entry: await a.page.$eval('#entry-text', (el) => el.textContent ?? '') };
}

/** Signs the page in as `approver` with its passkey; resolves on the inbox. */
export async function signIn(svc: InboxService, a: Approver, approver: string): Promise<void> {
  await a.page.goto(`${svc.url}/signin`, { waitUntil: 'load' });
  await a.page.type('#approver', approver);
  await Promise.all([a.page.waitForNavigation({ waitUntil: 'load' }), a.page.click('#signin button')]);
  if (new URL(a.page.url()).pathname !== '/') throw new Error(`sign-in did not reach the inbox: ${await a.page.$eval('#status', (el) => el.textContent)}`);
}

/** Opens request `id`, starts `decision` (with `reason`), checks the shown object, signs it. */
export async function decide(svc: InboxService, a: Approver, id: string, decision: 'approve' | 'deny', reason = ''): Promise<Record<string, unknown>> {
  await a.page.goto(`${svc.url}/requests/${id}`, { waitUntil: 'load' });
  if (reason !== '') await a.page.type('#reason', reason);
  await a.page.click(`#${decision}`);
  await a.page.waitForSelector('#confirm:not([hidden])');
  const shown = JSON.parse(await a.page.$eval('#signing', (el) => el.textContent ?? '')) as Record<string, unknown>;
  await a.page.click('#sign');
  await a.page.waitForSelector(`#decide[data-done="${decision}"]`, { timeout: 15_000 }).catch(async () => {
    throw new Error(`no decision: ${await a.page.$eval('#status', (el) => el.textContent)}`);
  });
  return shown;
}

/** Waits until the service holds request `id` (a host prints the id before its POST lands). */
export async function requestArrived(svc: InboxService, id: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if ((await fetch(`${svc.url}/v1/requests/${id}`)).status === 200) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`request ${id} never reached the service`);
}
