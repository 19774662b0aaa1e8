// RFC 6962 §2.1.2 Merkle consistency proofs (RFC 9162 §2.1.4): building one from any source of
// subtree hashes, and checking one against two roots.
// Invariants:
//   1. A proof is built exactly as RFC 6962's SUBPROOF; its nodes are asked for by leaf range,
//      so the caller decides where each hash comes from (stored frontier, leaf hashes).
//   2. Verification follows RFC 9162 §2.1.4.2 step by step and fails on anything else: a
//      proof too long or too short, sizes out of order, or a root that does not come out.
import { nodeHash } from './merkle.js';

/** Most hashes a proof between two trees of fewer than 2^63 leaves can hold (C2SP tlog-witness). */
export const MAX_PROOF_HASHES = 63;

/** The RFC 6962 MTH of leaves [lo, hi). */
export type SubtreeHash = (lo: number, hi: number) => Buffer;

/** The largest power of two strictly below n (n >= 2): where RFC 6962 splits a tree. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

// RFC 6962 SUBPROOF(m, D[lo:hi], b), into `out`.
function subproof(m: number, lo: number, hi: number, complete: boolean, mth: SubtreeHash, out: Buffer[]): void {
  if (m === hi) {
    if (!complete) out.push(mth(lo, hi));
    return;
  }
  const k = splitPoint(hi - lo);
  if (m - lo <= k) {
    subproof(m, lo, lo + k, complete, mth, out);
    out.push(mth(lo + k, hi));
  } else {
    subproof(m, lo + k, hi, false, mth, out);
    out.push(mth(lo, lo + k));
  }
}

/** The consistency proof from the tree of `m` leaves to the tree of `n` (empty when m is 0 or n). */
export function consistencyProof(m: number, n: number, mth: SubtreeHash): Buffer[] {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m < 0 || m > n) throw new RangeError(`no consistency proof from ${m} to ${n}`);
  const out: Buffer[] = [];
  if (m > 0 && m < n) subproof(m, 0, n, true, mth, out);
  return out;
}

// Whether n is a power of two (n >= 1), without 32-bit operators.
function isPowerOfTwo(n: number): boolean {
  let k = 1;
  while (k < n) k *= 2;
  return k === n;
}

/**
 * Whether `proof` shows the tree of `m` leaves with root `oldRoot` is a prefix of the tree of
 * `n` leaves with root `newRoot` (RFC 9162 §2.1.4.2). Sizes must be safe integers, 0 < m < n.
 */
export function verifyConsistency(m: number, n: number, oldRoot: Buffer, newRoot: Buffer, proof: readonly Buffer[]): boolean {
  if (!Number.isSafeInteger(m) || !Number.isSafeInteger(n) || m <= 0 || m >= n) return false;
  if (proof.length === 0 || proof.length > MAX_PROOF_HASHES) return false;
  const path = isPowerOfTwo(m) ? [oldRoot, ...proof] : [...proof];
  // BigInt: sizes may exceed 2^31, where JavaScript's bit operators stop working.
  let fn = BigInt(m - 1);
  let sn = BigInt(n - 1);
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0] as Buffer;
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  return sn === 0n && fr.equals(oldRoot) && sr.equals(newRoot);
}
