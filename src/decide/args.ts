// Matching of a rule's `args` and `options` against a command's arguments (SPEC §4.1).
// Invariants:
//   1. Allow rules see exact views only: an option the rule does not name keeps it from
//      matching (fail closed).
//   2. Deny and approve rules also match once options are left out (each with or without the
//      word after it as its value) and through unique-prefix abbreviations of long options
//      (getopt_long, git parse-options, nopt), so neither an interleaved nor an abbreviated
//      option dodges them; an option their `args` name literally is found the same ways as
//      one in `options` (`--forc` for `--force`, `-rf` for `-f`). Words after an
//      end-of-options `--` are never left out.
//   3. A token taken by a pattern that holds a `/` is a path operand (./path-operand.ts): an
//      allow rule needs both the token and its resolved view to fit the pattern; a deny or
//      approve rule takes either. Without a resolver (no file system), only the token counts.
import { compileTokenPattern, isLiteralPattern, type Matcher } from './glob.js';
import { isRelativePattern } from './path-operand.js';
import { starMatch } from './star-match.js';

/**
 * A compiled `args` list: `**` (any number of whole tokens) or one token pattern; `option` is
 * a literal pattern that names an option (`--force`, `-f`), which deny and approve rules also
 * find in other spellings (invariant 2).
 */
export type ArgsPattern = ({ kind: 'many' } | { kind: 'one'; match: Matcher; option: string | null; path: boolean; relative: boolean })[];

/** The resolved view of a path operand (relative to the cwd for a relative pattern), or null when it has none (./path-operand.ts). */
export type OperandView = (token: string, relative?: boolean) => string | null;

/**
 * Compiles `args` token patterns.
 * @throws Error with a one-line message for a pattern that does not compile.
 */
export function compileArgs(patterns: string[]): ArgsPattern {
  return patterns.map((pattern) => {
    if (pattern === '**') return { kind: 'many' };
    const option = isOptionLike(pattern) && pattern !== '--' && isLiteralPattern(pattern) ? pattern : null;
    return { kind: 'one', match: compileTokenPattern(pattern), option, path: pattern.includes('/'), relative: isRelativePattern(pattern) };
  });
}

/**
 * True when the tokens fit the pattern exactly: each pattern takes one token in order, `**`
 * takes zero or more (./star-match.ts).
 */
export function argsMatch(pattern: ArgsPattern, tokens: readonly string[], view?: OperandView, strict: boolean = true): boolean {
  return starMatch(
    pattern.length,
    tokens.length,
    (p) => pattern[p]?.kind === 'many',
    (p, t) => {
      const current = pattern[p];
      return current?.kind === 'one' && fitsToken(current, tokens[t] as string, view, strict);
    },
  );
}

// One token against one pattern, as written and, for a path operand, as resolved (invariant 3).
function fitsToken(pattern: { match: Matcher; path: boolean; relative: boolean }, token: string, view: OperandView | undefined, strict: boolean): boolean {
  const written = pattern.match(token);
  if (!pattern.path || view === undefined || (strict && !written)) return written;
  const resolved = view(token, pattern.relative);
  if (strict) return resolved !== null && pattern.match(resolved);
  return written || (resolved !== null && pattern.match(resolved));
}

/** True when `token` reads as an option: `-x`, `-xyz`, `--name`, `--name=value`, `--` (not `-`). */
export function isOptionLike(token: string): boolean {
  return token.length > 1 && token.startsWith('-');
}

// The index of the end-of-options `--`, or the number of tokens.
function optionsEnd(tokens: readonly string[]): number {
  const end = tokens.indexOf('--');
  return end === -1 ? tokens.length : end;
}

// Where reading may go on after leaving out the option at `t` (invariant 2): the next word,
// and the one after when the option may have taken that word as its value.
function skipsFrom(tokens: readonly string[], t: number, end: number): number[] {
  const token = tokens[t];
  if (token === undefined || t > end || !isOptionLike(token)) return [];
  if (t === end || token.includes('=') || t + 1 >= tokens.length) return [t + 1];
  return [t + 1, t + 2];
}

