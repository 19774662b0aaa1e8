// Verifying on worker threads (src/audit/verify/parallel.ts), run from an ESM bundle with code
// splitting like dist/: every report must be exactly the row-by-row walk's, wherever the chunk
// boundaries fall, whoever verifies which chunk, and whether or not the workers can run.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ParallelTuning } from '../../src/audit/verify/parallel.js';
import { verifyRows, type VerifyOptions, type VerifyReport } from '../../src/audit/verify/verify.js';
import { canonicalize } from '../../src/crypto/jcs.js';
import { runCli } from '../helpers/cli.js';
import { captureContext } from '../helpers/context.js';
import { tempDir } from '../helpers/tmp.js';
import { attacker, generateEntries, leafHashOf, newLogPath, parsedLeaves, rewriteChain, rowsOf } from './helpers.js';
import { buildLog, cliEnv } from './fixtures.js';
import { loadVerifyBundle, type VerifyBundle } from './verify-bundle.js';
import { buildCases } from './verify-cases.js';

const PROBE = fileURLToPath(new URL('./fixtures/worker-probe.mjs', import.meta.url));

let bundle: VerifyBundle;
beforeAll(async () => {
  bundle = await loadVerifyBundle();
}, 60_000);

// The row-by-row report and the parallel one (with how many chunks workers verified).
function bothWays(path: string, options: Partial<VerifyOptions>, tuning: ParallelTuning): { rows: VerifyReport; parallel: VerifyReport; workerChunks: number } {
  const reader = bundle.openAuditReader(path);
  try {
    const full: VerifyOptions = { logId: reader.logId, checkpoints: reader.checkpoints(), key: null, trusted: null, ...options };
    const rows = verifyRows(reader.rows(), full);
    const { report, workerChunks } = reader.snapshot(() => bundle.verifyLogParallel(reader, full, tuning));
    return { rows, parallel: report, workerChunks };
  } finally {
    reader.close();
  }
}

const TUNINGS: [string, ParallelTuning][] = [
  ['one worker does it all', { minEntries: 0, workers: 1, chunkRows: 7, batchRows: 3, mainVerifies: false }],
  ['two workers and the main thread', { minEntries: 0, workers: 2, chunkRows: 5, batchRows: 5 }],
  ['two workers, one-row batches', { minEntries: 0, workers: 2, chunkRows: 4, batchRows: 1, mainVerifies: false }],
];

describe('parallel verification of tampered logs', () => {
  const cases = buildCases();
  it.each(cases.flatMap((c) => TUNINGS.map(([name, tuning]) => [c.name, name, tuning, c] as const)))('%s (%s): the row-by-row report', (_case, _tuning, tuning, c) => {
    const { rows, parallel, workerChunks } = bothWays(c.path, c.options, tuning);
    expect(rows.code).toBe(c.code);
    expect(parallel).toEqual(rows);
    if (tuning.mainVerifies === false) expect(workerChunks).toBeGreaterThan(0);
  });
});

describe('chunk boundaries', () => {
  // 60 entries in chunks of 20 (batches of 8): the second chunk starts at 20.
  const tuning: ParallelTuning = { minEntries: 0, workers: 1, chunkRows: 20, batchRows: 8, mainVerifies: false };
  const edits: [string, string, number, (db: ReturnType<typeof attacker>) => void][] = [
    ['a modified leaf inside the second chunk', 'HASH_MISMATCH', 27, (db) => void db.prepare("UPDATE entries SET leaf = replace(leaf, 'req_', 'REQ_') WHERE seq = 27").run()],
    ['a modified leaf first in a chunk', 'HASH_MISMATCH', 20, (db) => void db.prepare("UPDATE entries SET leaf = replace(leaf, 'req_', 'REQ_') WHERE seq = 20").run()],
    ['a modified leaf last in a chunk, hash fixed', 'PREV_MISMATCH', 20, (db) => {
      const leaf = (rowsOf(db)[19]?.[1] as string).replace('req_', 'REQ_');
      db.prepare('UPDATE entries SET leaf = ?, hash = ? WHERE seq = 19').run(leaf, leafHashOf(leaf));
    }],
    ['a non-canonical leaf first in a chunk, chain recomputed', 'NONCANONICAL', 20, (db) => {
      const leaves: (Record<string, unknown> | string)[] = parsedLeaves(db);
      leaves[20] = canonicalize(leaves[20]).replace('{', '{ ');
      rewriteChain(db, leaves, 21);
    }],
    ['the first row of a chunk deleted', 'SEQ_GAP', 20, (db) => void db.prepare('DELETE FROM entries WHERE seq = 20').run()],
    ['the last row of a chunk deleted', 'SEQ_GAP', 19, (db) => void db.prepare('DELETE FROM entries WHERE seq = 19').run()],
    ['the last row of the log deleted', 'SEQ_GAP', 58, (db) => void db.prepare('DELETE FROM entries WHERE seq = 58').run()],
    ['a row of the third chunk from another log', 'WRONG_LOG', 45, (db) => {
      const leaves = parsedLeaves(db);
      leaves[45] = { ...leaves[45], log: 'another-log' };
      rewriteChain(db, leaves, 45);
    }],
  ];
  it.each(edits)('%s: %s at %i', (_name, code, seq, edit) => {
    const path = newLogPath();
    generateEntries(path, 60);
    const db = attacker(path);
    edit(db);
    db.close();
    const { rows, parallel, workerChunks } = bothWays(path, {}, tuning);
    expect(rows).toMatchObject({ ok: false, code, first_bad_seq: seq });
    expect(parallel).toEqual(rows);
    expect(workerChunks).toBeGreaterThan(0);
  });
});

