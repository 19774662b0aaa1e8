// A sweep of single-bit flips over a real database: every bit of every stored leaf and hash,
// and the low bits of every seq. None may go undetected, and each is reported at its seq.
import { describe, expect, it } from 'vitest';
import { verifyRows } from '../../src/audit/verify/verify.js';
import type { StoredRow } from '../../src/audit/verify/verify.js';
import { attacker } from './helpers.js';
import { sweepBitFlips } from './bit-flips.js';
import { buildLog } from './fixtures.js';

describe('single-bit flips', () => {
  it('are all detected with the right code and seq', () => {
    // Two runs with checkpoints: request, decision, exec_start, exec_end and checkpoint leaves.
    const built = buildLog(2, true);
    const db = attacker(built.path);
    db.pragma('synchronous = OFF');
    const logId = (db.prepare("SELECT value FROM meta WHERE key = 'log_id'").get() as { value: string }).value;
    const checkpoints = db.prepare('SELECT size, note FROM checkpoints ORDER BY size').all() as { size: number; note: string }[];
    const read = db.prepare('SELECT seq, CAST(leaf AS BLOB), hash FROM entries ORDER BY seq').raw();
    const verify = () => verifyRows(read.all() as StoredRow[], { logId, checkpoints, key: null, trusted: null });
    expect(verify().ok).toBe(true);
    const original = read.all() as StoredRow[];
    let flips = 0;
    const missed: string[] = [];
    // Records a flip whose report is not the expected one.
    const check = (what: string, code: string, seq: number) => {
      const report = verify();
      flips++;
      if (report.ok || report.code !== code || report.first_bad_seq !== seq) missed.push(`${what}: ${JSON.stringify(report)}`);
    };
    sweepBitFlips(db, original, check);
    db.close();
    expect(missed).toEqual([]);
    expect(flips).toBeGreaterThan(20_000);
  }, 300_000); // CPU-bound: past 120 s under a load of 50 on 2 cores
});
