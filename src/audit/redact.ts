// settings.redact (SPEC §4, §8): matches are replaced before anything is hashed or stored.
// Invariants:
//   1. Every pattern is applied to the original text, case-insensitively; overlapping
//      matches are merged, so the result does not depend on the order of the patterns and a
//      replacement is never itself redacted again.
//   2. A match is replaced by `[REDACTED:<first 8 hex of SHA-256 of the matched UTF-8 text>]`:
//      equal secrets stay recognisable as equal without being revealed.
//   3. Empty matches are ignored; an invalid pattern is an error, never silently skipped.
import { createHash } from 'node:crypto';

/** Rewrites one string; the identity when no pattern is configured. */
export type Redactor = (text: string) => string;

/** Thrown for patterns that are not valid ECMAScript regexes. */
export class RedactPatternError extends Error {
  override name = 'RedactPatternError';
}

// The replacement text for one matched secret.
function replacement(secret: string): string {
  return `[REDACTED:${createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 8)}]`;
}

// All non-empty match ranges of all patterns, merged where they overlap.
function matchRanges(text: string, patterns: RegExp[]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const pattern of patterns) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (m[0].length === 0) {
        pattern.lastIndex++;
        continue;
      }
      ranges.push([m.index, m.index + m[0].length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last !== undefined && range[0] < last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/** Compiles settings.redact; throws RedactPatternError naming the first invalid pattern. */
export function compileRedactor(sources: readonly string[]): Redactor {
  const patterns = sources.map((source) => {
    try {
      return new RegExp(source, 'gi');
    } catch {
      throw new RedactPatternError(`invalid redact pattern ${JSON.stringify(source)}`);
    }
  });
  if (patterns.length === 0) return (text) => text;
  return (text) => {
    const ranges = matchRanges(text, patterns);
    if (ranges.length === 0) return text;
    let out = '';
    let at = 0;
    for (const [start, end] of ranges) {
      out += text.slice(at, start) + replacement(text.slice(start, end));
      at = end;
    }
    return out + text.slice(at);
  };
}
