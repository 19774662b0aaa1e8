// Many OS processes appending at once produce one linear chain with every entry exactly once;
// processes SIGKILLed mid-append leave no partial entry and no torn transaction.
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/audit/log.js';
import { newLogPath, verifyFile } from './helpers.js';
import { buildWorker, startWorker } from './worker.js';

let script: string;
beforeAll(async () => {
  script = await buildWorker();
});

// Request ids of all exec_start and exec_end entries, in log order.
function pairs(path: string): { starts: string[]; ends: string[]; adjacent: boolean } {
  const db = new Database(path, { readonly: true });
  const leaves = (db.prepare('SELECT leaf FROM entries ORDER BY seq').pluck().all() as string[]).map((l) => JSON.parse(l) as Record<string, string>);
  db.close();
  const starts = leaves.filter((l) => l.type === 'exec_start').map((l) => l.request_id as string);
  const ends = leaves.filter((l) => l.type === 'exec_end').map((l) => l.request_id as string);
  // Every transaction wrote its two entries next to each other.
  const adjacent = leaves.every((l, i) => (i % 2 === 0 ? l.type === 'exec_start' && leaves[i + 1]?.request_id === l.request_id : l.type === 'exec_end'));
  return { starts, ends, adjacent };
}

describe('concurrent appends', () => {
  it('16 processes × 25 transactions: exact count, each once, chain intact', async () => {
    const path = newLogPath();
    openAuditLog(path, { redact: [], privileged: false }).close();
    const workers = Array.from({ length: 16 }, (_, id) => startWorker(script, path, id, 25));
    const codes = await Promise.all(workers.map((w) => w.exited));
    expect(codes).toEqual(Array(16).fill(0));
    const { starts, ends, adjacent } = pairs(path);
    expect(starts).toHaveLength(400);
    expect(new Set(starts).size).toBe(400);
    expect(new Set(ends)).toEqual(new Set(starts));
    for (let id = 0; id < 16; id++) for (let i = 0; i < 25; i++) expect(starts).toContain(`w${id}-${i}`);
    expect(adjacent).toBe(true);
    expect(verifyFile(path)).toMatchObject({ ok: true, entries: 800 });
  }, 120_000);

  it('16 processes creating the same new database at once agree on one log', async () => {
    const path = newLogPath();
    const workers = Array.from({ length: 16 }, (_, id) => startWorker(script, path, id, 2));
    expect(await Promise.all(workers.map((w) => w.exited))).toEqual(Array(16).fill(0));
    expect(verifyFile(path)).toMatchObject({ ok: true, entries: 64 });
  }, 120_000);
});

describe('crashes', () => {
  it('SIGKILL in the middle of appends, repeatedly: verify passes, no partial entries', async () => {
    const path = newLogPath();
    openAuditLog(path, { redact: [], privileged: false }).close();
    let previous = 0;
    for (let round = 0; round < 6; round++) {
      const workers = Array.from({ length: 6 }, (_, id) => startWorker(script, path, round * 10 + id, 0));
      await Promise.all(workers.map((w) => w.ready));
      // Kill each at its own moment while all are appending in a loop.
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) =>
              setTimeout(() => {
                w.child.kill('SIGKILL');
                resolve();
              }, 40 + Math.random() * 160),
            ),
        ),
      );
      await Promise.all(workers.map((w) => w.exited));
      const db = new Database(path, { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
      const report = verifyFile(path);
      expect(report).toMatchObject({ ok: true });
      const { starts, ends, adjacent } = pairs(path);
      expect(starts).toEqual(ends);
      expect(adjacent).toBe(true);
      expect(report.entries).toBeGreaterThan(previous);
      previous = report.entries;
    }
  }, 180_000);
});
