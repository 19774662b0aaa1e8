// The rule index only narrows (src/decide/rules.ts, src/decide/rule-index.ts): for random
// policies and commands, the rules it hands to ruleMatches() and that match are exactly the
// rules that match when every rule of the policy is tried. Plus the cost it exists for: a
// large policy is indexed without compiling or resolving what a request never looks at.
import { describe, expect, it } from 'vitest';
import { prepareCommand, ruleMatches } from '../../src/decide/match.js';
import { ExecutableResolver } from '../../src/decide/resolve.js';
import { compilePolicy, compileRule, rulesToTry } from '../../src/decide/rules.js';
import type { PathProbe } from '../../src/decide/types.js';
import type { Circumstances } from '../../src/decide/when.js';
import { DEFAULT_SECURE_PATH, type Rule } from '../../src/policy/types.js';
import { policy, rule, SYSTEM, WEDNESDAY_MORNING } from './world.js';
import { prng as random } from '../helpers/prng.js';

const NAMES = ['git', 'rm', 'sed', 'vi', 'vim.basic', 'ls', 'busybox', 'python3', 'docker', 'nosuch', '/usr/bin/rm', '/bin/git', '/tmp/innocent', '*', 'mkfs.*', 'vi?'];
const TOKENS = ['push', 'status', '-C', '.', '--force', '-rf', '/', 'a', 'b', '', '-x', 'sub-1', '--', '--for'];
const PATTERNS = [...TOKENS, '**', '*', 'p*', '{push,status}', 're:[a-z]+', '-?'];
const ARGV0 = ['git', 'rm', '/tmp/innocent', '/usr/bin/rm', 'vi', '/usr/local/bin/vi', 'ls', '/opt/bb/ls', 'sed', '/tmp/sed', 'nosuch', 'python3', 'docker', 'mkfs.ext4'];

// One of the items, chosen by `next`.
const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;

// A random rule: 1-2 command entries, maybe args (0-3 patterns), maybe an option, any decision.
function randomRule(next: () => number, i: number): Rule {
  const commands = Array.from({ length: 1 + Math.floor(next() * 2) }, () => pick(next, NAMES));
  const args = next() < 0.25 ? null : Array.from({ length: Math.floor(next() * 4) }, () => pick(next, PATTERNS));
  const options = next() < 0.15 ? [pick(next, ['-C', '--force', '-x'])] : [];
  return rule(`r${i}`, pick(next, ['allow', 'approve', 'deny'] as const), { command: commands, args, options });
}

const circumstances: Circumstances = { user: 'deploy', groups: ['deploy'], actor: null, host: 'web-1', cwd: '/srv/app', now: WEDNESDAY_MORNING };

// Rule ids that match through the index, and when every rule is tried.
function both(rules: Rule[], argv: string[], probe: PathProbe = SYSTEM): { indexed: string[]; all: string[] } {
  const p = policy(rules);
  const resolver = new ExecutableResolver(DEFAULT_SECURE_PATH, probe);
  const command = prepareCommand(argv, '/srv/app', resolver);
  const indexed = rulesToTry(compilePolicy(p), command).filter((r) => ruleMatches(r, command, circumstances, resolver));
  const all = rules.map(compileRule).filter((r) => ruleMatches(r, command, circumstances, resolver));
  return { indexed: indexed.map((r) => r.rule.id), all: all.map((r) => r.rule.id) };
}

