// Checks that every pattern in a policy compiles, with the same compilers the matcher uses
// (src/decide/glob.ts), so a policy that validates never fails at match time. Each check
// returns a one-line problem, or null when the pattern is fine.
import { compileNameGlob, compilePathGlob, compileTokenPattern } from '../decide/glob.js';
import { backtrackingProblem } from './redos.js';

const GLOB_CHARS = /[*?[\]{}]/;

// The message of whatever a compiler threw.
function failure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
}

// Null if `compile(pattern)` succeeds, else its message.
function compiles(compile: (pattern: string) => unknown, pattern: string): string | null {
  try {
    compile(pattern);
    return null;
  } catch (error) {
    return failure(error);
  }
}

/** An ECMAScript regex as redaction uses it (flags `giu`). */
export function checkRegex(source: string): string | null {
  if (source === '') return 'empty regular expression';
  const problem = compiles((s) => new RegExp(s, 'giu'), source);
  if (problem !== null) return `invalid regular expression ${JSON.stringify(source)}: ${problem}`;
  const slow = backtrackingProblem(source);
  return slow === null ? null : `regular expression ${JSON.stringify(source)} ${slow}`;
}

/** An `args` token: `**`, `re:<regex>` (full match, flag `u`), a glob within one token, or a literal. */
export function checkTokenPattern(pattern: string): string | null {
  if (pattern === '**') return null;
  if (pattern.startsWith('re:')) {
    const body = pattern.slice(3);
    if (body === '') return 'empty regular expression after "re:"';
    const problem = compiles((s) => new RegExp(`^(?:${s})$`, 'u'), body);
    if (problem !== null) return `invalid regular expression ${JSON.stringify(body)}: ${problem}`;
    const slow = backtrackingProblem(body);
    if (slow !== null) return `regular expression ${JSON.stringify(body)} ${slow}`;
  }
  return compiles(compileTokenPattern, pattern);
}

/** A glob over a plain name (user, group, actor, host). */
export function checkNameGlob(pattern: string): string | null {
  if (pattern === '') return 'empty pattern';
  return compiles(compileNameGlob, pattern);
}

/** A `when.cwd` path glob: absolute, `**` may cross `/`. */
export function checkPathGlob(pattern: string): string | null {
  if (!pattern.startsWith('/')) return `cwd pattern ${JSON.stringify(pattern)} must be an absolute path glob`;
  return compiles(compilePathGlob, pattern);
}

/**
 * A `confine.writable` entry: an absolute path whose segments may hold `*`, `?`, `[...]` and
 * `{a,b}` (expanded per segment at run time), without `**`, `.` or `..` segments, empty
 * segments, or `/` alone (that would be the whole file system: say read-write instead).
 */
export function checkWritablePath(pattern: string): string | null {
  const what = `writable path ${JSON.stringify(pattern)}`;
  if (!pattern.startsWith('/')) return `${what} must be absolute`;
  if (pattern === '/') return `${what} is the whole file system: use filesystem: read-write instead`;
  const segments = pattern.slice(1).replace(/\/$/, '').split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return `${what} has an empty, "." or ".." segment`;
  if (segments.some((s) => s.includes('**'))) return `${what}: "**" is not supported; name each directory level`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(pattern)) return `${what} holds a control character`;
  return compiles(compilePathGlob, pattern);
}

/** A `match.command` entry: `*`, a bare name or a glob over it, or an absolute path without globs. */
export function checkCommandPattern(pattern: string): string | null {
  if (pattern === '') return 'empty command';
  if (pattern === '*') return null;
  if (pattern.includes('/')) {
    if (!pattern.startsWith('/')) return `command ${JSON.stringify(pattern)} must be a bare name or an absolute path`;
    if (GLOB_CHARS.test(pattern)) return `command ${JSON.stringify(pattern)}: globs are allowed only over a bare name, not in a path`;
    return null;
  }
  return compiles(compileNameGlob, pattern);
}

/** A `match.options` entry: one literal option such as `-D`, `--force` or `-exec`. */
export function checkOption(option: string): string | null {
  if (!/^--?[^\s-][^\s]*$/.test(option)) {
    return `option ${JSON.stringify(option)} must be a literal option like -D, --force or -exec`;
  }
  return null;
}
