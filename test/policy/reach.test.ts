// `policy validate` on approve rules no approver can ever answer (src/policy/reach-lint.ts):
// errors for what can never work, warnings for what fails only under sudo; and the webhook's
// secret_file beside secret_env in the schema.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validatePolicyBytes } from '../../src/policy/load.js';
import { formatProblem } from '../../src/policy/problems.js';
import { reachFindings } from '../../src/policy/reach-lint.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const K1 = 'ed25519:3Kp7m32yh5mmf24fyqqTvBM95imrcHa3QmvXHv1sK3E=';

// A policy with one approve rule (`rule` adds to it) and the given channels block.
function policyText(channels: string, rule = ''): string {
  return `version: 1\napprovers:\n  alice: { users: [alice], key: "${K1}" }\n${channels}rules:\n  - { id: up, match: { command: apt-get }, decision: approve${rule} }\n`;
}

// The findings as formatted lines.
function findings(text: string): { errors: string[]; warnings: string[] } {
  const result = validatePolicyBytes('p.yaml', Buffer.from(text));
  if ('problems' in result) throw new Error(result.problems.map(formatProblem).join('\n'));
  const found = reachFindings(result.policy, result.locate, 'p.yaml');
  return { errors: found.errors.map(formatProblem), warnings: found.warnings.map(formatProblem) };
}

describe('policy validate: approvals that can never happen', () => {
  it.each([
    ['webhook with secret_file', 'channels:\n  webhook: { url: "https://a.example/x", secret_file: /etc/approve-run/webhook.secret }\n', '', [], []],
    ['terminal with totp', 'channels:\n  terminal: { authenticate: totp }\n', '', [], []],
    ['webhook with secret_env only', 'channels:\n  webhook: { url: "https://a.example/x", secret_env: S }\n', '', [], [/warning|under sudo.*secret_env is refused in privileged mode/]],
    ['unauthenticated terminal only', 'channels:\n  terminal: { authenticate: none }\n', '', [], [/under sudo.*unauthenticated terminal cannot approve in privileged mode/]],
    ['no channel at all', '', '', [/p\.yaml:5:\d+: rule "up" can never be approved: no approval channel is configured/], []],
    ['a plain-http webhook to another host', 'channels:\n  webhook: { url: "http://a.example/x" }\n', '', [/can never be approved: webhook: the webhook url must use https/], []],
  ])('%s', (_what, channels, rule, errors, warnings) => {
    const found = findings(policyText(channels, rule));
    expect(found.errors).toHaveLength(errors.length);
    errors.forEach((pattern, i) => expect(found.errors[i]).toMatch(pattern));
    expect(found.warnings).toHaveLength(warnings.length);
    warnings.forEach((pattern, i) => expect(found.warnings[i]).toMatch(pattern));
  });

  it('a quorum of 2 over an unauthenticated terminal alone is an error', () => {
    const text = `version: 1\napprovers:\n  a: { key: "${K1}" }\n  b: { key: "${K1}" }\nchannels:\n  terminal: { authenticate: none }\nrules:\n  - { id: two, match: { command: x }, decision: approve, quorum: 2 }\n`;
    expect(findings(text).errors).toEqual([expect.stringMatching(/rule "two" can never be approved: terminal: an unauthenticated terminal answer cannot count toward a quorum of 2/)]);
  });

  it('an approve default is judged too', () => {
    const text = `version: 1\nsettings: { default: approve }\napprovers:\n  alice: { key: "${K1}" }\nchannels:\n  terminal: {}\nrules: []\n`;
    expect(findings(text).warnings).toEqual([expect.stringMatching(/settings\.default approve can never be approved under sudo/)]);
  });

  it('secret_env and secret_file together are a schema error', () => {
    const result = validatePolicyBytes('p.yaml', Buffer.from(policyText('channels:\n  webhook: { url: "https://a.example/x", secret_env: S, secret_file: /etc/s }\n')));
    expect('problems' in result ? result.problems.map(formatProblem) : []).toEqual([expect.stringMatching(/^p\.yaml:\d+:\d+: .*secret_env or secret_file, not both/)]);
  });

  it('a relative secret_file is a schema error', () => {
    const result = validatePolicyBytes('p.yaml', Buffer.from(policyText('channels:\n  webhook: { url: "https://a.example/x", secret_file: webhook.secret }\n')));
    expect('problems' in result).toBe(true);
  });

  it('the CLI prints errors as file:line:col and exits 1; warnings alone exit 0', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'never.yaml'), policyText(''));
    writeFileSync(join(dir, 'sudo.yaml'), policyText('channels:\n  terminal: {}\n'));
    const never = await runCli(['policy', 'validate', 'never.yaml'], { cwd: dir });
    expect(never.code).toBe(1);
    expect(never.stdout).toMatch(/^never\.yaml:5:\d+: rule "up" can never be approved/m);
    const sudo = await runCli(['policy', 'validate', 'sudo.yaml'], { cwd: dir });
    expect(sudo.code).toBe(0);
    expect(sudo.stdout).toMatch(/^sudo\.yaml:\d+:\d+: warning: rule "up" can never be approved under sudo/m);
  });
});
