// Deny rules reach the commands an unclassified program no rule names may run from its
// operands (src/decide/operand-commands.ts), and only deny rules, and only then.
import { describe, expect, it } from 'vitest';
import { operandCommands } from '../../src/decide/operand-commands.js';
import { evaluate } from '../../src/decide/evaluate.js';
import { buildPolicy, inputFor, paths, type RuleSpec } from '../corpus/world.js';

const RM_DENY: RuleSpec = { command: 'rm', decision: 'deny', message: 'rm is never allowed' };

// The decision for `argv` under `rules` with the given default.
async function decide(argv: string[], rules: RuleSpec[], fallback: 'deny' | 'approve' = 'approve'): Promise<string> {
  return (await evaluate(buildPolicy(rules, { default: fallback }), inputFor({ command: argv }), paths)).decision;
}

describe('operandCommands', () => {
  it('every tail that starts at a word that is not an option or an assignment', () => {
    expect(operandCommands(['numactl', '-N', '0', 'rm', '-rf', '/x'], 'numactl', null)).toEqual([['0', 'rm', '-rf', '/x'], ['rm', '-rf', '/x'], ['/x']]);
    expect(operandCommands(['envdir', 'A=b', '', 'id'], 'envdir', null)).toEqual([['id']]);
  });

  it('none for a classified tool: its operands are data', () => {
    expect(operandCommands(['grep', 'rm', '/etc/x'], 'grep', '/usr/bin/grep')).toEqual([]);
    expect(operandCommands(['egrep-alias', 'rm'], 'egrep-alias', 'grep')).toEqual([]);
  });
});

describe('deny rules through programs no rule names', () => {
  it('a runner the tables do not list cannot carry a denied command', async () => {
    expect(await decide(['numactl', '--interleave=all', 'rm', '-rf', '/srv'], [RM_DENY])).toBe('deny');
    expect(await decide(['my-site-wrapper', '--retry', '3', '/bin/rm', '-rf', '/srv'], [RM_DENY])).toBe('deny');
  });

  it('never moves a decision towards allow, and leaves named programs alone', async () => {
    expect(await decide(['numactl', '--hardware'], [RM_DENY])).toBe('approve');
    expect(await decide(['numactl', 'id'], [RM_DENY, { command: 'id', decision: 'allow' }])).toBe('approve');
    expect(await decide(['echo', 'rm', '-rf', '/srv'], [RM_DENY, { command: 'echo', decision: 'allow' }])).toBe('allow');
    expect(await decide(['grep', 'rm', '/etc/hosts'], [RM_DENY])).toBe('approve');
  });

  it('approve rules are not applied to tails', async () => {
    expect(await decide(['numactl', 'id'], [{ command: 'id', decision: 'approve' }], 'deny')).toBe('deny');
  });
});
