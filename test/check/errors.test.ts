// `check` fails closed (exit 125) and never writes the audit log.
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, dir, POLICY, policyFile, state } from './fixture.js';

describe('check fails closed with exit 125', () => {
  it('on a malformed glob, naming file, line and column', async () => {
    const bad = join(dir, 'bad-glob.yaml');
    writeFileSync(bad, POLICY.replace('args: ["-n", "**"]', 'args: ["-n", "[abc"]'));
    const r = await check(['--json', '-p', bad, '--', 'sed', '-n', 'p']);
    expect(r.code).toBe(125);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^approve-run: .*bad-glob\.yaml:\d+:\d+: .*unbalanced '\['/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('on a malformed regex', async () => {
    const bad = join(dir, 'bad-regex.yaml');
    writeFileSync(bad, POLICY.replace('args: ["-n", "**"]', 'args: ["-n", "re:a)|(.*"]'));
    const r = await check(['--json', '-p', bad, '--', 'sed', '-n', 'anything']);
    expect(r.code).toBe(125);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/bad-regex\.yaml:\d+:\d+: /);
  });

  it.each([
    ['a missing policy', ['-p', '/nonexistent/policy.yaml', '--', 'sed']],
    ['no -- before the command', ['-p', policyFile, 'sed']],
    ['nothing after --', ['-p', policyFile, '--']],
    ['--shell with several words', ['--shell', '-p', policyFile, '--', 'sed', '-n']],
    ['an unknown flag', ['--frobnicate', '-p', policyFile, '--', 'sed']],
  ])('on %s', async (_name, args) => {
    const r = await check(args);
    expect(r.code).toBe(125);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^approve-run: /);
  });

  it('on a policy that is not YAML', async () => {
    const bad = join(dir, 'garbage.yaml');
    writeFileSync(bad, 'rules: [\n  - {id: x, match: {command: sed}, decision: allow\n');
    const r = await check(['-p', bad, '--', 'sed']);
    expect(r.code).toBe(125);
    expect(r.stderr).toMatch(/garbage\.yaml:\d+:\d+/);
  });
});

describe('check never touches the audit log', () => {
  it('creates no database, even with one configured', async () => {
    const db = join(state, 'explicit', 'audit.db');
    for (const argv of [['sed', '-n', 'p'], ['git', 'push'], ['rm', '-rf', '/']]) {
      await check(['-p', policyFile, '--', ...argv], { APPROVE_RUN_AUDIT_DB: db });
    }
    expect(existsSync(db)).toBe(false);
    expect(readdirSync(state)).toEqual([]);
  });
});
