// Refuses, in privileged mode, an environment that chooses how Node, OpenSSL or the dynamic
// loader behave (SPEC §11): such variables pick code root runs (NODE_OPTIONS=--require,
// OPENSSL_CONF loading a provider, LD_PRELOAD), files root writes (NODE_V8_COVERAGE) or what
// TLS trusts (NODE_TLS_REJECT_UNAUTHORIZED, NODE_EXTRA_CA_CERTS, SSL_CERT_FILE).
// Invariants:
//   1. Every variable in one of the families below is refused, by family, not by a list of
//      the names known today: a later Node or OpenSSL variable of the same family is refused too.
//   2. The check runs before any code beyond the entry file is loaded; the refusal is one line
//      naming the variable (never its value) and the sudoers setting that let it through.
//   3. It is a tripwire, not the defence: sudo's env_reset removes all of these, and Node acts on
//      some (NODE_OPTIONS, LD_PRELOAD) before this check can run. The refusal makes a sudoers
//      rule that keeps them (SETENV, env_keep) fail loudly instead of quietly.
//   4. What can still be undone is undone before the refusal: coverage collection started by
//      NODE_V8_COVERAGE is stopped, so no coverage file is written as root at exit.
import { createRequire } from 'node:module';
import { ApproveRunError } from '../errors.js';

/** Name prefixes of the variables Node, OpenSSL and the loader act on. */
export const RUNTIME_ENV_FAMILIES: readonly string[] = ['NODE_', 'OPENSSL_', 'SSL_CERT_', 'LD_'];

/** The first variable of `env` in a refused family, or null. */
export function runtimeVariable(env: Readonly<Record<string, string | undefined>>): string | null {
  for (const name of Object.keys(env).sort()) {
    if (env[name] !== undefined && RUNTIME_ENV_FAMILIES.some((family) => name.startsWith(family))) return name;
  }
  return null;
}

/** Throws the one-line refusal when `env` holds a refused variable (invariants 1, 2, 4). */
export function refuseRuntimeEnvironment(env: Readonly<Record<string, string | undefined>>): void {
  const name = runtimeVariable(env);
  if (name === null) return;
  // node:v8 is loaded only here: main loads this module on every privileged start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- a lazy, bundled require; createRequire where there is none
  if (env.NODE_V8_COVERAGE !== undefined) ((typeof require === 'function' ? require('node:v8') : createRequire(import.meta.url)('node:v8')) as typeof import('node:v8')).stopCoverage();
  throw new ApproveRunError(
    'internal',
    `privileged mode: refusing to run with $${name} set: it changes what Node, OpenSSL or the loader do as root; sudo's env_reset removes it, so check sudoers for SETENV or env_keep`,
  );
}
