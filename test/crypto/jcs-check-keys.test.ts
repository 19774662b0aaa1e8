// The canonical-form checker compares plain keys in place and decodes only keys with escapes
// or surrogates, and decodes only picked members: both shortcuts must agree with the
// reference (parse, re-canonicalise, compare) and with JSON.parse.
import { describe, expect, it } from 'vitest';
import { CanonicalScanner, scanCanonical } from '../../src/crypto/jcs-check.js';
import { canonicalize, isCanonicalBySerialising } from '../../src/crypto/jcs.js';
import { prng } from '../helpers/prng.js';

// Key material where escaped, plain and surrogate forms sort against each other.
const KEY_PARTS = ['', 'a', 'b', 'ab', '"', '#', '\\', ']', '\n', '\u0001', '\u001f', ' ', 'é', '\ue000', '😀', '\uffff', 'prev', 'type', 'v'];

describe('key order across plain and escaped keys', () => {
  it.each([
    ['{"\\n":1,"a":2}', true],
    ['{"a":2,"\\n":1}', false],
    ['{"\\"":1,"#":2}', true],
    ['{"#":2,"\\"":1}', false],
    ['{"\\\\":1,"]":2}', true],
    ['{"\\u0001":1,"\\u0001":2}', false],
    ['{"a":1,"a\\n":2}', true],
    ['{"a\\n":1,"a":2}', false],
    ['{"😀":1,"\ue000":2}', true],
    ['{"\ue000":1,"😀":2}', false],
    ['{"😀":1,"😀":2}', false],
    ['{"ab":1,"a":2}', false],
    ['{"a":1,"ab":2}', true],
  ])('%s → %s, like the reference', (text, expected) => {
    expect(scanCanonical(text).ok).toBe(expected);
    expect(isCanonicalBySerialising(text)).toBe(expected);
  });

  it('agrees with the key-order oracle on 20000 objects with keys in random order', () => {
    const rand = prng(3339);
    const pick = () => KEY_PARTS[Math.floor(rand() * KEY_PARTS.length)] as string;
    let accepted = 0;
    for (let i = 0; i < 20000; i++) {
      const keys = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => pick() + pick());
      // Keys joined as written (possibly unsorted or repeated), each value an integer.
      const text = `{${keys.map((k, n) => `${canonicalize(k)}:${n}`).join(',')}}`;
      // The oracle needs no JSON.parse (whose escaped-key decoding is unreliable on Node 24 and
      // 26, nodejs/node#63785): with canonical strings and integer values, the object is
      // canonical exactly when its keys strictly increase in UTF-16 code-unit order.
      const expected = keys.every((k, n) => n === 0 || (keys[n - 1] as string) < k);
      expect(scanCanonical(text).ok, text).toBe(expected);
      if (expected) accepted++;
    }
    expect(accepted).toBeGreaterThan(3000);
  });
});

describe('picked members', () => {
  it('decode to what JSON.parse gives, containers as their canonical text', () => {
    const rand = prng(6962);
    const pick = () => KEY_PARTS[Math.floor(rand() * KEY_PARTS.length)] as string;
    const values: unknown[] = [null, true, false, 0, -7, 9007199254740991, 'plain', 'é\n"\\😀', '', [1, 'x'], { b: [{}], a: 'y' }];
    for (let i = 0; i < 2000; i++) {
      const object: Record<string, unknown> = {};
      for (let n = Math.floor(rand() * 5); n > 0; n--) object[pick() + pick()] = values[Math.floor(rand() * values.length)];
      const text = canonicalize(object);
      const names = Object.keys(object);
      const scanner = new CanonicalScanner(new Set([...names, 'absent']));
      expect(scanner.check(text), text).toBeNull();
      for (const name of names) {
        const value = object[name];
        const expected = value !== null && typeof value === 'object' ? { json: canonicalize(value) } : value;
        expect(scanner.picked.get(name), `${text} ${name}`).toEqual(expected);
      }
      expect(scanner.picked.get('absent')).toBeUndefined();
    }
  });

  it('are forgotten by the next check', () => {
    const scanner = new CanonicalScanner(new Set(['a', 'b']));
    expect(scanner.check('{"a":1,"b":2}')).toBeNull();
    expect(scanner.check('{"a":3}')).toBeNull();
    expect(scanner.picked.get('a')).toBe(3);
    expect(scanner.picked.get('b')).toBeUndefined();
    expect(scanCanonical('{"a":3}', new Set(['a', 'b']))).toEqual({ ok: true, picked: new Map([['a', 3]]) });
  });
});
