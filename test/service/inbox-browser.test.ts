// The web inbox in real Chromium with virtual passkeys (SPEC §13): enrol, sign in, read the
// request, approve or deny with a passkey-signed decision, and a real waiting host
// (`approve-run run`) acts on it. Quorum 2 with two passkeys, no self-approval, no console
// error or CSP violation, a phone-sized screen, and the hostile cases: CSRF without a token,
// an expired session, a reused enrolment link, the sign-in rate limit.
// With INBOX_SCREENSHOT=1 it also writes docs/img/inbox.png for the README.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { tempDir } from '../helpers/tmp.js';
import { CHROMIUM, decide, enrol, launchChromium, newApprover, requestArrived, signIn, startInboxService, type Approver, type InboxService } from './inbox-world.js';
import { approverKey, startHost } from './world.js';

let browser: Browser;
let svc: InboxService;
let dir: string;
const people: Record<string, Approver> = {};
const entries: Record<string, Record<string, unknown>> = {};
const users: Record<string, string[]> = { alice: ['alice'], bob: ['bob'], carol: ['root'] };
const keys: Record<string, string> = {};

// A host policy whose approvers carry the printed webauthn entries; `touch` needs `approvers`.
function hostPolicy(approvers: string[], quorum = 1): string {
  const file = join(dir, `policy-${Math.random().toString(36).slice(2)}.yaml`);
  const policy = {
    version: 1,
    settings: { default: 'deny', approval_timeout: '60s' },
    approvers: Object.fromEntries(Object.keys(entries).map((id) => [id, { users: users[id], key: keys[id], ...entries[id] }])),
    channels: { webhook: { url: `${svc.url}/v1/requests`, secret_env: 'APPROVE_RUN_WEBHOOK_SECRET', timeout: '5s' } },
    rules: [{ id: 'touch-files', match: { command: 'touch' }, decision: 'approve', approvers, ...(quorum > 1 ? { quorum } : {}) }],
  };
  writeFileSync(file, JSON.stringify(policy));
  return file;
}

const noProblems = (): void => {
  for (const [id, a] of Object.entries(people)) expect(a.problems, id).toEqual([]);
};

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) return;
  dir = tempDir('approve-run-inbox-hosts-');
  svc = await startInboxService();
  browser = await launchChromium();
  for (const id of ['alice', 'bob', 'carol']) {
    people[id] = await newApprover(browser);
    keys[id] = (await approverKey(dir, id)).pub;
    const { entry } = await enrol(svc, people[id]!, id);
    const parsed = parse(`approvers:\n${entry}`) as { approvers: Record<string, Record<string, unknown>> };
    entries[id] = parsed.approvers[id]!;
    await signIn(svc, people[id]!, id);
  }
}, 120_000);
afterAll(async () => browser?.close());

