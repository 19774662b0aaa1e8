// The Merkle tree `audit verify` needs only when a checkpoint must be checked. Until then leaf
// hashes are only collected (a copy of 32 bytes each); the frontier is built on first use and
// kept up to date afterwards. A log without checkpoints costs no interior-node hashing.
import { Frontier, HASH_SIZE } from '../crypto/merkle.js';

/** Leaf hashes in order, with the RFC 6962 root of the first `size` available on demand. */
export class LazyTree {
  private frontier: Frontier | null;
  private hashes: Buffer | null;
  private count = 0;

  /** `eager` builds the frontier from the start (checkpoints are known to come). */
  constructor(eager: boolean) {
    this.frontier = eager ? Frontier.empty() : null;
    this.hashes = eager ? null : Buffer.allocUnsafe(HASH_SIZE * 4096);
  }

  /** Adds the next leaf hash. */
  push(hash: Buffer): void {
    if (this.frontier !== null) {
      this.frontier.push(hash);
    } else {
      let hashes = this.hashes as Buffer;
      if (hashes.length < (this.count + 1) * HASH_SIZE) {
        const grown = Buffer.allocUnsafe(hashes.length * 2);
        hashes.copy(grown);
        hashes = this.hashes = grown;
      }
      hash.copy(hashes, this.count * HASH_SIZE);
    }
    this.count++;
  }

  /** The root of every leaf pushed so far. */
  root(): Buffer {
    if (this.frontier === null) {
      const frontier = Frontier.empty();
      const hashes = this.hashes as Buffer;
      for (let i = 0; i < this.count; i++) frontier.push(hashes.subarray(i * HASH_SIZE, (i + 1) * HASH_SIZE));
      this.frontier = frontier;
      this.hashes = null;
    }
    return this.frontier.root();
  }
}
