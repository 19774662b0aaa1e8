// Whether a rule's `command` entry names the requested executable (SPEC §4.1).
// Invariants:
//   1. An allow rule matches only the very file its name resolves to through secure_path
//      (or its absolute path resolves to), by realpath, AND only when invoked under the
//      rule's own name: `./sed`, `/tmp/sed` and a PATH-shadowed `sed` are not `sed`, and a
//      multi-call binary (busybox) reached as `rm` or as `busybox` is not its `ls`.
//   2. Deny and approve rules match broadly (fail safe): the same realpath, the same file
//      (device and inode: a hard link), OR any name of the program (the invoked name, the
//      real name, and their families and versioned names, ./aliases.ts), so `/tmp/rm` still
//      hits a deny on `rm`, and so do a symlink or a hard link of another name, `mke2fs` a
//      deny on `mkfs.*`, and `python3.11` a deny on `python`.
//   3. An executable that does not resolve never satisfies an allow rule's named command.
import { hasGlobSyntax } from './glob-parse.js';
import { otherNames } from './aliases.js';
import { compileNameGlob, type Matcher } from './glob.js';
import { baseName, type ExecutableResolver, type ResolvedExecutable } from './resolve.js';

/** One compiled `command` entry. */
export type CommandEntry =
  | { kind: 'any' }
  | { kind: 'name'; name: string }
  | { kind: 'path'; path: string; base: string }
  | { kind: 'glob'; match: Matcher };

/** What is known about the requested executable of one simple command. */
export interface Requested {
  /** Basename of argv[0] as given. */
  invokedBase: string;
  /** Where it resolved (null: not found or not executable). */
  resolved: ResolvedExecutable | null;
  /** Basename of the realpath, or null when unresolved. */
  realBase: string | null;
}

/** Facts about argv[0] (resolved by the caller). */
export function requestedFor(argv0: string, resolved: ResolvedExecutable | null): Requested {
  return { invokedBase: baseName(argv0), resolved, realBase: resolved === null ? null : baseName(resolved.real) };
}

/**
 * Compiles a `command` entry: `"*"`, a bare name, an absolute path, or a glob over the name.
 * @throws Error with a one-line message for anything else.
 */
export function compileCommandEntry(entry: string): CommandEntry {
  if (entry === '*') return { kind: 'any' };
  if (entry === '' || entry.includes('\0')) throw new Error(`command ${JSON.stringify(entry)} is empty or holds a NUL`);
  if (entry.startsWith('/')) {
    if (hasGlobSyntax(entry)) throw new Error(`command ${JSON.stringify(entry)}: globs match names only; write a name glob or an exact path`);
    const base = baseName(entry);
    if (base === '' || base === '.' || base === '..') throw new Error(`command ${JSON.stringify(entry)} does not name a file`);
    return { kind: 'path', path: entry, base };
  }
  if (entry.includes('/')) throw new Error(`command ${JSON.stringify(entry)} must be a bare name or an absolute path`);
  if (entry === '.' || entry === '..') throw new Error(`command ${JSON.stringify(entry)} is not a program name`);
  if (hasGlobSyntax(entry)) return { kind: 'glob', match: compileNameGlob(entry) };
  return { kind: 'name', name: entry };
}

// Allow rules: same file by realpath and invoked under the rule's name (invariant 1).
function matchesStrictly(entry: CommandEntry, req: Requested, resolver: ExecutableResolver): boolean {
  const real = req.resolved?.real;
  if (real === undefined) return entry.kind === 'any';
  switch (entry.kind) {
    case 'any':
      return true;
    case 'name':
      return req.invokedBase === entry.name && resolver.byName(entry.name)?.real === real;
    case 'path':
      return req.invokedBase === entry.base && resolver.realOf(entry.path) === real;
    case 'glob':
      return entry.match(req.invokedBase) && resolver.byName(req.invokedBase)?.real === real;
  }
}

// Deny and approve rules: same realpath or same basename (invariant 2).
function matchesBroadly(entry: CommandEntry, req: Requested, resolver: ExecutableResolver): boolean {
  const real = req.resolved?.real;
  const names = otherNames(req.realBase === null ? [req.invokedBase] : [req.invokedBase, req.realBase]);
  switch (entry.kind) {
    case 'any':
      return true;
    case 'name': {
      const named = resolver.byName(entry.name)?.real;
      return names.includes(entry.name) || (real !== undefined && (named === real || resolver.sameFile(named, real)));
    }
    case 'path': {
      const named = resolver.realOf(entry.path) ?? undefined;
      return names.includes(entry.base) || (real !== undefined && (named === real || resolver.sameFile(named, real)));
    }
    case 'glob':
      return names.some((name) => entry.match(name));
  }
}

/** True when the entry names the requested executable, strictly for allow rules. */
export function commandMatches(entry: CommandEntry, strict: boolean, req: Requested, resolver: ExecutableResolver): boolean {
  return strict ? matchesStrictly(entry, req, resolver) : matchesBroadly(entry, req, resolver);
}
