// A one-pass proof that a text is already in RFC 8785 canonical form, without building the
// value and serialising it again. `audit verify` runs it on every stored leaf.
// Invariants:
//   1. Accepts exactly the texts t for which canonicalize(JSON.parse(t)) === t (./jcs.ts):
//      no whitespace; keys strictly increasing in UTF-16 code-unit order (so no duplicates);
//      strings escaped exactly as JSON.stringify escapes them; no lone surrogates; integers
//      only, without sign on zero, leading zeros, fraction or exponent, within ±(2^53−1);
//      at most MAX_DEPTH nested containers. test/crypto/jcs-check.test.ts fuzzes this claim.
//   2. Returns the decoded values of the requested top-level members, so the caller never
//      parses the text a second time.
//   3. A string is decoded only when it is picked or is a key holding an escape or surrogate
//      (./jcs-string.ts judges those); plain strings are compared and skipped in place.
import { MAX_DEPTH } from './jcs.js';
import { NotCanonical, readCanonicalString } from './jcs-string.js';

/** A picked top-level member: scalars decoded, containers as their canonical text. */
export type PickedValue = string | number | boolean | null | { json: string };

export type CanonicalScan = { ok: true; picked: Map<string, PickedValue> } | { ok: false; offset: number; reason: string };

const NOTHING: ReadonlySet<string> = new Set();

// Ordering of two strings by UTF-16 code units: negative, zero or positive.
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a === b ? 0 : 1;
}

// Ordering of the code units text[a..aEnd) and text[b..bEnd): negative, zero or positive.
function compareRanges(text: string, a: number, aEnd: number, b: number, bEnd: number): number {
  const n = Math.min(aEnd - a, bEnd - b);
  for (let k = 0; k < n; k++) {
    const d = text.charCodeAt(a + k) - text.charCodeAt(b + k);
    if (d !== 0) return d;
  }
  return aEnd - a - (bEnd - b);
}

/**
 * A reusable checker. `check()` resets it, so one instance can check millions of texts
 * without allocating per text beyond the picked values.
 */
export class CanonicalScanner {
  private i = 0;
  private text = '';
  /** Where the contents of the last plain string start (after its quote) and end. */
  private plainStart = 0;
  private plainEnd = 0;
  /**
   * Members picked by the last successful check, valid until the next check; a picked name
   * the text lacks maps to undefined (refilling a Map is cheaper than clearing it).
   */
  readonly picked = new Map<string, PickedValue | undefined>();

  /** Picked names by length, so a plain key is matched without building a string. */
  private readonly pickByLength: string[][] = [];

  constructor(private readonly pick: ReadonlySet<string> = NOTHING) {
    for (const name of pick) (this.pickByLength[name.length] ??= []).push(name);
  }

  /** Null when `text` is canonical JSON, else where and why it is not. Never throws. */
  check(text: string): { offset: number; reason: string } | null {
    this.text = text;
    this.i = 0;
    for (const name of this.pick) this.picked.set(name, undefined);
    try {
      if (text.length === 0) this.fail('empty text');
      this.value(0, false);
      if (this.i !== text.length) this.fail('text after the value');
      return null;
    } catch (error) {
      if (error instanceof NotCanonical) return { offset: error.offset, reason: error.message };
      return { offset: this.i, reason: error instanceof Error ? error.message : String(error) };
    }
  }

  // Stops the check at the current offset.
  private fail(reason: string): never {
    throw new NotCanonical(this.i, reason);
  }

