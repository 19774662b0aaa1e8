// Where approve-run keeps its derived files (the compiled-policy cache, the hooks' verdict
// cache): a module of its own so that the hook's small bundle (src/hook-path.ts) can find the
// directory without loading the compiled-policy cache and node:crypto.
import { isAbsolute, join } from 'node:path';
import type { OwnedDirectory } from '../config/trust.js';
import type { Identity } from '../exec/identity.js';

/** The privileged-mode cache directory. */
export const SYSTEM_CACHE_DIR = '/var/cache/approve-run';

/** /var/cache/approve-run in privileged mode, else $XDG_CACHE_HOME/approve-run or ~/.cache/approve-run. */
export function policyCacheLocation(identity: Pick<Identity, 'privileged' | 'euid' | 'home'>, env: Readonly<Record<string, string | undefined>>): OwnedDirectory {
  if (identity.privileged) return { dir: SYSTEM_CACHE_DIR, owner: 0, checkAncestors: true };
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && xdg !== '' && isAbsolute(xdg) ? xdg : join(identity.home, '.cache');
  return { dir: join(base, 'approve-run'), owner: identity.euid, checkAncestors: false };
}
