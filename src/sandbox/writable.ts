// `confine.writable` expanded at run time (SPEC §9): each pattern against the paths that exist
// now. A pattern that matches nothing is skipped: it makes nothing writable.
// Invariants:
//   1. Only absolute, existing paths whose real path is the path itself are returned: a
//      symbolic link anywhere on the way could point the bind at something the rule never
//      named (/var/log/app/x -> /etc), so such a path is left read-only.
//   2. A glob matches within one segment; `.` and `..` are never produced.
import { readdirSync, realpathSync } from 'node:fs';
import { compileNameGlob, isLiteralPattern } from '../decide/glob.js';

// Real path of `path`, or null if it is missing.
function realPath(path: string): string | null {
  try {
    return realpathSync(path);
  } catch {
    return null;
  }
}

// Names in directory `dir`, or none if it cannot be read.
function names(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

// Every existing path matching `pattern` (absolute, globs per segment).
function expandOne(pattern: string): string[] {
  const segments = pattern.split('/').filter((s) => s !== '');
  let prefixes = ['/'];
  for (const segment of segments) {
    const join = (dir: string, name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);
    if (isLiteralPattern(segment)) {
      prefixes = prefixes.map((dir) => join(dir, segment));
      continue;
    }
    const matches = compileNameGlob(segment);
    prefixes = prefixes.flatMap((dir) => names(dir).filter((name) => matches(name)).map((name) => join(dir, name)));
  }
  return prefixes;
}

/** The existing paths the patterns name, without symbolic links (invariant 1), sorted and unique. */
export function expandWritable(patterns: readonly string[]): string[] {
  const found = new Set<string>();
  for (const pattern of patterns) {
    for (const path of expandOne(pattern)) if (realPath(path) === path) found.add(path);
  }
  return [...found].sort();
}
