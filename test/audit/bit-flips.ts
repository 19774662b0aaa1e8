// The single-bit-flip sweep shared by the row-by-row and batched tamper tests: flips every bit
// of every stored leaf and hash, and the low 31 bits of every seq, restoring each before the
// next, and asks `check` about each flip with the code and seq verify must report.
import type Database from 'better-sqlite3';
import type { StoredRow } from '../../src/audit/verify/verify.js';

export type FlipCheck = (what: string, code: string, seq: number) => void;

// One bit flipped in a copy of `bytes`.
function flipped(bytes: Uint8Array, bit: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
  return copy;
}

/** Runs the sweep over `original` (the untouched rows) through the attacker's handle `db`. */
export function sweepBitFlips(db: Database.Database, original: StoredRow[], check: FlipCheck): void {
  const setLeaf = db.prepare('UPDATE entries SET leaf = CAST(? AS TEXT) WHERE seq = ?');
  const setHash = db.prepare('UPDATE entries SET hash = ? WHERE seq = ?');
  const setSeq = db.prepare('UPDATE entries SET seq = ? WHERE seq = ?');
  for (const [seq, leaf, hash] of original) {
    for (let bit = 0; bit < leaf.length * 8; bit++) {
      setLeaf.run(flipped(leaf, bit), seq);
      check(`leaf ${seq} bit ${bit}`, 'HASH_MISMATCH', seq);
    }
    setLeaf.run(leaf, seq);
    for (let bit = 0; bit < hash.length * 8; bit++) {
      setHash.run(flipped(hash, bit), seq);
      check(`hash ${seq} bit ${bit}`, 'HASH_MISMATCH', seq);
    }
    setHash.run(hash, seq);
    for (let bit = 0; bit < 31; bit++) {
      const moved = seq ^ (1 << bit);
      if (original.some(([s]) => s === moved)) continue;
      setSeq.run(moved, seq);
      check(`seq ${seq} bit ${bit}`, 'SEQ_GAP', seq);
      setSeq.run(seq, moved);
    }
  }
}
