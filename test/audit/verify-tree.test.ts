// The verifier's Merkle tree (src/audit/verify/tree.ts) must give the RFC 6962 root that the
// signer's frontier (src/crypto/merkle.ts) gives, at every size, however leaves arrive.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { VerifyTree } from '../../src/audit/verify/tree.js';
import { EMPTY_ROOT, Frontier, leafHash } from '../../src/crypto/merkle.js';

// `n` distinct leaf hashes, packed.
function leaves(n: number): Buffer {
  return Buffer.concat(Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`leaf ${i}`))));
}

describe('VerifyTree', () => {
  it('has the empty root before any leaf', () => {
    expect(new VerifyTree(false).root()).toEqual(EMPTY_ROOT);
    expect(new VerifyTree(true).root()).toEqual(EMPTY_ROOT);
  });

  it.each([false, true])('matches the frontier at every size up to 300, leaves in runs (eager %s)', (eager) => {
    const all = leaves(300);
    const tree = new VerifyTree(eager);
    const frontier = Frontier.empty();
    let size = 0;
    for (let run = 1; size < 300; run = (run * 7) % 11 + 1) {
      const end = Math.min(300, size + run);
      tree.append(all, size, end);
      for (; size < end; size++) frontier.push(all.subarray(32 * size, 32 * size + 32));
      expect(tree.size).toBe(size);
      expect(tree.root()).toEqual(frontier.root());
    }
  });

  it('matches a root computed from the RFC 6962 definition', () => {
    // MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k the largest power of two < n.
    const mth = (hashes: Buffer[]): Buffer => {
      if (hashes.length === 1) return hashes[0] as Buffer;
      let k = 1;
      while (k * 2 < hashes.length) k *= 2;
      return createHash('sha256').update(Buffer.from([1])).update(mth(hashes.slice(0, k))).update(mth(hashes.slice(k))).digest();
    };
    const all = leaves(70_000);
    const tree = new VerifyTree(true);
    // Runs of 10,000: the eager tree folds as it goes, every 32,768 leaves.
    for (let at = 0; at < 70_000; at += 10_000) tree.append(all, at, at + 10_000);
    const list = Array.from({ length: 70_000 }, (_, i) => all.subarray(32 * i, 32 * i + 32));
    expect(tree.root()).toEqual(mth(list));
  });
});
