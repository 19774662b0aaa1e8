// Refuses to run as root from code that someone else could have changed (SPEC §3, §11): in
// privileged mode the files approve-run loads must be as safe as the policy.
// Invariants:
//   1. Every code file named here is a regular file owned by root and not writable by group or
//      others; a symbolic link is checked at both ends (the link's directory, and its target).
//   2. Every directory above such a file, up to /, is owned by root and not writable by group
//      or others (writableByOthers, src/config/trust.ts): otherwise a file could be replaced.
//      A root-owned sticky directory (such as /tmp) is accepted: there nobody but root can
//      rename or remove the root-owned entry below it, which the walk checks in turn.
//   3. The check runs before the code it covers is loaded, except for the entry files that
//      carry it (bin/, dist/main.cjs): those are checked first thing, so a misconfigured
//      install is refused even if nothing was changed yet.
//   4. The first problem stops approve-run with one line naming the file (exit 125).
import { lstatSync, readdirSync, realpathSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { ApproveRunError } from '../errors.js';
import { writableByOthers } from './trust.js';

/** True when this process may be in privileged mode: effective uid 0 and an invoker who is not root (a superset of src/exec/identity.ts). */
export function mayBePrivileged(env: Readonly<Record<string, string | undefined>>): boolean {
  if (process.geteuid?.() !== 0) return false;
  if (process.getuid?.() !== 0) return true;
  return env.SUDO_UID !== undefined && env.SUDO_UID !== '0';
}

// The one-line refusal.
function refusal(path: string, problem: string): ApproveRunError {
  return new ApproveRunError('internal', `privileged mode: refusing to run from ${path}, which is ${problem} (install approve-run owned by root: see README, Deployment)`);
}

// The lstat of a path, or null when it does not exist.
function statOf(path: string): Stats | null {
  return lstatSync(path, { throwIfNoEntry: false }) ?? null;
}

/** Checks code files and their directories (invariants 1, 2, 4); a missing file is skipped (it cannot be loaded). */
export function checkCodeFiles(files: readonly string[]): void {
  const seen = new Set<string>();
  // Every directory from `from` up to /; a symlink among them is judged by where it leads.
  const checkDirs = (from: string) => {
    for (let dir = from; !seen.has(dir); dir = dirname(dir)) {
      seen.add(dir);
      const stats = statOf(dir);
      if (stats?.isSymbolicLink() === true) checkDirs(realpathSync.native(dir));
      else if (stats !== null) {
        const problem = stats.uid === 0 && (stats.mode & 0o1000) !== 0 ? null : writableByOthers(stats);
        if (problem !== null) throw refusal(dir, problem);
      }
      if (dir === '/') break;
    }
  };
  for (const file of files) {
    let stats = statOf(file);
    if (stats === null) continue;
    checkDirs(dirname(file));
    let real = file;
    if (stats.isSymbolicLink()) {
      real = realpathSync.native(file);
      checkDirs(dirname(real));
      stats = lstatSync(real);
    }
    if (!stats.isFile() && !stats.isDirectory()) throw refusal(file, 'not a regular file');
    const problem = writableByOthers(stats);
    if (problem !== null) throw refusal(real, problem);
  }
}

// The regular files in a directory and, with `deep`, in its subdirectories.
function filesIn(dir: string, deep: boolean): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return deep ? [path, ...filesIn(path, deep)] : [];
    return [path];
  });
}

// better-sqlite3's JavaScript (the package file and lib/), as Node loads it from node_modules.
function sqliteScripts(root: string): string[] {
  const sqlite = join(root, 'node_modules', 'better-sqlite3');
  return [join(sqlite, 'package.json'), ...filesIn(join(sqlite, 'lib'), true)];
}

/**
 * The code the allow path loads, from the package directory `root` (the parent of dist/):
 * the entry, the fast path, and better-sqlite3's addon, and its JavaScript unless the fast path
 * is the CommonJS bundle (which carries it: scripts/build.mjs).
 */
export function fastPathCode(root: string, bin: string | undefined, fastPath: string): string[] {
  return [
    ...(bin === undefined ? [] : [bin]),
    join(root, 'bin', 'approve-run.js'),
    join(root, 'dist', 'main.cjs'),
    fastPath,
    join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
    ...(fastPath.endsWith('.cjs') ? [] : sqliteScripts(root)),
  ];
}

/** The code the full program may load besides the fast path: dist/program.js, its chunks, and the packages it leaves in node_modules. */
export function programCode(root: string): string[] {
  return [
    join(root, 'dist', 'program.js'),
    ...filesIn(join(root, 'dist', 'chunks'), false),
    ...sqliteScripts(root),
    ...filesIn(join(root, 'node_modules', 'web-tree-sitter'), false),
    ...filesIn(join(root, 'node_modules', 'tree-sitter-bash'), false),
  ];
}
