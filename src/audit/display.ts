// Turning logged values into safe, readable text for `audit log` and CSV export. Logged text
// comes from requesters (argv, reasons), so it is never printed raw to a terminal.
// Invariants:
//   1. terminalSafe() escapes every C0/C1 control character, DEL, and the invisible and BiDi
//      characters of SPEC §4.3, so a logged value cannot move the cursor, recolour the screen
//      or reorder what an auditor reads.
import type { NonUtf8Text } from './bytes.js';

// All C0, DEL, C1, zero-width and BiDi controls, BOM, line/paragraph separators.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;

/** `text` with unsafe characters written as \n, \t or \u{XXXX}. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\t') return '\\t';
    if (c === '\r') return '\\r';
    return `\\u{${(c.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}}`;
  });
}

/** A logged string or {"non_utf8": ...} value as text (the %XX form for the latter). */
export function loggedText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && typeof (value as NonUtf8Text).non_utf8 === 'string') {
    return (value as NonUtf8Text).non_utf8;
  }
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

// Words that a POSIX shell would read back as the same single word without quotes.
const PLAIN_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** argv as one line, single-quoting words a shell would split or expand. */
export function commandLine(argv: unknown): string {
  if (!Array.isArray(argv)) return '';
  return argv
    .map((word) => {
      const text = loggedText(word);
      return PLAIN_WORD.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
    })
    .join(' ');
}

/** A list of logged strings joined by `separator`. */
export function listText(value: unknown, separator = ','): string {
  return Array.isArray(value) ? value.map(loggedText).join(separator) : loggedText(value);
}
