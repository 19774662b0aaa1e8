// Parses the glob syntax of rule patterns (SPEC §4.1) into flat alternatives.
//   `*` any run of characters, `?` one character, `[..]`/`[!..]` a class (POSIX `[:alpha:]`
//   names allowed), `{a,b}` alternatives (nested allowed), `\x` a literal x. A brace group
//   without a top-level comma is literal text, as in bash (`{{.Names}}` is a literal).
// Braces are expanded here so that each alternative is a flat sequence; the compilers in
// ./glob.ts then reason about `/`-separated segments of each sequence.

/** One element of a flat glob sequence. */
export type GlobNode =
  | { kind: 'lit'; text: string }
  /** `*`; `double` when written as a run of two or more (`**`). */
  | { kind: 'star'; double: boolean }
  | { kind: 'one' }
  /** A character class as a regex class body (already escaped, `/` never included). */
  | { kind: 'class'; body: string; negated: boolean };

type Tree = GlobNode | { kind: 'alt'; options: Tree[][] };

/** Most alternatives one pattern may expand to; more is almost surely a mistake. */
const MAX_ALTERNATIVES = 1024;

const POSIX_CLASSES: Record<string, string> = {
  alpha: 'A-Za-z',
  digit: '0-9',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t',
  xdigit: '0-9A-Fa-f',
  punct: '!-\\/:-@\\[-`{-~',
  cntrl: '\\x00-\\x1f\\x7f',
  print: ' -~',
  graph: '!-~',
};

/** A code point as a regex escape, valid inside and outside classes with the `u` flag. */
export function escapeCodePoint(char: string): string {
  return `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}`;
}

// Parses a `[...]` class starting at `start` (the `[`); returns the node and the index after `]`.
function parseClass(pattern: string, start: number): { node: GlobNode; next: number } {
  const chars = Array.from(pattern.slice(start + 1));
  let i = 0;
  const negated = chars[0] === '!' || chars[0] === '^';
  if (negated) i++;
  let body = '';
  let first = true;
  for (;;) {
    const c = chars[i];
    if (c === undefined) throw new Error(`unbalanced '[' in pattern ${JSON.stringify(pattern)}`);
    if (c === ']' && !first) break;
    first = false;
    if (c === '[' && chars[i + 1] === ':') {
      const close = chars.indexOf(':', i + 2);
      const name = close === -1 ? '' : chars.slice(i + 2, close).join('');
      if (close === -1 || chars[close + 1] !== ']') throw new Error(`unbalanced '[:' in pattern ${JSON.stringify(pattern)}`);
      const set = POSIX_CLASSES[name];
      if (set === undefined) throw new Error(`unknown character class [:${name}:] in pattern ${JSON.stringify(pattern)}`);
      body += set;
      i = close + 2;
      continue;
    }
    let low = c;
    if (c === '\\') {
      low = chars[i + 1] ?? '';
      if (low === '') throw new Error(`pattern ${JSON.stringify(pattern)} ends with a lone backslash`);
      i++;
    }
    i++;
    if (chars[i] === '-' && chars[i + 1] !== undefined && chars[i + 1] !== ']') {
      let high = chars[i + 1] ?? '';
      i += 2;
      if (high === '\\') {
        high = chars[i] ?? '';
        if (high === '') throw new Error(`pattern ${JSON.stringify(pattern)} ends with a lone backslash`);
        i++;
      }
      if ((low.codePointAt(0) ?? 0) > (high.codePointAt(0) ?? 0)) {
        throw new Error(`reversed range ${low}-${high} in pattern ${JSON.stringify(pattern)}`);
      }
      body += `${escapeCodePoint(low)}-${escapeCodePoint(high)}`;
    } else {
      body += escapeCodePoint(low);
    }
  }
  const consumed = chars.slice(0, i + 1).join('').length;
  return { node: { kind: 'class', body, negated }, next: start + 1 + consumed };
}

// Recursive-descent parser; `inBrace` makes `,` and `}` end the sequence.
function parseSequence(pattern: string, start: number, inBrace: boolean): { seq: Tree[]; next: number } {
  const seq: Tree[] = [];
  let i = start;
  const pushLit = (text: string) => {
    const last = seq[seq.length - 1];
    if (last !== undefined && last.kind === 'lit') last.text += text;
    else seq.push({ kind: 'lit', text });
  };
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (inBrace && (c === ',' || c === '}')) break;
    if (c === '\\') {
      const next = pattern.codePointAt(i + 1);
      if (next === undefined) throw new Error(`pattern ${JSON.stringify(pattern)} ends with a lone backslash`);
      const char = String.fromCodePoint(next);
      pushLit(char);
      i += 1 + char.length;
    } else if (c === '*') {
      let end = i;
      while (pattern[end] === '*') end++;
      seq.push({ kind: 'star', double: end - i >= 2 });
      i = end;
    } else if (c === '?') {
      seq.push({ kind: 'one' });
      i++;
    } else if (c === '[') {
      const { node, next } = parseClass(pattern, i);
      seq.push(node);
      i = next;
    } else if (c === '{') {
      const options: Tree[][] = [];
      let j = i + 1;
      for (;;) {
        const part = parseSequence(pattern, j, true);
        options.push(part.seq);
        if (part.next >= pattern.length) throw new Error(`unbalanced '{' in pattern ${JSON.stringify(pattern)}`);
        j = part.next + 1;
        if (pattern[part.next] === '}') break;
      }
      if (options.length === 1) {
        pushLit('{');
        for (const node of options[0] ?? []) {
          if (node.kind === 'lit') pushLit(node.text);
          else seq.push(node);
        }
        pushLit('}');
      } else {
        seq.push({ kind: 'alt', options });
      }
      i = j;
    } else {
      pushLit(c);
      i++;
    }
  }
  return { seq, next: i };
}

// Expands alternatives into flat sequences (cartesian product), bounded by MAX_ALTERNATIVES.
function expand(seq: Tree[], pattern: string): GlobNode[][] {
  let results: GlobNode[][] = [[]];
  for (const node of seq) {
    if (node.kind !== 'alt') {
      for (const r of results) r.push(node);
      continue;
    }
    const choices = node.options.flatMap((option) => expand(option, pattern));
    if (results.length * choices.length > MAX_ALTERNATIVES) {
      throw new Error(`pattern ${JSON.stringify(pattern)} expands to more than ${MAX_ALTERNATIVES} alternatives`);
    }
    results = results.flatMap((r) => choices.map((choice) => [...r, ...choice]));
  }
  return results;
}

/**
 * Parses a glob into its flat alternatives (braces expanded).
 * @throws Error with a one-line message for unbalanced `[`/`{`, bad ranges or classes.
 */
export function parseGlob(pattern: string): GlobNode[][] {
  const { seq } = parseSequence(pattern, 0, false);
  return expand(seq, pattern);
}

/** True when the text contains glob syntax; text without it is compared literally. */
export function hasGlobSyntax(pattern: string): boolean {
  return /[*?[{]/.test(pattern);
}
