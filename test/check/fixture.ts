// A policy and a clean environment for running `approve-run check` through the built CLI
// (run `npm run build` first).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const KEY = 'ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=';

export const POLICY = `version: 1
settings:
  default: deny
  max_runtime: 1h
approvers:
  alice: { users: [alice], key: "${KEY}" }
  bob: { users: [bob], key: "${KEY}" }
  carol: { users: [carol], key: "${KEY}" }
groups:
  sre: [alice, bob]
channels:
  terminal: { authenticate: none }
rules:
  - id: sed-print
    match: { command: sed, args: ["-n", "**"] }
    decision: allow
  - id: git-push
    match: { command: git, args: [push, "**"] }
    decision: approve
    approvers: [group:sre, carol]
    quorum: 2
    session_ttl: 15m
    max_runtime: 2m
    risk: high
  - id: git-push-tags
    match: { command: git, args: [push, "**"], options: [--tags] }
    decision: approve
    approvers: [bob, alice]
    session_ttl: 5m
    risk: critical
  - id: git-push-force
    match: { command: git, args: [push, "**"], options: [--force] }
    decision: approve
    approvers: [carol]
  - id: no-rm-root
    match: { command: rm, args: ["**", "/"] }
    decision: deny
    message: Removing / is never allowed
  - id: agents-cat
    match: { command: cat }
    when: { actor: "agent:*" }
    decision: allow
`;

export const state = tempDir();
export const dir = tempDir();
export const policyFile = join(dir, 'policy.yaml');
writeFileSync(policyFile, POLICY);

// The CLI with a clean environment: no policy variable, state under a temp dir, no colour.
export function check(args: string[], env: Record<string, string> = {}) {
  return runCli(['check', ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: state, XDG_STATE_HOME: state, NO_COLOR: '1', ...env },
  });
}

/** The keys of `check --json`, in order (SPEC §7). */
export const JSON_KEYS = ['decision', 'rules', 'reasons', 'approvers', 'quorum', 'channel', 'session_ttl_s', 'max_runtime_s', 'confine', 'commands', 'message'];
