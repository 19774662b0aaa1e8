// The tamper suite (SPEC §8): each way of altering a real database file is detected by the
// built CLI's `audit verify --json` with the right code and first bad seq, and exit 1.
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkpointNow } from '../../src/audit/checkpoint.js';
import { statePath } from '../../src/audit/state.js';
import { canonicalize } from '../../src/crypto/jcs.js';
import { appendRun, attacker, leafHashOf, openTestLog, parsedLeaves, rewriteChain, rowsOf } from './helpers.js';
import { buildLog, cliVerify, tempFile } from './fixtures.js';

// Expects a failed verification with this code at this seq.
async function expectBroken(path: string, code: string, seq: number, extra: string[] = []): Promise<void> {
  const { code: exit, report } = await cliVerify(path, extra);
  expect(report).toMatchObject({ ok: false, code, first_bad_seq: seq });
  expect(typeof report.message).toBe('string');
  expect(exit).toBe(1);
}

describe('an untouched log', () => {
  it('verifies: exit 0 and the last three fields null', async () => {
    const built = buildLog(3, true);
    const { code, report } = await cliVerify(built.path, ['--key', built.key.pubFile, '--trusted', tempFile('note', built.notes[2] as string)]);
    expect(report).toEqual({ ok: true, entries: 15, checkpoints: 3, first_bad_seq: null, code: null, message: null });
    expect(code).toBe(0);
  });
});

describe('tampering with entries', () => {
  it('modify a field: HASH_MISMATCH at that seq', async () => {
    const { path } = buildLog(3, false);
    const db = attacker(path);
    db.prepare("UPDATE entries SET leaf = replace(leaf, 'nginx.service', 'evil.service') WHERE seq = 4").run();
    db.close();
    await expectBroken(path, 'HASH_MISMATCH', 4);
  });

  it('modify a field and fix its hash: PREV_MISMATCH at the next seq', async () => {
    const { path } = buildLog(3, false);
    const db = attacker(path);
    const leaf = (rowsOf(db)[5]?.[1] as string).replace('"outcome":"approved"', '"outcome":"allowed"');
    db.prepare('UPDATE entries SET leaf = ?, hash = ? WHERE seq = 5').run(leaf, leafHashOf(leaf));
    db.close();
    await expectBroken(path, 'PREV_MISMATCH', 6);
  });

  it('delete a middle row: SEQ_GAP at the missing seq', async () => {
    const { path } = buildLog(3, false);
    const db = attacker(path);
    db.prepare('DELETE FROM entries WHERE seq = 6').run();
    db.close();
    await expectBroken(path, 'SEQ_GAP', 6);
  });

  it('swap two rows: SEQ_GAP at the first of them', async () => {
    const { path } = buildLog(3, false);
    const db = attacker(path);
    const rows = rowsOf(db);
    const swap = db.prepare('UPDATE entries SET leaf = ?, hash = ? WHERE seq = ?');
    db.transaction(() => {
      swap.run(rows[7]?.[1], rows[7]?.[2], 5);
      swap.run(rows[5]?.[1], rows[5]?.[2], 7);
    })();
    db.close();
    await expectBroken(path, 'SEQ_GAP', 5);
  });

  it('insert a forged row and recompute the chain: CHECKPOINT_MISMATCH from the last good checkpoint', async () => {
    const built = buildLog(3, true);
    const db = attacker(built.path);
    const leaves = parsedLeaves(db);
    leaves.splice(7, 0, { ...leaves[8], request_id: 'req_forged', exit_code: 0 });
    rewriteChain(db, leaves, 7);
    db.close();
    // Checkpoints cover sizes 4, 9 and 14; the tree of 4 still matches, the one of 9 does not.
    await expectBroken(built.path, 'CHECKPOINT_MISMATCH', 4, ['--key', built.key.pubFile]);
    await expectBroken(built.path, 'CHECKPOINT_MISMATCH', 4);
  });

  it('truncate the tail: the state file catches it; without it, it passes on its own, BEHIND_TRUSTED with --trusted', async () => {
    const built = buildLog(3, true);
    const db = attacker(built.path);
    db.prepare('DELETE FROM entries WHERE seq >= 10').run();
    db.prepare('DELETE FROM checkpoints WHERE size > 10').run();
    db.close();
    await expectBroken(built.path, 'BEHIND_TRUSTED', 10, ['--key', built.key.pubFile]);
    // An attacker who can also remove the state file: only a trusted note shows the cut.
    rmSync(statePath(built.path));
    const alone = await cliVerify(built.path, ['--key', built.key.pubFile]);
    expect(alone.report).toMatchObject({ ok: true, entries: 10 });
    const trusted = tempFile('trusted.note', built.notes[2] as string);
    await expectBroken(built.path, 'BEHIND_TRUSTED', 10, ['--key', built.key.pubFile, '--trusted', trusted]);
  });

  it('roll back to an old copy: BEHIND_TRUSTED with a newer trusted note', async () => {
    const built = buildLog(2, true);
    const copy = `${built.path}.old`;
    const db = new Database(built.path);
    db.prepare('VACUUM INTO ?').run(copy);
    db.close();
    const newer = appendAndCheckpoint(built.path, built.key.keyFile);
    await expectBroken(copy, 'BEHIND_TRUSTED', 10, ['--trusted', tempFile('newer.note', newer)]);
  });

  it('an entry from another log, chain recomputed: WRONG_LOG at its seq', async () => {
    const mine = buildLog(3, false);
    const theirs = buildLog(1, false);
    const foreign = parsedLeaves(new Database(theirs.path, { readonly: true }))[3] as Record<string, unknown>;
    const db = attacker(mine.path);
    const leaves = parsedLeaves(db);
    leaves[6] = foreign;
    rewriteChain(db, leaves, 6);
    db.close();
    await expectBroken(mine.path, 'WRONG_LOG', 6);
  });

  it('a trusted note of another log: WRONG_LOG', async () => {
    const mine = buildLog(2, true);
    const theirs = buildLog(1, true, mine.key);
    await expectBroken(mine.path, 'WRONG_LOG', 0, ['--trusted', tempFile('theirs.note', theirs.notes[0] as string)]);
  });
});

