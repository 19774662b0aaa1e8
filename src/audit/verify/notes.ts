// Checkpoint checks for `audit verify` (SPEC §8): every note from the checkpoints table, every
// `checkpoint` entry of the chain and the --trusted note, each at its own tree size.
// Invariants:
//   1. A note is checked for origin (WRONG_LOG), signature under --key when given
//      (BAD_CHECKPOINT_SIG), claimed size, then root = recomputed RFC 6962 root of the first
//      `size` entries (CHECKPOINT_MISMATCH).
//   2. A tree larger than the log is BEHIND_TRUSTED for --trusted, CHECKPOINT_MISMATCH
//      otherwise; the same note at the same size is checked once (the --trusted one always).
import type { KeyObject } from 'node:crypto';
import type { PickedValue } from '../../crypto/jcs-check.js';
import { isSignedBy } from '../../crypto/note.js';
import { checkpointOrigin, parseCheckpoint } from '../checkpoint-note.js';
import type { Progress, WalkSink } from './chain.js';
import type { ChunkReducer, EntryVisitor } from './visit.js';
import { VerifyFailure } from './report.js';
import { VerifyTree } from './tree.js';
import { count } from '../../count.js';

export interface VerifyOptions extends Progress {
  /** The log id recorded in the database, or null to take entry 0's. */
  logId: string | null;
  /** Notes from the checkpoints table, with the size each is stored under. */
  checkpoints: { size: number; note: string }[];
  /** The public key checkpoints must be signed with; null skips signature checks. */
  key: { key: KeyObject; raw: Buffer } | null;
  /** A checkpoint note the log must still contain (catches truncation and rollback). */
  trusted: string | null;
  /** Hears of the entries as they pass, for a caller that reads the log only once. */
  visit?: EntryVisitor;
  /** Reduces the batches where they are verified; `visit` then hears only of rows. */
  reduce?: ChunkReducer;
}

// A checkpoint waiting for the tree to reach its size.
interface PendingNote {
  size: number;
  note: string;
  trusted: boolean;
}

/** Brings the tree up to `size` leaves before a root is taken (batches add leaves late). */
export type TreeSync = (size: number) => void;

/** The checkpoints of one verification, checked in size order as the walk reaches them. */
export class NoteChecker implements WalkSink {
  /** The leaves verified so far (a batch may add its leaves late, through a TreeSync). */
  private readonly tree: VerifyTree;
  private logId: string | null;
  private readonly pending: PendingNote[];
  private next = 0;
  private readonly done = new Set<string>();
  private lastGoodSize = 0;

  constructor(private readonly options: VerifyOptions) {
    this.logId = options.logId;
    this.pending = options.checkpoints.map((c) => ({ ...c, trusted: false }));
    if (options.trusted !== null) this.pending.push({ size: trustedSize(options.trusted), note: options.trusted, trusted: true });
    this.pending.sort((a, b) => a.size - b.size);
    this.tree = new VerifyTree(this.pending.length > 0);
  }

  /** Distinct checkpoints verified so far. */
  get checked(): number {
    return this.done.size;
  }

  /** The log id every entry must carry: the recorded one, else the first entry's. */
  adoptLogId(log: string): string {
    this.logId ??= log;
    return this.logId;
  }

  /** Leaves received so far. */
  get leafCount(): number {
    return this.tree.size;
  }

  /** Adds verified leaf hashes to the tree. */
  leaves(hashes: Buffer, start: number, end: number): void {
    this.tree.append(hashes, start, end);
  }

  /** Before the entry at `at`: the checkpoints of size <= at. */
  before(at: number, sync?: TreeSync): void {
    this.upTo(at, at, sync);
  }

  /** After the last of `position` entries: the rest, those beyond the end failing. */
  finish(position: number): void {
    this.upTo(Number.MAX_SAFE_INTEGER, position);
  }

  /** Checks every pending note of size <= `size`, with `position` entries verified. */
  upTo(size: number, position: number, sync?: TreeSync): void {
    for (; this.next < this.pending.length && (this.pending[this.next] as PendingNote).size <= size; this.next++) {
      this.check(this.pending[this.next] as PendingNote, position, sync);
    }
  }

  /** A `checkpoint` entry at `at` must carry a valid note for exactly the entries before it. */
  checkpointEntry(note: PickedValue | undefined, at: number, sync?: TreeSync): void {
    if (typeof note !== 'string') throw new VerifyFailure('CHECKPOINT_MISMATCH', this.lastGoodSize, `checkpoint entry ${at} has no note`);
    this.check({ size: at, note, trusted: false }, at, sync);
  }

  // Origin, signature and root of one note against the tree of `pending.size` entries.
  private check(pending: PendingNote, position: number, sync?: TreeSync): void {
    const at = pending.size;
    const id = `${at}\n${pending.note}`;
    if (this.done.has(id) && !pending.trusted) return;
    let checkpoint;
    try {
      checkpoint = parseCheckpoint(pending.note);
    } catch (error) {
      throw new VerifyFailure('BAD_CHECKPOINT_SIG', at, `checkpoint at size ${at} is malformed: ${(error as Error).message}`);
    }
    const origin = this.logId === null ? checkpoint.origin : checkpointOrigin(this.logId);
    if (checkpoint.origin !== origin) {
      throw new VerifyFailure('WRONG_LOG', pending.trusted ? 0 : at, `checkpoint at size ${at} is for ${checkpoint.origin}, not ${origin}`);
    }
    const key = this.options.key;
    if (key !== null && !isSignedBy(checkpoint.note, origin, key.key, key.raw)) {
      throw new VerifyFailure('BAD_CHECKPOINT_SIG', at, `checkpoint at size ${at} has no valid signature by the given key`);
    }
    if (checkpoint.size !== at) {
      throw new VerifyFailure('CHECKPOINT_MISMATCH', this.lastGoodSize, `checkpoint stored at size ${at} claims size ${checkpoint.size}`);
    }
    if (position < at) {
      const code = pending.trusted ? 'BEHIND_TRUSTED' : 'CHECKPOINT_MISMATCH';
      throw new VerifyFailure(code, position, `the log has ${count(position, 'entry', 'entries')} but checkpoint ${at} covers ${at}: entries from ${position} on are gone`);
    }
    sync?.(at);
    if (this.tree.size !== at) throw new Error(`internal: tree holds ${this.tree.size} leaves, checkpoint needs ${at}`);
    if (!this.tree.root().equals(checkpoint.root)) {
      throw new VerifyFailure('CHECKPOINT_MISMATCH', this.lastGoodSize, `entries ${this.lastGoodSize}..${at - 1} differ from the tree signed at size ${at}`);
    }
    if (!pending.trusted) this.done.add(id);
    this.lastGoodSize = Math.max(this.lastGoodSize, at);
  }
}

// Size claimed by the trusted note (its problems are reported when it is checked).
function trustedSize(note: string): number {
  try {
    return parseCheckpoint(note).size;
  } catch {
    return 0;
  }
}
