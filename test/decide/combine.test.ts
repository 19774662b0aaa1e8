import { describe, expect, it } from 'vitest';
import type { Rule } from '../../src/policy/types.js';
import { command, decide, judge, policy, rule } from './world.js';

// Every ordering of a list.
function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}

describe('most restrictive wins, whatever the rule order', () => {
  const rules: Rule[] = [
    rule('a-allow', 'allow', { command: ['rm'] }),
    rule('b-approve', 'approve', { command: ['rm'], args: ['-rf', '**'] }),
    rule('c-deny', 'deny', { command: ['rm'], args: ['**', '/'] }, { message: 'never remove /' }),
    rule('d-deny-any', 'deny', { command: ['*'], options: ['--no-preserve-root'] }),
  ];
  const orders = permutations(rules);

  it.each(orders.map((o) => [o.map((r) => r.id).join(' '), o]))('order %s', (_name, order) => {
    const p = policy(order as Rule[]);
    const denied = decide(p, ['rm', '-rf', '/']);
    expect(denied.decision).toBe('deny');
    expect(denied.decided_by).toEqual(['c-deny']);
    expect(denied.message).toBe('never remove /');
    expect(denied.rules).toEqual([
      { id: 'a-allow', decision: 'allow' },
      { id: 'b-approve', decision: 'approve' },
      { id: 'c-deny', decision: 'deny' },
    ]);
    expect(decide(p, ['rm', '-rf', '/tmp/x']).decision).toBe('approve');
    expect(decide(p, ['rm', '/tmp/x']).decision).toBe('allow');
    const two = decide(p, ['rm', '-rf', '--no-preserve-root', '/']);
    expect(two.decided_by).toEqual(['c-deny', 'd-deny-any']);
    expect(two.message).toBe('never remove /');
    // The whole evaluation is identical for every order.
    expect(decide(p, ['rm', '-rf', '/tmp/x'])).toEqual(decide(policy(rules), ['rm', '-rf', '/tmp/x']));
  });

  it('a deny on any command of the request wins over allows elsewhere', () => {
    const p = policy([rule('cat', 'allow', { command: ['cat'] }), rule('no-rm', 'deny', { command: ['rm'] })]);
    const e = judge(p, [command(['cat', 'x']), command(['rm', 'y']), command(['cat', 'z'])]);
    expect(e.decision).toBe('deny');
    expect(e.commands).toEqual([['cat', 'x'], ['rm', 'y'], ['cat', 'z']]);
    expect(e.message).toBe('rule no-rm denies this command');
  });
});

describe('no rule matched', () => {
  it('default deny denies, naming the command', () => {
    const e = decide(policy([]), ['sed', '-n', 'p']);
    expect(e.decision).toBe('deny');
    expect(e.reasons).toEqual(['no rule matched: sed -n p']);
    expect(e.message).toBe('no rule matched: sed -n p');
    expect(e.decided_by).toEqual([]);
  });

  it('default approve goes to every approver but the requester, quorum 1, all channels, no session', () => {
    const e = decide(policy([], { settings: { default: 'approve' } }), ['sed', 'x'], { requester: { user: 'bob', uid: 1, gid: 1, groups: [] } });
    expect(e).toMatchObject({ decision: 'approve', approvers: ['alice', 'carol'], quorum: 1, channel: ['webhook', 'terminal'], session_ttl_s: null, risk: null, max_runtime_s: 3600 });
    expect(e.reasons).toEqual(['no rule matched: sed x']);
  });

  it('one unmatched command among allowed ones takes the default', () => {
    const p = policy([rule('cat', 'allow', { command: ['cat'] })]);
    expect(judge(p, [command(['cat', 'x']), command(['sed', 'x'])]).decision).toBe('deny');
  });
});

