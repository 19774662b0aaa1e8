// When the log cannot be written, opening or appending throws ApproveRunError('audit')
// (exit 125 on the run path) and nothing half-done is left behind.
import Database from 'better-sqlite3';
import { chmodSync, chownSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/audit/log.js';
import { ApproveRunError } from '../../src/errors.js';
import { tempDir } from '../helpers/tmp.js';
import { newLogPath, openTestLog, rowsOf } from './helpers.js';

// The ApproveRunError thrown by `fn`, or a failure if it does not throw one of kind audit.
function auditFailure(fn: () => unknown): ApproveRunError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ApproveRunError);
    expect((error as ApproveRunError).kind).toBe('audit');
    expect((error as ApproveRunError).exitCode).toBe(125);
    return error as ApproveRunError;
  }
  throw new Error('expected an audit failure');
}

const open = (path: string, privileged = false) => openAuditLog(path, { redact: [], privileged });

describe('opening an unwritable log', () => {
  it('fails where no file can be created (/proc)', () => {
    expect(auditFailure(() => open('/proc/approve-run-test/audit.db')).message).toMatch(/cannot open audit log \/proc/);
  });

  it('fails when a parent of the path is a regular file', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    auditFailure(() => open(join(dir, 'file', 'audit.db')));
  });

  it('fails when the path is a directory', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'audit.db'));
    auditFailure(() => open(join(dir, 'audit.db')));
  });

  it('fails on a file that is not a database, and leaves it untouched', () => {
    const path = join(tempDir(), 'audit.db');
    writeFileSync(path, 'this is not sqlite, just some text that is long enough to have a header'.repeat(10));
    expect(auditFailure(() => open(path)).message).toMatch(/not a database/);
  });

  it('fails on an invalid redact pattern', () => {
    expect(auditFailure(() => openAuditLog(newLogPath(), { redact: ['(unclosed'], privileged: false })).message).toMatch(/invalid redact pattern/);
  });
});

describe('appending when the log cannot be written', () => {
  it('fails after the busy timeout while another writer holds the lock, and writes nothing', () => {
    const path = newLogPath();
    const log = openTestLog(path, { busyTimeoutMs: 200 });
    log.append('exec_start', { n: 0 });
    const holder = new Database(path);
    holder.prepare('BEGIN IMMEDIATE').run();
    const started = performance.now();
    expect(auditFailure(() => log.append('exec_end', { n: 1 })).message).toMatch(/cannot write audit log.*(locked|busy)/i);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    holder.prepare('ROLLBACK').run();
    holder.close();
    expect(rowsOf(log.db)).toHaveLength(1);
    expect(log.append('exec_end', { n: 2 }).seq).toBe(1);
    log.close();
  });

  it('fails when the entries table has been removed under it', () => {
    const path = newLogPath();
    const log = openTestLog(path);
    log.append('exec_start', { n: 0 });
    const vandal = new Database(path);
    vandal.exec('DROP TABLE entries');
    vandal.close();
    auditFailure(() => log.append('exec_end', { n: 1 }));
    log.close();
  });

  it('fails when the database file was replaced by a directory before opening (read-only media case)', () => {
    const path = newLogPath();
    mkdirSync(path, { recursive: true });
    auditFailure(() => open(path));
  });
});

describe('privileged mode refuses a location others could tamper with', () => {
  it('accepts root-owned 0700/0600 files it created', () => {
    const path = newLogPath();
    const log = open(path, true);
    log.append('exec_start', { n: 0 });
    log.close();
    expect(open(path, true).logId).toMatch(/^alog_/);
  });

  it('refuses a group-writable directory', () => {
    const path = newLogPath();
    mkdirSync(dirname(path));
    chmodSync(dirname(path), 0o770);
    expect(auditFailure(() => open(path, true)).message).toMatch(/writable by group or others/);
  });

  it('refuses a database owned by another user', () => {
    const path = newLogPath();
    open(path).close();
    chownSync(path, 1234, 1234);
    expect(auditFailure(() => open(path, true)).message).toMatch(/not owned by uid 0/);
  });

  it('refuses a world-writable database', () => {
    const path = newLogPath();
    open(path).close();
    chmodSync(path, 0o666);
    auditFailure(() => open(path, true));
  });

  it('refuses a database that is a symlink', () => {
    const real = newLogPath();
    open(real).close();
    const link = join(tempDir(), 'audit.db');
    symlinkSync(real, link);
    expect(auditFailure(() => open(link, true)).message).toMatch(/not a regular file/);
  });
});
