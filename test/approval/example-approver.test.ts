// The reference approver (examples/approver) as a real process, with approve-run's built CLI:
// 202 + long-poll, a decision given with curl-style POST /decide, HMAC and token checks,
// and --auto for an approver that answers at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { closedPort } from './server.js';

const APPROVER = fileURLToPath(new URL('../../examples/approver/approver.mjs', import.meta.url));
const dir = tempDir();
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

interface Approver {
  url: string;
  token: string;
  out(): string;
}

// Starts the reference approver and waits for its start banner.
async function startApprover(args: string[], env: Record<string, string>): Promise<Approver> {
  const port = await closedPort();
  const child = spawn(process.execPath, [APPROVER, '--port', String(port), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 100 && !/decide token \(for curl\): [0-9a-f]{32}/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
  const token = /decide token \(for curl\): ([0-9a-f]{32})/.exec(out)?.[1] ?? '';
  return { url: `http://127.0.0.1:${port}/approve-run`, token, out: () => out };
}

// Writes a policy that sends `touch` to the approver at `url`.
function policyFor(url: string, pub: string, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, `version: 1
settings: { default: deny, approval_timeout: 20s }
approvers:
  alice: { users: [alice], key: "${pub}" }
channels:
  webhook: { url: "${url}", secret_env: APPROVE_RUN_WEBHOOK_SECRET, timeout: 5s }
rules:
  - id: touch-files
    match: { command: touch }
    decision: approve
    approvers: [alice]
`);
  return file;
}

describe('reference approver', () => {
  test('202, long-poll, and a decision posted with the decide token lets the command run', async () => {
    expect((await runCli(['keygen', '-o', join(dir, 'alice')])).code).toBe(0);
    const pub = (await import('node:fs')).readFileSync(join(dir, 'alice.pub'), 'utf8').trim();
    const env = { APPROVE_RUN_WEBHOOK_SECRET: 'correct horse' };
    const a = await startApprover(['--approver', 'alice', '--key', join(dir, 'alice.key')], env);
    expect(a.token).toMatch(/^[0-9a-f]{32}$/);
    const marker = join(dir, 'released');
    const run = spawn(process.execPath, [CLI, 'run', '--json', '-p', policyFor(a.url, pub, 'p1.yaml'), '--audit-db', join(dir, 'a.db'), '--', 'touch', marker], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    run.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = new Promise<number | null>((resolve) => run.on('close', resolve));
    // The approver prints the request as several lines, which may arrive in several chunks:
    // wait for the last one.
    for (let i = 0; i < 100 && !/decide: {3}a req_/.test(a.out()); i++) await new Promise((r) => setTimeout(r, 50));
    const id = /approval requested: (req_[0-9A-Z]{26})/.exec(a.out())?.[1] ?? '';
    expect(a.out()).toMatch(/command {3}touch \S+released/);
    const base = a.url.replace('/approve-run', '');
    expect((await fetch(`${base}/decide/${id}?decision=approve`, { method: 'POST', headers: { authorization: 'Bearer wrong' } })).status).toBe(403);
    expect(existsSync(marker)).toBe(false);
    const ok = await fetch(`${base}/decide/${id}?decision=approve&reason=looks+fine`, { method: 'POST', headers: { authorization: `Bearer ${a.token}` } });
    expect(ok.status).toBe(200);
    expect(await code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect(JSON.parse(err.trim().split('\n').at(-1)!)).toMatchObject({ outcome: 'approved', approvers: ['alice'] });
    expect((await fetch(`${base}/decide/${id}?decision=deny`, { method: 'POST', headers: { authorization: `Bearer ${a.token}` } })).status).toBe(409);
  });

  test('rejects unsigned or wrongly signed requests', async () => {
    const a = await startApprover(['--approver', 'alice', '--key', join(dir, 'alice.key')], { APPROVE_RUN_WEBHOOK_SECRET: 'correct horse' });
    const body = JSON.stringify({ type: 'approval.requested', request: {}, request_hash: 'x' });
    expect((await fetch(a.url, { method: 'POST', body, headers: { 'content-type': 'application/json' } })).status).toBe(401);
    const forged = `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`;
    expect((await fetch(a.url, { method: 'POST', body, headers: { 'x-approve-run-signature': forged } })).status).toBe(401);
    const old = `t=${Math.floor(Date.now() / 1000) - 3600},v1=${'0'.repeat(64)}`;
    const stale = await fetch(a.url, { method: 'POST', body, headers: { 'x-approve-run-signature': old } });
    expect(await stale.json()).toEqual({ error: 'signature timestamp outside the allowed window' });
  });

  test('--auto deny answers at once with a signed deny (raw base64 seed key)', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const seed = privateKey.export({ format: 'jwk' }).d as string;
    writeFileSync(join(dir, 'seed.key'), `${Buffer.from(seed, 'base64url').toString('base64')}\n`, { mode: 0o600 });
    const pub = `ed25519:${Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url').toString('base64')}`;
    const a = await startApprover(['--approver', 'alice', '--key', join(dir, 'seed.key'), '--auto', 'deny', '--no-secret'], {});
    const r = await runCli(['run', '--json', '-p', policyFor(a.url, pub, 'p2.yaml'), '--audit-db', join(dir, 'b.db'), '--', 'touch', join(dir, 'never')], { env: { ...process.env, APPROVE_RUN_WEBHOOK_SECRET: 'unused' } });
    expect(r.code).toBe(77);
    expect(r.stderr).toMatch(/denied by alice: automatic \(--auto\)/);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});
