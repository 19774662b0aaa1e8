// Where the audit database lives on disk: creating its directory and file with tight modes,
// and refusing, in privileged mode, a location that another user could tamper with.
// Invariants:
//   1. A directory created here is 0700 and a file 0600 (before the umask narrows them
//      further); existing modes are never changed.
//   2. In privileged mode the directory and the file (when they exist) must belong to the
//      effective user (root) and not be group- or world-writable, and the file must not be a
//      symlink; otherwise opening fails and nothing runs.
import { closeSync, constants, existsSync, lstatSync, mkdirSync, openSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';

// mkdir -p with `mode` for each created directory. Node's own recursive mkdirSync loops
// forever where mkdir fails with ENOENT under an existing parent (e.g. in /proc), which would
// hang a run instead of failing it.
function makeDirectories(dir: string, mode: number): void {
  if (existsSync(dir)) return;
  const parent = dirname(dir);
  if (parent !== dir) makeDirectories(parent, mode);
  try {
    mkdirSync(dir, { mode });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

// Refuses a file or directory that someone other than root could change.
function requireRootOwned(path: string, stats: Stats, what: string): void {
  const euid = process.geteuid?.() ?? 0;
  if (stats.uid !== euid) throw new Error(`${what} ${path} is not owned by uid ${euid}`);
  if ((stats.mode & 0o022) !== 0) throw new Error(`${what} ${path} is writable by group or others`);
}

/** Creates the directory (0700) and an empty database file (0600) when missing. */
export function prepareLocation(path: string, privileged: boolean): void {
  const dir = dirname(path);
  makeDirectories(dir, 0o700);
  if (privileged) {
    const stats = lstatSync(dir);
    if (!stats.isDirectory()) throw new Error(`audit directory ${dir} is not a directory`);
    requireRootOwned(dir, stats, 'audit directory');
  }
  try {
    closeSync(openSync(path, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  if (privileged) {
    const stats = lstatSync(path);
    if (!stats.isFile()) throw new Error(`audit database ${path} is not a regular file`);
    requireRootOwned(path, stats, 'audit database');
  }
}