// Visits every state reachable from state 0 once, depth first, until `visit` returns true
// (then true); `next` names a state reachable from the one visited.
function reach(visit: (state: number, next: (state: number) => void) => boolean): boolean {
  const seen = new Set<number>();
  const stack = [0];
  const next = (state: number): void => {
    if (!seen.has(state)) stack.push(state);
  };
  while (stack.length > 0) {
    const state = stack.pop() as number;
    if (seen.has(state)) continue;
    seen.add(state);
    if (visit(state, next)) return true;
  }
  return false;
}

// True when one pattern takes `token` for a deny or approve rule: as written, or, for an option
// named literally and a word still among the options, in another spelling of it.
function fitsLoosely(pattern: { match: Matcher; option: string | null; path: boolean; relative: boolean }, token: string, amongOptions: boolean, view: OperandView | undefined): boolean {
  return fitsToken(pattern, token, view, false) || (amongOptions && pattern.option !== null && carries(token, pattern.option, true));
}

/**
 * True when the tokens fit the pattern once some options before an end-of-options `--` are
 * left out, each alone or with the word after it (invariant 2; deny and approve rules only).
 * A search over (pattern position, token position) pairs: at most their product is visited.
 */
export function argsMatchSkippingOptions(pattern: ArgsPattern, tokens: readonly string[], view?: OperandView): boolean {
  const end = optionsEnd(tokens);
  const width = tokens.length + 1;
  return reach((state, next) => {
    const p = Math.floor(state / width);
    const t = state % width;
    if (p === pattern.length && t === tokens.length) return true;
    const current = pattern[p];
    if (current?.kind === 'many') {
      next(state + width);
      if (t < tokens.length) next(state + 1);
    } else if (current !== undefined && t < tokens.length && fitsLoosely(current, tokens[t] as string, t < end, view)) {
      next(state + width + 1);
    }
    for (const skipTo of skipsFrom(tokens, t, end)) next(p * width + skipTo);
    return false;
  });
}

/**
 * The words that can come first once leading options are left out as above, and whether
 * nothing may be left at all: where the rule index must look for deny and approve rules.
 */
export function headsSkippingOptions(tokens: readonly string[]): { heads: string[]; empty: boolean } {
  const end = optionsEnd(tokens);
  const heads = new Set<string>();
  let empty = false;
  reach((t, next) => {
    if (t >= tokens.length) empty = true;
    else heads.add(tokens[t] as string);
    for (const skipTo of skipsFrom(tokens, t, end)) next(skipTo);
    return false;
  });
  return { heads: [...heads], empty };
}

// True when `token` carries `option`: exactly, as `--long=value`, or in a `-abc` cluster; and
// when `abbreviated`, as a unique-prefix abbreviation (`--forc`, `--forc=x` for `--force`).
function carries(token: string, option: string, abbreviated: boolean): boolean {
  if (token === option) return true;
  if (option.startsWith('--')) {
    if (token.startsWith(`${option}=`)) return true;
    if (!abbreviated || !token.startsWith('--')) return false;
    const eq = token.indexOf('=');
    const name = eq === -1 ? token : token.slice(0, eq);
    return name.length > 2 && option.startsWith(name);
  }
  const letters = Array.from(option);
  if (letters.length !== 2 || letters[0] !== '-' || letters[1] === '-') return false;
  return token.startsWith('-') && !token.startsWith('--') && Array.from(token.slice(1)).includes(letters[1] as string);
}

/**
 * True when every listed option appears among the arguments before an end-of-options `--`:
 * `-D` also inside a cluster (`-vD`), `--force` also as `--force=...`, and when `abbreviated`
 * (deny and approve rules, invariant 2) as an abbreviation such as `--forc`.
 */
export function optionsPresent(options: readonly string[], args: readonly string[], abbreviated: boolean = false): boolean {
  const scanned = args.slice(0, optionsEnd(args));
  return options.every((option) => scanned.some((token) => carries(token, option, abbreviated)));
}
