// `session revoke` and containment (SPEC §5.3, §9), through the built CLI with a real webhook
// approver: a revoke stops the whole run, background jobs included; after the supervisor died
// its run is already gone, and the revoke does not claim to stop anything.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApprovalRequest } from '../../src/approval/request/request.js';
import { json, serve, type TestServer } from '../approval/server.js';
import { keys, signed } from '../approval/world.js';
import { CLI, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
let server: TestServer;
const tokens: string[] = [];

// Pids whose command line contains `token`.
function holders(token: string): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        return readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(token);
      } catch {
        return false;
      }
    })
    .map(Number);
}

// Polls `check` every 50 ms for up to `ms`; true once it held.
async function until(check: () => boolean, ms = 10_000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return true;
    await sleep(50);
  }
  return check();
}

beforeAll(async () => {
  server = await serve((q, res, body) => {
    if (q.method !== 'POST') return json(res, 202, {});
    const { request } = JSON.parse(body) as { request: ApprovalRequest };
    return json(res, 200, { decisions: [signed(request, 'alice')] });
  });
});
afterAll(async () => server?.close());
afterEach(() => {
  for (const token of tokens) for (const pid of holders(token)) try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ }
});

// A script that leaves a marked background job and sleeps, approved for a 10-minute session.
function world(confine: 'required' | 'off') {
  const dir = tempDir();
  const token = `sbxrev${randomBytes(6).toString('hex')}`;
  tokens.push(token);
  const script = join(dir, 'job.sh');
  writeFileSync(script, `#!/bin/bash\n(exec -a ${token}bg sleep 300) &\nexec -a ${token}main sleep 300\n`, { mode: 0o755 });
  const policy = join(dir, 'policy.yaml');
  writeFileSync(policy, `version: 1
settings: { default: deny, kill_grace: 1s, confine: ${confine} }
approvers:
  alice: { users: [alice], key: "${keys.alice.text}" }
channels:
  webhook: { url: "${server.url}", timeout: 2s }
rules:
  - id: job
    match: { command: ${script} }
    decision: approve
    approvers: [alice]
    session_ttl: 10m
`);
  const db = join(dir, 'audit.db');
  const env = { PATH: '/usr/bin:/bin', NO_COLOR: '1', XDG_CONFIG_HOME: tempDir(), XDG_CACHE_HOME: tempDir() };
  const child = spawn(process.execPath, [CLI, 'run', '-p', policy, '--audit-db', db, '--', script], { env, stdio: 'ignore' });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // The session id, once the run is under way.
  const sessionId = async () => {
    const list = JSON.parse((await runCli(['session', 'list', '--json', '--audit-db', db])).stdout) as Array<{ id: string }>;
    return list[0]?.id ?? '';
  };
  return { token, child, exited, db, sessionId };
}

describe('session revoke and containment', () => {
  it('a revoke stops the run and every process it started (124)', async () => {
    const w = world('required');
    expect(await until(() => holders(w.token).length >= 2)).toBe(true);
    const revoke = await runCli(['session', 'revoke', await w.sessionId(), '--audit-db', w.db]);
    expect(revoke.stdout).toMatch(/stopping 1 running command/);
    expect(await w.exited).toBe(124);
    expect(await until(() => holders(w.token).length === 0, 3000)).toBe(true);
  });

  it('after the supervisor was SIGKILLed its run is gone, and the revoke claims to stop nothing', async () => {
    const w = world('required');
    expect(await until(() => holders(w.token).length >= 2)).toBe(true);
    const id = await w.sessionId();
    w.child.kill('SIGKILL');
    expect(await until(() => holders(w.token).length === 0, 3000)).toBe(true);
    const revoke = await runCli(['session', 'revoke', id, '--audit-db', w.db]);
    expect(revoke.code).toBe(0);
    expect(revoke.stdout).not.toMatch(/stopping/);
    expect(revoke.stdout).toMatch(/no run under it was still going, so none was stopped/);
  });

  it('(control) unconfined, the same run outlives its SIGKILLed supervisor', async () => {
    const w = world('off');
    expect(await until(() => holders(w.token).length >= 2)).toBe(true);
    w.child.kill('SIGKILL');
    await sleep(1000);
    expect(holders(w.token).length).toBeGreaterThan(0);
  });
});
