// The content-binding attacks of issue 13 run for real (`npm run build` first): the built CLI,
// a real webhook approver on 127.0.0.1, real scripts rewritten or retargeted between runs, a
// real SQLite audit log. The approver approves only content it has seen (by the digests in
// the request), as a careful person would; each test checks that content no approver saw
// never runs, whatever else happens.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ApprovalRequest } from '../../src/approval/request/request.js';
import { json, serve, type TestServer } from '../approval/server.js';
import { keys, signed } from '../approval/world.js';
import { CLI, runCli } from '../helpers/cli.js';
import { WRITES_TEMP } from '../helpers/settings.js';
import { tempDir } from '../helpers/tmp.js';

let server: TestServer;
/** What the approver does with a request whose content it has not approved before. */
let onNew: 'approve' | 'deny' | ((request: ApprovalRequest) => void) = 'approve';
const seen: ApprovalRequest[] = [];
const approvedContent = new Set<string>();

beforeAll(async () => {
  server = await serve((q, res, body) => {
    if (q.method !== 'POST') return json(res, 202, {});
    const { request } = JSON.parse(body) as { request: ApprovalRequest };
    seen.push(request);
    const content = JSON.stringify(request.digests);
    if (approvedContent.has(content) || onNew !== 'deny') {
      if (typeof onNew === 'function') onNew(request);
      approvedContent.add(content);
      return json(res, 200, { decisions: [signed(request, 'alice')] });
    }
    return json(res, 200, { decisions: [signed(request, 'alice', 'deny', { reason: 'content not reviewed' })] });
  });
});
afterAll(async () => server?.close());

// A fresh work directory with a policy whose only rule is `rule` (YAML lines, indented).
function world(rule: string): { dir: string; policy: string; db: string; out: string } {
  const dir = tempDir();
  const policy = join(dir, 'policy.yaml');
  writeFileSync(policy, `version: 1
settings: { default: deny, approval_timeout: 5s, kill_grace: 1s }
approvers:
  alice: { users: [alice], key: "${keys.alice.text}" }
channels:
  webhook: { url: "${server.url}", secret_env: HOOK_SECRET, timeout: 5s }
rules:
${rule}`);
  return { dir, policy, db: join(dir, 'audit.db'), out: join(dir, 'out') };
}

const approveRule = (commands: string) => `  - id: scripts
    match: { command: [${commands}] }
    decision: approve
    approvers: [alice]
    channel: webhook
    session_ttl: 10m
`;

// Runs approve-run in `w.dir`; the --json summary parsed from stderr.
async function run(w: { dir: string; policy: string; db: string }, command: string[], extra: string[] = []) {
  const r = await runCli(['run', '--json', '-p', w.policy, '--audit-db', w.db, ...extra, '--', ...command], { cwd: w.dir, env: { ...process.env, NO_COLOR: '1', HOOK_SECRET: 'k' } });
  const last = r.stderr.trim().split('\n').at(-1) ?? '{}';
  return { ...r, result: JSON.parse(last.startsWith('{') ? last : '{}') as Record<string, unknown> };
}

// A script that appends `tag` to the out file.
const script = (out: string, tag: string) => `#!/bin/sh\necho ${tag} >> '${out}'\n`;
const ran = (out: string) => (existsSync(out) ? readFileSync(out, 'utf8').trim().split('\n') : []);

// Every leaf of the audit log at `db`.
function leaves(db: string): Array<Record<string, unknown>> {
  const handle = new Database(db, { readonly: true });
  try {
    return (handle.prepare('SELECT leaf FROM entries ORDER BY seq').all() as Array<{ leaf: string }>).map((r) => JSON.parse(r.leaf) as Record<string, unknown>);
  } finally {
    handle.close();
  }
}

describe('a session never runs content no approver saw', () => {
  test.each([
    ['./deploy.sh', 'deploy.sh', (s: string) => [s]],
    ['bash deploy.sh', 'bash', (s: string) => ['bash', s]],
  ])('%s: rewritten after approval, the next run is not a session and the new content never runs', async (_name, commands, argv) => {
    const w = world(approveRule(commands));
    const file = join(w.dir, 'deploy.sh');
    writeFileSync(file, script(w.out, 'v1'), { mode: 0o755 });
    onNew = 'approve';
    const first = await run(w, argv('./deploy.sh'));
    expect(first.result).toMatchObject({ outcome: 'approved', exit_code: 0 });
    expect(seen.at(-1)?.digests?.script).toMatch(/^sha256:[0-9a-f]{64}$/);
    const again = await run(w, argv('./deploy.sh'));
    expect(again.result).toMatchObject({ outcome: 'session' });
    writeFileSync(file, script(w.out, 'v2'), { mode: 0o755 });
    onNew = 'deny';
    const third = await run(w, argv('./deploy.sh'));
    expect(third.result.outcome).not.toBe('session');
    expect(third.code).toBe(77);
    expect(ran(w.out)).toEqual(['v1', 'v1']);
  });

  test('a --shell line binds the script it runs too', async () => {
    const w = world(approveRule('bash'));
    const file = join(w.dir, 'deploy.sh');
    writeFileSync(file, script(w.out, 'v1'));
    onNew = 'approve';
    expect((await run(w, ['bash deploy.sh'], ['--shell'])).result).toMatchObject({ outcome: 'approved', exit_code: 0 });
    expect(seen.at(-1)?.digests?.script).toMatch(/^sha256:/);
    writeFileSync(file, script(w.out, 'v2'));
    onNew = 'deny';
    const r = await run(w, ['bash deploy.sh'], ['--shell']);
    expect(r.result.outcome).not.toBe('session');
    expect(ran(w.out)).toEqual(['v1']);
  });

  test('bash ./run.sh: a symlink retargeted after approval is new content', async () => {
    const w = world(approveRule('bash'));
    writeFileSync(join(w.dir, 'a.sh'), script(w.out, 'a'));
    writeFileSync(join(w.dir, 'b.sh'), script(w.out, 'b'));
    symlinkSync('a.sh', join(w.dir, 'run.sh'));
    onNew = 'approve';
    expect((await run(w, ['bash', './run.sh'])).result).toMatchObject({ outcome: 'approved', exit_code: 0 });
    rmSync(join(w.dir, 'run.sh'));
    symlinkSync('b.sh', join(w.dir, 'run.sh'));
    onNew = 'deny';
    const r = await run(w, ['bash', './run.sh']);
    expect(r.result.outcome).not.toBe('session');
    expect(r.code).toBe(77);
    expect(ran(w.out)).toEqual(['a']);
  });
});

