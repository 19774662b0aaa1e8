// policies.example.yaml must validate cleanly, lint cleanly, show every feature, and pass its
// own inline tests through the real decision function.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { realPathProbe } from '../../src/decide/resolve.js';
import { lintPolicy } from '../../src/policy/lint.js';
import { reachFindings } from '../../src/policy/reach-lint.js';
import { validatePolicyBytes } from '../../src/policy/load.js';
import { formatProblem, formatWarning } from '../../src/policy/problems.js';
import { runPolicyCases } from '../../src/policy/run-cases.js';

const FILE = fileURLToPath(new URL('../../policies.example.yaml', import.meta.url));
const result = validatePolicyBytes('policies.example.yaml', readFileSync(FILE));
const policy = 'policy' in result ? result.policy : null;

describe('policies.example.yaml', () => {
  it('validates with zero problems and zero warnings', () => {
    expect('problems' in result ? result.problems.map(formatProblem) : []).toEqual([]);
    expect('policy' in result ? lintPolicy(result.policy, result.locate).map(formatWarning) : ['invalid']).toEqual([]);
  });

  it('every approve rule can reach an approver, under sudo too (webhook secret_file)', () => {
    if (policy === null || !('locate' in result)) throw new Error('invalid example');
    expect(reachFindings(policy, result.locate, 'policies.example.yaml')).toEqual({ errors: [], warnings: [] });
    expect(policy.channels.webhook?.secret_file).toBe('/etc/approve-run/webhook.secret');
  });

  it('shows every feature', () => {
    if (policy === null) throw new Error('invalid example');
    expect(policy.settings.default).toBe('deny');
    expect(policy.settings.redact.length).toBeGreaterThan(0);
    expect(policy.settings.audit.db).toBeNull();
    expect(Object.keys(policy.approvers).length).toBeGreaterThanOrEqual(2);
    expect(Object.values(policy.approvers).some((a) => a.totp !== null)).toBe(true);
    expect(Object.keys(policy.groups).length).toBeGreaterThan(0);
    expect(policy.channels.webhook?.url).toBe('http://127.0.0.1:8787/approve-run');
    expect(policy.channels.terminal).not.toBeNull();
    const rules = policy.rules;
    for (const decision of ['allow', 'approve', 'deny'] as const) expect(rules.some((r) => r.decision === decision)).toBe(true);
    const args = rules.flatMap((r) => r.match.args ?? []);
    expect(args).toContain('**');
    expect(args.some((a) => a.startsWith('re:'))).toBe(true);
    expect(args.some((a) => a.includes('{'))).toBe(true);
    expect(rules.some((r) => r.match.options.length > 0)).toBe(true);
    const whens = rules.flatMap((r) => (r.when === null ? [] : [r.when]));
    for (const key of ['user', 'group', 'actor', 'host', 'cwd', 'time'] as const) expect(whens.some((w) => w[key] !== null)).toBe(true);
    expect(rules.some((r) => (r.quorum ?? 0) > 1)).toBe(true);
    expect(rules.some((r) => r.approvers?.some((a) => a.startsWith('group:')))).toBe(true);
    for (const field of ['session_ttl_s', 'max_runtime_s', 'risk', 'message', 'run_as', 'channel'] as const) {
      expect(rules.some((r) => r[field] !== null)).toBe(true);
    }
    expect(policy.tests.length).toBeGreaterThan(5);
    const restart = rules.find((r) => r.id === 'restart-web');
    expect(restart).toMatchObject({ decision: 'approve', match: { command: ['systemctl'], args: ['restart', '{nginx,apache2}.service'] } });
  });

  it('passes its own inline tests', async () => {
    if (policy === null) throw new Error('invalid example');
    const env = {
      paths: realPathProbe,
      cwd: '/tmp',
      host: 'web-1',
      now: new Date(),
      requester: { user: 'tester', uid: 1000, gid: 1000, groups: ['tester'] },
      lookupRequester: (user: string) => ({ user, uid: -1, gid: -1, groups: [] }),
    };
    const results = await runPolicyCases(policy, policy.tests, env);
    expect(results.failures.map((f) => f.line)).toEqual([]);
    expect(results.passed).toBe(policy.tests.length);
  });
});
