// The single-bit-flip sweep of bitflip.test.ts, verified the way `audit verify` reads the log:
// in packed batches (of 3 rows, so flips land at every place in a batch). Every flip must be
// reported with the right code and seq, in exactly the words of the row-by-row walk.
import { describe, expect, it } from 'vitest';
import { openAuditReader } from '../../src/audit/read.js';
import { verifyLog, verifyRows, type StoredRow, type VerifyOptions } from '../../src/audit/verify/verify.js';
import { attacker } from './helpers.js';
import { sweepBitFlips } from './bit-flips.js';
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
    let flips = 0;
    const missed: string[] = [];
    // Records a flip whose report is not the expected one, or not the row-by-row one.
    const check = (what: string, code: string, seq: number) => {
      const report = verify();
      flips++;
      if (report.ok || report.code !== code || report.first_bad_seq !== seq) missed.push(`${what}: ${JSON.stringify(report)}`);
      else if (JSON.stringify(report) !== JSON.stringify(verifyRows(reader.rows(), options))) missed.push(`${what}: differs from row by row`);
    };
    sweepBitFlips(db, original, check);
    reader.close();
    db.close();
    expect(missed).toEqual([]);
    expect(flips).toBeGreaterThan(20_000);
  }, 300_000); // CPU-bound: past 120 s under a load of 50 on 2 cores
});
