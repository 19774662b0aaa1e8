// End to end through the built CLI (`npm run build` first): a real webhook approver on
// 127.0.0.1, a real audit database, real child processes; run outcomes and exit codes of
// SPEC §7, sessions and `session list` / `session revoke` (SPEC §5.3).
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { json, serve, type TestServer } from './server.js';
import { keys, signed } from './world.js';
import type { ApprovalRequest } from '../../src/approval/request/request.js';

type Mode = 'approve' | 'deny' | 'pending' | 'broken';
let server: TestServer;
let mode: Mode = 'approve';
const asked: string[] = [];
const dir = tempDir();
const db = join(dir, 'audit.db');

// Writes a policy: `touch` and `sleep` need approval by alice or bob over `channel`.
function writePolicy(name: string, channel: string, extra = ''): string {
  const file = join(dir, name);
  writeFileSync(file, `version: 1
settings: { default: deny, approval_timeout: 2s, kill_grace: 1s }
approvers:
  alice: { users: [alice], key: "${keys.alice.text}" }
  bob: { users: [bob], key: "${keys.bob.text}" }
channels:
  webhook: { url: "${server.url}", secret_env: HOOK_SECRET, timeout: 1s }
  terminal: { authenticate: none }
rules:
  - id: touch-files
    match: { command: [touch, sleep] }
    decision: approve
    approvers: [alice, bob]
    channel: ${channel}
${extra}`);
  return file;
}

beforeAll(async () => {
  server = await serve((q, res, body) => {
    if (q.method !== 'POST') return json(res, 202, {});
    const { request } = JSON.parse(body) as { request: ApprovalRequest };
    asked.push(request.id);
    if (mode === 'approve') return json(res, 200, { decisions: [signed(request, 'alice')] });
    if (mode === 'deny') return json(res, 200, { decision: signed(request, 'bob', 'deny', { reason: 'change freeze' }) });
    if (mode === 'pending') return json(res, 202, { status_url: '/status/1' });
    return json(res, 500, {});
  });
});
afterAll(async () => server?.close());

// Runs approve-run with the test's policy and database; `--json` result parsed from stderr.
async function run(policyFile: string, command: string[], opts: { cwd?: string; extra?: string[] } = {}) {
  const r = await runCli(['run', '--json', '-p', policyFile, '--audit-db', db, ...(opts.extra ?? []), '--', ...command], {
    cwd: opts.cwd ?? dir,
    env: { ...process.env, NO_COLOR: '1', HOOK_SECRET: 'k' },
  });
  const last = r.stderr.trim().split('\n').at(-1) ?? '{}';
  return { ...r, result: JSON.parse(last) as Record<string, unknown> };
}

