// Audit databases, intact and tampered in every structural and content way the verifier
// distinguishes, for tests that compare the batched and parallel walks with the row-by-row one.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { parsePublicKey } from '../../src/crypto/ed25519.js';
import { canonicalize } from '../../src/crypto/jcs.js';
import type { VerifyOptions } from '../../src/audit/verify/verify.js';
import { appendRun, attacker, leafHashOf, openTestLog, parsedLeaves, rewriteChain, rowsOf } from './helpers.js';
import { buildLog, type BuiltLog } from './fixtures.js';

/** A tampered (or intact) log and the code a verifier must report for it (null: intact). */
export interface VerifyCase {
  name: string;
  code: string | null;
  /** Builds the database; returns its path and the options to verify it with. */
  make: () => { path: string; options: Partial<VerifyOptions> };
}

// Runs `fn` with an attacker's connection to a log of `runs` runs with checkpoints.
function tampered(runs: number, fn: (db: Database.Database, built: BuiltLog) => void, options: (built: BuiltLog) => Partial<VerifyOptions> = () => ({})): () => { path: string; options: Partial<VerifyOptions> } {
  return () => {
    const built = buildLog(runs, true);
    const db = attacker(built.path);
    fn(db, built);
    db.close();
    return { path: built.path, options: options(built) };
  };
}

// Replaces the leaf of `seq` by `bytes` and stores its true hash (the chain breaks after it).
function setLeaf(db: Database.Database, seq: number, bytes: Buffer): void {
  db.prepare('UPDATE entries SET leaf = CAST(? AS TEXT), hash = ? WHERE seq = ?').run(bytes, leafHashOf(bytes), seq);
}

const keyOf = (built: BuiltLog) => ({ key: parsePublicKey(readFileSync(built.key.pubFile, 'utf8')) });

/**
 * Mostly logs of 8 runs with checkpoints: 40 entries, run n (from 0) at 5n..5n+4 as request,
 * decision, exec_start, exec_end, checkpoint.
 */
