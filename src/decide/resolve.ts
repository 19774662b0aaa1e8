// Executable resolution (SPEC §4.1): which file a requested argv[0] would run.
// Invariants:
//   1. A bare name is looked up only in secure_path, never in the caller's PATH and never
//      in a relative or empty secure_path entry (that would search the cwd).
//   2. A name with a `/` is taken relative to the cwd, as execve(2) does.
//   3. Only an existing regular file with an execute bit resolves; anything else is null,
//      and null never satisfies an allow rule's command.
import { accessSync, constants, lstatSync, realpathSync, statSync } from 'node:fs';
import type { PathProbe } from './types.js';

/** The real file system (realpath(3) itself; a missing file is an answer, not an exception). */
export const realPathProbe: PathProbe = {
  realpath(path) {
    try {
      return realpathSync.native(path);
    } catch {
      return null;
    }
  },
  isExecutableFile(path) {
    try {
      if (statSync(path, { throwIfNoEntry: false })?.isFile() !== true) return false;
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  identity(path) {
    try {
      const stat = statSync(path, { bigint: true, throwIfNoEntry: false });
      return stat === undefined ? null : `${stat.dev}:${stat.ino}`;
    } catch {
      return null;
    }
  },
  exists(path) {
    try {
      return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
    } catch {
      return true;
    }
  },
};

/** `probe` answering each question once, so one evaluation sees one state of the file system. */
export function memoisedProbe(probe: PathProbe): PathProbe {
  const reals = new Map<string, string | null>();
  const executables = new Map<string, boolean>();
  const identities = new Map<string, string | null>();
  const identity = probe.identity?.bind(probe);
  const present = new Map<string, boolean>();
  return {
    ...(identity === undefined
      ? {}
      : {
          identity(path: string) {
            let id = identities.get(path);
            if (id === undefined) identities.set(path, (id = identity(path)));
            return id;
          },
        }),
    realpath(path) {
      let real = reals.get(path);
      if (real === undefined) reals.set(path, (real = probe.realpath(path)));
      return real;
    },
    isExecutableFile(path) {
      let executable = executables.get(path);
      if (executable === undefined) executables.set(path, (executable = probe.isExecutableFile(path)));
      return executable;
    },
    exists(path) {
      let there = present.get(path);
      if (there === undefined) present.set(path, (there = probe.exists?.(path) ?? false));
      return there;
    },
  };
}

/** Where a requested executable was found and what it really is. */
export interface ResolvedExecutable {
  /** The path it was found at (a secure_path entry joined with the name, or the given path). */
  path: string;
  /** realpath(3) of `path`. */
  real: string;
}

// Joins a directory and a relative name without normalising `..` (realpath does that right).
function joinPath(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

// The found path plus its realpath, if it is an executable file.
function probeFile(path: string, probe: PathProbe): ResolvedExecutable | null {
  if (!probe.isExecutableFile(path)) return null;
  const real = probe.realpath(path);
  return real === null ? null : { path, real };
}

/**
 * Resolves a requested argv[0]: a bare name through `securePath` only, anything with a `/`
 * relative to `cwd`; then realpath. Null when nothing executable is there.
 */
export function resolveExecutable(argv0: string, cwd: string, securePath: string, probe: PathProbe): ResolvedExecutable | null {
  if (argv0 === '' || argv0.includes('\0')) return null;
  if (argv0.includes('/')) return probeFile(argv0.startsWith('/') ? argv0 : joinPath(cwd, argv0), probe);
  for (const dir of securePath.split(':')) {
    if (!dir.startsWith('/')) continue;
    const found = probeFile(joinPath(dir, argv0), probe);
    if (found !== null) return found;
  }
  return null;
}

/** Basename of a path (`/bin/../bin/rm` → `rm`); trailing slashes ignored. */
export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/**
 * Memoises resolutions and file checks within one evaluation, so a rule name shared by many
 * rules or commands, or a command judged twice, is looked up once. Not kept across
 * evaluations: the file system may change.
 */
export class ExecutableResolver {
  private readonly names = new Map<string, ResolvedExecutable | null>();
  /** The probe given, memoised (memoisedProbe). */
  readonly probe: PathProbe;

  constructor(
    readonly securePath: string,
    probe: PathProbe,
  ) {
    this.probe = memoisedProbe(probe);
  }

  // A bare name as found through secure_path.
  byName(name: string): ResolvedExecutable | null {
    let found = this.names.get(name);
    if (found === undefined) {
      found = resolveExecutable(name, '/', this.securePath, this.probe);
      this.names.set(name, found);
    }
    return found;
  }

  // realpath of an absolute path named in a rule (null when missing).
  realOf(path: string): string | null {
    return this.probe.realpath(path);
  }

  // True when two existing paths are one file (hard links share device and inode).
  sameFile(a: string | undefined, b: string | undefined): boolean {
    if (a === undefined || b === undefined || this.probe.identity === undefined) return false;
    const id = this.probe.identity(a);
    return id !== null && id === this.probe.identity(b);
  }
}
