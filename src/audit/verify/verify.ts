// `audit verify` as a pure function over stored rows (SPEC §8). It recomputes every hash,
// re-checks every leaf's canonical form, follows the chain, rebuilds the Merkle tree and
// checks every checkpoint; it stops at the first problem and names its seq and code.
// Invariants:
//   1. The checks, their order and the reported seq and code are those of ./verify-chain.ts
//      and ./verify-notes.ts, whichever way the rows are read.
//   2. verifyLog reads rows in packed batches while they are regular (./read-batch.ts) and row
//      by row from the first batch that is not, so every row is read exactly once, in order.
//   3. Only VerifyFailure becomes a failed report; any other error (unreadable database,
//      broken invariant) propagates, and the caller reports that it could not verify.
//   4. ./verify-parallel.ts spreads the same checks over worker threads for long logs.
//   5. options.visit hears of each entry once, in seq order, after the walk's checks of it
//      passed (./visit.ts); the visits stop where the verification does. With options.reduce,
//      each batch is reduced and merged here instead of visited.
import type { LeafBatch } from '../read-batch.js';
import { ChainVerifier, type StoredRow } from './chain.js';
import { NoteChecker, type VerifyOptions } from './notes.js';
import { reportOf, type VerifyReport } from './report.js';

export type { VerifyCode, VerifyReport } from './report.js';
export type { StoredRow } from './chain.js';
export type { VerifyOptions } from './notes.js';
export type { ChunkReducer, EntryVisitor } from './visit.js';

/** Rows per batch: about 1.5 MB of leaves for typical entries. */
export const BATCH_ROWS = 4096;

/** What verifyLog reads (an AuditReader, ./read.ts). */
export interface VerifySource {
  /** max(seq) + 1, or 0 for an empty table (the rows themselves are checked). */
  size(): number;
  /** Rows from..to-1 as one batch, or null when they must be read one by one. */
  batch(from: number, to: number, first: boolean, last: boolean): LeafBatch | null;
  /** Rows with seq >= fromSeq in seq order; without fromSeq, every row. */
  rows(fromSeq?: number): Iterable<StoredRow>;
}

// Runs `walk` over a fresh verifier, then the checkpoints beyond the last entry.
function report(options: VerifyOptions, walk: (verifier: ChainVerifier) => void): VerifyReport {
  const notes = new NoteChecker(options);
  const verifier = new ChainVerifier(notes, options);
  const walkAll = () => {
    walk(verifier);
    notes.finish(verifier.entries);
  };
  return reportOf(walkAll, () => ({ entries: verifier.entries, checkpoints: notes.checked }));
}

/** Verifies rows given in seq order; never throws for anything found in the rows. */
export function verifyRows(rows: Iterable<StoredRow>, options: VerifyOptions): VerifyReport {
  return report(options, (verifier) => {
    for (const row of rows) verifier.entry(row);
  });
}

/** Verifies a whole log, in batches where it can; never throws for anything found in it. */
export function verifyLog(source: VerifySource, options: VerifyOptions, batchRows: number = BATCH_ROWS): VerifyReport {
  return report(options, (verifier) => {
    const size = source.size();
    let from = 0;
    while (from < size) {
      const to = Math.min(from + batchRows, size);
      const batch = source.batch(from, to, from === 0, to === size);
      if (batch === null) break;
      verifier.batch(batch);
      if (options.reduce !== undefined) options.reduce.merge(options.reduce.reduce([batch], options.reduce.data));
      else options.visit?.batch(batch, batch.count);
      from = to;
    }
    // Every row below `from` came in a batch (the first one had no lower bound).
    if (from === 0 || from < size) {
      for (const row of source.rows(from === 0 ? undefined : from)) {
        verifier.entry(row);
        options.visit?.row(row[0], row[1]);
      }
    }
  });
}
