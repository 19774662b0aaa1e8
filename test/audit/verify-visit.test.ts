// The verifier's visitor (src/audit/verify/visit.ts), which lets `audit report` read each entry
// once: whoever verifies which chunk, the visitor hears of a prefix of the log, in seq order,
// each entry once with its exact stored bytes, all of an intact log and nothing past a failure;
// and visiting changes no verdict. Then the report through the built CLI on a log long enough
// for workers: every entry counted, also past the first bad one of a tampered copy.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParallelTuning } from '../../src/audit/verify/parallel.js';
import { verifyLog, verifyRows, type EntryVisitor, type VerifyOptions } from '../../src/audit/verify/verify.js';
import { openAuditReader } from '../../src/audit/read.js';
import type { ReportData } from '../../src/report/model.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { attacker, generateEntries, newLogPath, rowsOf } from './helpers.js';
import { cliEnv } from './fixtures.js';
import { loadVerifyBundle, type VerifyBundle } from './verify-bundle.js';
import { buildCases } from './verify-cases.js';

let bundle: VerifyBundle;
beforeAll(async () => {
  bundle = await loadVerifyBundle();
}, 60_000);

// A visitor that records [seq, leaf text] in the order heard.
function recorder(): { visit: EntryVisitor; seen: [number, string][] } {
  const seen: [number, string][] = [];
  return {
    seen,
    visit: {
      batch: (run, count) => {
        for (let i = 0; i < count; i++) seen.push([run.from + i, run.leaves.toString('utf8', run.offsets[i]! + 1, run.offsets[i + 1])]);
      },
      row: (seq, leaf) => void seen.push([seq, leaf.toString('utf8')]),
    },
  };
}

const TUNINGS: [string, ParallelTuning | null][] = [
  ['the main thread alone', null],
  ['one worker does it all', { minEntries: 0, workers: 1, chunkRows: 7, batchRows: 3, mainVerifies: false }],
  ['two workers and the main thread', { minEntries: 0, workers: 2, chunkRows: 5, batchRows: 5 }],
  ['two workers, one-row batches', { minEntries: 0, workers: 2, chunkRows: 4, batchRows: 1, mainVerifies: false }],
];

describe('the visitor hears of a verified prefix, in order, once', () => {
  const cases = buildCases();
  it.each(cases.flatMap((c) => TUNINGS.map(([name, tuning]) => [c.name, name, tuning, c] as const)))('%s (%s)', (_case, _tuning, tuning, c) => {
    const reader = bundle.openAuditReader(c.path);
    try {
      const full: VerifyOptions = { logId: reader.logId, checkpoints: reader.checkpoints(), key: null, trusted: null, ...c.options };
      const plain = verifyRows(reader.rows(), full);
      const { visit, seen } = recorder();
      const visited = reader.snapshot(() => (tuning === null ? verifyLog(reader, { ...full, visit }, 4) : bundle.verifyLogParallel(reader, { ...full, visit }, tuning).report));
      expect(visited).toEqual(plain);
      // A leaf stored as a BLOB is read back as bytes: compared as its text.
      const stored = reader.snapshot(() => [...reader.leaves()].map(([seq, leaf]) => [seq, Buffer.isBuffer(leaf) ? leaf.toString('utf8') : leaf]));
      expect(seen).toEqual(stored.slice(0, seen.length));
      expect(seen.map(([seq]) => seq)).toEqual(seen.map((_, i) => i));
      if (plain.ok) expect(seen).toHaveLength(plain.entries);
      else expect(seen.length).toBeLessThanOrEqual(plain.entries);
    } finally {
      reader.close();
    }
  });

  it('with workers verifying every chunk, the leaves they read reach the main thread', () => {
    const path = newLogPath();
    generateEntries(path, 50);
    const reader = bundle.openAuditReader(path);
    try {
      const { visit, seen } = recorder();
      const { report, workerChunks } = reader.snapshot(() => bundle.verifyLogParallel(reader, { logId: reader.logId, checkpoints: [], key: null, trusted: null, visit }, { minEntries: 0, workers: 1, chunkRows: 10, batchRows: 4, mainVerifies: false }));
      expect(report).toMatchObject({ ok: true, entries: 50 });
      expect(workerChunks).toBe(5);
      const db = attacker(path);
      expect(seen).toEqual(rowsOf(db).map(([seq, leaf]) => [seq, leaf]));
      db.close();
    } finally {
      reader.close();
    }
  });

  it('an error the visitor throws propagates; it never becomes a verdict', () => {
    const path = newLogPath();
    generateEntries(path, 20);
    const reader = openAuditReader(path);
    try {
      const visit: EntryVisitor = { batch: () => { throw new Error('visitor failed'); }, row: () => { throw new Error('visitor failed'); } };
      expect(() => reader.snapshot(() => verifyLog(reader, { logId: reader.logId, checkpoints: [], key: null, trusted: null, visit }))).toThrow('visitor failed');
    } finally {
      reader.close();
    }
  });
});

describe('audit report of a log long enough for workers (built CLI)', () => {
  const SIZE = 140_000;
  let intact: string;
  let tampered: string;
  beforeAll(() => {
    intact = newLogPath();
    generateEntries(intact, SIZE);
    tampered = join(tempDir(), 'tampered.db');
    copyFileSync(intact, tampered);
    const db = attacker(tampered);
    db.prepare("UPDATE entries SET leaf = replace(leaf, 'req_', 'REQ_') WHERE seq = 131075").run();
    db.close();
  }, 120_000);

  it('counts every entry once; a tampered copy is flagged and its later entries still counted', async () => {
    const ok = await runCli(['audit', 'report', '--format', 'json', '--audit-db', intact], { env: cliEnv(), timeoutMs: 120_000 });
    expect(ok.code).toBe(0);
    const data = JSON.parse(ok.stdout) as ReportData;
    expect(data.verification).toMatchObject({ ok: true, intact: true, entries: SIZE });
    expect(data.counts.entries_in_period).toBe(SIZE);
    const bad = await runCli(['audit', 'report', '--format', 'json', '--audit-db', tampered], { env: cliEnv(), timeoutMs: 120_000 });
    expect(bad.code).toBe(1);
    const flagged = JSON.parse(bad.stdout) as ReportData;
    expect(flagged.verification).toMatchObject({ ok: false, intact: false, code: 'HASH_MISMATCH', first_bad_seq: 131_075 });
    expect(flagged.counts.entries_in_period).toBe(SIZE);
  }, 240_000);
});
