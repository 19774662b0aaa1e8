// V8's compile cache for approve-run's own bundles (module.enableCompileCache, Node >= 22.1),
// so later starts skip parsing and compiling them. Compiled code is code: it is only ever
// kept where nobody but the user running approve-run could have written it.
// Invariants:
//   1. With effective uid 0 (root, and so every privileged start) the cache is only
//      /var/cache/approve-run/compile, created 0700; it and every directory above it are owned
//      by root and not writable by group or others. No environment variable takes part.
//   2. Otherwise it is $XDG_CACHE_HOME/approve-run/compile (or ~/.cache/...), created 0700,
//      and must be owned by the effective uid and not writable by group or others.
//   3. Where Node has no compile cache, nothing is created. Any problem leaves the cache off;
//      it never stops or changes a run.
import { mkdirSync } from 'node:fs';
import module from 'node:module';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { isTrustedDirectory, type OwnedDirectory } from './trust.js';

/** The root-only compile cache (invariant 1). */
export const SYSTEM_COMPILE_CACHE_DIR = '/var/cache/approve-run/compile';

/** The directory for `euid` and its trust rule, per the invariants above. */
export function compileCacheDir(euid: number, env: Readonly<Record<string, string | undefined>>): OwnedDirectory {
  if (euid === 0) return { dir: SYSTEM_COMPILE_CACHE_DIR, owner: 0, checkAncestors: true };
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && xdg !== '' && isAbsolute(xdg) ? xdg : join(homedir(), '.cache');
  return { dir: join(base, 'approve-run', 'compile'), owner: euid, checkAncestors: false };
}

/** Turns the compile cache on in the trusted directory, when Node has one; returns the directory or null. */
export function enableCompileCache(env: Readonly<Record<string, string | undefined>>): string | null {
  const enable = (module as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (typeof enable !== 'function' || process.geteuid === undefined) return null;
  try {
    const location = compileCacheDir(process.geteuid(), env);
    mkdirSync(location.dir, { recursive: true, mode: 0o700 });
    if (!isTrustedDirectory(location)) return null;
    enable(location.dir);
    return location.dir;
  } catch {
    return null;
  }
}
