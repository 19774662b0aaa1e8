// The confine fields of the policy (SPEC §9): hostile and malformed values are errors with
// file:line:col, `confine: off` is linted, and the confinement reaches check and the request.
import { describe, expect, it } from 'vitest';
import { renderRequest } from '../../src/approval/terminal/render.js';
import { bindingHash } from '../../src/approval/request/request.js';
import { checkJson, checkText } from '../../src/decide/explain.js';
import { lintPolicy } from '../../src/policy/lint.js';
import { validatePolicyText } from '../../src/policy/load.js';
import { formatProblem, formatWarning } from '../../src/policy/problems.js';
import { buildRequest } from '../../src/approval/request/request.js';
import { fields } from '../approval/world.js';
import type { Evaluation } from '../../src/decide/types.js';
import type { Confinement } from '../../src/policy/types.js';

// Problems for a policy with one allow rule carrying `confine`.
function problems(confine: string, settings = ''): string[] {
  const text = `version: 1\nsettings: {${settings}}\nrules:\n  - id: r\n    match: { command: ls }\n    decision: allow\n    confine: ${confine}\n`;
  const result = validatePolicyText('p.yaml', text);
  return 'problems' in result ? result.problems.map(formatProblem) : [];
}

describe('confine in the policy', () => {
  it('accepts the documented fields', () => {
    expect(problems('{ filesystem: read-only, writable: [/var/log/app, "/srv/*/cache"], network: none, terminal: inherit }')).toEqual([]);
  });

  it.each([
    ['{ filesystem: readonly }', /p\.yaml:7:28: rules\[0\]\.confine\.filesystem: expected one of read-only, read-write/],
    ['{ network: off }', /p\.yaml:7:25: rules\[0\]\.confine\.network/],
    ['{ terminal: yes }', /rules\[0\]\.confine\.terminal/],
    ['{ writable: [var/log] }', /writable path "var\/log" must be absolute/],
    ['{ writable: ["/"] }', /whole file system/],
    ['{ writable: [/var/../etc] }', /"\.\." segment/],
    ['{ writable: ["/var/**"] }', /"\*\*" is not supported/],
    ['{ writable: ["/var/log/[a"] }', /rules\[0\]\.confine\.writable\[0\]/],
    ['{ writable: "/var/log" }', /rules\[0\]\.confine\.writable/],
    ['{ extra: 1 }', /unknown key "extra"/],
  ])('%s is an error with its position', (confine, message) => {
    const found = problems(confine);
    expect(found.length).toBeGreaterThan(0);
    expect(found.join('\n')).toMatch(message);
  });

  it('settings.confine takes required or off only; off is linted', () => {
    expect(problems('{}', ' confine: maybe ').join('\n')).toMatch(/p\.yaml:2:22: settings\.confine: expected one of required, off/);
    const result = validatePolicyText('p.yaml', 'version: 1\nsettings: { confine: off }\nrules: []\n');
    if (!('policy' in result)) throw new Error('invalid');
    const warnings = lintPolicy(result.policy, result.locate).map(formatWarning);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/p\.yaml:2:22: warning: settings\.confine is off: commands run without a sandbox/);
  });
});

describe('confine is bound and shown', () => {
  const confine: Confinement = { filesystem: 'read-only', writable: ['/var/log/app'], network: 'none', terminal: 'none' };

  it('is part of the request and its binding hash, and the approver sees it', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    const random = (n: number) => Buffer.alloc(n, 7);
    const a = buildRequest(fields({ confine }), now, 300, random);
    const b = buildRequest(fields({ confine: { ...confine, network: 'host' } }), now, 300, random);
    expect(Object.keys(a).indexOf('confine')).toBe(Object.keys(a).indexOf('max_runtime_s') + 1);
    expect(bindingHash(a)).not.toBe(bindingHash(b));
    expect(renderRequest(a, now)).toContain('confine     read-only, writable /var/log/app, network none, terminal none');
  });

  it('check prints it, and check --json has "confine"', () => {
    const evaluation: Evaluation = {
      decision: 'allow', rules: [], reasons: [], approvers: [], quorum: 0, channel: [], session_ttl_s: null, max_runtime_s: 60, max_runtime_rule: null,
      risk: null, commands: [['ls']], executable: '/usr/bin/ls', decided_by: ['r'], message: null, run_as: null, confine,
    };
    expect(JSON.parse(checkJson(evaluation)).confine).toEqual(confine);
    expect(checkText(evaluation, false, false)).toContain('confine:     read-only, writable /var/log/app, network none, terminal none');
    expect(JSON.parse(checkJson({ ...evaluation, decision: 'deny', confine: null })).confine).toBeNull();
  });
});
