// `check --json`: exit codes and the exact JSON shape (SPEC §7).
import { describe, expect, it } from 'vitest';
import { check, JSON_KEYS, policyFile } from './fixture.js';

describe('check exit codes and JSON', () => {
  const cases: [argv: string[], code: number, decision: string][] = [
    [['sed', '-n', 'p', 'file'], 0, 'allow'],
    [['git', 'push', 'origin', 'main'], 1, 'approve'],
    [['rm', '-rf', '/'], 77, 'deny'],
    [['sed', '-i', 's/a/b/', 'file'], 77, 'deny'],
    [['definitely-not-a-command-xyz', '--help'], 77, 'deny'],
    [['/tmp/../usr/bin/sed', '-n', 'p'], 0, 'allow'],
  ];
  it.each(cases)('%j → exit %i (%s)', async (argv, code, decision) => {
    const r = await check(['--json', '-p', policyFile, '--', ...argv]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(code);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    const parsed = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(JSON_KEYS);
    expect(parsed.decision).toBe(decision);
    expect(parsed.commands).toEqual([argv]);
  });

  it('shows the combination of approve rules', async () => {
    const r = await check(['--json', '-p', policyFile, '--', 'git', '-C', '.', 'push', '--tags']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      decision: 'approve',
      rules: [
        { id: 'git-push', decision: 'approve' },
        { id: 'git-push-tags', decision: 'approve' },
      ],
      reasons: [],
      approvers: ['alice', 'bob'],
      quorum: 2,
      channel: ['terminal'],
      session_ttl_s: 300,
      max_runtime_s: 120,
      confine: { filesystem: 'read-write', writable: [], network: 'host', terminal: 'none' },
      commands: [['git', '-C', '.', 'push', '--tags']],
      message: null,
    });
  });

  it("gives a deny's message: the rule's own, as run prints it", async () => {
    const r = await check(['--json', '-p', policyFile, '--', 'rm', '-rf', '/']);
    expect(r.code).toBe(77);
    expect(JSON.parse(r.stdout).message).toBe('Removing / is never allowed');
    const text = await check(['-p', policyFile, '--', 'rm', '-rf', '/']);
    expect(text.stdout).toContain('message:     Removing / is never allowed');
    const allowed = await check(['--json', '-p', policyFile, '--', 'sed', '-n', 'p', 'file']);
    expect(JSON.parse(allowed.stdout).message).toBeNull();
  });

  it('denies when the combined quorum cannot be met', async () => {
    const r = await check(['--json', '-p', policyFile, '--', 'git', 'push', '--force']);
    expect(r.code).toBe(77);
    const parsed = JSON.parse(r.stdout);
    expect(parsed.decision).toBe('deny');
    expect(parsed.rules.map((x: { id: string }) => x.id)).toEqual(['git-push', 'git-push-force']);
    expect(parsed.reasons.join(' ')).toMatch(/quorum 2 cannot be met by 1 permitted approver/);
    expect(parsed.approvers).toEqual([]);
    expect(parsed.message).toMatch(/quorum 2 cannot be met by 1 permitted approver/);
  });

  it('names the command nobody allowed', async () => {
    const r = await check(['--json', '-p', policyFile, '--', 'definitely-not-a-command-xyz']);
    expect(JSON.parse(r.stdout).reasons).toEqual(['no rule matched: definitely-not-a-command-xyz']);
  });

  it('keeps a hostile argv on one JSON line, and never allows control characters silently', async () => {
    const r = await check(['--json', '-p', policyFile, '--', 'sed', '-n', 'a\nb\u202ec']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).reasons.length).toBeGreaterThan(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(r.stdout).commands).toEqual([['sed', '-n', 'a\nb\u202ec']]);
  });

  it('judges --actor with when.actor', async () => {
    expect((await check(['-p', policyFile, '--actor', 'agent:ci', '--', 'cat', 'x'])).code).toBe(0);
    expect((await check(['-p', policyFile, '--actor', 'human:bob', '--', 'cat', 'x'])).code).toBe(77);
    expect((await check(['-p', policyFile, '--', 'cat', 'x'])).code).toBe(77);
  });

  it('finds the policy through $APPROVE_RUN_POLICY', async () => {
    const r = await check(['--json', '--', 'sed', '-n', 'p'], { APPROVE_RUN_POLICY: policyFile });
    expect(r.code).toBe(0);
  });
});
