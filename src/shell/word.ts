// Turns the source text of one shell word into the argv string bash would build (SPEC §4.4):
// quote removal, backslash decoding, ANSI-C `$'…'`. Anything whose value is not fixed by the
// text is reported, never evaluated.
// MUST hold:
//   1. `value` equals bash's word when `problems` is empty and `glob` is false.
//   2. Every expansion (parameter, command, arithmetic, tilde, brace, locale) is a problem.
//   3. An unquoted metacharacter or an unterminated quote inside the word means the parser and
//      bash disagree about word boundaries: `doubt` is set and a problem is reported.
import { decodeAnsiC } from './ansi-c.js';
import { skipBacktick, skipExpansion, startsExpansion } from './scan.js';

export type Dialect = 'bash' | 'posix' | 'zsh';

export interface DecodedWord {
  value: string;
  /** The value with every expansion removed (what bash builds when they expand to nothing). */
  bare: string;
  /** Reasons the value is not fixed by the text; empty when it is. */
  problems: string[];
  /** An unquoted `*`, `?` or `[` (pathname expansion may replace the word). */
  glob: boolean;
  /** Some part of the word was quoted or escaped (so it is never a reserved word). */
  quoted: boolean;
  /** Parser disagreement: word boundaries may differ from bash's. */
  doubt: boolean;
}

// Appends literal text, which is part of both the value and the bare value.
function lit(out: DecodedWord, text: string): void {
  out.value += text;
  out.bare += text;
}

const METACHARS = new Set([' ', '\t', '\n', ';', '&', '|', '<', '>', '(', ')']);
const ZSH_SPECIAL = new Set(['^', '#', '~', '=']);

// Decodes a double-quoted run starting at raw[i] (the opening quote); returns the index after it.
function readDouble(raw: string, i: number, out: DecodedWord): number {
  let k = i + 1;
  while (k < raw.length) {
    const ch = raw[k]!;
    if (ch === '"') return k + 1;
    if (ch === '\\' && k + 1 < raw.length) {
      const next = raw[k + 1]!;
      if (next === '\n') out.problems.push('line continuation inside a word');
      else if ('$`"\\'.includes(next)) lit(out, next);
      else lit(out, `\\${next}`);
      k += 2;
    } else if (ch === '`') {
      out.problems.push('command substitution');
      const end = skipBacktick(raw, k);
      if (end === -1) return -1;
      out.value += raw.slice(k, end);
      k = end;
    } else if (ch === '$' && startsExpansion(raw, k) && raw[k + 1] !== '"') {
      out.problems.push(raw[k + 1] === '(' ? 'command substitution' : 'parameter or arithmetic expansion');
      const end = skipExpansion(raw, k);
      if (end === -1) return -1;
      out.value += raw.slice(k, end);
      k = end;
    } else {
      lit(out, ch);
      k += 1;
    }
  }
  return -1;
}

// Handles `$` at raw[i] outside quotes; returns the index after what it consumed.
function readDollar(raw: string, i: number, out: DecodedWord, dialect: Dialect): number {
  const next = raw[i + 1];
  if (next === "'") {
    const end = findSingleEnd(raw, i + 2, true);
    if (end === -1) return -1;
    const decoded = decodeAnsiC(raw.slice(i + 2, end));
    if (dialect === 'posix') out.problems.push("$'…' is not ANSI-C quoting in sh");
    if (!decoded.fixed) out.problems.push("locale-dependent escape in $'…'");
    lit(out, decoded.value);
    out.quoted = true;
    return end + 1;
  }
  if (next === '"') {
    out.problems.push('locale translation $"…"');
    out.quoted = true;
    return readDouble(raw, i + 1, out);
  }
  if (!startsExpansion(raw, i)) {
    lit(out, '$');
    return i + 1;
  }
  out.problems.push(next === '(' ? (raw[i + 2] === '(' ? 'arithmetic expansion' : 'command substitution') : 'parameter or arithmetic expansion');
  const end = skipExpansion(raw, i);
  if (end !== -1) out.value += raw.slice(i, end);
  return end;
}

// Index of the closing `'` of a single-quoted (or, with escapes, ANSI-C) run starting at i.
function findSingleEnd(raw: string, i: number, escapes: boolean): number {
  for (let k = i; k < raw.length; k += 1) {
    if (escapes && raw[k] === '\\') k += 1;
    else if (raw[k] === "'") return k;
  }
  return -1;
}

// Brace expansion: an unquoted `{` … `}` pair with an unquoted `,` or `..` between them.
function hasBraceExpansion(marks: readonly [number, string][]): boolean {
  let open = false;
  let separated = false;
  for (const [, mark] of marks) {
    if (mark === '{') open = true;
    else if (mark === '}' && separated) return true;
    else if (open && (mark === ',' || mark === '..')) separated = true;
  }
  return false;
}

/** Decodes one word's source text; `assignment` enables tilde rules for `NAME=value` values. */
export function decodeWord(raw: string, dialect: Dialect = 'bash', assignment = false): DecodedWord {
  const out: DecodedWord = { value: '', bare: '', problems: [], glob: false, quoted: false, doubt: false };
  const marks: [number, string][] = [];
  let i = 0;
  while (i < raw.length && i !== -1) {
    const ch = raw[i]!;
    if (ch === '\\') {
      out.quoted = true;
      if (i + 1 >= raw.length) {
        lit(out, '\\');
        i += 1;
      } else {
        if (raw[i + 1] === '\n') out.problems.push('line continuation inside a word');
        else lit(out, raw[i + 1]!);
        i += 2;
      }
    } else if (ch === "'") {
      const end = findSingleEnd(raw, i + 1, false);
      out.quoted = true;
      if (end !== -1) lit(out, raw.slice(i + 1, end));
      i = end === -1 ? -1 : end + 1;
    } else if (ch === '"') {
      out.quoted = true;
      i = readDouble(raw, i, out);
    } else if (ch === '`') {
      out.problems.push('command substitution');
      const end = skipBacktick(raw, i);
      if (end !== -1) out.value += raw.slice(i, end);
      i = end;
    } else if (ch === '$') {
      i = readDollar(raw, i, out, dialect);
    } else {
      if (METACHARS.has(ch)) out.doubt = true;
      if (ch === '*' || ch === '?' || ch === '[') out.glob = true;
      if (ch === '~' && (i === 0 || raw[i - 1] === '=' || (assignment && raw[i - 1] === ':'))) out.problems.push('tilde expansion');
      if (dialect === 'zsh' && ZSH_SPECIAL.has(ch) && (ch !== '=' || i === 0)) out.problems.push(`zsh expansion character '${ch}'`);
      if (ch === '{' || ch === '}' || ch === ',') marks.push([i, ch]);
      if (ch === '.' && raw[i + 1] === '.') marks.push([i, '..']);
      lit(out, ch);
      i += 1;
    }
  }
  if (i === -1) out.doubt = true;
  if (hasBraceExpansion(marks)) out.problems.push('brace expansion');
  if (out.doubt) out.problems.push('word boundaries unclear (parser disagreement)');
  return out;
}
