// Signing checkpoints after commands: the C2SP note, its storage in the table and the chain,
// syslog delivery through a real child process, and the failures that must not sign.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkpointNow, maybeCheckpoint } from '../../src/audit/checkpoint.js';
import { parseCheckpoint } from '../../src/audit/checkpoint-note.js';
import type { Settings } from '../../src/policy/types.js';
import { parsePublicKey } from '../../src/crypto/ed25519.js';
import { Frontier } from '../../src/crypto/merkle.js';
import { isSignedBy } from '../../src/crypto/note.js';
import { ApproveRunError } from '../../src/errors.js';
import { tempDir } from '../helpers/tmp.js';
import { appendRun, attacker, newLogPath, openTestLog, rowsOf, verifyFile } from './helpers.js';
import { keyFiles } from './fixtures.js';

// A logger stand-in that records its arguments, or fails like logger without /dev/log.
function fakeLogger(fail = false): { path: string; out: string } {
  const dir = tempDir();
  const out = join(dir, 'syslog.txt');
  const path = join(dir, 'logger');
  writeFileSync(path, fail ? '#!/bin/sh\necho "logger: socket /dev/log: No such file or directory" >&2\nexit 1\n' : `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a" >> '${out}'; done\n`, { mode: 0o755 });
  return { path, out };
}

const settingsWith = (checkpointKey: string | null): Settings =>
  ({ audit: { db: null, checkpoint_key: checkpointKey }, redact: [] }) as unknown as Settings;

describe('maybeCheckpoint', () => {
  it('signs a C2SP checkpoint of every entry so far, stores it twice, and sends it to syslog', () => {
    const key = keyFiles();
    const logger = fakeLogger();
    const path = newLogPath();
    const log = openTestLog(path);
    appendRun(log, 1);
    const note = maybeCheckpoint(log, settingsWith(key.keyFile), { loggerPath: logger.path });
    expect(note).not.toBeNull();
    const lines = (note as string).split('\n');
    expect(lines[0]).toBe(`approve-run/${log.logId}`);
    expect(lines[1]).toBe('4');
    expect(lines[2]).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(lines[3]).toBe('');
    expect(lines[4]).toMatch(new RegExp(`^— approve-run/${log.logId} [A-Za-z0-9+/]+=*$`));
    expect(lines[5]).toBe('');
    const checkpoint = parseCheckpoint(note as string);
    const pub = parsePublicKey(key.publicLine);
    expect(isSignedBy(checkpoint.note, lines[0] as string, pub.key, pub.raw)).toBe(true);
    const frontier = Frontier.empty();
    for (const [, , hash] of rowsOf(log.db).slice(0, 4)) frontier.push(hash);
    expect(checkpoint.root).toEqual(frontier.root());
    expect(log.db.prepare('SELECT size, note FROM checkpoints').all()).toEqual([{ size: 4, note }]);
    expect(JSON.parse(rowsOf(log.db)[4]?.[1] as string)).toMatchObject({ type: 'checkpoint', seq: 4, note });
    const sent = readFileSync(logger.out, 'utf8').split('\n');
    expect(sent.slice(0, 6)).toEqual(['--socket-errors=on', '-t', 'approve-run', '-p', 'auth.notice', '--']);
    const message = sent[6] as string;
    expect(message).toBe(`checkpoint origin=approve-run/${log.logId} size=4 note=${Buffer.from(note as string).toString('base64')}`);
    log.close();
    expect(verifyFile(path, { key: pub })).toMatchObject({ ok: true, checkpoints: 1 });
  });

  it('does nothing without settings.audit.checkpoint_key', () => {
    const log = openTestLog(newLogPath());
    appendRun(log, 1);
    expect(maybeCheckpoint(log, settingsWith(null))).toBeNull();
    expect(rowsOf(log.db)).toHaveLength(4);
    log.close();
  });

  it('keeps the database copy and only warns when syslog cannot be reached', () => {
    const key = keyFiles();
    const log = openTestLog(newLogPath());
    appendRun(log, 1);
    const warnings: string[] = [];
    const note = maybeCheckpoint(log, settingsWith(key.keyFile), { loggerPath: fakeLogger(true).path, warn: (m) => warnings.push(m) });
    expect(note).not.toBeNull();
    expect(warnings).toEqual([expect.stringMatching(/checkpoint 4 is stored in the audit log but was not sent to syslog: .*exited 1: logger: socket \/dev\/log/)]);
    expect(log.db.prepare('SELECT count(*) AS n FROM checkpoints').get()).toEqual({ n: 1 });
    const missing: string[] = [];
    appendRun(log, 2);
    maybeCheckpoint(log, settingsWith(key.keyFile), { loggerPath: '/nonexistent/logger', warn: (m) => missing.push(m) });
    expect(missing[0]).toMatch(/ENOENT/);
    log.close();
  });

  it('returns the last note, without a new entry, when nothing was appended since', () => {
    const key = keyFiles();
    const logger = fakeLogger();
    const log = openTestLog(newLogPath());
    appendRun(log, 1);
    const first = checkpointNow(log, key.keyFile, { loggerPath: logger.path });
    const again = checkpointNow(log, key.keyFile, { loggerPath: logger.path });
    expect(again).toEqual({ ...first, created: false });
    expect(rowsOf(log.db)).toHaveLength(5);
    appendRun(log, 2);
    expect(checkpointNow(log, key.keyFile, { loggerPath: logger.path })).toMatchObject({ size: 9, created: true });
    log.close();
  });

  it('extends the stored frontier correctly over many checkpoints (equal to a full recomputation)', () => {
    const key = keyFiles();
    const path = newLogPath();
    const log = openTestLog(path);
    for (let n = 1; n <= 40; n++) {
      appendRun(log, n);
      if (n % 3 !== 0) checkpointNow(log, key.keyFile, { loggerPath: '/bin/true' });
    }
    const notes = log.db.prepare('SELECT size, note FROM checkpoints ORDER BY size').all() as { size: number; note: string }[];
    const hashes = rowsOf(log.db).map(([, , h]) => h);
    for (const { size, note } of notes) {
      const frontier = Frontier.empty();
      for (const h of hashes.slice(0, size)) frontier.push(h);
      expect(parseCheckpoint(note).root, `size ${size}`).toEqual(frontier.root());
    }
    log.close();
    expect(verifyFile(path, { key: parsePublicKey(key.publicLine) })).toMatchObject({ ok: true, checkpoints: notes.length });
  });
});