describe('run with a webhook approval', () => {
  const ttl = () => writePolicy('ttl.yaml', 'webhook', '    session_ttl: 10m\n');
  test('approved: the command runs, then an identical request runs under the session', async () => {
    mode = 'approve';
    const p = ttl();
    const marker = join(dir, 'approved');
    const first = await run(p, ['touch', marker]);
    expect(first.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect(first.result).toMatchObject({ outcome: 'approved', exit_code: 0, approvers: ['alice'], session_id: expect.stringMatching(/^ses_/) });
    const before = asked.length;
    const second = await run(p, ['touch', marker]);
    expect(second.result).toMatchObject({ outcome: 'session', exit_code: 0, session_id: first.result.session_id });
    expect(asked.length).toBe(before);
    const other = await run(p, ['touch', marker], { cwd: tempDir() });
    expect(other.result).toMatchObject({ outcome: 'approved' });
    expect(asked.length).toBe(before + 1);
    const list = await runCli(['session', 'list', '--json', '--audit-db', db]);
    expect(JSON.parse(list.stdout)).toEqual(expect.arrayContaining([expect.objectContaining({ id: first.result.session_id, status: 'active', argv: ['touch', marker] })]));
  });

  test('denied by an approver: exit 77, nothing runs', async () => {
    mode = 'deny';
    const marker = join(dir, 'denied');
    const r = await run(ttl(), ['touch', marker]);
    expect(r.code).toBe(77);
    expect(existsSync(marker)).toBe(false);
    expect(r.result).toMatchObject({ outcome: 'denied_by_approver', exit_code: 77 });
    expect(r.stderr).toMatch(/approve-run: denied by bob: change freeze/);
  });

  test('approver unreachable: exit 75, nothing runs', async () => {
    mode = 'broken';
    const marker = join(dir, 'unreachable');
    const r = await run(ttl(), ['touch', marker]);
    expect(r.code).toBe(75);
    expect(existsSync(marker)).toBe(false);
    expect(r.result).toMatchObject({ outcome: 'approver_unreachable', exit_code: 75 });
  });

  test('approval expired: exit 75 with the SPEC line, nothing runs', async () => {
    mode = 'pending';
    const marker = join(dir, 'expired');
    const r = await run(ttl(), ['touch', marker]);
    expect(r.code).toBe(75);
    expect(existsSync(marker)).toBe(false);
    expect(r.result).toMatchObject({ outcome: 'approval_expired' });
    expect(r.stderr).toMatch(/approve-run: approval expired after 2s \(request req_\w+\)/);
  });

  test('without session_ttl the approval covers one run only', async () => {
    mode = 'approve';
    const p = writePolicy('once.yaml', 'webhook');
    const marker = join(dir, 'once');
    expect((await run(p, ['touch', marker])).result).toMatchObject({ outcome: 'approved' });
    const before = asked.length;
    expect((await run(p, ['touch', marker])).result).toMatchObject({ outcome: 'approved' });
    expect(asked.length).toBe(before + 1);
  });
});

describe('the terminal channel without a terminal', () => {
  test('--non-interactive never approves', async () => {
    const marker = join(dir, 'nonint');
    const r = await run(writePolicy('term.yaml', 'terminal'), ['touch', marker], { extra: ['--non-interactive'] });
    expect(r.code).toBe(75);
    expect(existsSync(marker)).toBe(false);
    expect(r.stderr).toMatch(/terminal: not available with --non-interactive/);
  });

  test('piped "yes" on stdin with no controlling terminal (setsid) never approves', async () => {
    const p = writePolicy('term.yaml', 'terminal');
    const marker = join(dir, 'piped');
    const child = spawn('setsid', ['-w', process.execPath, CLI, 'run', '-p', p, '--audit-db', db, '--', 'touch', marker], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdin.end('y\n\n1\napprove\n');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(75);
    expect(existsSync(marker)).toBe(false);
    expect(stderr).toMatch(/terminal: no controlling terminal/);
  });
});

describe('session revoke', () => {
  test('stops a running command under the session and logs it', async () => {
    mode = 'approve';
    const p = writePolicy('revoke.yaml', 'webhook', '    session_ttl: 10m\n');
    const child = spawn(process.execPath, [CLI, 'run', '--json', '-p', p, '--audit-db', db, '--', 'sleep', '30'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, HOOK_SECRET: 'k' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    let session: { id: string; running_pids: number[] } | undefined;
    for (let i = 0; i < 100 && session === undefined; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const list = JSON.parse((await runCli(['session', 'list', '--json', '--audit-db', db])).stdout) as Array<{ id: string; argv: string[]; running_pids: number[] }>;
      session = list.find((s) => s.argv[0] === 'sleep' && s.running_pids.length > 0);
    }
    expect(session?.running_pids).toEqual([child.pid]);
    const t0 = Date.now();
    const revoke = await runCli(['session', 'revoke', session!.id, '--audit-db', db]);
    expect(revoke.code).toBe(0);
    expect(revoke.stdout).toMatch(new RegExp(`^revoked ${session!.id} \\(sleep 30\\); stopping 1 running command`));
    expect(await closed).toBe(124);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(stderr).toMatch(/session .* was revoked/);
    const log = (await runCli(['audit', 'log', '--json', '--audit-db', db])).stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(log.filter((e) => e.type === 'session_revoke')).toEqual([expect.objectContaining({ session_id: session!.id })]);
    expect(log.filter((e) => e.type === 'exec_end').at(-1)).toMatchObject({ revoked: true });
    const after = JSON.parse((await runCli(['session', 'list', '--json', '--all', '--audit-db', db])).stdout) as Array<{ id: string; status: string }>;
    expect(after.find((s) => s.id === session!.id)?.status).toBe('revoked');
    const before = asked.length;
    const again = await run(p, ['sleep', '30'], { extra: ['--timeout', '1s'] });
    expect(asked.length).toBe(before + 1);
    expect(again.result).toMatchObject({ outcome: 'timed_out', exit_code: 124 });
  });

  test('unknown or malformed session ids are usage errors (125)', async () => {
    expect((await runCli(['session', 'revoke', 'ses_00000000000000000000000000', '--audit-db', db])).code).toBe(125);
    expect((await runCli(['session', 'revoke', '../../etc', '--audit-db', db])).code).toBe(125);
  });
});
