// The RFC 6962 Merkle tree `audit verify` rebuilds to check checkpoints. Leaf hashes are taken
// in bulk and folded into a frontier (the roots of the perfect subtrees, largest first) only
// when a root is needed, or every 32,768 leaves once checkpoints are known to come; a log
// without checkpoints costs no interior-node hashing.
// Invariants:
//   1. root() equals RFC 6962 MTH over every leaf hash appended (../crypto/merkle.ts computes
//      the same; test/audit/verify-tree.test.ts compares the two).
//   2. Interior nodes are SHA-256(0x01 || left || right); they are held as 32-character latin1
//      strings, one per byte, only because Node returns those far faster than buffers.
import { hash } from 'node:crypto';
import { EMPTY_ROOT, HASH_SIZE } from '../../crypto/merkle.js';

const FOLD_EVERY = 32_768;

/** Leaf hashes in order, with the root of all of them on demand. */
export class VerifyTree {
  private readonly nodes: string[] = [];
  private folded = 0;
  private pending: Buffer = Buffer.allocUnsafe(HASH_SIZE * 4096);
  private pendingCount = 0;
  private readonly scratch = Buffer.alloc(1 + 2 * HASH_SIZE, 1);

  /** `eager` folds as it goes (checkpoints will need roots), bounding memory. */
  constructor(private readonly eager: boolean) {}

  /** Number of leaves appended. */
  get size(): number {
    return this.folded + this.pendingCount;
  }

  /** Appends the 32-byte leaf hashes at hashes[start*32 .. end*32). */
  append(hashes: Buffer, start: number, end: number): void {
    const bytes = (end - start) * HASH_SIZE;
    if (this.pending.length < (this.pendingCount * HASH_SIZE) + bytes) {
      const grown = Buffer.allocUnsafe(Math.max(2 * this.pending.length, this.pendingCount * HASH_SIZE + bytes));
      this.pending.copy(grown, 0, 0, this.pendingCount * HASH_SIZE);
      this.pending = grown;
    }
    hashes.copy(this.pending, this.pendingCount * HASH_SIZE, start * HASH_SIZE, end * HASH_SIZE);
    this.pendingCount += end - start;
    if (this.eager && this.pendingCount >= FOLD_EVERY) this.fold();
  }

  /** RFC 6962 MTH of every leaf appended so far. */
  root(): Buffer {
    this.fold();
    const last = this.nodes.length - 1;
    if (last < 0) return EMPTY_ROOT;
    let root = this.nodes[last] as string;
    for (let i = last - 1; i >= 0; i--) root = this.node(this.nodes[i] as string, root);
    return Buffer.from(root, 'latin1');
  }

  // Folds the pending leaves into the frontier, like a binary counter.
  private fold(): void {
    for (let i = 0; i < this.pendingCount; i++) {
      let node = this.pending.toString('latin1', i * HASH_SIZE, (i + 1) * HASH_SIZE);
      // Each trailing 1 bit of the size is a subtree of equal size to merge with.
      for (let size = this.folded; size % 2 === 1; size = Math.floor(size / 2)) node = this.node(this.nodes.pop() as string, node);
      this.nodes.push(node);
      this.folded++;
    }
    this.pendingCount = 0;
  }

  // SHA-256(0x01 || left || right), nodes as latin1 strings.
  private node(left: string, right: string): string {
    this.scratch.write(left, 1, 'latin1');
    this.scratch.write(right, 1 + HASH_SIZE, 'latin1');
    return hash('sha256', this.scratch, 'binary');
  }
}