describe('refusing to sign', () => {
  // The ApproveRunError('audit') thrown by fn.
  function auditFailure(fn: () => unknown): string {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(ApproveRunError);
      expect((error as ApproveRunError).kind).toBe('audit');
      return (error as Error).message;
    }
    throw new Error('expected an audit failure');
  }

  it('refuses a key readable by group or others', () => {
    const key = keyFiles();
    chmodSync(key.keyFile, 0o640);
    const log = openTestLog(newLogPath());
    expect(auditFailure(() => maybeCheckpoint(log, settingsWith(key.keyFile)))).toMatch(/group or others/);
    log.close();
  });

  it('refuses a missing key, or a file that is not a key', () => {
    const log = openTestLog(newLogPath());
    expect(auditFailure(() => maybeCheckpoint(log, settingsWith('/nonexistent/audit.key')))).toMatch(/cannot use checkpoint key/);
    const bogus = join(tempDir(), 'bogus.key');
    writeFileSync(bogus, 'not a key', { mode: 0o600 });
    expect(auditFailure(() => maybeCheckpoint(log, settingsWith(bogus)))).toMatch(/not a PEM PKCS#8 key/);
    log.close();
  });

  it('refuses to extend a stored frontier that does not match its signed root', () => {
    const key = keyFiles();
    const path = newLogPath();
    const log = openTestLog(path);
    appendRun(log, 1);
    checkpointNow(log, key.keyFile, { loggerPath: '/bin/true' });
    appendRun(log, 2);
    const db = attacker(path);
    db.prepare('UPDATE checkpoints SET frontier = ? WHERE size = 4').run(Buffer.alloc(32, 7));
    db.close();
    expect(auditFailure(() => checkpointNow(log, key.keyFile, { loggerPath: '/bin/true' }))).toMatch(/does not match its signed root/);
    log.close();
  });

  it('refuses to sign over an entry whose hash does not match its leaf', () => {
    const key = keyFiles();
    const path = newLogPath();
    const log = openTestLog(path);
    appendRun(log, 1);
    const db = attacker(path);
    db.prepare("UPDATE entries SET leaf = replace(leaf, 'deploy', 'attack') WHERE seq = 0").run();
    db.close();
    expect(auditFailure(() => checkpointNow(log, key.keyFile, { loggerPath: '/bin/true' }))).toMatch(/entry 0 does not match/);
    expect(log.db.prepare('SELECT count(*) AS n FROM checkpoints').get()).toEqual({ n: 0 });
    log.close();
  });
});
