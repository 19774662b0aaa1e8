// Matching of a rule's `args` and `options` against a command's arguments (SPEC §4.1).
import { compileTokenPattern, type Matcher } from './glob.js';

/** A compiled `args` list: `**` (any number of whole tokens) or one token pattern. */
export type ArgsPattern = ({ kind: 'many' } | { kind: 'one'; match: Matcher })[];

/**
 * Compiles `args` token patterns.
 * @throws Error with a one-line message for a pattern that does not compile.
 */
export function compileArgs(patterns: string[]): ArgsPattern {
  return patterns.map((pattern) => (pattern === '**' ? { kind: 'many' } : { kind: 'one', match: compileTokenPattern(pattern) }));
}

/**
 * True when the tokens fit the pattern exactly: each pattern takes one token in order, `**`
 * takes zero or more. Linear backtracking over the last `**`, as in wildcard matching.
 */
export function argsMatch(pattern: ArgsPattern, tokens: readonly string[]): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < tokens.length) {
    const current = pattern[p];
    if (current?.kind === 'one' && current.match(tokens[t] as string)) {
      p++;
      t++;
    } else if (current?.kind === 'many') {
      starP = p++;
      starT = t;
    } else if (starP !== -1) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (pattern[p]?.kind === 'many') p++;
  return p === pattern.length;
}

// True when `token` carries `option`: exactly, as `--long=value`, or in a `-abc` cluster.
function carries(token: string, option: string): boolean {
  if (token === option) return true;
  if (option.startsWith('--')) return token.startsWith(`${option}=`);
  const letters = Array.from(option);
  if (letters.length !== 2 || letters[0] !== '-' || letters[1] === '-') return false;
  return token.startsWith('-') && !token.startsWith('--') && Array.from(token.slice(1)).includes(letters[1] as string);
}

/**
 * True when every listed option appears among the arguments before an end-of-options `--`:
 * `-D` also inside a cluster (`-vD`), `--force` also as `--force=...`.
 */
export function optionsPresent(options: readonly string[], args: readonly string[]): boolean {
  const end = args.indexOf('--');
  const scanned = end === -1 ? args : args.slice(0, end);
  return options.every((option) => scanned.some((token) => carries(token, option)));
}