describe('non-canonical re-encodings with the rest of the chain recomputed', () => {
  // Entry 4 is a request, entry 6 an exec_start (see appendRun).
  const encodings: [string, number, (leaf: string) => string][] = [
    ['a space after a comma', 6, (t) => t.replace(',', ', ')],
    ['a key moved out of order', 6, (t) => `{"v":1,${t.slice(1).replace(',"v":1}', '}')}`],
    ['a \\u escape for a plain letter', 6, (t) => t.replace('"req_', '"\\u0072eq_')],
    ['an integer written as a float', 6, (t) => t.replace(/"pid":(\d+)/, '"pid":$1.0')],
    ['an escaped slash', 4, (t) => t.replace('/srv', '\\/srv')],
    ['a duplicated member', 6, (t) => t.replace('{"deadline"', '{"deadline":"x","deadline"')],
    ['a missing ts', 6, (t) => t.replace(/"ts":"[^"]*",/, '')],
    ['version 2', 6, (t) => t.replace('"v":1}', '"v":2}')],
    ['an unknown type', 6, (t) => t.replace('"type":"exec_start"', '"type":"exec_middle"')],
    ['prev in upper case', 6, (t) => t.replace(/"prev":"([0-9a-f]{64})"/, (_m, h: string) => `"prev":"${h.toUpperCase()}"`)],
  ];
  it.each(encodings)('%s: NONCANONICAL', async (_name, at, reencode) => {
    const { path } = buildLog(2, false);
    const db = attacker(path);
    const leaves: (Record<string, unknown> | string)[] = parsedLeaves(db);
    const original = canonicalize(leaves[at]);
    const changed = reencode(original);
    expect(changed).not.toBe(original);
    leaves[at] = changed;
    rewriteChain(db, leaves, at + 1);
    db.close();
    await expectBroken(path, 'NONCANONICAL', at);
  });

  it('bytes that are not UTF-8, hash recomputed: NONCANONICAL', async () => {
    const { path } = buildLog(2, false);
    const db = attacker(path);
    const bytes = Buffer.from((rowsOf(db)[7]?.[1] as string).replace('"signal":null', '"signal":"XX"'));
    const at = bytes.indexOf('"XX"') + 1;
    bytes[at] = 0xff;
    db.prepare('UPDATE entries SET leaf = CAST(? AS TEXT), hash = ? WHERE seq = 7').run(bytes, leafHashOf(bytes));
    db.close();
    await expectBroken(path, 'NONCANONICAL', 7);
  });
});


// One more run and its checkpoint.
function appendAndCheckpoint(path: string, keyFile: string): string {
  const log = openTestLog(path);
  appendRun(log, 99);
  const note = checkpointNow(log, keyFile, { loggerPath: '/bin/true' }).note;
  log.close();
  return note;
}
