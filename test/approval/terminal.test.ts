// The terminal prompt (SPEC §5.2) in a real pseudo-terminal (tmux), through the built CLI:
// Enter denies, "Approve once" approves one run, "Approve for <ttl>" opens a session, the
// request is shown with invisible characters escaped, and TOTP guards the approval.
import { existsSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { totp } from '../../src/approval/terminal/totp.js';
import { CLI, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { tmux, waitForFile, type Pane } from './tmux.js';
import { json, serve, type TestServer } from './server.js';
import { keys } from './world.js';

const dir = tempDir();
const db = join(dir, 'audit.db');
const secret = join(dir, 'alice.totp');
writeFileSync(secret, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n', { mode: 0o600 });
const panes: Pane[] = [];
afterEach(() => {
  for (const pane of panes.splice(0)) pane.kill();
});
let hook: TestServer;
let hookUrl = 'http://127.0.0.1:9/unused';
beforeAll(async () => {
  // A webhook approver that accepts every request and never decides.
  hook = await serve((q, res) => (q.method === 'POST' ? json(res, 202, { status_url: '/status/1' }) : undefined));
  hookUrl = hook.url;
});
afterAll(async () => hook?.close());

// A policy where `touch` needs approval on the terminal, with `authenticate`.
function policy(authenticate: 'none' | 'totp', opts: { timeout?: string; ttl?: boolean; channel?: string } = {}): string {
  const file = join(dir, `terminal-${authenticate}-${opts.timeout ?? '30s'}-${opts.ttl ?? true}-${opts.channel ?? 'terminal'}.yaml`);
  writeFileSync(file, `version: 1
settings: { default: deny, approval_timeout: ${opts.timeout ?? '30s'} }
approvers:
  alice: { users: [alice], key: "${keys.alice.text}", totp: ${secret} }
  bob: { users: [bob], key: "${keys.bob.text}" }
channels:
  terminal: { authenticate: ${authenticate} }
  webhook: { url: "${hookUrl}", timeout: 1s }
rules:
  - id: touch-files
    match: { command: touch }
    decision: approve
    approvers: [alice, bob]
    channel: ${opts.channel ?? 'terminal'}
${opts.ttl === false ? '' : '    session_ttl: 10m\n'}    risk: medium
`);
  return file;
}

let counter = 0;
// Runs `approve-run run --json -- touch <marker>` in a pty; resolves to its exit code and JSON.
function start(policyFile: string, marker: string): { pane: Pane; done: Promise<{ code: number; json: Record<string, unknown> }> } {
  const n = ++counter;
  const err = join(dir, `err-${n}`);
  const rc = join(dir, `rc-${n}`);
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const line = `cd ${q(dir)} && ${q(process.execPath)} ${q(CLI)} run --json -p ${q(policyFile)} --audit-db ${q(db)} -- touch ${q(marker)} 2>${q(err)}; echo $? > ${q(rc)}; sleep 30`;
  const pane = tmux(`t${n}`, `bash -c ${q(line)}`);
  panes.push(pane);
  const done = (async () => {
    const code = Number((await waitForFile(rc)).trim());
    const lines = (await waitForFile(err)).trim().split('\n');
    return { code, json: JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown> };
  })();
  return { pane, done };
}

// Starts a run and chooses "Approve once" at its prompt; resolves as start() does.
async function approveOnce(policyFile: string, marker: string): Promise<{ code: number; json: Record<string, unknown> }> {
  const { pane, done } = start(policyFile, marker);
  await pane.waitFor(/Approve this command\?/);
  pane.keys('Down');
  await pane.waitFor(/❯ Approve once/);
  pane.keys('Enter');
  return done;
}

// Every entry of the shared audit log, parsed.
async function auditLog(): Promise<Array<Record<string, unknown>>> {
  return (await runCli(['audit', 'log', '--json', '--audit-db', db])).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('terminal prompt (authenticate: none)', () => {
  test('shows the full request, offers Deny first, and Enter denies', async () => {
    const marker = join(dir, 'enter\u202Edenies');
    const { pane, done } = start(policy('none'), marker);
    const screen = await pane.waitFor(/Approve this command\?/);
    expect(screen).toMatch(/approval requested \(req_\w+\)/);
    expect(screen).toMatch(/command {5}touch '.*enter\\u\{202E\}denies'/);
    expect(screen).toMatch(/executable {2}\/usr\/bin\/touch/);
    expect(screen).toMatch(/rule {8}touch-files/);
    expect(screen).toMatch(/risk {8}medium/);
    expect(screen).toMatch(/approvers {3}alice, bob \(quorum 1\)/);
    const menu = screen.slice(screen.indexOf('Approve this command?'));
    expect(menu.indexOf('Deny')).toBeLessThan(menu.indexOf('Approve once'));
    expect(menu.indexOf('Approve once')).toBeLessThan(menu.indexOf('Approve for 10m'));
    pane.keys('Enter');
    const { code, json } = await done;
    expect(code).toBe(77);
    expect(json).toMatchObject({ outcome: 'denied_by_approver' });
    expect(existsSync(marker)).toBe(false);
  });

  test('"Approve once" runs the command once; the next identical run asks again', async () => {
    const marker = join(dir, 'once');
    const { code, json } = await approveOnce(policy('none'), marker);
    expect(code).toBe(0);
    // A self-confirmation, not an approval: no approver, and said so in --json and the log.
    const me = userInfo().username;
    expect(json).toMatchObject({ outcome: 'approved', approvers: [], confirmed_by: me });
    expect(existsSync(marker)).toBe(true);
    const entries = (await auditLog()).filter((e) => e.type === 'decision' && e.request_id === json.request_id);
    expect(entries.map((e) => [e.outcome, e.decided_by, e.approvers, e.confirmed_by])).toEqual([
      ['confirmation_accepted', [], [], me],
      ['approved', [], [], me],
    ]);
    expect(entries[0]?.message).toMatch(/self-confirmation by the requester .*not an approver's decision/);
    expect(JSON.stringify(entries)).not.toContain('"terminal"]');
    const shown = await runCli(['audit', 'log', '--audit-db', db], { cwd: dir });
    expect(shown.stdout).toContain(`approved (self-confirmation by requester ${me}, no approver)`);
    const again = await runCli(['run', '--json', '--non-interactive', '-p', policy('none'), '--audit-db', db, '--', 'touch', marker], { cwd: dir });
    expect(again.code).toBe(75);
  });

  test('on a policy-cache hit the fast path hands the run over before logging, and the prompt comes', async () => {
    const file = policy('none', { timeout: '29s' });
    const warm = await runCli(['check', '-p', file, '--', 'touch', 'x'], { cwd: dir });
    expect(warm.code).toBe(1); // approve
    const marker = join(dir, 'cache-hit');
    const { code, json } = await approveOnce(file, marker);
    expect(code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    const log = await auditLog();
    const requests = log.filter((e) => e.type === 'request' && (e.request as { id?: unknown }).id === json.request_id);
    expect(requests).toHaveLength(1);
    expect(log.filter((e) => e.type === 'exec_start' && e.request_id === json.request_id)).toHaveLength(1);
  });

  test('"Approve for 10m" opens a session that a non-interactive identical run reuses', async () => {
    const marker = join(dir, 'ttl');
    const { pane, done } = start(policy('none'), marker);
    await pane.waitFor(/Approve this command\?/);
    pane.keys('Down', 'Down');
    await pane.waitFor(/❯ Approve for 10m/);
    pane.keys('Enter');
    const first = await done;
    expect(first.json).toMatchObject({ outcome: 'approved', approvers: [], confirmed_by: userInfo().username, session_id: expect.stringMatching(/^ses_/) });
    const again = await runCli(['run', '--json', '--non-interactive', '-p', policy('none'), '--audit-db', db, '--', 'touch', marker], { cwd: dir });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stderr.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ outcome: 'session', approvers: [], confirmed_by: userInfo().username, session_id: first.json.session_id });
  });
});

describe('waiting without an answer', () => {
  test('no answer at the prompt until the approval expires: 75, and no "Approve for" without a session_ttl', async () => {
    const marker = join(dir, 'unanswered');
    const { pane, done } = start(policy('none', { timeout: '2s', ttl: false }), marker);
    const screen = await pane.waitFor(/Approve this command\?/);
    expect(screen).toMatch(/Approve once/);
    expect(screen).not.toMatch(/Approve for/);
    const { code, json: result } = await done;
    expect(code).toBe(75);
    expect(result).toMatchObject({ outcome: 'approval_expired' });
    expect(existsSync(marker)).toBe(false);
  });

  test('a webhook wait shows a live status line on a terminal', async () => {
    const marker = join(dir, 'status-line');
    const q = (t: string) => `'${t.replace(/'/g, `'\\''`)}'`;
    const rc = join(dir, 'status-rc');
    const line = `${q(process.execPath)} ${q(CLI)} run -p ${q(policy('none', { timeout: '3s', channel: 'webhook' }))} --audit-db ${q(db)} -- touch ${q(marker)}; echo $? > ${q(rc)}; sleep 30`;
    const pane = tmux('status', `bash -c ${q(line)}`);
    panes.push(pane);
    await pane.waitFor(/waiting for approval by alice, bob \(req_\w+\) · [1-3]s left/);
    expect((await waitForFile(rc)).trim()).toBe('75');
    const screen = pane.screen();
    expect(screen).toMatch(/approve-run: approval expired after 3s \(request req_\w+\)/);
    expect(screen).not.toMatch(/waiting for approval/);
  });
});

describe('terminal prompt (authenticate: totp)', () => {
  test('approver id and a current code approve; the approver is recorded', async () => {
    const marker = join(dir, 'totp-ok');
    const { pane, done } = start(policy('totp'), marker);
    await pane.waitFor(/Approve this command\?/);
    pane.keys('Down', 'Enter');
    await pane.waitFor(/^\? Approver id:\s*$/m);
    pane.keys('alice', 'Enter');
    await pane.waitFor(/^\? TOTP code:\s*$/m);
    pane.keys(totp(Buffer.from('12345678901234567890'), Math.floor(Date.now() / 1000)), 'Enter');
    const { code, json } = await done;
    expect(code).toBe(0);
    expect(json).toMatchObject({ outcome: 'approved', approvers: ['alice'] });
    expect(existsSync(marker)).toBe(true);
  });

  test('three wrong codes never approve', async () => {
    const marker = join(dir, 'totp-bad');
    const { pane, done } = start(policy('totp'), marker);
    await pane.waitFor(/Approve this command\?/);
    pane.keys('Down', 'Enter');
    for (const approver of ['alice', 'bob', 'mallory']) {
      await pane.waitFor(/^\? Approver id:\s*$/m);
      pane.keys(approver, 'Enter');
      await pane.waitFor(/^\? TOTP code:\s*$/m);
      pane.keys('000000', 'Enter');
      await pane.waitFor(new RegExp(`not accepted: .*${approver}`));
    }
    const { code, json } = await done;
    expect(code).toBe(75);
    expect(json).toMatchObject({ outcome: 'approver_unreachable' });
    expect(existsSync(marker)).toBe(false);
    const log = await auditLog();
    const refused = log.filter((e) => e.type === 'decision' && e.outcome === 'decision_refused').map((e) => e.message);
    expect(refused).toEqual(expect.arrayContaining([
      expect.stringMatching(/wrong or expired TOTP code for approver alice/),
      'approver bob has no TOTP secret in the policy',
      'approver mallory is not defined in the policy',
    ]));
  });
});
