// The report as JSON (`--format json`), in parts whose concatenation is exactly
// JSON.stringify(data): a report of a million entries is written piece by piece instead of as
// one string of hundreds of megabytes (which, holding one character beyond Latin-1, V8 keeps
// two bytes a character, and which must then be encoded whole).
// Invariants:
//   1. Only arrays and plain objects without toJSON are taken apart; every other value, and
//      every element of an array, is written by JSON.stringify itself (escapes, numbers,
//      cycles; a toJSON is called without its member's name, which the report's data, plain
//      strings, numbers and booleans, never needs).
//   2. An object's members come in Object.keys order, the order JSON.stringify uses; a member
//      whose value JSON.stringify leaves out (undefined, a function) is left out, and such an
//      element of an array is written as null, as JSON.stringify does.

// Whether JSON.stringify would write `value` member by member or element by element.
function container(value: unknown): value is Record<string, unknown> | unknown[] {
  if (value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return true;
  const proto: unknown = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

// The parts of an array: its elements, each written whole.
function* arrayParts(array: unknown[]): Generator<string> {
  yield '[';
  for (let i = 0; i < array.length; i++) yield `${i === 0 ? '' : ','}${JSON.stringify(array[i]) ?? 'null'}`;
  yield ']';
}

/** The parts of JSON.stringify(value), for a value JSON.stringify writes (not undefined). */
export function* jsonParts(value: unknown, within: ReadonlySet<object> = new Set()): Generator<string> {
  if (!container(value)) {
    yield JSON.stringify(value);
    return;
  }
  if (Array.isArray(value)) {
    yield* arrayParts(value);
    return;
  }
  // The objects being written around this one: a cycle through them throws, as in JSON.stringify.
  if (within.has(value)) throw new TypeError('Converting circular structure to JSON');
  const path = new Set(within).add(value);
  let first = true;
  yield '{';
  for (const key of Object.keys(value)) {
    const member = value[key];
    if (container(member)) {
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      yield* Array.isArray(member) ? arrayParts(member) : jsonParts(member, path);
    } else {
      const text = JSON.stringify(member) as string | undefined;
      if (text === undefined) continue;
      yield `${first ? '' : ','}${JSON.stringify(key)}:${text}`;
    }
    first = false;
  }
  yield '}';
}
