// The resolved view of a path operand (SPEC §10): what file a token names once symlinks and
// `..` are resolved, relative to the request's cwd. Allow rules match a path operand both as
// written and as resolved; deny and approve rules match either (./args.ts).
// Invariants:
//   1. A path operand is a token taken by an `args` pattern that holds a `/` (`/srv/logs/*`,
//      `./conf/*.yaml`, `--file=/etc/app/*`); for `--name=value` the value is the path.
//   2. The view is realpath(3) of the longest existing leading part, followed by the rest as
//      written. Nothing in the rest exists, so no symlink there can redirect it; a `..` in the
//      rest, or a next part that exists but does not resolve (a dangling or looping symlink,
//      no permission), gives no view.
//   3. No view means the token cannot satisfy an allow rule's path pattern (fail closed).
//   4. A relative token is viewed as an absolute path, or, for a relative pattern, relative to
//      realpath(cwd), and then has no view outside it.
import type { PathProbe } from './types.js';

// `path` absolute against `cwd` (text only: resolving is realpath's job).
function absolute(path: string, cwd: string): string {
  if (path.startsWith('/')) return path;
  return cwd.endsWith('/') ? `${cwd}${path}` : `${cwd}/${path}`;
}

// realpath of the longest existing leading part of `abs`, plus the rest (invariant 2).
function resolvedPath(abs: string, probe: PathProbe): string | null {
  for (let end = abs.length; end >= 0; end = end === 0 ? -1 : abs.lastIndexOf('/', end - 1)) {
    const head = end === 0 ? '/' : abs.slice(0, end);
    const real = probe.realpath(head);
    if (real === null) continue;
    const rest = abs.slice(end);
    if (rest === '') return real;
    if (rest.split('/').includes('..')) return null;
    const next = rest.split('/').find((part) => part !== '' && part !== '.');
    if (next !== undefined && probe.exists?.(`${head === '/' ? '' : head}/${next}`) === true) return null;
    return real === '/' ? rest : `${real}${rest}`;
  }
  return null;
}

/** The resolved view of a path operand token, or null when it has none (invariants 1-4). */
export function resolvedOperand(token: string, cwd: string, probe: PathProbe, relative = false): string | null {
  const eq = token.startsWith('-') ? token.indexOf('=') : -1;
  const prefix = eq === -1 ? '' : token.slice(0, eq + 1);
  const path = token.slice(prefix.length);
  if (path === '') return token;
  const real = resolvedPath(absolute(path, cwd), probe);
  if (real === null || path.startsWith('/') || !relative) return real === null ? null : prefix + real;
  const base = probe.realpath(cwd);
  if (base === null) return null;
  if (real === base) return `${prefix}.`;
  const inside = base === '/' ? real.slice(1) : real.startsWith(`${base}/`) ? real.slice(base.length + 1) : null;
  return inside === null ? null : prefix + inside;
}

/** Memoises resolvedOperand for one command. */
export function operandResolver(cwd: string, probe: PathProbe): (token: string, relative?: boolean) => string | null {
  const seen = new Map<string, string | null>();
  return (token, relative = false) => {
    const key = `${relative ? 'r' : 'a'}${token}`;
    let view = seen.get(key);
    if (view === undefined) seen.set(key, (view = resolvedOperand(token, cwd, probe, relative)));
    return view;
  };
}

/** True when a path pattern is relative: its path (after `--name=`) does not start with `/` or `re:`. */
export function isRelativePattern(pattern: string): boolean {
  const eq = pattern.startsWith('-') ? pattern.indexOf('=') : -1;
  const path = pattern.slice(eq + 1);
  return !path.startsWith('/') && !path.startsWith('re:');
}
