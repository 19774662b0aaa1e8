// The walk `audit verify` makes over the log (SPEC §8): one position at a time, carrying the
// chain, stopping at the first problem with its seq and code. Rows come one by one (entry) or
// as packed runs (batch, ./read-batch.ts); both apply the same checks. Checkpoints and leaf
// hashes go to a sink: ./verify-notes.ts checks them at once, ./verify-segment.ts records
// them for a later replay in order.
// Invariants:
//   1. Per entry, in this order: row seq = position (SEQ_GAP); stored hash = SHA-256(0x00 ||
//      exact stored bytes) (HASH_MISMATCH); bytes are UTF-8 and canonical JSON with a valid
//      envelope (NONCANONICAL); log id (WRONG_LOG); leaf seq = position (SEQ_GAP); prev =
//      hash of the entry before (PREV_MISMATCH); then a checkpoint entry's note (the sink).
//   2. The sink hears of the entry at position p before its checks (checkpoints of size <= p
//      come first) and gets its leaf hash only after them.
//   3. Nothing is skipped for speed: ../crypto/jcs-check.ts proves canonical form exactly, and
//      a batch hashes each leaf's exact bytes, as stored.
//   4. A walk started with an unknown prev (a segment) records the first entry's prev instead
//      of checking it; whoever joins the segments must check it (./verify-segment.ts).
import { isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';
import { CanonicalScanner, type PickedValue } from '../../crypto/jcs-check.js';
import { leafHash } from '../../crypto/merkle.js';
import { checkEnvelope, GENESIS_PREV } from '../envelope.js';
import type { LeafBatch } from '../read-batch.js';
import type { TreeSync } from './notes.js';
import { VerifyFailure } from './report.js';

/** One stored row: seq, the leaf's exact bytes, the stored hash. */
export type StoredRow = [seq: number, leaf: Buffer, hash: Buffer];

const PICK: ReadonlySet<string> = new Set(['v', 'log', 'seq', 'prev', 'ts', 'type', 'note']);

/** Where the walk reports what the checkpoint checks need. */
export interface WalkSink {
  /** The log id entries must carry, given the first entry's (when none is recorded). */
  adoptLogId(log: string): string;
  /** The entry at `at` is next (`at` entries are verified): checkpoints of size <= at. */
  before(at: number, sync?: TreeSync): void;
  /** The entry at `at` is a checkpoint entry carrying `note`. */
  checkpointEntry(note: PickedValue | undefined, at: number, sync?: TreeSync): void;
  /** Leaf hashes of verified entries: the 32-byte hashes[start..end). */
  leaves(hashes: Buffer, start: number, end: number): void;
  /** Leaves received so far, counted from entry 0. */
  readonly leafCount: number;
}

/** Progress reporting: `onProgress` every `every` entries. */
export interface Progress {
  onProgress?: (entries: number) => void;
  progressEvery?: number;
}

/** Walks the log once; entry() and batch() throw VerifyFailure at the first problem. */
export class ChainVerifier {
  private position: number;
  private prevHex: string | null;
  /** The prev of the first entry, when the walk started with an unknown prev. */
  firstPrev: string | null = null;
  private readonly scanner = new CanonicalScanner(PICK);
  private readonly progressEvery: number;
  private nextProgress: number;

  constructor(
    private readonly sink: WalkSink,
    private readonly progress: Progress = {},
    start: { position: number; prevHex: string | null } = { position: 0, prevHex: GENESIS_PREV },
  ) {
    this.position = start.position;
    this.prevHex = start.prevHex;
    this.progressEvery = progress.onProgress ? (progress.progressEvery ?? 65_536) : Number.MAX_SAFE_INTEGER;
    this.nextProgress = (Math.floor(this.position / this.progressEvery) + 1) * this.progressEvery;
  }

  /** Entries verified so far (the position of the next one). */
  get entries(): number {
    return this.position;
  }

  /** The hash of the last verified entry, as hex (null before the first in a segment). */
  get lastHex(): string | null {
    return this.prevHex;
  }

  /** Checks one stored row at the current position. */
  entry(row: StoredRow): void {
    const [seq, leaf, stored] = row;
    const at = this.position;
    this.sink.before(at);
    if (seq !== at) throw new VerifyFailure('SEQ_GAP', at, `entry ${at} is missing (next stored seq is ${seq})`);
    const computed = Buffer.isBuffer(leaf) ? leafHash(leaf) : null;
    if (computed === null || !Buffer.isBuffer(stored) || !computed.equals(stored)) {
      throw new VerifyFailure('HASH_MISMATCH', at, `entry ${at}: stored hash does not match its leaf`);
    }
    if (!isUtf8(leaf)) throw new VerifyFailure('NONCANONICAL', at, `entry ${at}: leaf is not valid UTF-8`);
    this.leaf(at, leaf.toString('utf8'), computed.toString('hex'));
    this.sink.leaves(computed, 0, 1);
    this.advance(at);
  }

  /** Checks a batch of rows that starts at the current position. */
  batch(batch: LeafBatch): void {
    const { leaves, offsets, hashes } = batch;
    const storedHex = hashes.toString('hex');
    const allUtf8 = isUtf8(leaves);
    const sink = this.sink;
    // Leaves reach the sink late, only when a checkpoint needs them (leafCount trails `at`).
    const sync = (upTo: number) => sink.leaves(hashes, sink.leafCount - batch.from, upTo - batch.from);
    for (let i = 0; i < batch.count; i++) {
      const at = this.position;
      sink.before(at, sync);
      const start = offsets[i] as number;
      const end = offsets[i + 1] as number;
      // The view starts at the zero byte before the leaf: exactly 0x00 || leaf.
      const computed = hash('sha256', new Uint8Array(leaves.buffer, leaves.byteOffset + start, end - start), 'hex');
      if (!storedHex.startsWith(computed, 64 * i)) throw new VerifyFailure('HASH_MISMATCH', at, `entry ${at}: stored hash does not match its leaf`);
      if (!allUtf8 && !isUtf8(leaves.subarray(start + 1, end))) throw new VerifyFailure('NONCANONICAL', at, `entry ${at}: leaf is not valid UTF-8`);
      this.leaf(at, leaves.toString('utf8', start + 1, end), computed, sync);
      this.advance(at);
    }
    sync(batch.from + batch.count);
  }

  // The checks on a leaf whose bytes match its hash and are UTF-8.
  private leaf(at: number, text: string, computedHex: string, sync?: TreeSync): void {
    const problem = this.scanner.check(text);
    if (problem !== null) throw new VerifyFailure('NONCANONICAL', at, `entry ${at}: leaf is not canonical JSON (${problem.reason} at offset ${problem.offset})`);
    const picked = this.scanner.picked;
    // checkEnvelope only calls get(), for which an absent name and one mapped to undefined agree.
    const envelope = checkEnvelope(picked as ReadonlyMap<string, PickedValue>, this.prevHex ?? '');
    if (typeof envelope === 'string') throw new VerifyFailure('NONCANONICAL', at, `entry ${at}: ${envelope}`);
    const logId = this.sink.adoptLogId(envelope.log);
    if (envelope.log !== logId) throw new VerifyFailure('WRONG_LOG', at, `entry ${at} belongs to log ${envelope.log}, not ${logId}`);
    if (envelope.seq !== at) throw new VerifyFailure('SEQ_GAP', at, `entry ${at} holds the leaf of seq ${envelope.seq} (rows out of order)`);
    if (this.prevHex === null) {
      this.firstPrev = envelope.prev;
    } else if (envelope.prev !== this.prevHex) {
      throw prevMismatch(at);
    }
    if (envelope.type === 'checkpoint') this.sink.checkpointEntry(picked.get('note'), at, sync);
    this.prevHex = computedHex;
  }

  // Moves past the entry at `at`, reporting progress.
  private advance(at: number): void {
    this.position = at + 1;
    if (this.position === this.nextProgress) {
      this.nextProgress += this.progressEvery;
      this.progress.onProgress?.(this.position);
    }
  }
}

/** The failure of an entry whose prev is not the hash of the entry before it. */
export function prevMismatch(at: number): VerifyFailure {
  return new VerifyFailure('PREV_MISMATCH', at, `entry ${at} does not link to entry ${at - 1} (prev mismatch): one of them was altered`);
}
