// RFC 8785 canonicalisation: the RFC's own examples, and every value approve-run refuses.
import { describe, expect, it } from 'vitest';
import { CanonicalizationError, canonicalize, isCanonicalBySerialising, MAX_DEPTH } from '../../src/crypto/jcs.js';

describe('RFC 8785 examples', () => {
  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3)', () => {
    const input = JSON.parse(
      '{"\\u20ac":"Euro Sign","\\r":"Carriage Return","\\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\\ud83d\\ude00":"Emoji: Grinning Face","\\u0080":"Control","\\u00f6":"Latin Small Letter O With Diaeresis"}',
    );
    expect(canonicalize(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('escapes strings as the RFC does (§3.2.2.2 example, literals and string parts)', () => {
    const input = JSON.parse('{"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}');
    expect(canonicalize(input)).toBe('{"literals":[null,true,false],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('refuses the floats of the §3.2.2.2 example: approve-run logs integers only', () => {
    const input = JSON.parse('{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001]}');
    expect(() => canonicalize(input)).toThrow(CanonicalizationError);
  });

  // Appendix B: the values that are safe integers serialise exactly as the RFC says.
  it.each([
    [0, '0'],
    [1, '1'],
    [-1, '-1'],
    [9007199254740991, '9007199254740991'],
    [-9007199254740991, '-9007199254740991'],
  ])('serialises the integer %s as %s', (value, text) => {
    expect(canonicalize(value)).toBe(text);
  });

  // Appendix B values outside safe integers: the RFC would print them; approve-run refuses.
  it.each([
    ['minus zero', -0],
    ['5e-324', 5e-324],
    ['1.7976931348623157e+308', 1.7976931348623157e308],
    ['9007199254740992 (2^53)', 9007199254740992],
    ['295147905179352830000', 295147905179352830000],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['9.999999999999997e+22', 9.999999999999997e22],
    ['0.000001', 0.000001],
  ])('refuses %s', (_name, value) => {
    expect(() => canonicalize(value)).toThrow(CanonicalizationError);
  });
});

describe('strings', () => {
  it('escapes every control character like JSON.stringify and keeps the rest literal', () => {
    for (let c = 0; c < 0x80; c++) {
      const s = String.fromCharCode(c);
      expect(canonicalize(s)).toBe(JSON.stringify(s));
    }
    expect(canonicalize('\u2028\u2029\u007f')).toBe('"\u2028\u2029\u007f"');
  });

  it.each([
    ['lone high surrogate', '\ud800'],
    ['lone low surrogate', '\udc00'],
    ['reversed pair', '\udc00\ud800'],
    ['high at the end', 'abc\ud83d'],
  ])('refuses a %s', (_name, text) => {
    expect(() => canonicalize({ k: text })).toThrow(/lone surrogate/);
    expect(() => canonicalize({ [text]: 1 })).toThrow(/lone surrogate/);
  });

  it('accepts a proper surrogate pair', () => {
    expect(canonicalize('😀')).toBe('"😀"');
  });
});

describe('values that are not JSON', () => {
  const sparse: unknown[] = [1];
  sparse[2] = 3;
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  it.each([
    ['undefined', undefined],
    ['undefined member', { a: undefined }],
    ['bigint', 1n],
    ['function', () => 1],
    ['symbol', Symbol('x')],
    ['Date', new Date(0)],
    ['Map', new Map()],
    ['class instance', new (class X {})()],
    ['Buffer', Buffer.from('x')],
    ['sparse array', sparse],
    ['symbol key', { [Symbol('k')]: 1 }],
    ['cycle', cyclic],
  ])('refuses a %s', (_name, value) => {
    expect(() => canonicalize(value)).toThrow(CanonicalizationError);
  });

  it(`accepts ${MAX_DEPTH} nested containers and refuses one more`, () => {
    let ok: unknown = 1;
    for (let i = 0; i < MAX_DEPTH; i++) ok = [ok];
    expect(canonicalize(ok)).toBe(`${'['.repeat(MAX_DEPTH)}1${']'.repeat(MAX_DEPTH)}`);
    expect(() => canonicalize([ok])).toThrow(/nested deeper/);
  });

  it('accepts null-prototype objects and sorts nested objects', () => {
    const bare = Object.assign(Object.create(null) as object, { b: 1, a: { d: [], c: {} } });
    expect(canonicalize(bare)).toBe('{"a":{"c":{},"d":[]},"b":1}');
  });
});

describe('isCanonicalBySerialising', () => {
  it.each([
    ['{"a":1,"b":2}', true],
    ['{"b":2,"a":1}', false],
    ['{"a": 1}', false],
    ['{"a":1.0}', false],
    ['{"a":-0}', false],
    ['"\\u0041"', false],
    ['"\\ud800"', false],
    ['{"a":1,"a":1}', false],
    ['not json', false],
  ])('%s → %s', (text, expected) => {
    expect(isCanonicalBySerialising(text)).toBe(expected);
  });
});
