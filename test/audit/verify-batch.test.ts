// Reading the log in packed batches (src/audit/read-batch.ts) must hand the verifier exactly the
// stored bytes, or refuse; and verifying in batches must give exactly the report of the
// row-by-row walk, whatever the batch size and however the log was tampered with.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BatchReader } from '../../src/audit/read-batch.js';
import { openAuditReader } from '../../src/audit/read.js';
import { verifyLog, verifyRows, type VerifyOptions } from '../../src/audit/verify/verify.js';
import { attacker, generateEntries, leafHashOf, newLogPath } from './helpers.js';
import { buildLog } from './fixtures.js';
import { buildCases } from './verify-cases.js';

// Verifies `path` both ways with `options`.
function bothWays(path: string, options: Partial<VerifyOptions>, batchRows: number) {
  const reader = openAuditReader(path);
  try {
    const full: VerifyOptions = { logId: reader.logId, checkpoints: reader.checkpoints(), key: null, trusted: null, ...options };
    return { rows: verifyRows(reader.rows(), full), batched: verifyLog(reader, full, batchRows) };
  } finally {
    reader.close();
  }
}

// The leaves and hashes of a batch, split back into rows.
function unpack(batch: NonNullable<ReturnType<BatchReader['read']>>): [number, Buffer, Buffer][] {
  return Array.from({ length: batch.count }, (_, i) => [
    batch.from + i,
    batch.leaves.subarray((batch.offsets[i] as number) + 1, batch.offsets[i + 1]),
    batch.hashes.subarray(32 * i, 32 * i + 32),
  ]);
}

describe('BatchReader', () => {
  it('packs exactly the stored bytes and hashes of each run of rows', () => {
    const { path } = buildLog(5, true);
    const db = new Database(path, { readonly: true });
    const rows = db.prepare('SELECT seq, CAST(leaf AS BLOB), hash FROM entries ORDER BY seq').raw().all() as [number, Buffer, Buffer][];
    const reader = BatchReader.open(db);
    if (reader === null) throw new Error('an untouched log must be readable in batches');
    for (const size of [1, 3, 7, rows.length]) {
      for (let from = 0; from < rows.length; from += size) {
        const to = Math.min(from + size, rows.length);
        const batch = reader.read(from, to, from === 0, to === rows.length);
        expect(batch && unpack(batch)).toEqual(rows.slice(from, to));
      }
    }
    db.close();
  });

  // Each tampering breaks one of the batch's conditions; the batch must then be refused.
  const irregular: [string, string, number, number][] = [
    ['a missing row', 'DELETE FROM entries WHERE seq = 5', 3, 8],
    ['a negative seq under the first batch', "INSERT INTO entries SELECT -1, leaf, hash FROM entries WHERE seq = 0", 0, 4],
    ['a row past the last batch', "INSERT INTO entries SELECT 50, leaf, hash FROM entries WHERE seq = 0", 16, 20],
    ['a hash stored as text', "UPDATE entries SET hash = hex(hash) WHERE seq = 6", 4, 8],
    ['a 33-byte hash', "UPDATE entries SET hash = hash || X'00' WHERE seq = 6", 4, 8],
    ['a leaf holding a zero byte', "UPDATE entries SET leaf = CAST(X'7B7D007B7D' AS TEXT) WHERE seq = 6", 4, 8],
  ];
  it.each(irregular)('refuses %s', (_name, sql, from, to) => {
    const { path } = buildLog(5, false);
    const db = attacker(path);
    db.exec(sql);
    const reader = BatchReader.open(db);
    expect(reader?.read(from, to, from === 0, to === 20)).toBeNull();
    db.close();
  });

  it('packs empty leaves as empty, first and last included', () => {
    const { path } = buildLog(2, false);
    const db = attacker(path);
    db.exec("UPDATE entries SET leaf = '' WHERE seq IN (0, 3, 4, 7)");
    const batch = BatchReader.open(db)?.read(0, 8, true, true);
    expect(batch && unpack(batch).map(([, leaf]) => leaf.length === 0)).toEqual([true, false, false, true, true, false, false, true]);
    db.close();
  });

  it('is not offered when seq is not the rowid', () => {
    const { path } = buildLog(2, false);
    const db = attacker(path);
    db.exec('CREATE TABLE e2(seq INTEGER PRIMARY KEY, leaf TEXT NOT NULL, hash BLOB NOT NULL) WITHOUT ROWID; INSERT INTO e2 SELECT * FROM entries; DROP TABLE entries; ALTER TABLE e2 RENAME TO entries');
    expect(BatchReader.open(db)).toBeNull();
    db.exec('CREATE TABLE e3(seq INTEGER, leaf TEXT, hash BLOB); INSERT INTO e3 SELECT * FROM entries; DROP TABLE entries; ALTER TABLE e3 RENAME TO entries');
    expect(BatchReader.open(db)).toBeNull();
    db.close();
  });

  it('still reads a batch whose one leaf is far larger than the rest', () => {
    const path = newLogPath();
    generateEntries(path, 10);
    const db = attacker(path);
    const big = `{"pad":"${'x'.repeat(1 << 20)}"}`;
    db.prepare('UPDATE entries SET leaf = ?, hash = ? WHERE seq = 4').run(big, leafHashOf(big));
    const batch = BatchReader.open(db)?.read(0, 10, true, true);
    expect(batch && unpack(batch)[4]?.[1].toString()).toBe(big);
    db.close();
  });
});

describe('verifying in batches', () => {
  const cases = buildCases();
  const sizes = [1, 2, 3, 7, 4096];
  it.each(cases.flatMap((c) => sizes.map((size) => [c.name, size, c] as const)))('%s, batches of %i: the row-by-row report', (_name, size, c) => {
    const { rows, batched } = bothWays(c.path, c.options, size);
    expect(rows.code).toBe(c.code);
    expect(batched).toEqual(rows);
  });

  it('reports progress at the same counts as the row-by-row walk', () => {
    const path = newLogPath();
    generateEntries(path, 50);
    const seen: number[][] = [[], []];
    const reader = openAuditReader(path);
    const options = (k: number): VerifyOptions => ({ logId: reader.logId, checkpoints: [], key: null, trusted: null, progressEvery: 7, onProgress: (n) => void seen[k]?.push(n) });
    verifyRows(reader.rows(), options(0));
    verifyLog(reader, options(1), 3);
    reader.close();
    expect(seen[0]).toEqual([7, 14, 21, 28, 35, 42, 49]);
    expect(seen[1]).toEqual(seen[0]);
  });
});
