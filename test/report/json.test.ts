// `--format json` is written in parts (src/report/json.ts): their concatenation must be exactly
// JSON.stringify of the same value, for the report's own shape and for values JSON.stringify
// treats specially.
import { describe, expect, it } from 'vitest';
import { jsonParts } from '../../src/report/json.js';

const odd = {
  a: undefined,
  f: () => 1,
  s: Symbol('s'),
  list: [undefined, () => 1, Symbol('x'), NaN, -0, Infinity, null, 'é\u2028\u0000"\\', [1, [2]], { b: undefined }],
  date: new Date(0),
  custom: { toJSON: () => ({ replaced: true }) },
  gone: { toJSON: () => undefined },
  boxed: [new String('x'), new Number(2), new Boolean(false)],
  '1': 'integer-like keys come first',
  nested: { deeper: { list: [{ x: 1 }], empty: [], none: {} }, '': 'empty key', '\u2028': 'escaped key' },
  nul: Object.assign(Object.create(null) as Record<string, unknown>, { z: 1, y: [2] }),
  holes: [1, , 3], // eslint-disable-line no-sparse-arrays -- a hole is written as null
};

describe('JSON in parts', () => {
  it.each([
    ['odd values', odd],
    ['a report-shaped object', { format_version: 1, runs: [{ request_id: 'r', latency_ms: NaN, decisions: [] }], separation_of_duties: { ok: true, checks: [] }, charts: { latency: [{ label: '≥ 1 h', count: 0 }] } }],
    ['an array', [odd, 1, 'x']],
    ['a string', 'text'],
    ['null', null],
    ['an empty object', {}],
  ])('%s: exactly JSON.stringify', (_name, value) => {
    expect([...jsonParts(value)].join('')).toBe(JSON.stringify(value));
  });

  it('a million-entry report is many small parts, not one string', () => {
    const runs = Array.from({ length: 1000 }, (_, i) => ({ request_id: `req_${i}` }));
    const parts = [...jsonParts({ runs })];
    expect(parts.length).toBeGreaterThan(1000);
    expect(Math.max(...parts.map((p) => p.length))).toBeLessThan(40);
  });

  it('a cycle still throws, as JSON.stringify does', () => {
    const a: Record<string, unknown> = {};
    a.self = { back: a };
    expect(() => [...jsonParts(a)]).toThrow(TypeError);
  });
});