describe('the rule index', () => {
  it('finds exactly the matching rules, in policy order, for 2,000 random policies and commands', () => {
    const next = random(20261121);
    let matches = 0;
    for (let round = 0; round < 2000; round++) {
      const rules = Array.from({ length: 1 + Math.floor(next() * 12) }, (_, i) => randomRule(next, i));
      const globals = next() < 0.3 ? ['-C', '.'] : [];
      const argv = [pick(next, ARGV0), ...globals, ...Array.from({ length: Math.floor(next() * 4) }, () => pick(next, TOKENS))];
      const { indexed, all } = both(rules, argv);
      expect({ round, argv, indexed }).toEqual({ round, argv, indexed: all });
      matches += all.length;
    }
    expect(matches).toBeGreaterThan(500);
  });

  it.each([
    ['a literal first token that differs', ['rm', 'x'], ['-rf', '**'], false],
    ['a literal first token that is there', ['rm', '-rf', '/'], ['-rf', '**'], true],
    ['no arguments against args: []', ['rm'], [], true],
    ['arguments against args: []', ['rm', 'x'], [], false],
    ['only options against args: [] (deny rules leave them out)', ['rm', '-i', '--verbose'], [], true],
    ['an operand after options against args: []', ['rm', '-i', 'x', '-v'], [], true],
    ['an operand after -- against args: []', ['rm', '-i', '--', 'x'], [], false],
    ['a first token only after leading options are left out', ['systemctl', '--no-pag', 'stop', 'sshd'], ['stop', 'sshd'], true],
    ['a first token after an option and its value', ['systemctl', '--job-mode', 'fail', 'stop', 'sshd'], ['stop', 'sshd'], true],
    ['a first token naming an option, abbreviated', ['git', '--no-p', 'log'], ['--no-pager', '**'], true],
    ['a first token naming a short option, inside a cluster', ['rm', '-rf', '/'], ['-f', '**'], true],
    ['a glob first token', ['rm', 'xyz'], ['x*'], true],
    ['a first token only after global options are removed', ['git', '-C', '.', 'push'], ['push'], true],
    ['a first token only as given (deny rules see both)', ['git', '-C', '.', 'push'], ['-C', '**'], true],
  ])('%s', (_name, argv, args, expected) => {
    const { indexed, all } = both([rule('r', 'deny', { command: [argv[0] as string], args })], argv);
    expect(indexed).toEqual(all);
    expect(indexed.length > 0).toBe(expected);
  });

  it('a deny rule on a name that is a symlink still matches the symlink\'s target by realpath', () => {
    const rules = [rule('no-vi', 'deny', { command: ['vi'], args: ['x', '**'] }), rule('other', 'deny', { command: ['vi'], args: ['y', '**'] })];
    expect(both(rules, ['vim.basic', 'x', 'y'])).toEqual({ indexed: ['no-vi'], all: ['no-vi'] });
  });

  it('indexing 10,000 rules resolves no names and compiles no args', () => {
    let probes = 0;
    const counting: PathProbe = {
      realpath: (p) => (probes++, SYSTEM.realpath(p)),
      isExecutableFile: (p) => (probes++, SYSTEM.isExecutableFile(p)),
    };
    const rules = Array.from({ length: 10_000 }, (_, i) =>
      rule(`rule-${i}`, i % 10 === 0 ? 'deny' : 'allow', { command: [i % 3 === 0 ? 'git' : `tool-${i}`], args: [`sub-${i}`, '[unbalanced'] }),
    );
    const p = policy([...rules, rule('ls', 'allow', { command: ['ls'] })]);
    const compiled = compilePolicy(p);
    const resolver = new ExecutableResolver(DEFAULT_SECURE_PATH, counting);
    const command = prepareCommand(['ls', '-l'], '/srv/app', resolver);
    const before = probes;
    const tried = rulesToTry(compiled, command);
    expect(probes).toBe(before);
    expect(tried.map((r) => r.rule.id)).toEqual(['ls']);
    expect(tried.filter((r) => ruleMatches(r, command, circumstances, resolver))).toHaveLength(1);
    // A rule a request does look at still fails closed on its bad pattern.
    const git = prepareCommand(['git', 'sub-0'], '/srv/app', resolver);
    expect(() => rulesToTry(compiled, git).map((r) => ruleMatches(r, git, circumstances, resolver))).toThrow(/rule rule-0: .*unbalanced/);
  });
});
