// A webhook approver that is down is not a silent wait (issue 14, item 4), through the built
// CLI: a real closed port and a real approver on 127.0.0.1 that answers 500. Off a terminal,
// stderr has one line per change of state (not one per retry); on a terminal (a real pty,
// tmux) the status line says why it is retrying; `--json` ends with `approver_unreachable`
// when the approver never took the request, `approval_expired` when it did but never decided.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { closedPort, json, serve, type Handler, type TestServer } from './server.js';
import { tmux, waitForFile, type Pane } from './tmux.js';
import { keys } from './world.js';

const dir = tempDir('down-');
const servers: TestServer[] = [];
const panes: Pane[] = [];
afterEach(async () => {
  for (const pane of panes.splice(0)) pane.kill();
  for (const server of servers.splice(0)) await server.close();
});

// A policy whose `touch` needs alice's approval over the webhook at `url`.
function policyFor(url: string, timeout = '3s'): string {
  const file = join(dir, `policy-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `version: 1
settings: { default: deny, approval_timeout: ${timeout} }
approvers:
  alice: { users: [alice], key: "${keys.alice.text}" }
channels:
  webhook: { url: "${url}", secret_env: HOOK_SECRET, timeout: 1s }
rules:
  - { id: touch-files, match: { command: touch }, decision: approve, approvers: [alice], channel: webhook }
`);
  return file;
}

// A real approver on 127.0.0.1 answering with `handler`.
async function approver(handler: Handler): Promise<TestServer> {
  const server = await serve(handler);
  servers.push(server);
  return server;
}

// Runs `touch` through the CLI off a terminal, with --json; the result line parsed.
async function runOff(policy: string) {
  const r = await runCli(['run', '--json', '-p', policy, '--audit-db', join(dir, 'audit.db'), '--', 'touch', join(dir, 'never')], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: '1', HOOK_SECRET: 'k' },
  });
  const lines = r.stderr.trimEnd().split('\n');
  return { ...r, lines, result: JSON.parse(lines.at(-1) ?? '{}') as Record<string, unknown> };
}

describe('a down approver, off a terminal', () => {
  test('a closed port: one line saying why, however many retries; approver_unreachable', async () => {
    const port = await closedPort();
    const r = await runOff(policyFor(`http://127.0.0.1:${port}/hook?token=s3cret`));
    expect(r.code).toBe(75);
    expect(r.result.outcome).toBe('approver_unreachable');
    const trouble = r.lines.filter((l) => l.includes('unreachable (connection refused)'));
    expect(trouble).toHaveLength(1);
    expect(trouble[0]).toMatch(new RegExp(`^approve-run: approver http://127\\.0\\.0\\.1:${port}/hook unreachable \\(connection refused\\); retrying, [1-3]s left$`));
    expect(r.stderr).not.toContain('s3cret');
  });

  test('an approver answering 500: retried, said once; approver_unreachable', async () => {
    const server = await approver((_q, res) => json(res, 500, { error: 'boom' }));
    const r = await runOff(policyFor(server.url));
    expect(r.result.outcome).toBe('approver_unreachable');
    expect(server.seen.filter((s) => s.method === 'POST').length).toBeGreaterThanOrEqual(2);
    const trouble = r.lines.filter((l) => l.startsWith('approve-run: approver '));
    expect(trouble).toEqual([expect.stringMatching(/^approve-run: approver http:\/\/127\.0\.0\.1:\d+\/\S* unreachable \(answered HTTP 500\); retrying, [1-3]s left$/)]);
  });

  test('an approver that recovers and takes the request: said so; then approval_expired, not unreachable', async () => {
    let posts = 0;
    const server = await approver((q, res) => {
      if (q.method === 'POST') return ++posts === 1 ? json(res, 500, {}) : json(res, 202, { status_url: '/status/1' });
      // Taken, then down again: the approver was reached, so no decision is an expiry.
      return json(res, 503, {});
    });
    const r = await runOff(policyFor(server.url));
    expect(r.code).toBe(75);
    expect(r.result.outcome).toBe('approval_expired');
    const states = r.lines.filter((l) => l.startsWith('approve-run: approver '));
    expect(states[0]).toMatch(/unreachable \(answered HTTP 500\); retrying/);
    expect(states[1]).toMatch(/^approve-run: approver reached; waiting for approval \(request req_\w+\), \ds left$/);
    expect(states[2]).toMatch(/unreachable \(answered HTTP 503\); retrying/);
  });
});

describe('a down approver, on a terminal', () => {
  test('the status line says why it is retrying', async () => {
    const port = await closedPort();
    const policy = policyFor(`http://127.0.0.1:${port}/hook`, '6s');
    const done = join(dir, `tty-${port}.done`);
    const line = `HOOK_SECRET=k NO_COLOR=1 ${process.execPath} ${CLI} run --json -p ${policy} --audit-db ${join(dir, 'audit.db')} -- touch ${join(dir, 'never')}; echo $? > ${done}`;
    const pane = tmux(`down${port}`, `sh -c '${line}'`);
    panes.push(pane);
    await pane.waitFor(new RegExp(`approver http://127\\.0\\.0\\.1:${port}/hook unreachable \\(connection refused\\); retrying, [1-6]s left`));
    expect(await waitForFile(done)).toBe('75\n');
  });
});
