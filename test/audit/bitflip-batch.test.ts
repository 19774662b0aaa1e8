// The single-bit-flip sweep of bitflip.test.ts, verified the way `audit verify` reads the log:
// in packed batches (of 3 rows, so flips land at every place in a batch). Every flip must be
// reported with the right code and seq, in exactly the words of the row-by-row walk.
import { describe, expect, it } from 'vitest';
import { openAuditReader } from '../../src/audit/read.js';
import { verifyLog, verifyRows, type StoredRow, type VerifyOptions } from '../../src/audit/verify.js';
import { attacker } from './helpers.js';
import { buildLog } from './fixtures.js';

describe('single-bit flips, read in batches', () => {
  it('are all detected with the right code and seq, as row by row', () => {
    const built = buildLog(2, true);
    const db = attacker(built.path);
    db.pragma('synchronous = OFF');
    const reader = openAuditReader(built.path);
    const options: VerifyOptions = { logId: reader.logId, checkpoints: reader.checkpoints(), key: null, trusted: null };
    const verify = () => verifyLog(reader, options, 3);
    expect(verify().ok).toBe(true);
    const original = [...reader.rows()] as StoredRow[];
    const setLeaf = db.prepare('UPDATE entries SET leaf = CAST(? AS TEXT) WHERE seq = ?');
    const setHash = db.prepare('UPDATE entries SET hash = ? WHERE seq = ?');
    const setSeq = db.prepare('UPDATE entries SET seq = ? WHERE seq = ?');
    let flips = 0;
    const missed: string[] = [];
    // Records a flip whose report is not the expected one, or not the row-by-row one.
    const check = (what: string, code: string, seq: number) => {
      const report = verify();
      flips++;
      if (report.ok || report.code !== code || report.first_bad_seq !== seq) missed.push(`${what}: ${JSON.stringify(report)}`);
      else if (JSON.stringify(report) !== JSON.stringify(verifyRows(reader.rows(), options))) missed.push(`${what}: differs from row by row`);
    };
    for (const [seq, leaf, hash] of original) {
      for (let bit = 0; bit < leaf.length * 8; bit++) {
        const flipped = Buffer.from(leaf);
        flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7));
        setLeaf.run(flipped, seq);
        check(`leaf ${seq} bit ${bit}`, 'HASH_MISMATCH', seq);
      }
      setLeaf.run(leaf, seq);
      for (let bit = 0; bit < hash.length * 8; bit++) {
        const flipped = Buffer.from(hash);
        flipped[bit >> 3] = (flipped[bit >> 3] as number) ^ (1 << (bit & 7));
        setHash.run(flipped, seq);
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
    reader.close();
    db.close();
    expect(missed).toEqual([]);
    expect(flips).toBeGreaterThan(20_000);
  }, 120_000);
});
