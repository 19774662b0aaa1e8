// Signed checkpoints under attack: wrong keys, forged signatures, checkpoints the log no
// longer reaches, and a forger who re-signs everything with a key of their own.
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkpointBody, checkpointOrigin, parseCheckpoint } from '../../src/audit/checkpoint-note.js';
import { statePath } from '../../src/audit/state.js';
import { Frontier } from '../../src/crypto/merkle.js';
import { generateKeyPair, parsePrivateKey, rawPublicKey } from '../../src/crypto/ed25519.js';
import { signNote } from '../../src/crypto/note.js';
import { attacker, leafHashOf, parsedLeaves, rewriteChain, rowsOf } from './helpers.js';
import { buildLog, cliVerify, keyFiles, tempFile } from './fixtures.js';

describe('checkpoint signatures', () => {
  it('verifying with a different key: BAD_CHECKPOINT_SIG at the first checkpoint', async () => {
    const built = buildLog(2, true);
    const { code, report } = await cliVerify(built.path, ['--key', keyFiles().pubFile]);
    expect(report).toMatchObject({ ok: false, code: 'BAD_CHECKPOINT_SIG', first_bad_seq: 4 });
    expect(code).toBe(1);
  });

  it('a stored note whose signature was altered: BAD_CHECKPOINT_SIG', async () => {
    const built = buildLog(3, true);
    const db = attacker(built.path);
    const note = (db.prepare('SELECT note FROM checkpoints WHERE size = 9').get() as { note: string }).note;
    const sigAt = note.lastIndexOf(' ') + 10;
    const flipped = note.slice(0, sigAt) + (note[sigAt] === 'A' ? 'B' : 'A') + note.slice(sigAt + 1);
    db.prepare('UPDATE checkpoints SET note = ? WHERE size = 9').run(flipped);
    db.close();
    expect((await cliVerify(built.path, ['--key', built.key.pubFile])).report).toMatchObject({ code: 'BAD_CHECKPOINT_SIG', first_bad_seq: 9 });
  });

  it('a forger who rewrites history and re-signs every checkpoint with their own key passes without --key, fails with it', async () => {
    const built = buildLog(3, true);
    const forger = generateKeyPair();
    const forgerKey = parsePrivateKey(forger.privatePem);
    const db = attacker(built.path);
    const leaves = parsedLeaves(db);
    const logId = String(leaves[0]?.log);
    const origin = checkpointOrigin(logId);
    leaves.splice(2, 1);
    // Rebuild the chain and every checkpoint so that all roots match the forged history.
    db.exec('DELETE FROM checkpoints');
    const forged: Record<string, unknown>[] = [];
    for (const leaf of leaves) forged.push(leaf.type === 'checkpoint' ? { ...leaf, note: '' } : leaf);
    const frontier = Frontier.empty();
    let prev = '0'.repeat(64);
    const texts: string[] = [];
    forged.forEach((leaf, seq) => {
      if (leaf.type === 'checkpoint') {
        const note = signNote(checkpointBody(origin, seq, frontier.root()), origin, forgerKey, rawPublicKey(forgerKey));
        leaf.note = note;
        db.prepare('INSERT INTO checkpoints(size, note, frontier) VALUES (?, ?, ?)').run(seq, note, frontier.serialize());
      }
      const text = JSON.stringify(Object.fromEntries(Object.entries({ ...leaf, seq, prev }).sort(([a], [b]) => (a < b ? -1 : 1))));
      texts.push(text);
      const hash = leafHashOf(text);
      frontier.push(hash);
      prev = hash.toString('hex');
    });
    rewriteChain(db, texts);
    db.close();
    // The state file beside the log records the real head: the shorter forgery is behind it.
    expect((await cliVerify(built.path)).report).toMatchObject({ ok: false, code: 'BEHIND_TRUSTED' });
    // A forger who can write the database can remove the state file too.
    rmSync(statePath(built.path));
    expect((await cliVerify(built.path)).report).toMatchObject({ ok: true, checkpoints: 3 });
    expect((await cliVerify(built.path, ['--key', built.key.pubFile])).report).toMatchObject({ ok: false, code: 'BAD_CHECKPOINT_SIG', first_bad_seq: 3 });
    expect((await cliVerify(built.path, ['--trusted', tempFile('n', built.notes[0] as string)])).report).toMatchObject({ ok: false, code: 'CHECKPOINT_MISMATCH' });
  });

  it('a stored checkpoint beyond the end of the log: CHECKPOINT_MISMATCH at the first missing seq', async () => {
    const built = buildLog(3, true);
    const db = attacker(built.path);
    db.prepare('DELETE FROM entries WHERE seq >= 11').run();
    db.close();
    expect((await cliVerify(built.path, ['--key', built.key.pubFile])).report).toMatchObject({ ok: false, code: 'CHECKPOINT_MISMATCH', first_bad_seq: 11 });
  });

  it('a checkpoint entry moved to another position: CHECKPOINT_MISMATCH', async () => {
    const built = buildLog(2, true);
    const db = attacker(built.path);
    db.exec('DELETE FROM checkpoints');
    const leaves = parsedLeaves(db);
    const [moved] = leaves.splice(4, 1);
    leaves.splice(6, 0, moved as Record<string, unknown>);
    rewriteChain(db, leaves, 4);
    db.close();
    expect((await cliVerify(built.path, ['--key', built.key.pubFile])).report).toMatchObject({ ok: false, code: 'CHECKPOINT_MISMATCH' });
  });

  it('a stored note for another log: WRONG_LOG at its size', async () => {
    const built = buildLog(2, true);
    const other = buildLog(1, true, built.key);
    const db = attacker(built.path);
    db.prepare('UPDATE checkpoints SET note = ? WHERE size = 4').run(other.notes[0]);
    db.close();
    expect((await cliVerify(built.path, ['--key', built.key.pubFile])).report).toMatchObject({ ok: false, code: 'WRONG_LOG', first_bad_seq: 4 });
  });

  it('the recorded log id changed: WRONG_LOG at 0', async () => {
    const built = buildLog(1, false);
    const db = attacker(built.path);
    db.prepare("UPDATE meta SET value = 'alog_OTHER' WHERE key = 'log_id'").run();
    db.close();
    expect((await cliVerify(built.path)).report).toMatchObject({ ok: false, code: 'WRONG_LOG', first_bad_seq: 0 });
  });

  it('every stored note parses as a C2SP checkpoint of this log with the root of its tree', () => {
    const built = buildLog(3, true);
    const db = attacker(built.path);
    const hashes = rowsOf(db).map(([, , hash]) => hash);
    const logId = String(parsedLeaves(db)[0]?.log);
    db.close();
    for (const note of built.notes) {
      const checkpoint = parseCheckpoint(note);
      const frontier = Frontier.empty();
      for (const hash of hashes.slice(0, checkpoint.size)) frontier.push(hash);
      expect(checkpoint.origin).toBe(`approve-run/${logId}`);
      expect(checkpoint.root).toEqual(frontier.root());
    }
  });
});
