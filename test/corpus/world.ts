// Builds real policies and decision inputs for corpus and fuzz tests: policies go through the
// real loader, executables resolve on the real file system (test/corpus/bin holds stand-ins
// for tools this machine lacks; test/corpus/workdir holds look-alikes for shadowing cases).
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { realPathProbe } from '../../src/decide/resolve.js';
import type { DecisionInput } from '../../src/decide/types.js';
import { loadPolicyText } from '../../src/policy/load.js';
import type { Policy } from '../../src/policy/types.js';

export const CORPUS_BIN = fileURLToPath(new URL('./bin', import.meta.url));
export const CORPUS_WORKDIR = fileURLToPath(new URL('./workdir', import.meta.url));
export const SECURE_PATH = `${CORPUS_BIN}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;
export const paths = realPathProbe;

export interface RuleSpec {
  command: string | string[];
  args?: string[];
  options?: string[];
  decision: 'allow' | 'approve' | 'deny';
  message?: string;
}

export interface PolicySettings {
  default?: 'deny' | 'approve';
  env_keep?: string[];
}

/** A policy text with the given rules, one approver (alice) and corpus-friendly settings. */
export function policyText(rules: readonly RuleSpec[], settings: PolicySettings = {}): string {
  return stringify({
    version: 1,
    settings: {
      default: settings.default ?? 'deny',
      secure_path: SECURE_PATH,
      env_keep: settings.env_keep ?? ['TERM', 'LANG', 'LC_*', 'TZ', 'NO_COLOR'],
    },
    approvers: { alice: { users: ['alice'], key: 'ed25519:3Kp7m32yh5mmf24fyqqTvBM95imrcHa3QmvXHv1sK3E=' } },
    channels: { terminal: { authenticate: 'none' } },
    rules: rules.map((rule, i) => ({
      id: `r${i}`,
      match: { command: rule.command, ...(rule.args ? { args: rule.args } : {}), ...(rule.options ? { options: rule.options } : {}) },
      decision: rule.decision,
      ...(rule.decision === 'approve' ? { approvers: ['alice'] } : {}),
      ...(rule.message ? { message: rule.message } : {}),
    })),
  });
}

/** Loads a policy through the real loader. */
export function buildPolicy(rules: readonly RuleSpec[], settings: PolicySettings = {}): Policy {
  return loadPolicyText('/corpus/policy.yaml', policyText(rules, settings));
}

/** The decision input for an argv or a shell line, requested by `agent` from the corpus workdir. */
export function inputFor(request: { command?: string[]; shell?: string }): DecisionInput {
  const shell = request.shell ?? null;
  return {
    argv: shell === null ? [...(request.command ?? [])] : [shell],
    shell,
    cwd: CORPUS_WORKDIR,
    requester: { user: 'agent', uid: 4242, gid: 4242, groups: ['agent'] },
    actor: 'agent:corpus',
    host: 'corpus-host',
    now: new Date('2026-03-04T10:00:00Z'),
  };
}
