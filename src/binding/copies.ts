// Private copies of the hashed bytes (SPEC §10, docs/DECISIONS.md): the script, and the
// executable when the requester could have changed it, are written to a fresh directory that
// only approve-run's own user can reach; the sandbox (src/sandbox/) mounts each copy read-only
// over the path the command opens, so the command sees the bytes that were hashed.
// Invariants:
//   1. The directory is created by mkdtemp under /tmp (never $TMPDIR: the caller's
//      environment is not trusted), mode 0700, owned by this process's effective user; it is
//      checked after creation and removed after the run.
//   2. Copies are created exclusively (O_EXCL), from the bytes in memory, never from the file.
//   3. A root-owned executable that neither group nor others can write, in directories that
//      are root-owned and writable by no one else, is left alone: the requester cannot change it.
import { lstatSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ApproveRunError } from '../errors.js';
import type { FileSnapshot } from './file-reader.js';

/** One read-only mount: `source`'s bytes seen at `target`. */
export interface Overlay {
  source: string;
  target: string;
}

export interface PrivateCopies {
  dir: string;
  overlays: Overlay[];
  /** Removes the directory; safe to call twice. */
  remove(): void;
}

// True when no one but root can change the file at `real`, nor swap it (invariant 3).
function rootHeld(file: FileSnapshot): boolean {
  if (file.uid !== 0 || (file.mode & 0o022) !== 0) return false;
  for (let dir = dirname(file.real); ; dir = dirname(dir)) {
    let stats;
    try {
      stats = lstatSync(dir);
    } catch {
      return false;
    }
    if (stats.uid !== 0 || (stats.mode & 0o022) !== 0) return false;
    if (dir === '/') return true;
  }
}

// A fresh private directory (invariant 1).
function privateDir(euid: number): string {
  const dir = mkdtempSync('/tmp/approve-run-bind-');
  const stats = lstatSync(dir);
  if (!stats.isDirectory() || stats.uid !== euid || (stats.mode & 0o777) !== 0o700) {
    rmSync(dir, { recursive: true, force: true });
    throw new ApproveRunError('internal', `${dir}: not a private directory; not running`);
  }
  return dir;
}

/**
 * Writes the copies that must run in place of `files` (the first is the executable, copied
 * only when the requester could change it) and the overlays the sandbox mounts.
 */
export function writePrivateCopies(files: readonly FileSnapshot[], euid: number): PrivateCopies {
  const needed = files.filter((file, i) => i > 0 || !rootHeld(file));
  if (needed.length === 0) return { dir: '', overlays: [], remove: () => {} };
  const dir = privateDir(euid);
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const overlays: Overlay[] = [];
    needed.forEach((file, i) => {
      const source = join(dir, String(i));
      writeFileSync(source, file.bytes, { flag: 'wx', mode: file.mode & 0o555 });
      overlays.push({ source, target: file.path });
      if (file.real !== file.path) overlays.push({ source, target: file.real });
    });
    return { dir, overlays, remove };
  } catch (error) {
    remove();
    throw error;
  }
}