export const VERIFY_CASES: VerifyCase[] = [
  { name: 'intact, signatures checked', code: null, make: tampered(8, () => undefined, keyOf) },
  { name: 'intact, trusted note contained', code: null, make: tampered(8, () => undefined, (b) => ({ trusted: b.notes[5] as string })) },
  { name: 'non-ASCII and escaped text', code: null, make: () => {
    const built = buildLog(3, false);
    const db = attacker(built.path);
    const leaves = parsedLeaves(db);
    leaves[5] = { ...leaves[5], note: 'é \u2028 😀 "q" \\ \n\t\u0001' };
    rewriteChain(db, leaves, 5);
    db.close();
    return { path: built.path, options: {} };
  } },
  { name: 'a modified field', code: 'HASH_MISMATCH', make: tampered(8, (db) => void db.prepare("UPDATE entries SET leaf = replace(leaf, 'nginx', 'evil!') WHERE seq = 20").run()) },
  { name: 'a modified field with its hash fixed', code: 'PREV_MISMATCH', make: tampered(8, (db) => setLeaf(db, 21, Buffer.from((rowsOf(db)[21]?.[1] as string).replace('"approved"', '"allowed"')))) },
  { name: 'a hash stored as text', code: 'HASH_MISMATCH', make: tampered(8, (db) => void db.prepare('UPDATE entries SET hash = hex(hash) WHERE seq = 30').run()) },
  { name: 'a hash cut to 31 bytes', code: 'HASH_MISMATCH', make: tampered(8, (db) => void db.prepare('UPDATE entries SET hash = substr(hash, 1, 31) WHERE seq = 30').run()) },
  { name: 'a leaf holding a zero byte, hash fixed', code: 'NONCANONICAL', make: tampered(8, (db) => setLeaf(db, 18, Buffer.from((rowsOf(db)[18]?.[1] as string).replace('"signal":null', '"signal":"\u0000"')))) },
  { name: 'an empty leaf, hash fixed', code: 'NONCANONICAL', make: tampered(8, (db) => setLeaf(db, 12, Buffer.alloc(0))) },
  { name: 'an empty first leaf, hash fixed', code: 'NONCANONICAL', make: tampered(8, (db) => setLeaf(db, 0, Buffer.alloc(0))) },
  { name: 'bytes that are not UTF-8, hash fixed', code: 'NONCANONICAL', make: tampered(8, (db) => {
    const bytes = Buffer.from((rowsOf(db)[23]?.[1] as string).replace('"signal":null', '"signal":"XX"'));
    bytes[bytes.indexOf('"XX"') + 1] = 0xff;
    setLeaf(db, 23, bytes);
  }) },
  { name: 'a space added, chain recomputed', code: 'NONCANONICAL', make: tampered(8, (db) => {
    const leaves: (Record<string, unknown> | string)[] = parsedLeaves(db);
    leaves[26] = canonicalize({ ...(leaves[26] as object) }).replace(',', ', ');
    rewriteChain(db, leaves, 27);
  }) },
  { name: 'a deleted middle row', code: 'SEQ_GAP', make: tampered(8, (db) => void db.prepare('DELETE FROM entries WHERE seq = 19').run()) },
  { name: 'a deleted first row', code: 'SEQ_GAP', make: tampered(8, (db) => void db.prepare('DELETE FROM entries WHERE seq = 0').run()) },
  { name: 'two swapped rows', code: 'SEQ_GAP', make: tampered(8, (db) => {
    const rows = rowsOf(db);
    const swap = db.prepare('UPDATE entries SET leaf = ?, hash = ? WHERE seq = ?');
    swap.run(rows[24]?.[1], rows[24]?.[2], 23);
    swap.run(rows[23]?.[1], rows[23]?.[2], 24);
  }) },
  { name: 'a row with a negative seq', code: 'SEQ_GAP', make: tampered(8, (db) => void db.prepare("INSERT INTO entries(seq, leaf, hash) SELECT -3, leaf, hash FROM entries WHERE seq = 0").run()) },
  { name: 'a row far past the end', code: 'SEQ_GAP', make: tampered(8, (db) => void db.prepare("INSERT INTO entries(seq, leaf, hash) SELECT 1000, leaf, hash FROM entries WHERE seq = 3").run()) },
  { name: 'a leaf stored as a BLOB', code: null, make: tampered(8, (db) => void db.prepare('UPDATE entries SET leaf = CAST(leaf AS BLOB) WHERE seq = 14').run()) },
  { name: 'a table without rowid', code: 'HASH_MISMATCH', make: tampered(8, (db) => {
    db.exec('CREATE TABLE e2(seq INTEGER PRIMARY KEY, leaf TEXT NOT NULL, hash BLOB NOT NULL) WITHOUT ROWID; INSERT INTO e2 SELECT * FROM entries; DROP TABLE entries; ALTER TABLE e2 RENAME TO entries');
    db.prepare("UPDATE entries SET leaf = replace(leaf, 'nginx', 'evil!') WHERE seq = 30").run();
  }) },
  { name: 'a seq stored as text', code: 'SEQ_GAP', make: tampered(8, (db) => {
    db.exec('CREATE TABLE e2(seq, leaf TEXT NOT NULL, hash BLOB NOT NULL); INSERT INTO e2 SELECT * FROM entries; DROP TABLE entries; ALTER TABLE e2 RENAME TO entries');
    db.prepare("UPDATE entries SET seq = '7' WHERE seq = 7").run();
  }) },
  { name: 'a forged row, chain recomputed', code: 'CHECKPOINT_MISMATCH', make: tampered(8, (db) => {
    const leaves = parsedLeaves(db);
    leaves.splice(16, 0, { ...leaves[17], request_id: 'req_forged' });
    rewriteChain(db, leaves, 16);
  }) },
  { name: 'a truncated tail behind a trusted note', code: 'BEHIND_TRUSTED', make: tampered(8, (db) => {
    db.prepare('DELETE FROM entries WHERE seq >= 31').run();
    db.prepare('DELETE FROM checkpoints WHERE size > 31').run();
  }, (b) => ({ trusted: b.notes[7] as string })) },
  { name: 'the wrong key', code: 'BAD_CHECKPOINT_SIG', make: tampered(8, () => undefined, () => ({ key: parsePublicKey(readFileSync(buildLog(1, true).key.pubFile, 'utf8')) })) },
  { name: 'runs after the last checkpoint', code: null, make: () => {
    const built = buildLog(6, true);
    const log = openTestLog(built.path);
    appendRun(log, 7);
    appendRun(log, 8);
    log.close();
    return { path: built.path, options: {} };
  } },
];

/** Runs every case's database through `make` once, returning the built cases. */
export function buildCases(): (VerifyCase & { path: string; options: Partial<VerifyOptions> })[] {
  return VERIFY_CASES.map((c) => ({ ...c, ...c.make() }));
}