describe('combining approve rules', () => {
  const approve = (id: string, extra: Partial<Rule>) => rule(id, 'approve', { command: ['systemctl'] }, extra);
  const run = (...rules: Rule[]) => decide(policy(rules), ['systemctl', 'restart', 'nginx']);

  it('intersects approvers (ids and groups), takes the largest quorum, smallest session and the highest risk', () => {
    const e = run(
      approve('r1', { approvers: ['group:sre', 'carol'], quorum: 1, session_ttl_s: 900, risk: 'high', max_runtime_s: 600 }),
      approve('r2', { approvers: ['alice', 'bob'], quorum: 2, session_ttl_s: 300, risk: 'medium', max_runtime_s: 120 }),
    );
    expect(e).toMatchObject({ decision: 'approve', approvers: ['alice', 'bob'], quorum: 2, session_ttl_s: 300, risk: 'high', max_runtime_s: 120 });
    expect(e.decided_by).toEqual(['r1', 'r2']);
  });

  it('a rule without approvers allows every approver; without channel every configured channel', () => {
    const e = run(approve('r1', {}));
    expect(e.approvers).toEqual(['alice', 'bob', 'carol']);
    expect(e.channel).toEqual(['webhook', 'terminal']);
    expect(e.quorum).toBe(1);
  });

  it('intersects channels', () => {
    expect(run(approve('r1', { channel: ['webhook', 'terminal'] }), approve('r2', { channel: ['webhook'] })).channel).toEqual(['webhook']);
  });

  it('any approve rule without session_ttl means approve once', () => {
    expect(run(approve('r1', { session_ttl_s: 900 }), approve('r2', {})).session_ttl_s).toBeNull();
    expect(run(approve('r1', { session_ttl_s: 900 })).session_ttl_s).toBe(900);
  });

  it('risk stays null only when no rule sets one', () => {
    expect(run(approve('r1', { risk: 'low' }), approve('r2', {})).risk).toBe('low');
    expect(run(approve('r1', { risk: 'critical' }), approve('r2', { risk: 'high' })).risk).toBe('critical');
    expect(run(approve('r1', {})).risk).toBeNull();
  });

  const denies: [name: string, rules: Rule[], message: RegExp][] = [
    ['disjoint approvers', [approve('r1', { approvers: ['alice'] }), approve('r2', { approvers: ['bob'] })], /no one in common/],
    ['disjoint groups', [approve('r1', { approvers: ['group:sre'] }), approve('r2', { approvers: ['group:ops'] })], /no one in common/],
    ['unknown group', [approve('r1', { approvers: ['group:nobody'] })], /names no approver/],
    ['disjoint channels', [approve('r1', { channel: ['webhook'] }), approve('r2', { channel: ['terminal'] })], /no approval channel is common/],
    ['quorum above approvers', [approve('r1', { approvers: ['group:sre'], quorum: 3 })], /quorum 3 cannot be met/],
  ];
  it.each(denies)('%s is a deny saying so', (_name, rules, message) => {
    const e = run(...rules);
    expect(e.decision).toBe('deny');
    expect(e.message).toMatch(message);
    expect(e.reasons.some((r) => message.test(r))).toBe(true);
    expect(e.approvers).toEqual([]);
  });

  it('the requester is never a permitted approver of their own request', () => {
    const p = policy([approve('r1', { approvers: ['group:sre'] })]);
    const asAlice = decide(p, ['systemctl', 'x'], { requester: { user: 'alice', uid: 1, gid: 1, groups: [] } });
    expect(asAlice.approvers).toEqual(['bob']);
    const onlySelf = decide(policy([approve('r1', { approvers: ['carol'] })]), ['systemctl', 'x'], { requester: { user: 'carol2', uid: 2, gid: 2, groups: [] } });
    expect(onlySelf.decision).toBe('deny');
    expect(onlySelf.message).toMatch(/is the requester/);
  });

  it('no configured channel or no approvers at all is a deny', () => {
    const noChannels = decide(policy([approve('r1', {})], { channels: { webhook: null, terminal: null } }), ['systemctl', 'x']);
    expect(noChannels.decision).toBe('deny');
    expect(noChannels.message).toMatch(/no approval channel/);
    const onlyTerminal = decide(policy([approve('r1', {})], { channels: { webhook: null, terminal: { authenticate: 'none' } } }), ['systemctl', 'x']);
    expect(onlyTerminal.channel).toEqual(['terminal']);
    const noApprovers = decide(policy([approve('r1', {})], { approvers: {} }), ['systemctl', 'x']);
    expect(noApprovers.decision).toBe('deny');
    expect(noApprovers.message).toMatch(/defines no approvers/);
  });
});

