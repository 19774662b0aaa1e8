// The command's environment, built from scratch (SPEC §4 env_keep, §6).
// Invariants:
//   1. Nothing is inherited wholesale: a caller variable reaches the command only if its name
//      matches an env_keep pattern AND no pattern of SENSITIVE_ENV, CODE_ENV or NEVER_INHERITED.
//   2. PATH is always settings.secure_path; HOME, USER and LOGNAME always describe the target
//      user from /etc/passwd, whatever the caller set.
//   3. Values that look like exported shell functions (`() {`) are never passed on, nor
//      locale/terminal names containing `/` or `%`, nor a TZ that names a file by path.
//   4. Only portable names ([A-Za-z_][A-Za-z0-9_]*) are passed on.
//   5. LESSSECURE=1 and SYSTEMD_PAGERSECURE=1 are always set, whatever the caller set. (A
//      confined command also gets PWD, its working directory, from bwrap.)
import { starMatch } from '../decide/star-match.js';
import { CODE_ENV } from '../knowledge/code-env.js';
import { SENSITIVE_ENV } from '../knowledge/sensitive-env.js';
import type { Settings } from '../policy/types.js';
import { NEVER_INHERITED, PATH_FREE_VALUES, type UnsafeEnvEntry } from './unsafe-env.js';

export interface EnvTarget {
  user: string;
  home: string;
}

const PORTABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

// Whether `name` matches `pattern` whole, `*` standing for any run of characters and `?` for
// one (code unit).
function wildcardMatch(pattern: string, name: string): boolean {
  return starMatch(pattern.length, name.length, (p) => pattern[p] === '*', (p, n) => pattern[p] === '?' || pattern[p] === name[n]);
}

/** Compiles an env_keep pattern: `*` any run of characters, `?` one; everything else literal. */
export function compileEnvPattern(pattern: string): (name: string) => boolean {
  if (!pattern.includes('*') && !pattern.includes('?')) return (name) => name === pattern;
  return (name) => wildcardMatch(pattern, name);
}

const compiledTables = new WeakMap<object, Array<(name: string) => boolean>>();

// True if any entry of the table names this variable (each table's patterns compiled once).
function listed(table: readonly Pick<UnsafeEnvEntry, 'pattern'>[], name: string): boolean {
  let matchers = compiledTables.get(table);
  if (matchers === undefined) {
    matchers = table.map((entry) => compileEnvPattern(entry.pattern));
    compiledTables.set(table, matchers);
  }
  return matchers.some((matches) => matches(name));
}

/** True for names the command never inherits, whatever env_keep says. */
export function isNeverInherited(name: string): boolean {
  return listed(NEVER_INHERITED, name) || listed(SENSITIVE_ENV, name) || listed(CODE_ENV, name);
}

/** True if a value is safe to hand on for this name (invariant 3). */
export function isSafeValue(name: string, value: string): boolean {
  if (value.startsWith('()')) return false;
  if (listed(PATH_FREE_VALUES, name)) return !value.includes('/') && !value.includes('%') && !CONTROL.test(value);
  if (name === 'TZ') {
    const zone = value.startsWith(':') ? value.slice(1) : value;
    return !zone.startsWith('/') && !zone.includes('..') && !CONTROL.test(zone) && !/\s/.test(zone);
  }
  return true;
}

/** The complete environment for the command; see the invariants above. */
export function buildChildEnv(
  callerEnv: Readonly<Record<string, string | undefined>>,
  settings: Pick<Settings, 'env_keep' | 'secure_path'>,
  target: EnvTarget,
): Record<string, string> {
  const keep = settings.env_keep.map(compileEnvPattern);
  const env: Record<string, string> = {};
  for (const name of Object.keys(callerEnv).sort()) {
    const value = callerEnv[name];
    if (value === undefined || !PORTABLE_NAME.test(name)) continue;
    if (!keep.some((matches) => matches(name)) || isNeverInherited(name)) continue;
    if (isSafeValue(name, value)) env[name] = value;
  }
  env.PATH = settings.secure_path;
  env.HOME = target.home;
  env.USER = target.user;
  env.LOGNAME = target.user;
  // Pagers and systemd's pager refuse shell escapes, editors and log files (SPEC §9).
  env.LESSSECURE = '1';
  env.SYSTEMD_PAGERSECURE = '1';
  return env;
}
