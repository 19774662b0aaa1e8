// RFC 6962 §2.1 Merkle tree hashing, kept as a compact frontier: the roots of the perfect
// subtrees that make up a tree of `size` leaves (one per set bit of size, largest first).
// Appending a leaf is amortised O(1) hashes and the root is O(log n), so a checkpoint after
// every command stays cheap however long the log grows.
// Invariants:
//   1. leafHash(d) = SHA-256(0x00 || d); nodeHash(l, r) = SHA-256(0x01 || l || r).
//   2. root() equals RFC 6962 MTH over all leaves appended so far (SHA-256("") when empty).
import { createHash, hash } from 'node:crypto';

const NODE_PREFIX = Buffer.from([1]);
export const HASH_SIZE = 32;

// Reused input buffer for leafHash: `audit verify` hashes millions of leaves, and one
// allocation per leaf showed up as garbage-collection time.
let scratch = Buffer.alloc(4096);

/** SHA-256(0x00 || data): the RFC 6962 leaf hash, also the hash of an audit entry. */
export function leafHash(data: Buffer): Buffer {
  if (scratch.length < data.length + 1) scratch = Buffer.alloc(2 * (data.length + 1));
  scratch[0] = 0;
  data.copy(scratch, 1);
  return hash('sha256', scratch.subarray(0, data.length + 1), 'buffer');
}

/** SHA-256(0x01 || left || right): an RFC 6962 interior node. */
export function nodeHash(left: Buffer, right: Buffer): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** The root of the empty tree, SHA-256 of nothing. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** A Merkle tree reduced to what is needed to extend it and compute its root. */
export class Frontier {
  private constructor(
    private leaves: number,
    private readonly nodes: Buffer[],
  ) {}

  /** An empty tree. */
  static empty(): Frontier {
    return new Frontier(0, []);
  }

  /** Rebuilds a frontier from `serialize()` output; throws if it does not fit `size`. */
  static restore(size: number, packed: Buffer): Frontier {
    const nodes: Buffer[] = [];
    for (let at = 0; at < packed.length; at += HASH_SIZE) nodes.push(Buffer.from(packed.subarray(at, at + HASH_SIZE)));
    if (packed.length % HASH_SIZE !== 0 || nodes.length !== popCount(size)) {
      throw new Error(`stored Merkle frontier does not fit a tree of ${size} leaves`);
    }
    return new Frontier(size, nodes);
  }

  // Number of leaves in the tree.
  get size(): number {
    return this.leaves;
  }

  /** Appends one leaf given by its leaf hash. */
  push(leaf: Buffer): void {
    let node = leaf;
    let size = this.leaves;
    // Like binary increment: each trailing 1 bit is a subtree of equal size to merge with.
    while (size % 2 === 1) {
      node = nodeHash(this.nodes.pop() as Buffer, node);
      size = Math.floor(size / 2);
    }
    this.nodes.push(node);
    this.leaves++;
  }

  /** RFC 6962 MTH of the leaves so far. */
  root(): Buffer {
    const last = this.nodes.length - 1;
    if (last < 0) return EMPTY_ROOT;
    let root = this.nodes[last] as Buffer;
    for (let i = last - 1; i >= 0; i--) root = nodeHash(this.nodes[i] as Buffer, root);
    return root;
  }

  /** The frontier as bytes (its nodes, largest subtree first), for storage beside a checkpoint. */
  serialize(): Buffer {
    return Buffer.concat(this.nodes);
  }
}

// Number of set bits of a non-negative safe integer.
function popCount(n: number): number {
  let count = 0;
  for (let v = n; v > 0; v = Math.floor(v / 2)) count += v % 2;
  return count;
}
