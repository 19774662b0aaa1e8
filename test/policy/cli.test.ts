// `policy validate` and `policy test` through the built CLI (run `npm run build` first).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const EXAMPLE = fileURLToPath(new URL('../../policies.example.yaml', import.meta.url));
const K1 = 'ed25519:3Kp7m32yh5mmf24fyqqTvBM95imrcHa3QmvXHv1sK3E=';

// The caller's environment without anything that picks a policy or signals privilege.
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(APPROVE_RUN_|SUDO_)/.test(key)) env[key] = value;
  }
  return { ...env, NO_COLOR: '1', ...extra };
}

const dir = tempDir();
const write = (name: string, lines: string[]): string => {
  const path = join(dir, name);
  writeFileSync(path, [...lines, ''].join('\n'));
  return path;
};

const GOOD = write('good.yaml', [
  'version: 1',
  'approvers:',
  `  alice: { users: [alice], key: "${K1}" }`,
  'channels:',
  '  webhook: { url: "http://127.0.0.1:1/approve" }',
  'rules:',
  '  - { id: say, match: { command: echo }, decision: allow }',
  '  - { id: restart, match: { command: systemctl, args: [restart, "*.service"] }, decision: approve, approvers: [alice] }',
  '  - { id: wipe, match: { command: [mkfs, "mkfs.*"] }, decision: deny, message: never }',
  'tests:',
  '  - { command: [echo, hi], expect: allow }',
  '  - { command: [systemctl, restart, nginx.service], expect: approve }',
  '  - { command: [mkfs.ext4, /dev/sdz9], expect: deny }',
]);

describe('approve-run policy validate', () => {
  it('exits 0 and says so for a valid policy whose tests pass', async () => {
    const r = await runCli(['policy', 'validate', 'good.yaml'], { cwd: dir, env: cleanEnv() });
    expect(r.stdout).toBe('good.yaml: valid (3 rules, 1 approver, 3 tests passed)\n');
    expect(r.code).toBe(0);
  });

  it('uses $APPROVE_RUN_POLICY when no file is given', async () => {
    const r = await runCli(['policy', 'validate'], { cwd: '/', env: cleanEnv({ APPROVE_RUN_POLICY: GOOD }) });
    expect(r.stdout).toBe(`${GOOD}: valid (3 rules, 1 approver, 3 tests passed)\n`);
    expect(r.code).toBe(0);
  });

  it('exits 1 with one file:line:col line per problem', async () => {
    write('bad.yaml', ['version: 1', 'settings: { default: maybe }', 'rules:', '  - { id: a, match: { command: ls }, decision: allow, when: { time: "Mon 25:00-26:00" } }', '  - { id: a, match: { command: ls }, decision: approve, approvers: [zed] }']);
    const r = await runCli(['policy', 'validate', 'bad.yaml'], { cwd: dir, env: cleanEnv() });
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      'bad.yaml:2:22: settings.default: expected one of deny, approve, got "maybe"',
      'bad.yaml:4:69: rules[0].when.time: invalid time window "Mon 25:00-26:00": bad time "25:00" (use HH:MM, 00:00 to 23:59)',
      'bad.yaml:5:11: rules[1].id: duplicate rule id "a" (also rules[0])',
      'bad.yaml:5:48: rules[1].decision: approve rule, but the policy defines no approvers',
      'bad.yaml:5:69: rules[1].approvers[0]: unknown approver "zed"',
    ]);
  });

  it('exits 0 with warning lines for a valid but pointless policy', async () => {
    write('lint.yaml', ['version: 1', 'rules:', '  - { id: shells, match: { command: bash }, decision: allow }']);
    const r = await runCli(['policy', 'validate', 'lint.yaml'], { cwd: dir, env: cleanEnv() });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^lint\.yaml:3:37: warning: rule "shells" allows bash with any arguments/);
    expect(r.stdout).toContain('lint.yaml: valid (1 rule, 0 approvers, 0 tests passed)\n');
  });

  it('exits 1 with one line per failing inline test', async () => {
    write('failing.yaml', ['version: 1', 'rules:', '  - { id: say, match: { command: echo }, decision: allow }', 'tests:', '  - { command: [echo, hi], expect: deny }', '  - { command: [echo, ho], expect: allow }']);
    const r = await runCli(['policy', 'validate', 'failing.yaml'], { cwd: dir, env: cleanEnv() });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^failing\.yaml:5:5: expected deny, got allow \(rules: say\)/);
    expect(lines.slice(1)).toEqual(['failing.yaml: tests: 1 passed, 1 failed']);
  });

  it.each([
    ['a missing file', ['nope.yaml'], /^approve-run: cannot read policy file .*nope\.yaml: no such file\n$/],
    ['a directory', ['.'], /^approve-run: cannot read policy file .*: not a regular file\n$/],
  ])('exits 125 for %s', async (_name, args, stderr) => {
    const r = await runCli(['policy', 'validate', ...args], { cwd: dir, env: cleanEnv() });
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(stderr);
    expect(r.stdout).toBe('');
  });

  it('exits 125 for a FIFO instead of hanging', async () => {
    const fifo = join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    const r = await runCli(['policy', 'validate', fifo], { cwd: dir, env: cleanEnv(), timeoutMs: 10_000 });
    expect(r.code).toBe(125);
    expect(r.stderr).toContain('not a regular file');
  });

  it('accepts the example policy (its shell-line tests need the shell analyser)', async () => {
    const r = await runCli(['policy', 'validate', EXAMPLE], { cwd: dir, env: cleanEnv() });
    expect(r.stdout).toMatch(/policies\.example\.yaml: valid \(\d+ rules, 3 approvers, \d+ tests passed\)\n$/);
    expect(r.code).toBe(0);
  });
});

