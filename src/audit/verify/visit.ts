// Letting a caller see the log's entries during `audit verify`'s own pass, so a command that
// needs both the verdict and the entries (`audit report`) reads and copies each entry once.
// A caller that only needs a summary of the entries can have each chunk reduced where it was
// verified (a worker thread), so that only the summaries reach the main thread.
// Invariants:
//   1. A visitor hears of each entry at most once, in seq order, and only after the walk's
//      per-entry checks (./chain.ts) passed for it: the entries it heard of are always a
//      prefix of the log, which stops at or before the first failure.
//   2. Visiting never changes the verdict: the verifier calls the visitor after its checks,
//      and an error the visitor throws propagates as an error, never as a failed report.
//   3. With a reducer, batches reach the visitor as reductions instead: merge() hears of the
//      reduction of each run of batches, on the main thread, under the same rules as 1 and 2;
//      rows read one by one still reach visitor.row(). A reduction is never part of a verdict.
import type { LeafBatch } from '../read-batch.js';

/** The leaves of a batch (./read-batch.ts), without the stored hashes. */
export type LeafRun = Pick<LeafBatch, 'from' | 'count' | 'leaves' | 'offsets'>;

/** Hears of verified entries, in seq order. */
export interface EntryVisitor {
  /** The first `count` entries of `run` (from run.from on) passed. */
  batch(run: LeafRun, count: number): void;
  /** The entry `seq`, with the leaf's exact stored bytes, passed. */
  row(seq: number, leaf: Buffer): void;
}

/** A batch as a worker posted it (a Uint8Array after the copy), made a Buffer again. */
export function asLeafRun(run: Omit<LeafRun, 'leaves'> & { leaves: Uint8Array }): LeafRun {
  const { leaves } = run;
  return Buffer.isBuffer(leaves) ? (run as LeafRun) : { ...run, leaves: Buffer.from(leaves.buffer, leaves.byteOffset, leaves.byteLength) };
}

/** Reduces verified leaves (the batches of one chunk, in seq order) to plain data. */
export type ChunkReduce<R = unknown> = (runs: LeafRun[], data: unknown) => R;

/**
 * Reduces the log's batches where they were verified. Worker threads cannot be handed a
 * function, so `moduleUrl` names their script: loaded in a worker whose workerData.kind is
 * `kind`, it must call runVerifyWorker(workerData, reduce) with this very `reduce`.
 */
export interface ChunkReducer<R = unknown> {
  readonly moduleUrl: string;
  readonly kind: string;
  /** What `reduce` needs besides the leaves; plain data, cloned to each worker. */
  readonly data: unknown;
  readonly reduce: ChunkReduce<R>;
  /** Hears of each reduction on the main thread, in seq order, once its entries passed. */
  merge(reduced: R): void;
}
