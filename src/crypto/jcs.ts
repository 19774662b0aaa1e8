// RFC 8785 JSON Canonicalization Scheme, restricted to the values approve-run signs and logs.
// Invariants:
//   1. Output is the RFC 8785 serialisation: object keys sorted by UTF-16 code units, no
//      whitespace, strings escaped as ECMAScript JSON.stringify does (RFC 8785 §3.2.2.2).
//   2. Only null, booleans, strings, safe integers, arrays and plain objects are accepted;
//      floats, NaN, Infinity, -0, bigints, undefined, functions, symbols, lone surrogates and
//      non-plain objects throw, so nothing ambiguous is ever hashed.

/** Thrown for values that have no canonical form here. */
export class CanonicalizationError extends Error {
  override name = 'CanonicalizationError';
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// Serialises one string, refusing lone surrogates (they have no UTF-8 form).
function canonicalString(value: string, path: string): string {
  if (LONE_SURROGATE.test(value)) throw new CanonicalizationError(`lone surrogate in string at ${path}`);
  return JSON.stringify(value);
}

// Serialises any accepted value; `path` names the position for error messages.
function canonicalValue(value: unknown, path: string): string {
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
      return Array.isArray(value) ? canonicalArray(value, path) : canonicalObject(value, path);
    default:
      throw new CanonicalizationError(`${typeof value} is not JSON, at ${path}`);
  }
}

// Serialises an array element by element.
function canonicalArray(value: unknown[], path: string): string {
  return `[${value.map((item, i) => canonicalValue(item, `${path}[${i}]`)).join(',')}]`;
}

// Serialises a plain object with keys in UTF-16 code-unit order.
function canonicalObject(value: object, path: string): string {
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    throw new CanonicalizationError(`only plain objects are allowed, at ${path}`);
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units, exactly as RFC 8785 §3.2.3 requires.
  const keys = Object.keys(record).sort();
  const parts: string[] = [];
  for (const key of keys) {
    const item = record[key];
    if (item === undefined) throw new CanonicalizationError(`undefined value at ${path}.${key}`);
    parts.push(`${canonicalString(key, path)}:${canonicalValue(item, `${path}.${key}`)}`);
  }
  return `{${parts.join(',')}}`;
}

/** RFC 8785 canonical text of `value`; throws CanonicalizationError for anything else. */
export function canonicalize(value: unknown): string {
  return canonicalValue(value, '$');
}

/** RFC 8785 canonical bytes (UTF-8) of `value`. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8');
}