  // Passes one canonical string starting at `"`. Returns null for a plain one (no escape, no
  // surrogate: its contents are text[plainStart..plainEnd)), else its decoded value.
  private string(): string | null {
    const s = this.text;
    const start = this.i + 1;
    for (let i = start; ; i++) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        this.plainStart = start;
        this.plainEnd = i;
        this.i = i + 1;
        return null;
      }
      // `!(c >= 0x20)` also stops at the end of the text (NaN).
      if (c === 92 || !(c >= 0x20) || (c >= 0xd800 && c <= 0xdfff)) break;
    }
    const { value, end } = readCanonicalString(s, this.i);
    this.i = end;
    return value;
  }

  // Reads one canonical integer; returns its value.
  private integer(): number {
    const s = this.text;
    const start = this.i;
    let i = start;
    const negative = s.charCodeAt(i) === 45;
    if (negative) i++;
    const first = s.charCodeAt(i);
    let value = 0;
    if (first === 48) {
      i++;
      if (negative) this.fail('negative zero');
    } else if (first >= 49 && first <= 57) {
      for (let d = first; d >= 48 && d <= 57 && i - start <= 17; d = s.charCodeAt(++i)) value = value * 10 + (d - 48);
    } else {
      this.fail('malformed number');
    }
    const after = s.charCodeAt(i);
    if (after === 46 || after === 101 || after === 69 || (after >= 48 && after <= 57)) {
      this.i = i;
      this.fail('number that is not a canonical integer');
    }
    if (value > Number.MAX_SAFE_INTEGER) this.fail('integer beyond ±(2^53−1)');
    this.i = i;
    return negative ? -value : value;
  }

  // Reads one value; `depth` counts the containers around it. Returns it decoded when `want`.
  private value(depth: number, want: boolean): PickedValue {
    const s = this.text;
    const c = s.charCodeAt(this.i);
    if (c === 34) {
      const decoded = this.string();
      return want && decoded === null ? s.slice(this.plainStart, this.plainEnd) : decoded;
    }
    if (c === 123 || c === 91) {
      if (depth >= MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
      const start = this.i;
      if (c === 123) this.object(depth + 1);
      else this.array(depth + 1);
      return want ? { json: s.slice(start, this.i) } : null;
    }
    if (c === 45 || (c >= 48 && c <= 57)) return this.integer();
    const literal = c === 110 ? 'null' : c === 116 ? 'true' : c === 102 ? 'false' : '';
    if (literal !== '' && s.startsWith(literal, this.i)) {
      this.i += literal.length;
      return literal === 'null' ? null : literal === 'true';
    }
    return this.fail('not a JSON value, or whitespace where canonical JSON has none');
  }

  // Reads an object whose keys must strictly increase; picks top-level members.
  private object(depth: number): void {
    const s = this.text;
    this.i++;
    if (s.charCodeAt(this.i) === 125) {
      this.i++;
      return;
    }
    // The previous key: decoded, or (when plain) its range in the text; none before the first.
    let previous: string | null = null;
    let previousStart = 0;
    let previousEnd = -1;
    for (;;) {
      if (s.charCodeAt(this.i) !== 34) this.fail('expected a key');
      const keyAt = this.i;
      const decoded = this.string();
      const start = this.plainStart;
      const end = this.plainEnd;
      if (previousEnd >= 0) {
        const order =
          decoded === null && previous === null
            ? compareRanges(s, previousStart, previousEnd, start, end)
            : compareStrings(previous ?? s.slice(previousStart, previousEnd), decoded ?? s.slice(start, end));
        if (order >= 0) {
          this.i = keyAt;
          const key = JSON.stringify(decoded ?? s.slice(start, end));
          this.fail(order === 0 ? `duplicate key ${key}` : `key ${key} out of order`);
        }
      }
      previous = decoded;
      previousStart = start;
      previousEnd = end;
      if (s.charCodeAt(this.i) !== 58) this.fail('expected :');
      this.i++;
      const name = depth === 1 ? this.pickedName(decoded, start, end) : undefined;
      const value = this.value(depth, name !== undefined);
      if (name !== undefined) this.picked.set(name, value);
      const next = s.charCodeAt(this.i++);
      if (next === 125) return;
      if (next !== 44) {
        this.i--;
        this.fail('expected , or }');
      }
    }
  }

  // The picked name a top-level key stands for, if any (`decoded` null: a plain key in place).
  private pickedName(decoded: string | null, start: number, end: number): string | undefined {
    if (decoded !== null) return this.pick.has(decoded) ? decoded : undefined;
    const candidates = this.pickByLength[end - start];
    if (candidates === undefined) return undefined;
    for (const name of candidates) if (this.text.startsWith(name, start)) return name;
    return undefined;
  }

  // Reads an array.
  private array(depth: number): void {
    const s = this.text;
    this.i++;
    if (s.charCodeAt(this.i) === 93) {
      this.i++;
      return;
    }
    for (;;) {
      this.value(depth, false);
      const next = s.charCodeAt(this.i++);
      if (next === 93) return;
      if (next !== 44) {
        this.i--;
        this.fail('expected , or ]');
      }
    }
  }
}

/**
 * Checks that `text` is canonical JSON and returns the top-level members named in `pick`
 * (only when the text is an object). Never throws.
 */
export function scanCanonical(text: string, pick: ReadonlySet<string> = NOTHING): CanonicalScan {
  const scanner = new CanonicalScanner(pick);
  const problem = scanner.check(text);
  if (problem !== null) return { ok: false, ...problem };
  const picked = new Map<string, PickedValue>();
  for (const [name, value] of scanner.picked) if (value !== undefined) picked.set(name, value);
  return { ok: true, picked };
}