describe('max_runtime', () => {
  it('is the smallest among the rules of the winning decision, never above settings', () => {
    const p = policy(
      [
        rule('slow', 'allow', { command: ['sed'] }, { max_runtime_s: 7200 }),
        rule('fast', 'allow', { command: ['sed'], args: ['-n', '**'] }, { max_runtime_s: 60 }),
        rule('approve-cat', 'approve', { command: ['cat'] }, { max_runtime_s: 30 }),
      ],
      { settings: { max_runtime_s: 3600 } },
    );
    expect(decide(p, ['sed', 'x']).max_runtime_s).toBe(3600);
    expect(decide(p, ['sed', '-n', 'x']).max_runtime_s).toBe(60);
    // The approve decision wins; only its rules set the cap.
    expect(judge(p, [command(['sed', '-n', 'x']), command(['cat', 'y'])]).max_runtime_s).toBe(30);
    expect(judge(p, [command(['sed', 'x']), command(['cat', 'y'])]).decided_by).toEqual(['approve-cat']);
  });

  it('names the deciding rule that set it (the first by id on a tie, whatever the order), else none', () => {
    const rules = [
      rule('z-cap', 'allow', { command: ['sed'] }, { max_runtime_s: 60 }),
      rule('a-cap', 'allow', { command: ['sed'], args: ['-n', '**'] }, { max_runtime_s: 60 }),
      rule('wide', 'allow', { command: ['sed'] }, { max_runtime_s: 7200 }),
    ];
    for (const order of [rules, [...rules].reverse()]) {
      const p = policy(order, { settings: { max_runtime_s: 3600 } });
      expect(decide(p, ['sed', '-n', 'x'])).toMatchObject({ max_runtime_s: 60, max_runtime_rule: 'a-cap' });
      expect(decide(p, ['sed', 'x'])).toMatchObject({ max_runtime_s: 60, max_runtime_rule: 'z-cap' });
    }
    const settingsOnly = policy([rule('wide', 'allow', { command: ['sed'] }, { max_runtime_s: 7200 })], { settings: { max_runtime_s: 3600 } });
    expect(decide(settingsOnly, ['sed'])).toMatchObject({ max_runtime_s: 3600, max_runtime_rule: null });
    const equal = policy([rule('same', 'allow', { command: ['sed'] }, { max_runtime_s: 3600 })], { settings: { max_runtime_s: 3600 } });
    expect(decide(equal, ['sed']).max_runtime_rule).toBe('same');
  });
});

describe('run_as', () => {
  const p = policy([
    rule('psql', 'allow', { command: ['sed'] }, { run_as: 'postgres' }),
    rule('any-sed', 'allow', { command: ['sed'] }),
    rule('cat', 'allow', { command: ['cat'] }, { run_as: 'www-data' }),
  ]);
  it('comes from the winning rules', () => {
    expect(decide(p, ['sed', 'x']).run_as).toBe('postgres');
    expect(decide(p, ['cat', 'x']).run_as).toBe('www-data');
    expect(decide(policy([rule('plain', 'allow', { command: ['sed'] })]), ['sed']).run_as).toBeNull();
  });
  it('disagreeing rules deny', () => {
    const e = judge(p, [command(['sed', 'x']), command(['cat', 'y'])]);
    expect(e.decision).toBe('deny');
    expect(e.message).toMatch(/different run_as users \(postgres, www-data\)/);
  });
});

describe('what the evaluation reports', () => {
  it('the executable is the realpath of the top-level argv[0], null when unresolved or in shell mode', () => {
    const p = policy([rule('all', 'allow', { command: ['*'] })]);
    expect(decide(p, ['/bin/../bin/rm', 'x']).executable).toBe('/usr/bin/rm');
    expect(decide(p, ['vi']).executable).toBe('/usr/bin/vim.basic');
    expect(decide(p, ['nosuch']).executable).toBeNull();
    expect(judge(p, [command(['rm', 'x'])], { shell: 'rm x', argv: ['rm x'] }).executable).toBeNull();
  });

  it('a rule with a bad pattern is a policy error, not a decision', () => {
    const p = policy([rule('bad', 'allow', { command: ['sed'], args: ['[x'] })]);
    expect(() => decide(p, ['sed'])).toThrow(/rule bad: unbalanced '\['/);
  });
});
