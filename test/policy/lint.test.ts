// SPEC §4.5: allow rules that make approval pointless are warned about, with file:line:col.
import { describe, expect, it } from 'vitest';
import { lintPolicy } from '../../src/policy/lint.js';
import { validatePolicyText } from '../../src/policy/load.js';
import { formatWarning } from '../../src/policy/problems.js';

const K1 = 'ed25519:3Kp7m32yh5mmf24fyqqTvBM95imrcHa3QmvXHv1sK3E=';

// Warning lines for a policy whose rules are `rules` (first rule line is line 5).
function warnings(rules: string[], extra: string[] = []): string[] {
  const text = ['version: 1', 'approvers:', `  alice: { key: "${K1}" }`, 'rules:', ...rules, ...extra, ''].join('\n');
  const result = validatePolicyText('p.yaml', text);
  if ('problems' in result) throw new Error(result.problems.map((p) => p.message).join('; '));
  return lintPolicy(result.policy, result.locate, 'p.yaml').map(formatWarning);
}

describe('lintPolicy warns about', () => {
  it.each([
    ['a shell with "**"', '  - { id: r, match: { command: bash, args: ["**"] }, decision: allow }', 'p.yaml:5:32: warning: rule "r" allows bash with any arguments'],
    ['a shell without args', '  - { id: r, match: { command: sh }, decision: allow }', 'p.yaml:5:32: warning: rule "r" allows sh with any arguments'],
    ['an interpreter by absolute path', '  - { id: r, match: { command: /usr/bin/python3 }, decision: allow }', 'allows /usr/bin/python3 (python3) with any arguments'],
    ['a versioned interpreter', '  - { id: r, match: { command: python3.12 }, decision: allow }', 'allows python3.12 (python3)'],
    ['a glob reaching interpreters', '  - { id: r, match: { command: "py*" }, decision: allow }', 'allows py* (python)'],
    ['env', '  - { id: r, match: { command: env }, decision: allow }', 'allows env with any arguments'],
    ['xargs among other commands', '  - { id: r, match: { command: [ls, xargs], args: ["-0", "**"] }, decision: allow }', 'p.yaml:5:32: warning: rule "r" allows xargs with any arguments'],
    ['sudo with "**"', '  - { id: r, match: { command: sudo, args: ["**"] }, decision: allow }', 'allows sudo with any arguments'],
    ['command "*"', '  - { id: r, match: { command: "*", args: [--version] }, decision: allow }', 'p.yaml:5:32: warning: rule "r" allows any command (command: "*")'],
  ])('%s', (_name, rule, fragment) => {
    const found = warnings([rule]);
    expect(found.find((w) => w.includes(fragment)), found.join('\n')).toBeDefined();
  });

  it('approval fields on a deny or allow rule, pointing at the key', () => {
    expect(
      warnings([
        '  - id: d',
        '    match: { command: rm }',
        '    decision: deny',
        '    session_ttl: 5m',
        '    approvers: [alice]',
        '  - id: a',
        '    match: { command: ls }',
        '    decision: allow',
        '    quorum: 1',
      ]),
    ).toEqual([
      'p.yaml:9:5: warning: rule "d": approvers has no effect on a deny rule',
      'p.yaml:8:5: warning: rule "d": session_ttl has no effect on a deny rule',
      'p.yaml:13:5: warning: rule "a": quorum has no effect on an allow rule',
    ]);
  });

  it('approvers without a totp file when the terminal asks for totp', () => {
    expect(warnings(['  - { id: r, match: { command: ls }, decision: allow }'], ['channels:', '  terminal: { authenticate: totp }'])).toEqual([
      'p.yaml:3:3: warning: approver "alice" has no totp file, so cannot approve at the terminal (authenticate: totp)',
    ]);
  });
});

describe('lintPolicy stays quiet about', () => {
  it.each([
    ['a shell with fixed arguments', '  - { id: r, match: { command: bash, args: [/opt/backup.sh] }, decision: allow }'],
    ['a shell that needs approval', '  - { id: r, match: { command: bash }, decision: approve, approvers: [alice] }'],
    ['a denied interpreter', '  - { id: r, match: { command: [python3, perl] }, decision: deny }'],
    ['command "*" that is denied', '  - { id: r, match: { command: "*", args: [--no-preserve-root] }, decision: deny }'],
    ['harmless programs with any arguments', '  - { id: r, match: { command: [ls, echo, "git"] }, decision: allow }'],
  ])('%s', (_name, rule) => {
    expect(warnings([rule])).toEqual([]);
  });

  it('without a locator, points at 1:1 of the policy file', () => {
    const result = validatePolicyText('/x/p.yaml', 'version: 1\nrules: [{ id: r, match: { command: sh }, decision: allow }]\n');
    if ('problems' in result) throw new Error('invalid');
    expect(lintPolicy(result.policy).map(formatWarning)[0]).toMatch(/^\/x\/p\.yaml:1:1: warning: rule "r" allows sh/);
  });
});
