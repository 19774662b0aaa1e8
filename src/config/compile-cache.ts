// V8's compile cache for approve-run's own bundles, so a start skips parsing and compiling
// them. Node >= 22.1 has one built in (module.enableCompileCache); on older Node a CommonJS
// bundle is compiled through vm.Script with V8 code-cache data kept the same way.
// Compiled code is code: it is only ever kept where nobody else could have written it.
// Invariants:
//   1. With effective uid 0 (root, so every privileged start) the directory is only
//      /var/cache/approve-run/compile, created 0700; it and every directory above it are owned
//      by root and not writable by group or others. No environment variable takes part.
//   2. Otherwise it is $XDG_CACHE_HOME/approve-run/compile (or ~/.cache/...), created 0700,
//      owned by the effective uid and not writable by group or others.
//   3. A code-cache file is used only when, on its open descriptor, it is a regular file with
//      the owner of invariants 1-2 and not writable by group or others; it is named by the
//      build id, Node version and architecture (V8 also rejects data made by another V8 or
//      with other flags); it is written whole (0600 temp file, then rename).
//   4. Any problem means compiling from source: the cache never stops or changes a run.
//   5. Data holds the functions the saving run compiled, so which run saves matters: a run
//      that went the whole allow path saves the `full` file, which is then preferred and
//      kept; any other run saves the plain file only when there was no usable data at all.
import { closeSync, constants, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import module, { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { Script } from 'node:vm';
import { BUILD_ID } from '../build-id.js';
import { isTrustedDirectory, readOwnedFile, type OwnedDirectory } from './trust.js';

/** The compile cache of root (invariant 1). */
export const SYSTEM_COMPILE_CACHE_DIR = '/var/cache/approve-run/compile';

/** A loaded bundle and how to keep its compiled code for the next start. */
export interface LoadedBundle {
  exports: unknown;
  /** True when V8 accepted code-cache data for it (the vm.Script way only). */
  fromCache: boolean;
  /**
   * Stores the code compiled so far (invariant 5): as the full data when `full` (this run
   * went the whole allow path) unless full data was used, else only if no data was used.
   * Never throws.
   */
  save(full: boolean): void;
}

/** The directory for `euid` and its trust rule (invariants 1 and 2). */
export function compileCacheDir(euid: number, env: Readonly<Record<string, string | undefined>>): OwnedDirectory {
  if (euid === 0) return { dir: SYSTEM_COMPILE_CACHE_DIR, owner: 0, checkAncestors: true };
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && xdg !== '' && isAbsolute(xdg) ? xdg : join(homedir(), '.cache');
  return { dir: join(base, 'approve-run', 'compile'), owner: euid, checkAncestors: false };
}

// The trusted cache directory, created when missing, or null.
function trustedCacheDir(env: Readonly<Record<string, string | undefined>>): OwnedDirectory | null {
  if (process.geteuid === undefined) return null;
  try {
    const location = compileCacheDir(process.geteuid(), env);
    if (isTrustedDirectory(location)) return location;
    mkdirSync(location.dir, { recursive: true, mode: 0o700 });
    return isTrustedDirectory(location) ? location : null;
  } catch {
    return null;
  }
}

// Removes `file` if it is there.
function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Not there, or not ours to remove: either way it is not used.
  }
}

// Writes `data` as `file` in one step. (Entries of other builds stay: two installed versions
// must not keep evicting each other's.)
function writeWhole(file: string, data: Buffer): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      for (let done = 0; done < data.length; ) done += writeSync(fd, data, done);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  } catch {
    removeQuietly(temp);
  }
}

// The owner's data in `file`, or undefined.
function ownedData(file: string, owner: number): Buffer | undefined {
  try {
    return readOwnedFile(file, owner, 64 << 20);
  } catch {
    return undefined;
  }
}

/**
 * Compiles and runs a CommonJS file as require() would, with V8 code-cache data kept in
 * `location`; `load` is the require() it gets (by default, one made for its directory).
 */
export function loadWithCodeCache(file: string, location: OwnedDirectory, build: string, load: NodeJS.Require = createRequire(file)): LoadedBundle {
  const base = join(location.dir, `${basename(file)}-${build}-${process.version}-${process.arch}`);
  const fullFile = `${base}.full.v8`;
  const plainFile = `${base}.v8`;
  let fromFull = true;
  let cachedData = ownedData(fullFile, location.owner);
  if (cachedData === undefined) {
    fromFull = false;
    cachedData = ownedData(plainFile, location.owner);
  }
  const source = readFileSync(file, 'utf8');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, { filename: file, ...(cachedData === undefined ? {} : { cachedData }) });
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const loaded = { exports: {} as unknown };
  wrapper.call(loaded.exports, loaded.exports, load, loaded, file, dirname(file));
  const used = cachedData !== undefined && script.cachedDataRejected !== true;
  return {
    exports: loaded.exports,
    fromCache: used,
    save: (wentFull) => {
      if (wentFull ? used && fromFull : used) return;
      // Full data that V8 rejected goes too: it would be tried first at every start.
      writeWhole(wentFull ? fullFile : plainFile, script.createCachedData());
      removeQuietly(wentFull ? plainFile : fullFile);
    },
  };
}

/**
 * True when Node has its own compile cache (module.enableCompileCache, Node >= 22.1). Told by
 * the version, so that older Node never loads node:module (and its ES module loader) for it.
 */
export function hasNodeCompileCache(version: string = process.versions.node): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 1);
}

/** Turns Node's own compile cache on in the trusted directory, when Node has one and there is one. */
export function enableNodeCompileCache(env: Readonly<Record<string, string | undefined>>): void {
  const enable = (module as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache;
  if (enable === undefined || BUILD_ID === null) return;
  const location = trustedCacheDir(env);
  try {
    if (location !== null) enable(location.dir);
  } catch {
    // The cache stays off.
  }
}

/**
 * Loads a CommonJS bundle with V8 code-cache data from the trusted directory (Node < 22.1), or
 * plainly. `load` is the require() it gets: one for its own directory (by default, made here).
 */
export function loadBundle(file: string, env: Readonly<Record<string, string | undefined>>, load: NodeJS.Require = createRequire(file)): LoadedBundle {
  const location = BUILD_ID === null || hasNodeCompileCache() ? null : trustedCacheDir(env);
  if (location !== null && BUILD_ID !== null) return loadWithCodeCache(file, location, BUILD_ID, load);
  return { exports: load(file) as unknown, fromCache: false, save: () => {} };
}
