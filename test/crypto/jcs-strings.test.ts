// String serialisation of the canonicaliser, checked against an independent decoder
// (JSON.parse) on the mixes that once broke an optimised JSON.stringify: non-ASCII next to
// control characters, quotes and backslashes, in a hot loop.
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../src/crypto/jcs.js';
import { prng } from '../helpers/prng.js';

const PARTS = ['', 'a', 'é', '😀', '\uffff', '\ue000', '"', '\\', '\u0001', '\u001f', '\n', '\t', '\b', '\f', '\r', '\u007f', ' ', 'prev'];

describe('canonical strings', () => {
  it.each([
    ['é\u0001', '"é\\u0001"'],
    ['\\ab', '"\\\\ab"'],
    ['a"b', '"a\\"b"'],
    ['\b\t\n\f\r', '"\\b\\t\\n\\f\\r"'],
    ['\u0000\u001f', '"\\u0000\\u001f"'],
    ['\u007f€😀', '"\u007f€😀"'],
  ])('%j serialises as %s', (value, expected) => {
    expect(canonicalize(value)).toBe(expected);
  });

  it('every BMP code unit outside the surrogates round-trips and uses only RFC 8785 escapes', () => {
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      const text = canonicalize(ch);
      expect(JSON.parse(text)).toBe(ch);
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c) expect(text).toBe(`"${ch}"`);
    }
  });

  it('round-trips 50,000 mixed strings in one hot loop, as values and as keys', () => {
    const rand = prng(8785);
    const pick = () => PARTS[Math.floor(rand() * PARTS.length)] as string;
    for (let i = 0; i < 50_000; i++) {
      const value = pick() + pick() + pick();
      const text = canonicalize(value);
      // Decoded as a lone string literal: JSON.parse's escaped *key* decoding is unreliable on
      // Node 24 and 26 (nodejs/node#63785), string values are not affected.
      expect(JSON.parse(text)).toBe(value);
      expect(canonicalize({ [value]: 0 })).toBe(`{${text}:0}`);
    }
  });
});
