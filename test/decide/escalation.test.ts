import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/policy/types.js';
import type { Escalation } from '../../src/shell/types.js';
import { command, judge, policy, rule } from './world.js';

const EXEC: Escalation = { reason: 'find -exec runs a program', cover: '-exec' };
const DELETE: Escalation = { reason: 'find -delete removes files', cover: '-delete' };
const INVISIBLE: Escalation = { reason: 'argv contains an invisible character', cover: null };

// The decision and reasons for `find . -exec rm {} ; -delete` with the given escalations.
function findWith(rules: Rule[], escalations: Escalation[]) {
  return judge(policy(rules), [command(['find', '.', '-exec', 'rm', '{}', ';', '-delete'], { escalations })]);
}

describe('escalations: an allow rule never covers them silently', () => {
  const anyFind = rule('find-any', 'allow', { command: ['find'] }, { max_runtime_s: 90 });

  it('an allow rule that does not name the option escalates to approve with the reason', () => {
    const e = findWith([anyFind], [EXEC]);
    expect(e.decision).toBe('approve');
    expect(e.reasons).toEqual(['find -exec runs a program']);
    expect(e.decided_by).toEqual(['find-any']);
    // An approve from an escalation: every approver, quorum 1, all channels, approve once.
    expect(e).toMatchObject({ approvers: ['alice', 'bob', 'carol'], quorum: 1, channel: ['webhook', 'terminal'], session_ttl_s: null, risk: null });
    // The escalated allow rule's cap still applies.
    expect(e.max_runtime_s).toBe(90);
  });

  const covering: [name: string, rule: Rule, escalations: Escalation[], expected: string][] = [
    ['named in options', rule('r', 'allow', { command: ['find'], options: ['-exec'] }), [EXEC], 'allow'],
    ['named as a literal args token', rule('r', 'allow', { command: ['find'], args: ['.', '-exec', '**'] }), [EXEC], 'allow'],
    ['a glob over it is not naming it', rule('r', 'allow', { command: ['find'], args: ['.', '-ex*', '**'] }), [EXEC], 'approve'],
    ['a regex over it is not naming it', rule('r', 'allow', { command: ['find'], args: ['.', 're:-exec', '**'] }), [EXEC], 'approve'],
    ['naming one of two', rule('r', 'allow', { command: ['find'], options: ['-exec'] }), [EXEC, DELETE], 'approve'],
    ['naming both', rule('r', 'allow', { command: ['find'], options: ['-exec', '-delete'] }), [EXEC, DELETE], 'allow'],
    ['never coverable', rule('r', 'allow', { command: ['find'], options: ['-exec'] }), [EXEC, INVISIBLE], 'approve'],
  ];
  it.each(covering)('%s → %s', (_name, r, escalations, expected) => {
    expect(findWith([r], escalations).decision).toBe(expected);
  });

  it('two allow rules that each cover part do not add up; both gaps are reported', () => {
    const e = findWith(
      [rule('exec-ok', 'allow', { command: ['find'], options: ['-exec'] }), rule('delete-ok', 'allow', { command: ['find'], options: ['-delete'] })],
      [EXEC, DELETE],
    );
    expect(e.decision).toBe('approve');
    expect(e.reasons).toEqual([EXEC.reason, DELETE.reason]);
  });

  it('one covering rule suffices even if another matching allow rule does not cover', () => {
    const e = findWith([anyFind, rule('full', 'allow', { command: ['find'], options: ['-exec', '-delete'] })], [EXEC, DELETE]);
    expect(e.decision).toBe('allow');
    expect(e.decided_by).toEqual(['full']);
    expect(e.rules.map((r) => r.id)).toEqual(['find-any', 'full']);
  });

  it('deny rules are never weakened and approve rules keep their own terms', () => {
    expect(findWith([anyFind, rule('no-find', 'deny', { command: ['find'], options: ['-delete'] })], [EXEC]).decision).toBe('deny');
    const e = findWith([rule('ask', 'approve', { command: ['find'] }, { approvers: ['bob'], session_ttl_s: 60 })], [EXEC]);
    expect(e).toMatchObject({ decision: 'approve', approvers: ['bob'], session_ttl_s: 60, decided_by: ['ask'] });
  });
});

describe('wrappers need no allow rule, but deny and approve still apply', () => {
  const npmTest = rule('npm-test', 'allow', { command: ['npm'], args: ['test'] });
  const wrapper = (argv: string[], escalations: Escalation[] = []) => command(argv, { role: 'wrapper', escalations });

  it('timeout 300 npm test is allowed where npm test is', () => {
    const e = judge(policy([npmTest]), [wrapper(['timeout', '300', 'npm', 'test']), command(['npm', 'test'])]);
    expect(e.decision).toBe('allow');
    expect(e.commands).toEqual([['timeout', '300', 'npm', 'test'], ['npm', 'test']]);
  });

  it('timeout 30 rm -rf ~ is not', () => {
    expect(judge(policy([npmTest]), [wrapper(['timeout', '30', 'rm', '-rf', '/home/u']), command(['rm', '-rf', '/home/u'])]).decision).toBe('deny');
  });

  it('a deny or approve rule on the wrapper applies', () => {
    const candidates = [wrapper(['timeout', '300', 'npm', 'test']), command(['npm', 'test'])];
    expect(judge(policy([npmTest, rule('no-timeout', 'deny', { command: ['timeout'] })]), candidates).decision).toBe('deny');
    expect(judge(policy([npmTest, rule('ask-timeout', 'approve', { command: ['timeout'] })]), candidates).decision).toBe('approve');
  });

  it('a wrapper carrying an escalation is not allowed silently', () => {
    const e = judge(policy([npmTest]), [wrapper(['env', 'LD_PRELOAD=/tmp/x.so', 'npm', 'test'], [{ reason: 'LD_PRELOAD is set', cover: null }]), command(['npm', 'test'])]);
    expect(e.decision).toBe('approve');
    expect(e.reasons).toEqual(['LD_PRELOAD is set']);
  });
});

describe('request-level reasons', () => {
  const sed = rule('sed', 'allow', { command: ['sed'] });

  it('turn an allow into approve with generic terms', () => {
    const e = judge(policy([sed]), [command(['sed', 'x'])], {}, ['command substitution is not fixed by the text']);
    expect(e).toMatchObject({ decision: 'approve', quorum: 1, session_ttl_s: null, reasons: ['command substitution is not fixed by the text'] });
  });

  it('leave a deny a deny', () => {
    const e = judge(policy([sed, rule('no-rm', 'deny', { command: ['rm'] })]), [command(['rm', 'x'])], {}, ['parse error']);
    expect(e.decision).toBe('deny');
    expect(e.reasons).toContain('parse error');
  });

  it('with no readable command they still require approval; an empty request takes the default', () => {
    expect(judge(policy([sed]), [], {}, ['parse error']).decision).toBe('approve');
    const empty = judge(policy([sed]), []);
    expect(empty.decision).toBe('deny');
    expect(empty.commands).toEqual([]);
    expect(judge(policy([sed], { settings: { default: 'approve' } }), []).decision).toBe('approve');
  });
});