describe.skipIf(!existsSync(CHROMIUM))('the web inbox in Chromium', () => {
  test('enrolment prints the policy entry: rp id, origin and a COSE key', () => {
    const origin = new URL(svc.url).origin;
    expect(entries.alice).toMatchObject({ webauthn: { rp_id: 'localhost', origin } });
    const cose = Buffer.from(String((entries.alice!.webauthn as Record<string, string>).public_key), 'base64url');
    expect(cose[0]! & 0xe0).toBe(0xa0); // a CBOR map
    noProblems();
  });

  test('approve: the request shows every field, the passkey signs, the waiting host runs', async () => {
    const marker = join(dir, 'approved');
    const host = startHost(hostPolicy(['alice']), join(dir, 'audit.db'), marker);
    const id = await host.requestId();
    await requestArrived(svc, id);
    const alice = people.alice!;
    await alice.page.goto(svc.url, { waitUntil: 'load' });
    expect(await alice.page.$eval('#pending', (el) => el.textContent ?? '')).toContain(marker);
    await alice.page.goto(`${svc.url}/requests/${id}`, { waitUntil: 'load' });
    const fields = await alice.page.$eval('#fields', (el) => el.textContent ?? '');
    for (const label of ['executable', 'exe sha256', 'cwd', 'run as', 'requester', 'actor', 'host', 'rule', 'risk', 'reason', 'confinement', 'expires', 'request hash']) expect(fields).toContain(label);
    expect(fields).toContain('touch-files');
    expect(fields).toMatch(/0 of 1|approvers/);
    const hash = await alice.page.$eval('#request-hash', (el) => el.textContent ?? '');
    const shown = await decide(svc, alice, id, 'approve');
    expect(shown).toMatchObject({ request_id: id, request_hash: hash, decision: 'approve', approver: 'alice', reason: null });
    expect(Object.keys(shown).sort()).toEqual(['approver', 'decided_at', 'decision', 'reason', 'request_hash', 'request_id']);
    expect(await host.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    noProblems();
  }, 60_000);

  test('deny with a reason: the host exits 77 and says why', async () => {
    const marker = join(dir, 'denied');
    const host = startHost(hostPolicy(['alice']), join(dir, 'audit.db'), marker);
    const id = await host.requestId();
    await requestArrived(svc, id);
    const alice = people.alice!;
    await alice.page.goto(`${svc.url}/requests/${id}`, { waitUntil: 'load' });
    await alice.page.click('#deny');
    expect(await alice.page.$eval('#status', (el) => el.textContent ?? '')).toMatch(/reason to deny/);
    const shown = await decide(svc, alice, id, 'deny', 'not during the freeze');
    expect(shown).toMatchObject({ decision: 'deny', reason: 'not during the freeze', approver: 'alice' });
    expect(await host.code).toBe(77);
    expect(host.err()).toContain('not during the freeze');
    expect(existsSync(marker)).toBe(false);
    noProblems();
  }, 60_000);

  test('quorum 2: one passkey leaves the host waiting, the second one releases it', async () => {
    const marker = join(dir, 'quorum');
    const host = startHost(hostPolicy(['alice', 'bob'], 2), join(dir, 'audit.db'), marker);
    const id = await host.requestId();
    await requestArrived(svc, id);
    await decide(svc, people.alice!, id, 'approve');
    await people.bob!.page.goto(`${svc.url}/requests/${id}`, { waitUntil: 'load' });
    expect(await people.bob!.page.$eval('main', (el) => el.textContent ?? '')).toContain('1 of 2 approved (alice)');
    await new Promise((r) => setTimeout(r, 500));
    expect(existsSync(marker)).toBe(false);
    await decide(svc, people.bob!, id, 'approve');
    expect(await host.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    noProblems();
  }, 60_000);

  test("the requester's own request is shown but cannot be approved", async () => {
    // carol's users include root, the user these tests run as: the requester.
    const marker = join(dir, 'own');
    const host = startHost(hostPolicy(['carol', 'alice']), join(dir, 'audit.db'), marker);
    const id = await host.requestId();
    await requestArrived(svc, id);
    const carol = people.carol!;
    await carol.page.goto(svc.url, { waitUntil: 'load' });
    expect(await carol.page.$eval('#pending', (el) => el.textContent ?? '')).toContain('your own request');
    await carol.page.goto(`${svc.url}/requests/${id}`, { waitUntil: 'load' });
    expect(await carol.page.$eval('#barred', (el) => el.textContent ?? '')).toContain('your own request');
    expect(await carol.page.$('#approve')).toBeNull();
    // Nor through the endpoint, with a valid session and CSRF token.
    const csrf = await carol.page.$eval('meta[name="csrf-token"]', (el) => el.getAttribute('content') ?? '');
    const status = await carol.page.evaluate(async (path: string, token: string) => {
      const r = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': token }, body: JSON.stringify({ decision: 'approve' }) });
      return r.status;
    }, `/requests/${id}/begin`, csrf);
    expect(status).toBe(403);
    // The refused fetch is the one console error there (Chromium logs the 403 itself).
    expect(carol.problems).toEqual([expect.stringContaining('403')]);
    carol.problems.length = 0;
    await decide(svc, people.alice!, id, 'deny', 'cleanup');
    expect(await host.code).toBe(77);
  }, 60_000);

  test('a phone-sized screen: nothing scrolls sideways, the buttons are reachable', async () => {
    const marker = join(dir, 'phone');
    const host = startHost(hostPolicy(['alice']), join(dir, 'audit.db'), marker);
    const id = await host.requestId();
    await requestArrived(svc, id);
    const alice = people.alice!;
    await alice.page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      await alice.page.goto(svc.url, { waitUntil: 'load' });
      expect(await alice.page.$eval('html', (el) => el.scrollWidth)).toBeLessThanOrEqual(390);
      await alice.page.goto(`${svc.url}/requests/${id}`, { waitUntil: 'load' });
      expect(await alice.page.$eval('html', (el) => el.scrollWidth)).toBeLessThanOrEqual(390);
      const box = await alice.page.$eval('#approve', (el) => { const r = el.getBoundingClientRect(); return { right: r.right, height: r.height }; });
      expect(box.right).toBeLessThanOrEqual(390);
      expect(box.height).toBeGreaterThanOrEqual(40);
      await decide(svc, alice, id, 'approve');
      expect(await host.code).toBe(0);
    } finally {
      await alice.page.setViewport({ width: 1100, height: 900 });
    }
    if (process.env.INBOX_SCREENSHOT === '1') {
      const pending = startHost(hostPolicy(['alice', 'bob'], 2), join(dir, 'audit.db'), join(dir, 'shot'));
      await requestArrived(svc, await pending.requestId());
      await alice.page.goto(svc.url, { waitUntil: 'load' });
      const out = fileURLToPath(new URL('../../docs/img/', import.meta.url));
      mkdirSync(out, { recursive: true });
      await alice.page.screenshot({ path: `${out}inbox.png`, fullPage: true });
    }
    noProblems();
  }, 60_000);

  test('hostile: markup and invisible characters in argv are shown as escaped text', async () => {
    const marker = join(dir, `<img src=x onerror=alert(1)><script>alert(2)</script>\u202Egnp.exe\u200B`);
    const host = startHost(hostPolicy(['alice']), join(dir, 'audit.db'), marker);
    const id = await host.requestId();
    await requestArrived(svc, id);
    const alice = people.alice!;
    for (const path of ['/', `/requests/${id}`]) {
      await alice.page.goto(`${svc.url}${path}`, { waitUntil: 'load' });
      expect(await alice.page.$$eval('main img, main script', (els) => els.length)).toBe(0);
      const text = await alice.page.$eval('main', (el) => el.textContent ?? '');
      expect(text).toContain('<img src=x onerror=alert(1)><script>alert(2)</script>\\u{202E}gnp.exe\\u{200B}');
      expect(text).not.toMatch(/[\u202E\u200B]/);
    }
    await decide(svc, alice, id, 'deny', 'hostile');
    expect(await host.code).toBe(77);
    noProblems();
  }, 60_000);

  test('hostile: a POST without the CSRF token, or from another origin, is refused', async () => {
    const alice = people.alice!;
    await alice.page.goto(svc.url, { waitUntil: 'load' });
    const cookies = await alice.page.browserContext().cookies();
    const cookie = cookies.find((c) => c.name === 'approve_run_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    const id = 'req_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z';
    const post = (headers: Record<string, string>) =>
      fetch(`${svc.url}/requests/${id}/begin`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: `approve_run_session=${cookie!.value}`, ...headers }, body: '{"decision":"approve"}' });
    expect((await post({ origin: svc.url })).status).toBe(403); // no token
    expect((await post({ origin: svc.url, 'x-csrf-token': 'x'.repeat(43) })).status).toBe(403); // wrong token
    const csrf = await alice.page.$eval('meta[name="csrf-token"]', (el) => el.getAttribute('content') ?? '');
    expect((await post({ origin: 'http://evil.example', 'x-csrf-token': csrf })).status).toBe(403); // cross-origin
    expect((await post({ 'x-csrf-token': csrf })).status).toBe(403); // no Origin at all
    expect((await post({ origin: svc.url, 'x-csrf-token': csrf })).status).toBe(404); // all present: reaches the lookup
    const signout = await fetch(`${svc.url}/signout`, { method: 'POST', redirect: 'manual', headers: { origin: svc.url, 'content-type': 'application/x-www-form-urlencoded', cookie: `approve_run_session=${cookie!.value}` }, body: 'csrf=' });
    expect(signout.status).toBe(403);
  });

  test('hostile: a reused enrolment link registers nothing', async () => {
    const mallory = await newApprover(browser);
    const { link } = await enrol(svc, mallory, 'bob');
    await mallory.page.goto(link, { waitUntil: 'load' });
    expect(await mallory.page.$eval('main', (el) => el.textContent ?? '')).toContain('not valid');
    expect(await mallory.page.$('#enrol')).toBeNull();
    const again = await fetch(`${link}/options`, { method: 'POST', headers: { origin: svc.url, 'content-type': 'application/json' }, body: '{}' });
    expect(again.status).toBe(410);
    await mallory.page.browserContext().close();
  }, 60_000);

  test('hostile: sign-in attempts over the limit get 429', async () => {
    const attempt = () => fetch(`${svc.url}/signin/options`, { method: 'POST', headers: { origin: svc.url, 'content-type': 'application/json' }, body: '{"approver":"nobody"}' });
    const codes: number[] = [];
    for (let i = 0; i < 11; i++) codes.push((await attempt()).status);
    expect(codes.slice(0, 10)).toEqual(Array(10).fill(403));
    expect(codes[10]).toBe(429);
  });
});

describe.skipIf(!existsSync(CHROMIUM))('an inbox session that expired', () => {
  test('after the idle timeout the inbox sends the browser back to sign-in, and POSTs get 401', async () => {
    const short = await startInboxService('inbox: { idle_timeout: 2s }\n');
    const a = await newApprover(browser);
    await enrol(short, a, 'alice');
    await signIn(short, a, 'alice');
    const csrf = await a.page.$eval('meta[name="csrf-token"]', (el) => el.getAttribute('content') ?? '');
    await new Promise((r) => setTimeout(r, 2500));
    await a.page.goto(short.url, { waitUntil: 'load' });
    expect(new URL(a.page.url()).pathname).toBe('/signin');
    const status = await a.page.evaluate(async (token: string) => {
      const r = await fetch('/requests/req_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z/begin', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': token }, body: '{"decision":"approve"}' });
      return r.status;
    }, csrf);
    expect(status).toBe(401);
    await a.page.browserContext().close();
  }, 90_000);
});
