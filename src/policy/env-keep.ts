// `settings.env_keep` entries must not keep variables that approve-run sets itself or that make
// the child load or run code chosen by the caller (the table in src/knowledge/sensitive-env.ts).
import { CODE_ENV } from '../knowledge/code-env.js';
import { SENSITIVE_ENV } from '../knowledge/sensitive-env.js';

/** Set by approve-run for the child, never taken from the caller. */
const SET_BY_APPROVE_RUN = ['PATH', 'HOME', 'USER', 'LOGNAME'];

// Regex for a glob over a whole variable name (`*` = any run of characters).
const globRegex = (glob: string) => new RegExp(`^${glob.split('*').map((part) => part.replace(/[^A-Za-z0-9_]/g, '\\$&')).join('.*')}$`);

// True when an env_keep entry (`NAME` or `PREFIX*`) can keep a name matched by `pattern`.
// A prefix entry against a pattern that starts with `*` (like `*_CONFIG_PATH`) is not
// judged here: every prefix could reach it, and the environment builder drops those names.
function overlaps(entry: string, pattern: string): boolean {
  if (!entry.endsWith('*')) return globRegex(pattern).test(entry);
  const prefix = entry.slice(0, -1);
  if (pattern.startsWith('*')) return false;
  const patternPrefix = pattern.includes('*') ? pattern.slice(0, pattern.indexOf('*')) : null;
  if (patternPrefix === null) return pattern.startsWith(prefix);
  return patternPrefix.startsWith(prefix) || prefix.startsWith(patternPrefix);
}

/** A problem for an env_keep entry that is malformed or could keep a forbidden name, else null. */
export function checkEnvKeep(entry: string): string | null {
  if (!/^[A-Za-z_][A-Za-z0-9_]*\*?$/.test(entry)) return `env_keep entry ${JSON.stringify(entry)} must be a variable name, optionally ending in * (like LC_*)`;
  const own = SET_BY_APPROVE_RUN.find((name) => overlaps(entry, name));
  if (own !== undefined) return `env_keep must not keep ${entry}: approve-run sets ${own} itself`;
  const hit = SENSITIVE_ENV.find((sensitive) => overlaps(entry, sensitive.pattern));
  return hit === undefined ? null : `env_keep must not keep ${entry}: it covers ${hit.pattern} (${hit.reason})`;
}

/**
 * A lint warning for an env_keep entry that names a variable of CODE_ENV (code or config):
 * the entry is kept in the policy, but that name never reaches the command. Null otherwise.
 */
export function envKeepWarning(entry: string): string | null {
  const hit = CODE_ENV.find((code) => (entry.endsWith('*') ? overlaps(entry, code.pattern) : globRegex(code.pattern).test(entry)));
  return hit === undefined ? null : `env_keep ${entry} names code or config (${hit.pattern}: ${hit.reason}); it is never kept`;
}
