// Finds and escapes characters a person cannot see in argv or a shell line (SPEC §4.3, §5.2).
// MUST hold:
//   1. Every code point in INVISIBLE_RANGES is reported by findInvisible and escaped by
//      escapeInvisible; nothing in those ranges survives into text shown to a person.
//   2. Lone surrogates (not valid text) are treated as invisible too.
//   3. escapeInvisible never changes visible characters, so what is shown is what runs.
import { INVISIBLE_RANGES, NAMED_ESCAPES } from '../knowledge/invisible-chars.js';

// Binary search over the sorted range table.
function rangeOf(code: number): (typeof INVISIBLE_RANGES)[number] | null {
  let lo = 0;
  let hi = INVISIBLE_RANGES.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const range = INVISIBLE_RANGES[mid]!;
    if (code < range.from) hi = mid - 1;
    else if (code > range.to) lo = mid + 1;
    else return range;
  }
  return null;
}

// True for a lone UTF-16 surrogate, which cannot be shown as a character.
function isLoneSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdfff;
}

/** Escape sequence for one code point: `\n`, `\x1b`, or `\u{202E}`. */
function escapeCode(code: number): string {
  const named = NAMED_ESCAPES[code];
  if (named !== undefined) return named;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  return `\\u{${code.toString(16).toUpperCase().padStart(4, '0')}}`;
}

/** A description of the first invisible character in `text`, or null when there is none. Tab and line feed are allowed. */
export function findInvisible(text: string): string | null {
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code === 0x09 || code === 0x0a) continue;
    if (isLoneSurrogate(code)) return `unpaired surrogate ${escapeCode(code)}`;
    const range = rangeOf(code);
    if (range !== null) return `${range.name} ${escapeCode(code)}`;
  }
  return null;
}

/**
 * Text safe to show a person: every control or invisible character (including tab and line
 * feed) becomes a visible escape such as `\n`, `\x1b` or `\u{202E}`.
 */
export function escapeInvisible(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    const hidden = code === 0x09 || code === 0x0a || isLoneSurrogate(code) || rangeOf(code) !== null;
    out += hidden ? escapeCode(code) : ch;
  }
  return out;
}
