// The README's "Under sudo: a webhook approval, step by step", followed as written: its step-2
// shell block runs through bash (sudo is root itself here), the policy it writes is used
// unchanged but for the approver's port and /tmp/ar, and the request runs in privileged mode
// (SUDO_UID of nobody) with a real reference approver on 127.0.0.1. /etc/approve-run and
// /var/lib/approve-run are temp dirs mounted over the real ones with bwrap, so nothing outside
// the temp dirs is touched.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { overlay } from '../helpers/overlay.js';
import { tempDir } from '../helpers/tmp.js';
import { closedPort } from '../approval/server.js';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const APPROVER = join(REPO, 'examples/approver/approver.mjs');
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const START = README.indexOf('## Under sudo: a webhook approval');
const SECTION = README.slice(START, README.indexOf('\n## ', START + 1));
const BLOCKS = [...SECTION.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

const etc = tempDir();
const lib = tempDir();
/** Stands for /tmp/ar. */
const work = tempDir();
chmodSync(etc, 0o755);
const BWRAP = ['--dev-bind', '/', '/', ...overlay('/etc/approve-run', etc), ...overlay('/var/lib/approve-run', lib), '--'];
const sudo = { PATH: '/usr/bin:/bin', NO_COLOR: '1', SUDO_UID: '65534', SUDO_USER: 'nobody', SUDO_GID: '65534' };

// Runs a program inside the overlay.
function inside(argv: string[], env: Record<string, string>, cwd = '/') {
  return spawnSync('/usr/bin/bwrap', [...BWRAP, ...argv], { env, cwd, encoding: 'utf8', timeout: 30_000 });
}
// `approve-run ARGS` inside the overlay, as the agent would run it under sudo.
const approveRun = (args: string[]) => inside([process.execPath, CLI, ...args], sudo);

// Starts the reference approver with the secret, approving whatever it is sent.
async function startApprover(port: number, secret: string, key: string): Promise<void> {
  const child = spawn(process.execPath, [APPROVER, '--port', String(port), '--approver', 'alice', '--key', key, '--auto', 'approve'], {
    env: { ...process.env, APPROVE_RUN_WEBHOOK_SECRET: secret },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  for (let i = 0; i < 100 && !out.includes('listening'); i++) await new Promise((r) => setTimeout(r, 50));
}

describe('README: under sudo, a webhook approval', () => {
  it('works when followed literally, with secret_file', async () => {
    expect(BLOCKS).toHaveLength(4);
    const home = tempDir();
    // Step 1 as alice (root here; the key is only a file).
    expect(spawnSync(process.execPath, [CLI, 'keygen', '-o', 'alice'], { cwd: home, encoding: 'utf8' }).status).toBe(0);
    // Step 2, the admin's block, through bash; `sudo` is root itself, `approve-run` the CLI.
    const port = await closedPort();
    const step2 = (BLOCKS[1] ?? '').replaceAll('8787', String(port)).replaceAll('/tmp/ar', work);
    const shell = `sudo() { "$@"; }\napprove-run() { env SUDO_UID=65534 SUDO_USER=nobody ${process.execPath} ${CLI} "$@"; }\nset -e\n${step2}`;
    const admin = inside(['/bin/bash', '--norc', '--noprofile', '-c', shell], { PATH: '/usr/bin:/bin', NO_COLOR: '1' }, home);
    expect(admin.stderr).toBe('');
    expect(admin.stdout).toMatch(/policy\.yaml: valid \(1 rule, 1 approver/);
    expect(admin.status).toBe(0);
    const secretFile = join(etc, 'webhook.secret');
    expect(readFileSync(secretFile, 'utf8')).toMatch(/^[0-9a-f]{64}$/);
    // Step 3: the approver, with the secret from the root-owned file.
    await startApprover(port, readFileSync(secretFile, 'utf8'), join(home, 'alice.key'));
    // Step 4: the agent's request, under sudo.
    const result = approveRun(['--json', '-r', 'trying it out', '--', 'touch', join(work, 'hello')]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ outcome: 'approved', exit_code: 0, approvers: ['alice'] });
    expect(existsSync(join(work, 'hello'))).toBe(true);
    // A second identical request within the session runs on it.
    const again = approveRun(['--json', '-r', 'trying it out', '--', 'touch', join(work, 'hello')]);
    expect(JSON.parse(again.stderr.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ outcome: 'session', exit_code: 0 });
    const log = approveRun(['audit', 'log']);
    expect(log.status).toBe(0);
    expect(log.stdout).toMatch(/alice/);
  }, 60_000);

  it('with secret_env instead, the request stops at once with 125 saying how to fix it; validate warns', () => {
    const policy = join(etc, 'policy.yaml');
    writeFileSync(policy, readFileSync(policy, 'utf8').replace('secret_file: /etc/approve-run/webhook.secret', 'secret_env: APPROVE_RUN_WEBHOOK_SECRET'));
    const result = approveRun(['--json', '--', 'touch', join(work, 'never')]);
    expect(result.status).toBe(125);
    expect(result.stderr).toMatch(/^approve-run: no approver can ever be reached for touch-tmp with this policy: webhook: channels\.webhook\.secret_env is refused in privileged mode.*use channels\.webhook\.secret_file/m);
    expect(JSON.parse(result.stderr.trim().split('\n').at(-1) ?? '{}')).toMatchObject({ outcome: 'error', exit_code: 125, request_id: null });
    const validate = approveRun(['policy', 'validate']);
    expect(validate.status).toBe(0);
    expect(validate.stdout).toMatch(/warning: rule "touch-tmp" can never be approved under sudo \(privileged mode\)/);
  });

  it('no channel at all stays what the decision function says: denied by the policy (77), never 75', () => {
    const policy = join(etc, 'policy.yaml');
    const original = readFileSync(policy, 'utf8');
    writeFileSync(policy, original.replace(/channels:\n.*\n/, ''));
    const result = approveRun(['--', 'touch', join(work, 'never')]);
    writeFileSync(policy, original);
    expect(result.stderr).toMatch(/denied by touch-tmp: no approval channel/);
    expect(result.status).toBe(77);
    expect(existsSync(join(work, 'never'))).toBe(false);
  });

  it.each([
    ['only an unauthenticated terminal', (text: string) => text.replace(/channels:\n.*\n/, 'channels:\n  terminal: { authenticate: none }\n'), /terminal: an unauthenticated terminal cannot approve in privileged mode/],
    ['a secret_file others can read', (text: string) => (chmodSync(join(etc, 'webhook.secret'), 0o644), text), /secret_file \/etc\/approve-run\/webhook\.secret is accessible by group or others/],
  ])('%s: 125 before anything is logged', (_what, edit, message) => {
    const policy = join(etc, 'policy.yaml');
    const original = readFileSync(policy, 'utf8').replace('secret_env: APPROVE_RUN_WEBHOOK_SECRET', 'secret_file: /etc/approve-run/webhook.secret');
    writeFileSync(policy, edit(original));
    const before = approveRun(['audit', 'export']).stdout.split('\n').length;
    const result = approveRun(['--', 'touch', join(work, 'never')]);
    chmodSync(join(etc, 'webhook.secret'), 0o600);
    writeFileSync(policy, original);
    expect(result.stderr).toMatch(message);
    expect(result.status).toBe(125);
    expect(approveRun(['audit', 'export']).stdout.split('\n').length).toBe(before);
  });
});
