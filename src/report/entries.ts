// The log's entries parsed, in seq order, for the report: heard of during the verification's
// own pass (../audit/verify/visit.ts), so each leaf is read from the database once; the
// entries past the point where a failed verification stopped are read afterwards. Batches
// are reduced to the report's facts where they were verified (./chunk.ts) and merged here;
// rows read one by one go to the collector as they are. A batch is parsed with one
// JSON.parse instead of one per leaf, which is most of the cost of reading it.
// Invariants:
//   1. Every row reaches the collector exactly once, in seq order, as itself or inside the
//      facts of its chunk, whichever way it was read.
//   2. A batch whose leaves do not parse as one array of objects (a tampered log) is parsed
//      leaf by leaf, so one bad leaf is reported as unreadable and the others still count.
import type { AuditReader } from '../audit/read.js';
import type { ChunkReducer, EntryVisitor, LeafRun } from '../audit/verify/visit.js';
import { BATCH_ROWS } from '../audit/verify/verify.js';
import type { ChunkFacts, Period } from './chunk.js';
import type { Collector } from './collect.js';

/** A leaf parsed as an object, or why not. */
export function parseOne(text: string): Record<string, unknown> | string {
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

/** Where parsed entries go: each entry's seq, the entry or why it could not be parsed, and its stored text. */
export type EntrySink = (seq: number, entry: Record<string, unknown> | string, leaf: () => string) => void;

/** Parses the first `count` leaves of `run` into `sink`, in seq order. */
export function readRun(run: LeafRun, count: number, sink: EntrySink): void {
  if (count === 0) return;
  const values = parseRun(run, count);
  for (let i = 0; i < count; i++) {
    const leaf = () => run.leaves.toString('utf8', run.offsets[i]! + 1, run.offsets[i + 1]);
    sink(run.from + i, values !== null ? (values[i] as Record<string, unknown>) : parseOne(leaf()), leaf);
  }
}

/** The report's side of the verification's pass: rows to the collector, batches reduced and merged. */
export class EntryReader implements EntryVisitor {
  /** The seq after the last entry given to the collector. */
  private next = 0;
  /** Reduces batches where they are verified; its merge() hands the facts to the collector. */
  readonly reducer: ChunkReducer<ChunkFacts>;

  constructor(
    private readonly collector: Collector,
    makeReducer: (merge: (facts: ChunkFacts) => void) => ChunkReducer<ChunkFacts>,
  ) {
    this.reducer = makeReducer((facts) => {
      this.collector.merge(facts);
      if (facts.count > 0) this.next = facts.from + facts.count;
    });
  }

  /** A batch of leaves, reduced and merged here. */
  batch(run: LeafRun, count: number): void {
    if (count === 0) return;
    this.reducer.merge(this.reducer.reduce([{ ...run, count }], this.reducer.data));
  }

  /** One leaf, from the verifier's row-by-row walk. */
  row(seq: number, leaf: Buffer | string): void {
    const entry = parseOne(Buffer.isBuffer(leaf) ? leaf.toString('utf8') : leaf);
    if (typeof entry === 'string') {
      this.collector.unreadable(seq, entry);
    } else {
      this.collector.witnessEntry(seq, entry);
      this.collector.add(seq, entry);
    }
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
      for (const [seq, leaf] of reader.leaves(from)) this.row(seq, leaf);
    }
  }
}

export type { Period };
