// The consistency proof a host sends its witness (SPEC §15), built from the audit database:
// the Merkle frontier stored with the checkpoint at the old size, and the leaf hashes of the
// entries added since. Only the new entries are hashed, so a proof costs what a checkpoint does.
// Invariants:
//   1. The old tree is a stored checkpoint's tree; without one at that size there is no proof.
//   2. Any subtree the frontier does not hold is hashed from the stored leaf hashes, so the
//      proof is RFC 6962's whatever the sizes (../../crypto/consistency.ts).
import type BetterSqlite3 from 'better-sqlite3';
import { consistencyProof, splitPoint } from '../../crypto/consistency.js';
import { HASH_SIZE, nodeHash } from '../../crypto/merkle.js';

// The perfect subtrees of a tree of m leaves, largest first, by "lo:hi", from its frontier.
function frontierNodes(m: number, packed: Buffer): Map<string, Buffer> {
  const nodes = new Map<string, Buffer>();
  let lo = 0;
  let at = 0;
  for (let bit = 2 ** 52; bit >= 1; bit /= 2) {
    if (Math.floor(m / bit) % 2 === 0) continue;
    nodes.set(`${lo}:${lo + bit}`, packed.subarray(at, at + HASH_SIZE));
    lo += bit;
    at += HASH_SIZE;
  }
  return nodes;
}

/** The proof from the stored checkpoint of size `m` to the first `n` entries; null without that checkpoint. */
export function proofFromLog(db: BetterSqlite3.Database, m: number, n: number): Buffer[] | null {
  if (m === 0 || m === n) return [];
  const row = db.prepare('SELECT frontier FROM checkpoints WHERE size = ?').get(m) as { frontier: Buffer } | undefined;
  if (row === undefined) return null;
  const known = frontierNodes(m, row.frontier);
  const leafAt = db.prepare('SELECT hash FROM entries WHERE seq = ?').pluck();
  const fresh = db.prepare('SELECT hash FROM entries WHERE seq >= ? AND seq < ? ORDER BY seq').pluck().all(m, n) as Buffer[];
  if (fresh.length !== n - m) throw new Error(`the audit log has fewer than ${n} entries`);
  const mth = (lo: number, hi: number): Buffer => {
    const stored = known.get(`${lo}:${hi}`);
    if (stored !== undefined) return stored;
    if (hi - lo === 1) return lo >= m ? (fresh[lo - m] as Buffer) : (leafAt.get(lo) as Buffer);
    const k = splitPoint(hi - lo);
    return nodeHash(mth(lo, lo + k), mth(lo + k, hi));
  };
  return consistencyProof(m, n, mth);
}
