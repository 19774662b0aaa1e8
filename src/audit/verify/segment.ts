// Verifying the log in independent segments (several threads at once) and joining the
// results in order. A segment runs every per-entry check of ./verify-chain.ts except the ones
// that need what came before it: the first entry's prev, and checkpoints. The join supplies
// those, position by position, in the order a single walk would meet them.
// Invariants:
//   1. Segments are joined strictly in order, each starting where the last ended; the join
//      checks the first entry's prev against the last hash of the segment before.
//   2. At every position the join first checks the checkpoints of that size, then reports the
//      segment's failure there if it has one, then the prev link (first entry only), then a
//      checkpoint entry: so the first bad seq and code are those of a single walk.
//   3. A segment that meets rows it cannot read as batches stops there (`irregular`); the
//      caller reads the rest row by row, exactly as the single walk does.
//   4. With `keep`, a segment also returns the leaves of its batches that passed whole, for
//      the joiner's caller to show a visitor (./visit.ts) once the join has passed them, or
//      their reduction (`reduced`, ./worker.ts) in their place.
import type { PickedValue } from '../../crypto/jcs-check.js';
import { HASH_SIZE } from '../../crypto/merkle.js';
import { GENESIS_PREV } from '../envelope.js';
import type { LeafBatch } from '../read-batch.js';
import { ChainVerifier, prevMismatch, type Progress, type WalkSink } from './chain.js';
import type { NoteChecker } from './notes.js';
import { VerifyFailure, type VerifyCode } from './report.js';
import type { LeafRun } from './visit.js';

/** What one segment found; plain data, so it can cross threads. */
export interface SegmentResult {
  from: number;
  /** Entries from `from` on that passed every check a segment makes. */
  verified: number;
  /** The first problem, at from + verified, or null. */
  failure: { code: VerifyCode; seq: number; message: string } | null;
  /** Rows from + verified on could not be read as batches (and no failure came before). */
  irregular: boolean;
  /** The first entry's prev (unchecked) and the last entry's hash, as hex. */
  firstPrev: string | null;
  lastHex: string | null;
  /** Checkpoint entries met: position and the value of their `note` member. */
  checkpointEntries: [number, PickedValue | undefined][];
  /** The leaf hashes of the verified entries, 32 bytes each. */
  hashes: Uint8Array;
  /** With `keep`: the leaves of the batches that passed whole, in order; else null. */
  runs: LeafRun[] | null;
  /** Those leaves reduced where they were verified (then `runs` is null); see ChunkReducer. */
  reduced?: unknown;
}

// The sink of a segment: records checkpoint entries and leaf hashes for the join.
class SegmentRecorder implements WalkSink {
  readonly checkpointEntries: [number, PickedValue | undefined][] = [];
  hashes: Buffer;
  private count = 0;

  constructor(
    private readonly logId: string,
    private readonly from: number,
    capacity: number,
  ) {
    this.hashes = Buffer.alloc(capacity * HASH_SIZE);
  }

  get leafCount(): number {
    return this.from + this.count;
  }

  adoptLogId(): string {
    return this.logId;
  }

  before(): void {}

  checkpointEntry(note: PickedValue | undefined, at: number): void {
    this.checkpointEntries.push([at, note]);
  }

  leaves(hashes: Buffer, start: number, end: number): void {
    hashes.copy(this.hashes, this.count * HASH_SIZE, start * HASH_SIZE, end * HASH_SIZE);
    this.count += end - start;
  }
}

/** Reads rows from..to-1 as a batch, or null. */
export type BatchRead = (from: number, to: number) => LeafBatch | null;

/** Verifies entries from..to-1 of a log whose id is `logId`, as one segment. */
export function verifySegment(read: BatchRead, logId: string, from: number, to: number, batchRows: number, keep = false): SegmentResult {
  const recorder = new SegmentRecorder(logId, from, to - from);
  const verifier = new ChainVerifier(recorder, {}, { position: from, prevHex: null });
  let failure: SegmentResult['failure'] = null;
  let irregular = false;
  let batch: LeafBatch | null = null;
  const runs: LeafRun[] | null = keep ? [] : null;
  try {
    for (let at = from; at < to; at += batchRows) {
      batch = read(at, Math.min(at + batchRows, to));
      if (batch === null) {
        irregular = true;
        break;
      }
      verifier.batch(batch);
      runs?.push({ from: batch.from, count: batch.count, leaves: batch.leaves, offsets: batch.offsets });
    }
  } catch (error) {
    if (!(error instanceof VerifyFailure) || batch === null) throw error;
    failure = { code: error.code, seq: error.seq, message: error.message };
    // The entries of the failing batch before the failure passed; their leaves count.
    recorder.leaves(batch.hashes, recorder.leafCount - batch.from, verifier.entries - batch.from);
  }
  const verified = verifier.entries - from;
  const { checkpointEntries } = recorder;
  const hashes = recorder.hashes.subarray(0, verified * HASH_SIZE);
  return { from, verified, failure, irregular, firstPrev: verifier.firstPrev, lastHex: verified > 0 ? verifier.lastHex : null, checkpointEntries, hashes, runs };
}

/** Joins segment results in order into one walk, checking checkpoints as it goes. */
export class SegmentJoiner {
  private position = 0;
  private prevHex = GENESIS_PREV;
  private readonly progressEvery: number;

  constructor(
    private readonly notes: NoteChecker,
    private readonly progress: Progress = {},
  ) {
    this.progressEvery = progress.onProgress ? (progress.progressEvery ?? 65_536) : Number.MAX_SAFE_INTEGER;
  }

  /** Entries joined so far. */
  get entries(): number {
    return this.position;
  }

  /** Where a row-by-row walk must take over: the position and the hash before it. */
  get start(): { position: number; prevHex: string } {
    return { position: this.position, prevHex: this.prevHex };
  }

  /** Joins the next segment; throws its VerifyFailure, or returns false when it was irregular. */
  join(result: SegmentResult): boolean {
    const { from, verified, checkpointEntries: marks } = result;
    if (from !== this.position) throw new Error(`internal: segment from ${from} joined at ${this.position}`);
    const hashes = Buffer.from(result.hashes.buffer, result.hashes.byteOffset, result.hashes.byteLength);
    const notes = this.notes;
    const sync = (upTo: number) => notes.leaves(hashes, notes.leafCount - from, upTo - from);
    let mark = 0;
    for (let at = from; at < from + verified; at++) {
      notes.before(at, sync);
      if (at === from && result.firstPrev !== this.prevHex) throw prevMismatch(at);
      if (mark < marks.length && (marks[mark] as [number, unknown])[0] === at) notes.checkpointEntry((marks[mark++] as [number, PickedValue | undefined])[1], at, sync);
      this.position = at + 1;
      if (this.position % this.progressEvery === 0) this.progress.onProgress?.(this.position);
    }
    sync(from + verified);
    if (verified > 0) this.prevHex = result.lastHex as string;
    if (result.failure !== null) {
      notes.before(this.position, sync);
      throw new VerifyFailure(result.failure.code, result.failure.seq, result.failure.message);
    }
    return !result.irregular;
  }
}
