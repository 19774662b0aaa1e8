// `audit verify` as a pure function over stored rows (SPEC §8). It recomputes every hash,
// re-checks every leaf's canonical form, follows the chain, rebuilds the Merkle tree and
// checks every checkpoint; it stops at the first problem and names its seq and code.
// Invariants:
//   1. Per entry, in this order: row seq = position (SEQ_GAP); stored hash = SHA-256(0x00 ||
//      exact stored bytes) (HASH_MISMATCH); bytes are UTF-8 and canonical JSON with a valid
//      envelope (NONCANONICAL); log id (WRONG_LOG); leaf seq = position (SEQ_GAP); prev =
//      hash of the entry before (PREV_MISMATCH).
//   2. Every checkpoint (table, chain entry, --trusted) is checked at its size: origin
//      (WRONG_LOG), signature under --key when given (BAD_CHECKPOINT_SIG), root = recomputed
//      RFC 6962 root (CHECKPOINT_MISMATCH); a tree larger than the log is BEHIND_TRUSTED for
//      --trusted and CHECKPOINT_MISMATCH otherwise.
//   3. Nothing is skipped for speed: ./jcs-check.ts proves canonical form exactly.
import type { KeyObject } from 'node:crypto';
import { isUtf8 } from 'node:buffer';
import { leafHash } from '../crypto/merkle.js';
import { isSignedBy } from '../crypto/note.js';
import { CanonicalScanner, type PickedValue } from '../crypto/jcs-check.js';
import { checkpointOrigin, parseCheckpoint } from './checkpoint-note.js';
import { checkEnvelope, GENESIS_PREV } from './envelope.js';
import { LazyTree } from './lazy-tree.js';
import { VerifyFailure, type VerifyReport } from './verify-report.js';

export type { VerifyCode, VerifyReport } from './verify-report.js';

/** One stored row: seq, the leaf's exact bytes, the stored hash. */
export type StoredRow = [seq: number, leaf: Buffer, hash: Buffer];

export interface VerifyOptions {
  /** The log id recorded in the database, or null to take entry 0's. */
  logId: string | null;
  /** Notes from the checkpoints table, with the size each is stored under. */
  checkpoints: { size: number; note: string }[];
  /** The public key checkpoints must be signed with; null skips signature checks. */
  key: { key: KeyObject; raw: Buffer } | null;
  /** A checkpoint note the log must still contain (catches truncation and rollback). */
  trusted: string | null;
  /** Called every `progressEvery` entries with the count verified so far. */
  onProgress?: (entries: number) => void;
  progressEvery?: number;
}

const PICK: ReadonlySet<string> = new Set(['v', 'log', 'seq', 'prev', 'ts', 'type', 'note']);

// A checkpoint waiting for the tree to reach its size.
interface PendingNote {
  size: number;
  note: string;
  trusted: boolean;
}

// Walks the log once, carrying the chain and the Merkle tree (./lazy-tree.ts).
class ChainVerifier {
  private position = 0;
  private prevHex = GENESIS_PREV;
  private logId: string | null;
  private readonly tree: LazyTree;
  private readonly pending: PendingNote[];
  private next = 0;
  private readonly checked = new Set<string>();
  private lastGoodSize = 0;
  private readonly scanner = new CanonicalScanner(PICK);

  constructor(private readonly options: VerifyOptions) {
    this.logId = options.logId;
    this.pending = options.checkpoints.map((c) => ({ ...c, trusted: false }));
    if (options.trusted !== null) this.pending.push({ size: this.trustedSize(options.trusted), note: options.trusted, trusted: true });
    this.pending.sort((a, b) => a.size - b.size);
    this.tree = new LazyTree(this.pending.length > 0);
  }

  // Distinct checkpoints verified so far.
  get checkpoints(): number {
    return this.checked.size;
  }

  // Size claimed by the trusted note (its problems are reported when it is checked).
  private trustedSize(note: string): number {
    try {
      return parseCheckpoint(note).size;
    } catch {
      return 0;
    }
  }

