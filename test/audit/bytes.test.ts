// The explicit, lossless encoding of bytes that are not valid UTF-8 (docs/VERIFY.md).
import { describe, expect, it } from 'vitest';
import { decodeNonUtf8, loggableBytes, loggableString, percentEscapeBytes } from '../../src/audit/bytes.js';

// A small seeded PRNG, so a failure can be replayed.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a * 1664525 + 1013904223) >>> 0;
    return a / 4294967296;
  };
}

describe('percentEscapeBytes', () => {
  it.each([
    ['a lone 0xFF', [0xff], '%FF'],
    ['a percent sign', [0x25], '%25'],
    ['ASCII', [0x61, 0x62], 'ab'],
    ['valid two-byte UTF-8', [0xc3, 0xa9], 'é'],
    ['valid four-byte UTF-8', [0xf0, 0x9f, 0x98, 0x80], '😀'],
    ['an overlong encoding', [0xc0, 0x80], '%C0%80'],
    ['an encoded surrogate', [0xed, 0xa0, 0x80], '%ED%A0%80'],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], '%F4%90%80%80'],
    ['a truncated sequence', [0xe2, 0x82], '%E2%82'],
    ['a stray continuation byte', [0x80, 0x41], '%80A'],
    ['a NUL byte (valid UTF-8, kept)', [0x00], '\u0000'],
  ])('%s', (_name, bytes, expected) => {
    expect(percentEscapeBytes(Buffer.from(bytes))).toBe(expected);
  });

  it('round-trips 2000 random byte strings through decodeNonUtf8', () => {
    const rand = prng(42);
    for (let i = 0; i < 2000; i++) {
      const bytes = Buffer.from(Array.from({ length: Math.floor(rand() * 24) }, () => Math.floor(rand() * 256)));
      expect(decodeNonUtf8(percentEscapeBytes(bytes))).toEqual(bytes);
    }
  });
});

describe('loggable values', () => {
  it('keeps valid UTF-8 and ordinary strings as strings', () => {
    expect(loggableBytes(Buffer.from('/srv/app é'))).toBe('/srv/app é');
    expect(loggableString('plain 😀')).toBe('plain 😀');
  });

  it('wraps invalid bytes and lone surrogates', () => {
    expect(loggableBytes(Buffer.from([0x2f, 0xfe]))).toEqual({ non_utf8: '/%FE' });
    expect(loggableString('a\udc00')).toEqual({ non_utf8: 'a%ED%B0%80' });
    expect(loggableString('\ud83d')).toEqual({ non_utf8: '%ED%A0%BD' });
  });
});
