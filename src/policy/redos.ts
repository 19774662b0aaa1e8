// Refusing regexes that can backtrack super-linearly (SPEC §11), for `settings.redact` and `re:`
// args patterns, at validation time: a crafted argv must not keep a run (or, before redaction
// moved out of it, the audit log's write lock) busy for minutes.
// Invariants:
//   1. A pattern is refused when safe-regex2 (star height: a quantifier inside a quantified
//      group, or too many quantifiers) rejects it, or when a group under an unbounded
//      quantifier has alternatives that can start with the same character ((a|aa)*, (\w|\d)+).
//   2. A pattern the checker's parser cannot read is refused too: what cannot be checked is
//      not trusted.
//   3. Only run while a policy is validated or loaded from YAML, never on a compiled-cache hit.
import { createRequire } from 'node:module';
import safeRegex from 'safe-regex2';
import type { Root, SetTokens, Token } from 'ret';

// ret's CommonJS export is the tokenizer function itself, carrying `types`; ESM loaders and
// bundlers disagree on its named exports, so it is required (bundled by esbuild, or through
// createRequire when run from source).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundled require; createRequire where there is none
const tokenizer = (typeof require === 'function' ? require('ret') : createRequire(import.meta.url)('ret')) as ((source: string) => Root) & Pick<typeof import('ret'), 'types'>;
const { types } = tokenizer;

// Code points tried when asking whether two first-character sets meet: ASCII, Latin-1 and a
// few from wider planes. Sets that meet only elsewhere are missed (a documented limit).
const PROBES: number[] = [...Array.from({ length: 0x250 }, (_, i) => i), 0x391, 0x410, 0x5d0, 0x627, 0x4e00, 0xac00, 0xfeff, 0xffff];

// Whether one character (or its other ASCII case) belongs to a set's tokens.
function inSet(set: SetTokens, not: boolean, cp: number): boolean {
  const hit = set.some((t) => (t.type === types.CHAR ? t.value === cp : t.type === types.RANGE ? cp >= t.from && cp <= t.to : inSet(t.set, t.not, cp)));
  return hit !== not;
}

// Whether a token can match the empty string.
function canBeEmpty(token: Token): boolean {
  switch (token.type) {
    case types.POSITION:
    case types.REFERENCE:
      return true;
    case types.REPETITION:
      return token.min === 0 || canBeEmpty(token.value);
    case types.GROUP:
      if (token.followedBy === true || token.notFollowedBy === true || token.lookBehind === true) return true;
      return token.options !== undefined ? token.options.some((o) => o.every(canBeEmpty)) : (token.stack ?? []).every(canBeEmpty);
    default:
      return false;
  }
}

// Characters a token sequence can start with, as a membership test.
function firstOf(stack: Token[]): (cp: number) => boolean {
  const tests: ((cp: number) => boolean)[] = [];
  for (const token of stack) {
    tests.push(firstOfToken(token));
    if (!canBeEmpty(token)) break;
  }
  return (cp) => tests.some((test) => test(cp));
}

// Characters one token can start with.
function firstOfToken(token: Token): (cp: number) => boolean {
  switch (token.type) {
    case types.CHAR:
      return (cp) => cp === token.value;
    case types.SET:
      return (cp) => inSet(token.set, token.not, cp);
    case types.RANGE:
      return (cp) => cp >= token.from && cp <= token.to;
    case types.REPETITION:
      return firstOfToken(token.value);
    case types.GROUP: {
      if (token.followedBy === true || token.notFollowedBy === true || token.lookBehind === true) return () => false;
      const alternatives = (token.options ?? [token.stack ?? []]).map(firstOf);
      return (cp) => alternatives.some((test) => test(cp));
    }
    default:
      return () => false;
  }
}

// Whether two alternatives can start with the same character, either case.
function meet(a: (cp: number) => boolean, b: (cp: number) => boolean): boolean {
  const fold = (cp: number) => (cp >= 0x41 && cp <= 0x5a ? cp + 32 : cp >= 0x61 && cp <= 0x7a ? cp - 32 : cp);
  return PROBES.some((cp) => (a(cp) || a(fold(cp))) && (b(cp) || b(fold(cp))));
}

// The first group under an unbounded quantifier whose alternatives overlap, described; or null.
function overlappingAlternation(token: Token | Root, repeated: boolean): string | null {
  if (token.type === types.REPETITION) return overlappingAlternation(token.value, repeated || token.max === Infinity);
  if (token.type !== types.GROUP && token.type !== types.ROOT) return null;
  const options = token.options ?? [token.stack ?? []];
  if (repeated && options.length > 1) {
    const firsts = options.map(firstOf);
    for (let i = 0; i < firsts.length; i++) {
      for (let j = i + 1; j < firsts.length; j++) {
        if (meet(firsts[i] as (cp: number) => boolean, firsts[j] as (cp: number) => boolean)) return `alternatives ${i + 1} and ${j + 1} of a repeated group can match the same text`;
      }
    }
  }
  for (const option of options) {
    for (const inner of option) {
      const found = overlappingAlternation(inner, repeated);
      if (found !== null) return found;
    }
  }
  return null;
}

/** Why `source` may backtrack super-linearly, or null when it passes both checks. */
export function backtrackingProblem(source: string): string | null {
  let root;
  try {
    root = tokenizer(source);
  } catch {
    return 'cannot be checked for super-linear backtracking (lookbehind and other newer syntax are not accepted here)';
  }
  if (!safeRegex(source)) return 'can backtrack super-linearly: a quantifier inside a repeated group, or too many quantifiers';
  const overlap = overlappingAlternation(root, false);
  return overlap === null ? null : `can backtrack super-linearly: ${overlap}`;
}
