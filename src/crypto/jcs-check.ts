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
import { MAX_DEPTH } from './jcs.js';
import { NotCanonical, readCanonicalString } from './jcs-string.js';

/** A picked top-level member: scalars decoded, containers as their canonical text. */
export type PickedValue = string | number | boolean | null | { json: string };

export type CanonicalScan = { ok: true; picked: Map<string, PickedValue> } | { ok: false; offset: number; reason: string };

const NOTHING: ReadonlySet<string> = new Set();

/**
 * A reusable checker. `check()` resets it, so one instance can check millions of texts
 * without allocating per text beyond the picked values.
 */
export class CanonicalScanner {
  private i = 0;
  private text = '';
  /** Members picked by the last successful check; valid until the next check. */
  readonly picked = new Map<string, PickedValue>();

  constructor(private readonly pick: ReadonlySet<string> = NOTHING) {}

  /** Null when `text` is canonical JSON, else where and why it is not. Never throws. */
  check(text: string): { offset: number; reason: string } | null {
    this.text = text;
    this.i = 0;
    this.picked.clear();
    try {
      if (text.length === 0) this.fail('empty text');
      this.value(0);
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

  // Reads one canonical string starting at `"`; returns its decoded value.
  private string(): string {
    const { value, end } = readCanonicalString(this.text, this.i);
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

  // Reads one value; `depth` counts the containers around it.
  private value(depth: number): PickedValue {
    const s = this.text;
    const c = s.charCodeAt(this.i);
    if (c === 34) return this.string();
    if (c === 123 || c === 91) {
      if (depth >= MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
      const start = this.i;
      if (c === 123) this.object(depth + 1);
      else this.array(depth + 1);
      return { json: s.slice(start, this.i) };
    }
    if (c === 45 || (c >= 48 && c <= 57)) return this.integer();
    for (const [word, value] of LITERALS) {
      if (s.startsWith(word, this.i)) {
        this.i += word.length;
        return value;
      }
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
    let previous: string | null = null;
    for (;;) {
      if (s.charCodeAt(this.i) !== 34) this.fail('expected a key');
      const keyAt = this.i;
      const key = this.string();
      if (previous !== null && !(previous < key)) {
        this.i = keyAt;
        this.fail(previous === key ? `duplicate key ${JSON.stringify(key)}` : `key ${JSON.stringify(key)} out of order`);
      }
      previous = key;
      if (s.charCodeAt(this.i) !== 58) this.fail('expected :');
      this.i++;
      const value = this.value(depth);
      if (depth === 1 && this.pick.has(key)) this.picked.set(key, value);
      const next = s.charCodeAt(this.i++);
      if (next === 125) return;
      if (next !== 44) {
        this.i--;
        this.fail('expected , or }');
      }
    }
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
      this.value(depth);
      const next = s.charCodeAt(this.i++);
      if (next === 93) return;
      if (next !== 44) {
        this.i--;
        this.fail('expected , or ]');
      }
    }
  }
}

const LITERALS: [string, PickedValue][] = [
  ['null', null],
  ['true', true],
  ['false', false],
];

/**
 * Checks that `text` is canonical JSON and returns the top-level members named in `pick`
 * (only when the text is an object). Never throws.
 */
export function scanCanonical(text: string, pick: ReadonlySet<string> = NOTHING): CanonicalScan {
  const scanner = new CanonicalScanner(pick);
  const problem = scanner.check(text);
  return problem === null ? { ok: true, picked: new Map(scanner.picked) } : { ok: false, ...problem };
}
