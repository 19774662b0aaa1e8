// RFC 6962 consistency proofs (src/crypto/consistency.ts): every proof between trees of up to
// 48 leaves verifies, and every altered proof, root or size does not.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consistencyProof, MAX_PROOF_HASHES, verifyConsistency } from '../../src/crypto/consistency.js';
import { Frontier, leafHash } from '../../src/crypto/merkle.js';

const leaves = Array.from({ length: 48 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));

const memo = new Map<string, Buffer>();
// RFC 6962 MTH, written out plainly as the reference.
function mth(lo: number, hi: number): Buffer {
  if (hi - lo === 1) return leaves[lo] as Buffer;
  const known = memo.get(`${lo}:${hi}`);
  if (known !== undefined) return known;
  let k = 1;
  while (k * 2 < hi - lo) k *= 2;
  const node = createHash('sha256').update(Buffer.from([1])).update(mth(lo, lo + k)).update(mth(lo + k, hi)).digest();
  memo.set(`${lo}:${hi}`, node);
  return node;
}

// The roots of the first n leaves through the production frontier.
const roots = Array.from({ length: 49 }, (_, n) => {
  const f = Frontier.empty();
  for (const leaf of leaves.slice(0, n)) f.push(leaf);
  return f.root();
});
const root = (n: number): Buffer => roots[n] as Buffer;

describe('consistency proofs', () => {
  it('verify for every 0 < m < n <= 48, and fail when anything is changed', () => {
    for (let n = 2; n <= 48; n++) {
      for (let m = 1; m < n; m++) {
        const proof = consistencyProof(m, n, mth);
        expect(root(n).equals(mth(0, n))).toBe(true);
        expect(verifyConsistency(m, n, root(m), root(n), proof), `${m} → ${n}`).toBe(true);
        expect(verifyConsistency(m, n, root(m === 1 ? 2 : m - 1), root(n), proof)).toBe(false);
        expect(verifyConsistency(m, n, root(m), root(n - 1), proof)).toBe(false);
        if (m + 1 < n) expect(verifyConsistency(m + 1, n, root(m), root(n), proof)).toBe(false);
        expect(verifyConsistency(m, n, root(m), root(n), [...proof, leaves[0] as Buffer])).toBe(false);
        expect(verifyConsistency(m, n, root(m), root(n), proof.slice(0, -1))).toBe(false);
        for (let i = 0; i < proof.length; i++) {
          const bent = proof.map((h, j) => (j === i ? Buffer.from(h.map((b, k) => (k === 5 ? b ^ 4 : b))) : h));
          expect(verifyConsistency(m, n, root(m), root(n), bent)).toBe(false);
        }
      }
    }
  });

  it('is empty from 0 and between equal sizes, and refuses sizes out of order', () => {
    expect(consistencyProof(0, 9, mth)).toEqual([]);
    expect(consistencyProof(9, 9, mth)).toEqual([]);
    expect(() => consistencyProof(5, 4, mth)).toThrow(RangeError);
    expect(verifyConsistency(0, 4, root(0), root(4), [])).toBe(false);
    expect(verifyConsistency(4, 4, root(4), root(4), [])).toBe(false);
    expect(verifyConsistency(5, 4, root(5), root(4), [leaves[0] as Buffer])).toBe(false);
    expect(verifyConsistency(1, 2, root(1), root(2), Array.from({ length: MAX_PROOF_HASHES + 1 }, () => leaves[1] as Buffer))).toBe(false);
  });

  it('handles sizes beyond 2^32 without 32-bit arithmetic', () => {
    // Trees too large to build: perfect subtrees of 1024 leaves or more on either side of the
    // old size stand as opaque hashes, the rest is hashed as RFC 6962 says (a subtree across
    // the old size is one the verifier rebuilds, so it must be hashed from its halves).
    let m = 0;
    const big = (lo: number, hi: number): Buffer => {
      const size = hi - lo;
      if (size === 1) return leafHash(Buffer.from(`leaf ${lo}`));
      if (size >= 1024 && Number.isInteger(Math.log2(size)) && (hi <= m || lo >= m)) return createHash('sha256').update(`${lo}:${hi}`).digest();
      let k = 1;
      while (k * 2 < size) k *= 2;
      return createHash('sha256').update(Buffer.from([1])).update(big(lo, lo + k)).update(big(lo + k, hi)).digest();
    };
    for (const [old, n] of [[2 ** 33, 2 ** 33 + 3], [2 ** 32 + 7, 2 ** 33 + 1], [2 ** 40 - 1, 2 ** 40 + 5], [2 ** 50 + 3, 2 ** 51 - 1]] as [number, number][]) {
      m = old;
      const proof = consistencyProof(m, n, big);
      expect(proof.length).toBeLessThanOrEqual(MAX_PROOF_HASHES);
      expect(verifyConsistency(m, n, big(0, m), big(0, n), proof), `${m} → ${n}`).toBe(true);
      expect(verifyConsistency(m, n, big(0, m - 1), big(0, n), proof)).toBe(false);
      expect(verifyConsistency(m, n, big(0, m), big(0, n - 1), proof)).toBe(false);
    }
  });
});
