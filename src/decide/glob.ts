// Compiles rule patterns (SPEC §4.1) into matchers. The policy loader calls these to report
// bad patterns with file:line:col; the decision function calls them to match.
// Invariants (MUST hold for every compiled glob):
//   1. Text without glob syntax (`*`, `?`, `[`, `{`) is compared exactly, backslashes included.
//   2. `*`, `?` and classes never match `/`; only `**` as a whole segment of a path glob
//      crosses `/`.
//   3. No wildcard ever matches a `.` or `..` path segment: a segment of the subject that is
//      `.` or `..` matches only a pattern segment written as literal text.
//   4. `re:<regex>` must match the whole token; it is checked to compile on its own before
//      being anchored, so a pattern such as `a)|(.*` cannot escape the anchors.
//   5. Every pattern that does not compile throws Error with a one-line message.
import { escapeCodePoint, hasGlobSyntax, parseGlob, type GlobNode } from './glob-parse.js';

/** A compiled matcher over one string. */
export type Matcher = (subject: string) => boolean;

/** Lookahead placed at the start of a segment that contains a wildcard. */
const NOT_DOT_SEGMENT = '(?!\\.{1,2}(?:/|$))';
/** One whole path segment for `**`; never `.` or `..`. */
const ANY_SEGMENT = `(?:${NOT_DOT_SEGMENT}[^/]*)`;

// Regex source for one node; literals are escaped code point by code point.
function nodeSource(node: GlobNode): string {
  switch (node.kind) {
    case 'lit':
      return Array.from(node.text, (c) => (/[A-Za-z0-9_]/.test(c) ? c : escapeCodePoint(c))).join('');
    case 'star':
      return '[^/]*';
    case 'one':
      return '[^/]';
    case 'class':
      return node.negated ? `[^${node.body}/]` : `(?!/)[${node.body}]`;
  }
}

// Splits a flat sequence at each literal `/` into segments.
function segmentsOf(seq: GlobNode[]): GlobNode[][] {
  const segments: GlobNode[][] = [[]];
  for (const node of seq) {
    if (node.kind !== 'lit') {
      segments[segments.length - 1]?.push(node);
      continue;
    }
    node.text.split('/').forEach((text, i) => {
      if (i > 0) segments.push([]);
      if (text !== '') segments[segments.length - 1]?.push({ kind: 'lit', text });
    });
  }
  return segments;
}

// Regex source for one segment, guarded against `.`/`..` when it holds a wildcard.
function segmentSource(segment: GlobNode[]): string {
  const wild = segment.some((node) => node.kind !== 'lit');
  return (wild ? NOT_DOT_SEGMENT : '') + segment.map(nodeSource).join('');
}

// True for a segment written exactly as `**`.
function isGlobstar(segment: GlobNode[] | undefined): boolean {
  const only = segment?.[0];
  return segment?.length === 1 && only?.kind === 'star' && only.double;
}

// Regex source for a path sequence, where a `**` segment stands for zero or more segments.
function pathSource(seq: GlobNode[]): string {
  const segments = segmentsOf(seq);
  let out = '';
  segments.forEach((segment, i) => {
    if (isGlobstar(segment)) {
      if (i > 0) out += `(?:/${ANY_SEGMENT})*`;
      else out += segments.length === 1 ? `${ANY_SEGMENT}(?:/${ANY_SEGMENT})*` : `(?:${ANY_SEGMENT}/)*`;
      return;
    }
    if (i > 0 && !(i === 1 && isGlobstar(segments[0]))) out += '/';
    out += segmentSource(segment);
  });
  return out;
}

// Anchors alternatives into one regex with the `u` flag.
function anchored(sources: string[]): Matcher {
  const regex = new RegExp(`^(?:${sources.join('|')})$`, 'u');
  return (subject) => regex.test(subject);
}

// A glob within one token or name: segments never cross `/`.
function compileSegmentGlob(pattern: string): Matcher {
  if (!hasGlobSyntax(pattern)) return (subject) => subject === pattern;
  return anchored(parseGlob(pattern).map((seq) => segmentsOf(seq).map(segmentSource).join('/')));
}

/** True when a token pattern is literal text (no glob syntax, not `re:`), for escalation covering. */
export function isLiteralPattern(pattern: string): boolean {
  return !pattern.startsWith('re:') && !hasGlobSyntax(pattern);
}

/**
 * A token pattern: literal (exact), glob within one token, or `re:<regex>` (full match).
 * (`**` as a whole token is handled by the args matcher.)
 * @throws Error with a one-line message for an unbalanced `[`/`{` or an invalid regex.
 */
export function compileTokenPattern(pattern: string): Matcher {
  if (!pattern.startsWith('re:')) return compileSegmentGlob(pattern);
  const source = pattern.slice(3);
  try {
    new RegExp(source, 'u');
  } catch (error) {
    const why = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : String(error);
    throw new Error(`invalid regular expression in ${JSON.stringify(pattern)}: ${why.replace(/\s*\n\s*/g, ' ')}`);
  }
  return anchored([source]);
}

/**
 * A path glob (for `when.cwd`): `**` as a whole segment matches zero or more segments,
 * `*` stays within one. The subject must already be normalised.
 * @throws Error with a one-line message for an unbalanced `[`/`{`.
 */
export function compilePathGlob(pattern: string): Matcher {
  if (!hasGlobSyntax(pattern)) return (subject) => subject === pattern;
  return anchored(parseGlob(pattern).map(pathSource));
}

/**
 * A glob over a plain name (user, group, actor, host, command name).
 * @throws Error with a one-line message for an unbalanced `[`/`{`.
 */
export function compileNameGlob(pattern: string): Matcher {
  return compileSegmentGlob(pattern);
}
