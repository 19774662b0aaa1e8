// The log's entries parsed, in seq order, for the report: heard of during the verification's
// own pass (../audit/verify/visit.ts), so each leaf is read from the database once; the
// entries past the point where a failed verification stopped are read afterwards. A batch is
// parsed with one JSON.parse instead of one per leaf, which is most of the report's own cost.
// Invariants:
//   1. Every row reaches the sink exactly once, in seq order, whichever way it was read.
//   2. A batch whose leaves do not parse as one array of objects (a tampered log) is parsed
//      leaf by leaf, so one bad leaf is reported as unreadable and the others still count.
import type { AuditReader } from '../audit/read.js';
import type { EntryVisitor, LeafRun } from '../audit/verify/visit.js';
import { BATCH_ROWS } from '../audit/verify/verify.js';

/** Where parsed entries go: each entry's seq and leaf, or the reason it could not be parsed. */
export type EntrySink = (seq: number, entry: Record<string, unknown> | string) => void;

// A leaf parsed as an object, or why not.
function parseOne(text: string): Record<string, unknown> | string {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : 'not a JSON object';
  } catch (error) {
    return (error as Error).message;
  }
}

// The first `count` leaves of a run, parsed as one array where they can be.
function parseRun(run: LeafRun, count: number): unknown[] | null {
  const end = run.offsets[count]!;
  // The 0x00 before each leaf becomes '[' or ',': the leaves read as one JSON array.
  const bytes = Buffer.allocUnsafe(end + 1);
  run.leaves.copy(bytes, 0, 0, end);
  for (let i = 0; i < count; i++) bytes[run.offsets[i]!] = i === 0 ? 0x5b : 0x2c;
  bytes[end] = 0x5d;
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === count && parsed.every((v) => v !== null && typeof v === 'object' && !Array.isArray(v))) return parsed;
  } catch {
    // Parsed leaf by leaf below.
  }
  return null;
}

/** Parses the entries the verifier passes it, then on request the ones it did not reach. */
export class EntryReader implements EntryVisitor {
  /** The seq after the last entry given to the sink. */
  private next = 0;

  constructor(private readonly sink: EntrySink) {}

  /** A batch of leaves, from the verifier or from rest(). */
  batch(run: LeafRun, count: number): void {
    if (count === 0) return;
    const values = parseRun(run, count);
    for (let i = 0; i < count; i++) {
      this.sink(run.from + i, values !== null ? (values[i] as Record<string, unknown>) : parseOne(run.leaves.toString('utf8', run.offsets[i]! + 1, run.offsets[i + 1])));
    }
    this.next = run.from + count;
  }

  /** One leaf, from the verifier's row-by-row walk. */
  row(seq: number, leaf: Buffer): void {
    this.sink(seq, parseOne(leaf.toString('utf8')));
    this.next = seq + 1;
  }

  /** The entries after the last one heard of (all of them when verification stopped early). Call inside the reader's snapshot. */
  rest(reader: AuditReader, batchRows: number = BATCH_ROWS): void {
    const size = reader.size();
    let from = this.next;
    while (from < size) {
      const to = Math.min(from + batchRows, size);
      const batch = reader.batch(from, to, from === 0, to === size);
      if (batch === null) break;
      this.batch(batch, batch.count);
      from = to;
    }
    // Rows the batches did not cover (an irregular table), one by one.
    if (from < size || from === 0) {
      for (const [seq, leaf] of reader.leaves(from)) {
        this.sink(seq, parseOne(leaf));
        this.next = seq + 1;
      }
    }
  }
}
