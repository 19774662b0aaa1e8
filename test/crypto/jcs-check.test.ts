// The one-pass canonical-form checker must agree exactly with "parse, re-canonicalise,
// compare" (isCanonicalBySerialising): on hand-picked texts and on seeded random ones.
import { describe, expect, it } from 'vitest';
import { scanCanonical } from '../../src/crypto/jcs-check.js';
import { canonicalize, isCanonicalBySerialising, MAX_DEPTH } from '../../src/crypto/jcs.js';
import { prng } from '../helpers/prng.js';

const ALPHABET = ['a', 'b', 'Z', '0', '9', '1', '10', ' ', '"', '\\', '/', '\n', '\t', '\u0000', '\u001f', '\u007f', '\u0080', 'é', '\u2028', '\ue000', '\uffff', '😀', '\ud800', '\udc00', '€'];
const INTEGERS = [0, 1, -1, 7, 42, -100, 9007199254740991, -9007199254740991, 123456789];

// A random JSON value in approve-run's domain (lone surrogates included, to be refused).
function randomValue(rand: () => number, depth = 0): unknown {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const text = () => Array.from({ length: Math.floor(rand() * 6) }, () => pick(ALPHABET)).join('');
  const r = rand();
  if (depth > 4 || r < 0.45) return pick<unknown>([null, true, false, text(), text(), pick(INTEGERS)]);
  if (r < 0.7) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = Math.floor(rand() * 5); i > 0; i--) out[text()] = randomValue(rand, depth + 1);
  return out;
}

const MUTATIONS: ((t: string, rand: () => number) => string)[] = [
  (t, r) => insertAt(t, r, ' '),
  (t, r) => insertAt(t, r, '\n'),
  (t, r) => insertAt(t, r, ALPHABET[Math.floor(r() * ALPHABET.length)] as string),
  (t, r) => {
    const i = Math.floor(r() * t.length);
    return t.slice(0, i) + t.slice(i + 1);
  },
  (t, r) => {
    const i = Math.floor(r() * (t.length - 1));
    return t.slice(0, i) + t.charAt(i + 1) + t.charAt(i) + t.slice(i + 2);
  },
  (t) => t.replace(/"([a-z])/, (_m, c: string) => `"\\u00${c.charCodeAt(0).toString(16)}`),
  (t) => t.replace(/\\n/, '\\u000a'),
  (t) => t.replace(/\\u00([0-9a-f]{2})/, (_m, h: string) => `\\u00${h.toUpperCase()}`),
  (t) => t.replace(/([:[,])(-?[0-9]+)/, '$1$2.0'),
  (t) => t.replace(/([:[,])([0-9]+)/, '$10$2'),
  (t) => t.replace(/([:[,])0/, '$1-0'),
  (t) => t.replace(/([:[,])([1-9][0-9]*)/, '$1$2e0'),
  (t) => t.replace(/\//, '\\/'),
  (t) => t.replace(/"/, '"\\ud800'),
  (t) => t.replace(/\{"/, '{"":0,"'),
  (t) => t.replace(/\{("[^"\\]*":(?:-?\d+|null|true|false|"[^"\\]*"))/, '{$1,$1'),
];

// Inserts `s` at a random position.
function insertAt(t: string, rand: () => number, s: string): string {
  const i = Math.floor(rand() * (t.length + 1));
  return t.slice(0, i) + s + t.slice(i);
}

describe('scanCanonical', () => {
  it.each([
    ['{}', true],
    ['[]', true],
    ['{"a":[1,{"b":null}],"c":"x"}', true],
    ['"\\u001f\\b\\f\\n\\r\\t\\"\\\\"', true],
    ['{"1":0,"10":0,"9":0}', true],
    ['{"\ue000":1,"\ud83d\ude00":2}', false],
    ['{"\ud83d\ude00":2,"\ue000":1}', true],
    ['{"a":1,"a":1}', false],
    ['{"b":1,"a":1}', false],
    [' {}', false],
    ['{} ', false],
    ['{"a" :1}', false],
    ['"\\u0008"', false],
    ['"\\u001F"', false],
    ['"\\u0020"', false],
    ['"\\/"', false],
    ['"\\x41"', false],
    ['"\u0001"', false],
    ['"\ud800"', false],
    ['"\\ud800"', false],
    ['"abc', false],
    ['-0', false],
    ['01', false],
    ['1.5', false],
    ['1e3', false],
    ['9007199254740991', true],
    ['9007199254740992', false],
    ['-9007199254740992', false],
    ['12345678901234567890', false],
    ['nul', false],
    ['', false],
    ['{"a":1,}', false],
    ['[1,]', false],
  ])('%j → %s, like the reference', (text, expected) => {
    expect(scanCanonical(text).ok).toBe(expected);
    expect(isCanonicalBySerialising(text)).toBe(expected);
  });

  it('applies the same nesting limit as canonicalize', () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    expect(scanCanonical(deep(MAX_DEPTH)).ok).toBe(true);
    expect(scanCanonical(deep(MAX_DEPTH + 1)).ok).toBe(false);
    expect(isCanonicalBySerialising(deep(MAX_DEPTH + 1))).toBe(false);
  });

  it('picks decoded top-level members only', () => {
    const text = canonicalize({ seq: 5, log: 'a\nb', nested: { seq: 9 }, list: [1], t: true, n: null });
    const scan = scanCanonical(text, new Set(['seq', 'log', 'nested', 'list', 't', 'n', 'absent']));
    if (!scan.ok) throw new Error(scan.reason);
    expect(Object.fromEntries(scan.picked)).toEqual({ seq: 5, log: 'a\nb', nested: { json: '{"seq":9}' }, list: { json: '[1]' }, t: true, n: null });
  });

  it('accepts the canonical text of 3000 random values and picks their members', () => {
    const rand = prng(8785);
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const value = randomValue(rand);
      let text: string;
      try {
        text = canonicalize(value);
      } catch {
        continue;
      }
      checked++;
      const scan = scanCanonical(text, new Set(value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : []));
      expect(scan.ok, text).toBe(true);
    }
    expect(checked).toBeGreaterThan(1500);
  });

  it('agrees with the reference on 20000 mutated texts', () => {
    const rand = prng(6962);
    let rejected = 0;
    for (let i = 0; i < 20000; i++) {
      let text: string;
      try {
        text = canonicalize(randomValue(rand));
      } catch {
        continue;
      }
      const mutate = MUTATIONS[Math.floor(rand() * MUTATIONS.length)] as (t: string, r: () => number) => string;
      const mutated = mutate(text, rand);
      const expected = isCanonicalBySerialising(mutated);
      expect(scanCanonical(mutated).ok, JSON.stringify(mutated)).toBe(expected);
      if (!expected) rejected++;
    }
    expect(rejected).toBeGreaterThan(3000);
  });
});