describe('when workers are not used or cannot help', () => {
  it('a short log is verified on the main thread alone', () => {
    const { path } = buildLog(3, true);
    const { rows, parallel, workerChunks } = bothWays(path, {}, {});
    expect(parallel).toEqual(rows);
    expect(parallel.ok).toBe(true);
    expect(workerChunks).toBe(0);
  });

  // Worker scripts that are not the verifier: one that does nothing, one that throws.
  const scripts: [string, string][] = [
    ['does nothing', 'export {};\n'],
    ['throws on load', "throw new Error('no');\n"],
  ];
  it.each(scripts)('a worker whose script %s: the main thread does its share', (_name, text) => {
    const script = join(tempDir(), 'not-a-verifier.mjs');
    writeFileSync(script, text);
    const path = newLogPath();
    generateEntries(path, 40);
    const db = attacker(path);
    db.prepare("UPDATE entries SET leaf = replace(leaf, 'req_', 'REQ_') WHERE seq = 33").run();
    db.close();
    for (const mainVerifies of [true, false]) {
      const { rows, parallel, workerChunks } = bothWays(path, {}, { minEntries: 0, workers: 1, chunkRows: 10, mainVerifies, stallMs: 300, moduleUrl: pathToFileURL(script).href });
      expect(rows).toMatchObject({ code: 'HASH_MISMATCH', first_bad_seq: 33 });
      expect(parallel).toEqual(rows);
      expect(workerChunks).toBe(0);
    }
  });

  it('reports progress at the same counts as the row-by-row walk', () => {
    const path = newLogPath();
    generateEntries(path, 50);
    const seen: number[] = [];
    const onProgress = (n: number) => void seen.push(n);
    const { parallel, workerChunks } = bothWays(path, { progressEvery: 7, onProgress }, { minEntries: 0, workers: 1, chunkRows: 10, batchRows: 4, mainVerifies: false });
    expect(parallel).toMatchObject({ ok: true, entries: 50 });
    expect(workerChunks).toBe(5);
    // Row by row first, then in parallel.
    expect(seen).toEqual([7, 14, 21, 28, 35, 42, 49, 7, 14, 21, 28, 35, 42, 49]);
  });
});


describe('audit verify of a log long enough for workers', () => {
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

  it('shows progress on a terminal and reports the bad entry (bundled command)', async () => {
    const tty = captureContext({ stderrTTY: true });
    expect(await bundle.runAuditVerify({ auditDb: intact, json: true }, tty.ctx)).toBe(0);
    expect(JSON.parse(tty.out())).toEqual({ ok: true, entries: SIZE, checkpoints: 0, first_bad_seq: null, code: null, message: null });
    expect(tty.err()).toContain(`\rverifying audit log: 50000/${SIZE} entries (35%)`);
    expect(tty.err()).toContain(`\rverifying audit log: 100000/${SIZE} entries (71%)`);
    expect(tty.err().endsWith('\r\u001b[K')).toBe(true);
    const bad = captureContext({ stderrTTY: false });
    expect(await bundle.runAuditVerify({ auditDb: tampered, json: true }, bad.ctx)).toBe(1);
    expect(JSON.parse(bad.out())).toMatchObject({ ok: false, entries: 131_075, code: 'HASH_MISMATCH', first_bad_seq: 131_075 });
    expect(bad.err()).toBe('');
  }, 60_000);

  it('gives the same verdicts through the built CLI, its workers running from dist/', async () => {
    // The probe counts the results the CLI's main thread receives from worker threads.
    const probe = join(tempDir(), 'probe.json');
    const env = { ...cliEnv(), NODE_OPTIONS: `--import ${pathToFileURL(PROBE).href}`, WORKER_PROBE_OUT: probe };
    const ok = await runCli(['audit', 'verify', '--json', '--audit-db', intact], { env, timeoutMs: 60_000 });
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, entries: SIZE });
    expect(ok.code).toBe(0);
    const seen = JSON.parse(readFileSync(probe, 'utf8')) as { workers: string[]; results: number };
    if (availableParallelism() > 1) {
      expect(seen.workers.length).toBeGreaterThan(0);
      expect(seen.workers.every((script) => script.includes('/dist/chunks/'))).toBe(true);
      expect(seen.results).toBeGreaterThan(0);
    } else {
      expect(seen).toEqual({ workers: [], results: 0 });
    }
    const bad = await runCli(['audit', 'verify', '--json', '--audit-db', tampered], { env: cliEnv(), timeoutMs: 60_000 });
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, code: 'HASH_MISMATCH', first_bad_seq: 131_075 });
    expect(bad.code).toBe(1);
  }, 60_000);
});
