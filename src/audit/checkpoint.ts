// Signed checkpoints (SPEC §8): after each command, the Merkle root of the whole log is signed
// as a C2SP checkpoint note, stored in the database (table and chain) and sent to syslog.
// Invariants:
//   1. A checkpoint is computed, signed and stored inside one write transaction, so its size
//      and root describe exactly the entries before its own `checkpoint` entry.
//   2. Each checkpoint extends the frontier stored with the previous one, after checking that
//      frontier against the previous note's signed root and re-hashing every newer leaf: the
//      signer never signs a tree it has not checked to extend what it signed before.
//   3. A checkpoint key readable or writable by group or others is refused.
//   4. Syslog failures never lose the database copy and never fail the run: they are
//      reported through `warn` (docs/VERIFY.md explains why).
import { readFileSync, statSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { parsePrivateKey, rawPublicKey } from '../crypto/ed25519.js';
import { Frontier, leafHash } from '../crypto/merkle.js';
import { signNote } from '../crypto/note.js';
import { auditError } from '../errors.js';
import type { Settings } from '../policy/types.js';
import { checkpointBody, checkpointOrigin, parseCheckpoint } from './checkpoint-note.js';
import { LOGGER_PATH, sendToSyslog, syslogMessage } from './syslog.js';
import type { AuditLog, CheckpointEntryFields } from './types.js';

/** A loaded signing key. */
export interface CheckpointKey {
  key: KeyObject;
  raw: Buffer;
}

export interface CheckpointResult {
  note: string;
  size: number;
  /** False when the last stored checkpoint already covers every entry before its own. */
  created: boolean;
}

/** Reads the PEM private key at `file`; throws ApproveRunError('audit'). */
export function loadCheckpointKey(file: string): CheckpointKey {
  try {
    if ((statSync(file).mode & 0o077) !== 0) throw new Error('it is accessible by group or others (chmod 600 it)');
    const key = parsePrivateKey(readFileSync(file, 'utf8'));
    return { key, raw: rawPublicKey(key) };
  } catch (error) {
    throw auditError(`cannot use checkpoint key ${file}: ${(error as Error).message}`, error);
  }
}

interface StoredCheckpoint {
  size: number;
  note: string;
  frontier: Buffer;
}

// The previous checkpoint when nothing but its own entry was appended after it.
function unchanged(log: AuditLog, last: StoredCheckpoint | undefined, count: number): boolean {
  if (last === undefined) return false;
  if (count === last.size) return true;
  if (count !== last.size + 1) return false;
  const row = log.db.prepare('SELECT leaf FROM entries WHERE seq = ?').get(last.size) as { leaf: string } | undefined;
  const entry = row === undefined ? undefined : (JSON.parse(row.leaf) as { type?: unknown; note?: unknown });
  return entry?.type === 'checkpoint' && entry.note === last.note;
}

// The frontier of the whole log: the previous checkpoint's, checked, then extended.
function currentFrontier(log: AuditLog, last: StoredCheckpoint | undefined): Frontier {
  const frontier = last === undefined ? Frontier.empty() : Frontier.restore(last.size, last.frontier);
  if (last !== undefined) {
    const signed = parseCheckpoint(last.note);
    if (signed.size !== last.size || !signed.root.equals(frontier.root())) {
      throw auditError(`stored checkpoint ${last.size} does not match its signed root; run audit verify`);
    }
  }
  const rows = log.db.prepare('SELECT seq, CAST(leaf AS BLOB), hash FROM entries WHERE seq >= ? ORDER BY seq').raw();
  for (const [seq, leaf, hash] of rows.iterate(frontier.size) as IterableIterator<[number, Buffer, Buffer]>) {
    const computed = leafHash(leaf);
    if (seq !== frontier.size || !computed.equals(hash)) {
      throw auditError(`audit entry ${seq} does not match its hash or position; run audit verify`);
    }
    frontier.push(computed);
  }
  return frontier;
}

/** Signs and stores a checkpoint of the current log, unless the last one still covers it. */
export function signCheckpoint(log: AuditLog, key: CheckpointKey): CheckpointResult {
  return log.transaction(() => {
    const last = log.db.prepare('SELECT size, note, frontier FROM checkpoints ORDER BY size DESC LIMIT 1').get() as StoredCheckpoint | undefined;
    const max = log.db.prepare('SELECT max(seq) AS m FROM entries').get() as { m: number | null };
    const count = (max.m ?? -1) + 1;
    if (last !== undefined && unchanged(log, last, count)) return { note: last.note, size: last.size, created: false };
    const frontier = currentFrontier(log, last);
    const origin = checkpointOrigin(log.logId);
    const note = signNote(checkpointBody(origin, frontier.size, frontier.root()), origin, key.key, key.raw);
    log.db.prepare('INSERT INTO checkpoints(size, note, frontier) VALUES (?, ?, ?)').run(frontier.size, note, frontier.serialize());
    const fields: CheckpointEntryFields = { note };
    log.append('checkpoint', { ...fields });
    return { note, size: frontier.size, created: true };
  });
}

export interface CheckpointOptions {
  /** Receives one-line warnings (syslog unreachable). */
  warn?: (message: string) => void;
  /** The logger executable; tests point it at a fixture. */
  loggerPath?: string;
}

/** Signs, stores and sends a checkpoint to syslog; returns the new checkpoint. */
export function checkpointNow(log: AuditLog, keyFile: string, options: CheckpointOptions = {}): CheckpointResult {
  const result = signCheckpoint(log, loadCheckpointKey(keyFile));
  if (result.created) {
    const problem = sendToSyslog(syslogMessage(checkpointOrigin(log.logId), result.size, result.note), options.loggerPath ?? LOGGER_PATH);
    if (problem !== null) options.warn?.(`checkpoint ${result.size} is stored in the audit log but was not sent to syslog: ${problem}`);
  }
  return result;
}

// Whether fewer than `interval` entries were added since the last checkpoint.
function tooSoon(log: AuditLog, interval: number): boolean {
  if (interval <= 1) return false;
  const row = log.db.prepare('SELECT (SELECT max(seq) FROM entries) AS m, (SELECT max(size) FROM checkpoints) AS c').get() as { m: number | null; c: number | null };
  return (row.m ?? -1) + 1 - (row.c ?? 0) < interval;
}

/**
 * The run path's hook after each command: with settings.audit.checkpoint_key, once
 * settings.audit.checkpoint_interval entries followed the last checkpoint, signs and stores a
 * checkpoint and sends it to syslog. Returns the note, or null when none was due.
 * Throws ApproveRunError('audit') when the key or the database fails (never for syslog).
 */
export function maybeCheckpoint(log: AuditLog, settings: Settings, options: CheckpointOptions = {}): string | null {
  const keyFile = settings.audit.checkpoint_key;
  if (keyFile === null || keyFile === '') return null;
  if (tooSoon(log, settings.audit.checkpoint_interval)) return null;
  return checkpointNow(log, keyFile, options).note;
}