describe('content changed while the approval is pending', () => {
  test.each([
    ['./deploy.sh', 'deploy.sh', (s: string) => [s]],
    ['bash deploy.sh', 'bash', (s: string) => ['bash', s]],
  ])('%s: the approved run refuses (125) and the rewritten content never runs', async (_name, commands, argv) => {
    const w = world(approveRule(commands));
    const file = join(w.dir, 'deploy.sh');
    writeFileSync(file, script(w.out, 'seen'), { mode: 0o755 });
    onNew = () => writeFileSync(file, script(w.out, 'unseen'), { mode: 0o755 });
    const r = await run(w, argv('./deploy.sh'));
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/deploy\.sh changed since it was approved \(sha256:[0-9a-f]{64}, now sha256:[0-9a-f]{64}\); not running it/);
    expect(ran(w.out)).toEqual([]);
    const types = leaves(w.db).map((e) => `${String(e.type)}:${String(e.outcome ?? '')}`);
    expect(types).toContain('decision:error');
    expect(types.some((t) => t.startsWith('exec_start'))).toBe(false);
  });
});

describe('argv that is not valid UTF-8', () => {
  test("rm $'keep\\xff' exits 125 naming the argument; keep\\uFFFD is untouched", async () => {
    const w = world(`  - id: rm-files
    match: { command: [rm], args: ["**"] }
    decision: allow
    confine: ${WRITES_TEMP}
`);
    const victim = join(w.dir, 'keep\uFFFD');
    writeFileSync(victim, 'keep me');
    // Node cannot pass raw bytes in argv, so a shell puts the byte there.
    const child = spawn('/bin/sh', ['-c', `exec "$0" "$@" "$(printf 'keep\\377')"`, process.execPath, CLI, 'run', '-p', w.policy, '--audit-db', w.db, '--', 'rm'], { cwd: w.dir });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(125);
    expect(stderr).toMatch(/argument \d+ is not valid UTF-8: 'keep\\xff'/);
    expect(existsSync(victim)).toBe(true);
  });

  test('a real U+FFFD in an argument is valid UTF-8 and runs', async () => {
    const w = world(`  - id: rm-files
    match: { command: [rm], args: ["**"] }
    decision: allow
    confine: ${WRITES_TEMP}
`);
    const victim = join(w.dir, 'keep\uFFFD');
    writeFileSync(victim, 'remove me');
    const r = await run(w, ['rm', 'keep\uFFFD']);
    expect(r.code).toBe(0);
    expect(existsSync(victim)).toBe(false);
  });
});

describe('path operands of allow rules are matched as resolved too', () => {
  test('a symlink planted under an allowed directory does not read outside it', async () => {
    const base = tempDir();
    const logs = join(base, 'logs');
    const w = world(`  - id: read-logs
    match: { command: [cat], args: ["${logs}/*"] }
    decision: allow
    confine: ${WRITES_TEMP}
`);
    mkdirSync(logs);
    writeFileSync(join(logs, 'app.log'), 'log line\n');
    writeFileSync(join(base, 'shadow'), 'root:secret\n');
    symlinkSync(join(base, 'shadow'), join(logs, 'evil.log'));
    symlinkSync('app.log', join(logs, 'alias.log'));
    const control = await run(w, ['cat', join(logs, 'app.log')]);
    expect(control.result).toMatchObject({ outcome: 'allowed', exit_code: 0 });
    expect(control.stdout).toBe('log line\n');
    expect((await run(w, ['cat', join(logs, 'alias.log')])).result).toMatchObject({ outcome: 'allowed' });
    const attack = await run(w, ['cat', join(logs, 'evil.log')]);
    expect(attack.result.outcome).not.toBe('allowed');
    expect(attack.stdout).not.toContain('secret');
    const dotted = await run(w, ['cat', `${logs}/../shadow`]);
    expect(dotted.stdout).not.toContain('secret');
  });

  test('a deny rule on the resolved file holds through a symlink', async () => {
    const base = tempDir();
    const w = world(`  - id: cat-any
    match: { command: [cat], args: ["**"] }
    decision: allow
    confine: ${WRITES_TEMP}
  - id: no-secret
    match: { command: [cat], args: ["${base}/secret"] }
    decision: deny
`);
    writeFileSync(join(base, 'secret'), 'hidden\n');
    symlinkSync(join(base, 'secret'), join(w.dir, 'innocent'));
    const r = await run(w, ['cat', './innocent']);
    expect(r.code).toBe(77);
    expect(r.result).toMatchObject({ outcome: 'denied_by_policy', rule_ids: ['no-secret'] });
    expect(r.stdout).not.toContain('hidden');
  });
});