describe('approve-run policy test', () => {
  mkdirSync(join(dir, 'cases'), { recursive: true });
  const PASSING = write('cases/pass.yaml', [
    '- { command: [echo, hello], expect: allow }',
    '- { command: [systemctl, restart, nginx.service], user: deploy, expect: approve }',
    '- { command: [mkfs, /dev/sdz], expect: deny }',
    '- { command: [rm, -rf, /], cwd: /tmp, expect: deny }',
  ]);

  it('exits 0 when every case passes', async () => {
    const r = await runCli(['policy', 'test', PASSING, '--policy', GOOD], { cwd: dir, env: cleanEnv() });
    expect(r.stdout).toBe('4 passed, 0 failed\n');
    expect(r.code).toBe(0);
  });

  it('uses $APPROVE_RUN_POLICY without --policy', async () => {
    const r = await runCli(['policy', 'test', PASSING], { cwd: dir, env: cleanEnv({ APPROVE_RUN_POLICY: GOOD }) });
    expect(r.stdout).toBe('4 passed, 0 failed\n');
    expect(r.code).toBe(0);
  });

  it('exits 1 with one line per failing case', async () => {
    write('cases/fail.yaml', ['- { command: [echo, hello], expect: allow }', '- { command: [systemctl, restart, nginx.service], expect: allow }', '- { command: [id], expect: allow }']);
    const r = await runCli(['policy', 'test', 'cases/fail.yaml', '-p', 'good.yaml'], { cwd: dir, env: cleanEnv() });
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^cases\/fail\.yaml:2:3: expected allow, got approve \(rules: restart\)/);
    expect(lines[1]).toMatch(/^cases\/fail\.yaml:3:3: expected allow, got deny \(rules: none\)/);
    expect(lines[2]).toBe('1 passed, 2 failed');
  });

  it('exits 1 with file:line:col problems for a malformed case file', async () => {
    write('cases/bad.yaml', ['- { command: [echo], expect: allow }', '- { shell: "ls", expect: sometimes, extra: 1 }']);
    const r = await runCli(['policy', 'test', 'cases/bad.yaml', '-p', 'good.yaml'], { cwd: dir, env: cleanEnv() });
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      'cases/bad.yaml:2:26: [1].expect: expected one of allow, approve, deny, got "sometimes"',
      'cases/bad.yaml:2:37: [1].extra: unknown key "extra" (allowed: command, shell, user, actor, cwd, expect)',
    ]);
  });

  it('exits 125 when the case file cannot be read', async () => {
    const r = await runCli(['policy', 'test', 'cases/none.yaml', '-p', 'good.yaml'], { cwd: dir, env: cleanEnv() });
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/^approve-run: cannot read test-case file .*none\.yaml: no such file\n$/);
  });

  it('exits 125 naming file:line:col when the policy is invalid', async () => {
    write('broken.yaml', ['version: 1', 'rules:', '  - { id: x, match: { command: ls }, decision: maybe }']);
    const r = await runCli(['policy', 'test', PASSING, '-p', 'broken.yaml'], { cwd: dir, env: cleanEnv() });
    expect(r.code).toBe(125);
    expect(r.stderr).toBe('approve-run: broken.yaml:3:48: rules[0].decision: expected one of allow, approve, deny, got "maybe"\n');
  });
});
