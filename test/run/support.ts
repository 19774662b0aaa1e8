// Shared pieces for the `run` end-to-end tests: a temporary world with a policy, an audit
// database path and a preferences directory, and the built CLI as a real process.
import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { CLI, runCli, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const fixture = (name: string): string => join(FIXTURES, name);
/** secure_path for the tests: the fixtures' `#!/usr/bin/env node` must find this node. */
export const SECURE_PATH = `${dirname(process.execPath)}:/usr/local/bin:/usr/bin:/bin`;

/** A fresh Ed25519 public key in policy form. */
export function approverKey(): string {
  const { publicKey } = generateKeyPairSync('ed25519');
  const x = publicKey.export({ format: 'jwk' }).x ?? '';
  return `ed25519:${Buffer.from(x, 'base64url').toString('base64')}`;
}

/**
 * Registers ESM resolve hooks that append every resolved module URL to `log`; returns the
 * file for `node --import` (or NODE_OPTIONS=--import=FILE).
 */
export function moduleLogger(dir: string, log: string): string {
  const hooks = join(dir, 'hooks.mjs');
  writeFileSync(hooks, `import { appendFileSync } from 'node:fs';\nexport async function resolve(s, c, next) { const r = await next(s, c); appendFileSync(${JSON.stringify(log)}, r.url + '\\n'); return r; }\n`);
  const register = join(dir, 'register.mjs');
  writeFileSync(register, `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  return register;
}

export interface World {
  dir: string;
  policy: string;
  db: string;
  xdg: string;
  /** The caller's environment: no sudo variables, preferences in `xdg`. */
  env: Record<string, string>;
  /** `run -p POLICY --audit-db DB ...args`. */
  run(args: string[], env?: Record<string, string | undefined>): Promise<CliResult>;
  /** The same, as a process the test can signal. */
  start(args: string[]): ChildProcess;
  /** Every stored leaf, parsed. */
  entries(): Array<Record<string, unknown>>;
}

/** Writes `policyYaml` to a fresh directory and returns helpers around it. */
export function world(policyYaml: string): World {
  const dir = tempDir();
  const policy = join(dir, 'policy.yaml');
  writeFileSync(policy, policyYaml);
  const db = join(dir, 'audit.db');
  const xdg = join(dir, 'config');
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', NO_COLOR: '1', XDG_CONFIG_HOME: xdg, XDG_STATE_HOME: join(dir, 'state'), XDG_CACHE_HOME: join(dir, 'cache') };
  const full = (args: string[]) => ['run', '-p', policy, '--audit-db', db, ...args];
  return {
    dir,
    policy,
    db,
    xdg,
    env,
    run: (args, extra = {}) => runCli(full(args), { cwd: dir, env: { ...env, ...extra } }),
    start: (args) => spawn(process.execPath, [CLI, ...full(args)], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] }),
    entries: () => {
      const handle = new Database(db, { readonly: true });
      try {
        return (handle.prepare('SELECT leaf FROM entries ORDER BY seq').all() as Array<{ leaf: string }>).map((r) => JSON.parse(r.leaf));
      } finally {
        handle.close();
      }
    },
  };
}

/** The last stderr line parsed as the `--json` result. */
export function jsonResult(stderr: string): Record<string, unknown> {
  const lines = stderr.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '{}');
}
