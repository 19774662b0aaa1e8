// How text that has no UTF-8 form is logged (docs/VERIFY.md, "Bytes that are not UTF-8").
// argv words and paths are bytes on Linux; a canonical leaf holds only valid Unicode. Such a
// value is logged in place of the string as {"non_utf8": "<text>"}, where <text> is the bytes
// with every valid UTF-8 sequence kept as is, every other byte written %XX (uppercase hex),
// and `%` itself written %25. A JS string with lone surrogates is first encoded as WTF-8
// (a lone surrogate becomes its three generalised-UTF-8 bytes, which are not valid UTF-8).
// Invariants:
//   1. The encoding is lossless and unambiguous: an object stands where a string would, and
//      percent-decoding <text> (then UTF-8-encoding its other characters) gives the bytes back.
//   2. Valid UTF-8 is never wrapped, so ordinary text is logged unchanged.
import { isUtf8 } from 'node:buffer';

/** A value that was not valid UTF-8, as it appears in a leaf. */
export interface NonUtf8Text {
  non_utf8: string;
}

// Length of the valid UTF-8 sequence starting at `i`, or 0 if the byte there starts none.
function sequenceLength(bytes: Buffer, i: number): number {
  const b = bytes[i] as number;
  if (b < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => {
    const c = bytes[i + k];
    return c !== undefined && c >= lo && c <= hi;
  };
  if (b >= 0xc2 && b <= 0xdf) return cont(1) ? 2 : 0;
  if (b >= 0xe0 && b <= 0xef) {
    const lo = b === 0xe0 ? 0xa0 : 0x80;
    const hi = b === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2) ? 3 : 0;
  }
  if (b >= 0xf0 && b <= 0xf4) {
    const lo = b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** The %XX text form of arbitrary bytes (see the header). */
export function percentEscapeBytes(bytes: Buffer): string {
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const len = sequenceLength(bytes, i);
    if (len === 0 || bytes[i] === 0x25) {
      out += `%${(bytes[i] as number).toString(16).toUpperCase().padStart(2, '0')}`;
      i++;
    } else {
      out += bytes.toString('utf8', i, i + len);
      i += len;
    }
  }
  return out;
}

/** Bytes as logged: the string when valid UTF-8, else {"non_utf8": ...}. */
export function loggableBytes(bytes: Buffer): string | NonUtf8Text {
  return isUtf8(bytes) ? bytes.toString('utf8') : { non_utf8: percentEscapeBytes(bytes) };
}

// WTF-8 bytes of a JS string: like UTF-8, but lone surrogates get their 3-byte form.
function wtf8(text: string): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i++;
      continue;
    }
    parts.push(Buffer.from(text.slice(start, i), 'utf8'), Buffer.from([0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]));
    start = i + 1;
  }
  parts.push(Buffer.from(text.slice(start), 'utf8'));
  return Buffer.concat(parts);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A JS string as logged: itself, or {"non_utf8": ...} when it holds lone surrogates. */
export function loggableString(text: string): string | NonUtf8Text {
  return LONE_SURROGATE.test(text) ? { non_utf8: percentEscapeBytes(wtf8(text)) } : text;
}

/** Reverses the encoding: the original bytes of a {"non_utf8": ...} text. */
export function decodeNonUtf8(text: string): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = text.indexOf('%'); i >= 0; i = text.indexOf('%', start)) {
    parts.push(Buffer.from(text.slice(start, i), 'utf8'), Buffer.from(text.slice(i + 1, i + 3), 'hex'));
    start = i + 3;
  }
  parts.push(Buffer.from(text.slice(start), 'utf8'));
  return Buffer.concat(parts);
}
