// Reading one string of canonical JSON (RFC 8785 §3.2.2.2): exactly the escapes that
// JSON.stringify writes, nothing else. Part of the canonical-form checker in ./jcs-check.ts.
// Invariants:
//   1. Accepted: `\"`, `\\`, `\b`, `\f`, `\n`, `\r`, `\t`, and `\u00XX` in lowercase hex only
//      for the other control characters; every other character literally, surrogates paired.
//   2. Refused: raw control characters, any other escape (`\/`, `\u0041`, upper-case hex),
//      lone surrogates, a missing closing quote.

/** Thrown at the first non-canonical character; the checker reports it. */
export class NotCanonical extends Error {
  constructor(
    readonly offset: number,
    reason: string,
  ) {
    super(reason);
  }
}

// Hex digit value of a lowercase hex character code, or -1 (JSON.stringify writes lowercase).
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

// Characters that end a run of ordinary string content.
// eslint-disable-next-line no-control-regex -- control characters must stop the scan
const SPECIAL = /["\\\u0000-\u001f\ud800-\udfff]/g;

// JSON.stringify's short escapes, keyed by the character after the backslash.
const SHORT_ESCAPES: Record<number, string> = { 34: '"', 92: '\\', 98: '\b', 102: '\f', 110: '\n', 114: '\r', 116: '\t' };
// Control characters that have a short escape and so must never appear as \u00XX.
const HAS_SHORT_FORM = new Set([0x08, 0x09, 0x0a, 0x0c, 0x0d]);

// Decodes the escape at `at` (a backslash); refuses any spelling JSON.stringify would not use.
function decodeEscape(s: string, at: number): string {
  const kind = s.charCodeAt(at + 1);
  const short = SHORT_ESCAPES[kind];
  if (short !== undefined) return short;
  if (kind !== 117) throw new NotCanonical(at, 'escape that canonical JSON does not use');
  let value = 0;
  for (let k = 2; k < 6; k++) {
    const h = hexValue(s.charCodeAt(at + k));
    if (h < 0) throw new NotCanonical(at, '\\u escape not in lowercase hex');
    value = value * 16 + h;
  }
  if (value >= 0x20 || HAS_SHORT_FORM.has(value)) {
    throw new NotCanonical(at, '\\u escape where canonical JSON writes the character or a short escape');
  }
  return String.fromCharCode(value);
}

// Whether a character code stands for itself inside a canonical string.
function isOrdinary(c: number): boolean {
  return c !== 34 && c !== 92 && c >= 0x20 && (c < 0xd800 || c > 0xdfff);
}

/**
 * Reads the canonical string whose opening quote is at `quote`; returns its decoded value and
 * the index after its closing quote. A native regex jumps over ordinary characters.
 */
export function readCanonicalString(s: string, quote: number): { value: string; end: number } {
  let start = quote + 1;
  let out = '';
  for (;;) {
    // Short runs (most keys and values) are cheaper to walk than to hand to the regex.
    let i = start;
    const stop = Math.min(s.length, start + 16);
    while (i < stop && isOrdinary(s.charCodeAt(i))) i++;
    if (i === stop) {
      SPECIAL.lastIndex = i;
      const found = SPECIAL.test(s);
      if (!found) throw new NotCanonical(s.length, 'unterminated string');
      i = SPECIAL.lastIndex - 1;
    }
    const c = s.charCodeAt(i);
    if (c === 34) return { value: out + s.slice(start, i), end: i + 1 };
    if (c === 92) {
      out += s.slice(start, i) + decodeEscape(s, i);
      start = i + (s.charCodeAt(i + 1) === 117 ? 6 : 2);
    } else if (c < 0x20) {
      throw new NotCanonical(i, 'unescaped control character in string');
    } else {
      const next = s.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) throw new NotCanonical(i, 'lone surrogate in string');
      out += s.slice(start, i + 2);
      start = i + 2;
    }
  }
}
