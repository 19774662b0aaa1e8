// Escalations for environment prefixes (`NAME=value cmd`, `env NAME=value cmd`), SPEC §4.3.
// MUST hold:
//   1. A name not matched by settings.env_keep escalates.
//   2. A name in SENSITIVE_ENV or CODE_ENV escalates even when env_keep lists it.
//   3. Neither escalation can be covered by a rule (cover null): the value is not part of argv.
import { CODE_ENV } from '../knowledge/code-env.js';
import { SENSITIVE_ENV } from '../knowledge/sensitive-env.js';
import type { Escalation } from './types.js';

const globCache = new Map<string, RegExp>();

// Compiles a name glob (`*` any run, `?` one character) into an anchored regex.
function nameGlob(pattern: string): RegExp {
  let re = globCache.get(pattern);
  if (re === undefined) {
    const body = pattern.replace(/[.+^${}()|[\]\\*?]/g, (c) => (c === '*' ? '.*' : c === '?' ? '.' : `\\${c}`));
    re = new RegExp(`^${body}$`, 's');
    globCache.set(pattern, re);
  }
  return re;
}

// True if `name` matches one of the globs (as used by env_keep: `LC_*`).
function nameMatchesAny(name: string, globs: readonly string[]): boolean {
  return globs.some((glob) => nameGlob(glob).test(name));
}

/** The escalations a set of environment prefixes causes. */
export function envEscalations(env: readonly [string, string][], envKeep: readonly string[]): Escalation[] {
  const out: Escalation[] = [];
  for (const [name] of env) {
    const sensitive = SENSITIVE_ENV.find((entry) => nameGlob(entry.pattern).test(name)) ?? CODE_ENV.find((entry) => nameGlob(entry.pattern).test(name));
    if (sensitive !== undefined) {
      out.push({ reason: `environment prefix ${name}: ${sensitive.reason}`, cover: null });
    } else if (!nameMatchesAny(name, envKeep)) {
      out.push({ reason: `environment prefix ${name} is not in env_keep`, cover: null });
    }
  }
  return out;
}
