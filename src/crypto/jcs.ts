// RFC 8785 JSON Canonicalization Scheme, restricted to the values approve-run signs and logs.
// Invariants:
//   1. Output is the RFC 8785 serialisation: object keys sorted by UTF-16 code units, no
//      whitespace, strings escaped as ECMAScript JSON.stringify does (RFC 8785 §3.2.2.2).
//   2. Only null, booleans, strings, safe integers, arrays and plain objects are accepted;
//      floats, NaN, Infinity, -0, bigints, undefined, functions, symbols, lone surrogates,
//      sparse arrays, symbol keys and non-plain objects throw, so nothing ambiguous is hashed.
//   3. Nesting deeper than MAX_DEPTH containers throws (no stack exhaustion, no cycles); the
//      fast checker in ./jcs-check.ts applies the same limit, so both agree on every text.

/** Thrown for values that have no canonical form here. */
export class CanonicalizationError extends Error {
  override name = 'CanonicalizationError';
}

/** Deepest accepted nesting of arrays and objects (the top-level container is depth 1). */
export const MAX_DEPTH = 64;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Characters RFC 8785 §3.2.2.2 escapes: quote, backslash and the C0 controls.
// eslint-disable-next-line no-control-regex -- control characters are exactly what is matched
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/;
// The short escapes; every other control character is \u00xx in lowercase hex.
const SHORT_ESCAPE: Record<number, string> = { 8: '\\b', 9: '\\t', 10: '\\n', 12: '\\f', 13: '\\r', 34: '\\"', 92: '\\\\' };

// Serialises one string, refusing lone surrogates (they have no UTF-8 form). The escaping of
// RFC 8785 §3.2.2.2 is written out here rather than delegated to the engine's JSON code, so the
// bytes that are hashed and signed do not depend on engine internals (V8's JSON.parse has had
// key-decoding bugs on Node 24 and 26, nodejs/node#63785).
function canonicalString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) throw new CanonicalizationError(`lone surrogate in string at ${path}`);
  if (!NEEDS_ESCAPE.test(value)) return `"${value}"`;
  let out = '"';
  let run = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c !== 34 && c !== 92 && c >= 0x20) continue;
    out += value.slice(run, i) + (SHORT_ESCAPE[c] ?? `\\u00${c.toString(16).padStart(2, '0')}`);
    run = i + 1;
  }
  return `${out}${value.slice(run)}"`;
}

// Serialises any accepted value; `path` names the position for error messages.
function canonicalValue(value: unknown, path: string, depth: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return canonicalString(value, path);
    case 'number':
      if (!Number.isSafeInteger(value) || Object.is(value, -0)) {
        throw new CanonicalizationError(`only safe integers are allowed, got ${String(value)} at ${path}`);
      }
      return String(value);
    case 'object':
      if (depth >= MAX_DEPTH) throw new CanonicalizationError(`nested deeper than ${MAX_DEPTH} levels at ${path}`);
      return Array.isArray(value) ? canonicalArray(value, path, depth + 1) : canonicalObject(value, path, depth + 1);
    default:
      throw new CanonicalizationError(`${typeof value} is not JSON, at ${path}`);
  }
}

// Serialises an array element by element; holes are refused like undefined.
function canonicalArray(value: unknown[], path: string, depth: number): string {
  const parts: string[] = [];
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) throw new CanonicalizationError(`sparse array at ${path}[${i}]`);
    parts.push(canonicalValue(value[i], `${path}[${i}]`, depth));
  }
  return `[${parts.join(',')}]`;
}

// Serialises a plain object with keys in UTF-16 code-unit order.
function canonicalObject(value: object, path: string, depth: number): string {
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    throw new CanonicalizationError(`only plain objects are allowed, at ${path}`);
  }
  if (Object.getOwnPropertySymbols(value).length > 0) {
    throw new CanonicalizationError(`symbol keys are not JSON, at ${path}`);
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, exactly as RFC 8785 §3.2.3 requires.
  const keys = Object.keys(record).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) throw new CanonicalizationError(`undefined value at ${path}.${key}`);
    parts.push(`${canonicalString(key, path)}:${canonicalValue(item, `${path}.${key}`, depth)}`);
  }
  return `{${parts.join(',')}}`;
}

/** RFC 8785 canonical text of `value`; throws CanonicalizationError for anything else. */
export function canonicalize(value: unknown): string {
  return canonicalValue(value, '$', 0);
}

/** RFC 8785 canonical bytes (UTF-8) of `value`. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8');
}

/**
 * Whether `text` is exactly the canonical form of the JSON it encodes (the slow, obviously
 * correct check: parse, re-canonicalise, compare). Used as the reference for ./jcs-check.ts.
 */
export function isCanonicalBySerialising(text: string): boolean {
  try {
    return canonicalize(JSON.parse(text)) === text;
  } catch {
    return false;
  }
}