  // Checks one stored row at the current position.
  entry(row: StoredRow): void {
    const [seq, leaf, hash] = row;
    const at = this.position;
    this.notesUpTo(at);
    if (seq !== at) throw new VerifyFailure('SEQ_GAP', at, `entry ${at} is missing (next stored seq is ${seq})`);
    const computed = Buffer.isBuffer(leaf) ? leafHash(leaf) : null;
    if (computed === null || !Buffer.isBuffer(hash) || !computed.equals(hash)) {
      throw new VerifyFailure('HASH_MISMATCH', at, `entry ${at}: stored hash does not match its leaf`);
    }
    if (!isUtf8(leaf)) throw new VerifyFailure('NONCANONICAL', at, `entry ${at}: leaf is not valid UTF-8`);
    const problem = this.scanner.check(leaf.toString('utf8'));
    if (problem !== null) throw new VerifyFailure('NONCANONICAL', at, `entry ${at}: leaf is not canonical JSON (${problem.reason} at offset ${problem.offset})`);
    const envelope = checkEnvelope(this.scanner.picked, this.prevHex);
    if (typeof envelope === 'string') throw new VerifyFailure('NONCANONICAL', at, `entry ${at}: ${envelope}`);
    this.logId ??= envelope.log;
    if (envelope.log !== this.logId) throw new VerifyFailure('WRONG_LOG', at, `entry ${at} belongs to log ${envelope.log}, not ${this.logId}`);
    if (envelope.seq !== at) throw new VerifyFailure('SEQ_GAP', at, `entry ${at} holds the leaf of seq ${envelope.seq} (rows out of order)`);
    if (envelope.prev !== this.prevHex) {
      throw new VerifyFailure('PREV_MISMATCH', at, `entry ${at} does not link to entry ${at - 1} (prev mismatch): one of them was altered`);
    }
    if (envelope.type === 'checkpoint') this.checkpointEntry(this.scanner.picked.get('note'), at);
    this.tree.push(computed);
    this.prevHex = computed.toString('hex');
    this.position = at + 1;
    if (this.options.onProgress && this.position % (this.options.progressEvery ?? 65_536) === 0) this.options.onProgress(this.position);
  }

  // A `checkpoint` entry must carry a valid note for exactly the entries before it.
  private checkpointEntry(note: PickedValue | undefined, at: number): void {
    if (typeof note !== 'string') throw new VerifyFailure('CHECKPOINT_MISMATCH', this.lastGoodSize, `checkpoint entry ${at} has no note`);
    this.checkNote({ size: at, note, trusted: false });
  }

  // Checks every pending note whose tree size is `size` (the frontier holds `size` leaves).
  private notesUpTo(size: number): void {
    for (; this.next < this.pending.length && (this.pending[this.next] as PendingNote).size <= size; this.next++) {
      this.checkNote(this.pending[this.next] as PendingNote);
    }
  }

  // Origin, signature and root of one note against the tree of `pending.size` entries.
  private checkNote(pending: PendingNote): void {
    const at = pending.size;
    const id = `${at}\n${pending.note}`;
    if (this.checked.has(id) && !pending.trusted) return;
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
    if (this.position < at) {
      const code = pending.trusted ? 'BEHIND_TRUSTED' : 'CHECKPOINT_MISMATCH';
      throw new VerifyFailure(code, this.position, `the log has ${this.position} entries but checkpoint ${at} covers ${at}: entries from ${this.position} on are gone`);
    }
    if (!this.tree.root().equals(checkpoint.root)) {
      throw new VerifyFailure('CHECKPOINT_MISMATCH', this.lastGoodSize, `entries ${this.lastGoodSize}..${at - 1} differ from the tree signed at size ${at}`);
    }
    if (!pending.trusted) this.checked.add(id);
    this.lastGoodSize = Math.max(this.lastGoodSize, at);
  }

  // After the last row: notes for the final size, then notes beyond the end of the log.
  finish(): void {
    this.notesUpTo(Number.MAX_SAFE_INTEGER);
  }

  // Entries verified so far.
  get entries(): number {
    return this.position;
  }
}

/** Verifies rows given in seq order; never throws for anything found in the rows. */
export function verifyRows(rows: Iterable<StoredRow>, options: VerifyOptions): VerifyReport {
  const verifier = new ChainVerifier(options);
  try {
    for (const row of rows) verifier.entry(row);
    verifier.finish();
  } catch (error) {
    if (!(error instanceof VerifyFailure)) throw error;
    return { ok: false, entries: verifier.entries, checkpoints: verifier.checkpoints, first_bad_seq: error.seq, code: error.code, message: error.message };
  }
  return { ok: true, entries: verifier.entries, checkpoints: verifier.checkpoints, first_bad_seq: null, code: null, message: null };
}
