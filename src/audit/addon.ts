// Where better-sqlite3's compiled addon is, found without Node's module resolution: a start
// needs one path, and require.resolve() would read package.json files, follow NODE_PATH and
// the home-directory folders, and resolve real paths to get it.
// Invariants:
//   1. The package is the one require() would find first from `fromDir`: the node_modules
//      directories of `fromDir` and each directory above it, nearest first, skipping
//      directories that are themselves named node_modules (as Node does). NODE_PATH, $HOME
//      and the environment take no part.
//   2. Only that package is used: when it has no addon where npm builds it, the answer is
//      null (better-sqlite3 then searches on its own), never another copy further up.
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The addon's path inside a package directory, where npm's build of better-sqlite3 puts it. */
export const ADDON_IN_PACKAGE = join('build', 'Release', 'better_sqlite3.node');

/**
 * The addon file of the first `pkg` package seen from `fromDir` (invariant 1), or null when
 * there is none or it has no built addon (invariant 2).
 */
export function findPackageAddon(fromDir: string, pkg: string = 'better-sqlite3', exists: (path: string) => boolean = existsSync): string | null {
  for (let dir = fromDir; ; ) {
    if (basename(dir) !== 'node_modules') {
      const packageDir = join(dir, 'node_modules', pkg);
      if (exists(join(packageDir, 'package.json'))) {
        const addon = join(packageDir, ADDON_IN_PACKAGE);
        return exists(addon) ? addon : null;
      }
    }
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}
