// The audit log's WAL across runs (src/audit/log.ts, untilExit; src/audit/schema.ts): a CLI run
// leaves its connection to the process exit, so the WAL stays (no checkpoint and deletion
// at every exit) while every entry is durable and visible to the next process, and the
// writers' automatic checkpoints keep it short.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openAuditLog } from '../../src/audit/log.js';
import { WAL_AUTOCHECKPOINT_PAGES } from '../../src/audit/schema.js';
import { CLI } from '../helpers/cli.js';
import { fixture, SECURE_PATH, world } from '../run/support.js';
import { appendRun, newLogPath, verifyFile } from './helpers.js';

const POLICY = `
version: 1
settings:
  default: deny
  secure_path: "${SECURE_PATH}"
rules:
  - id: exits
    match: { command: ${fixture('exit-with.mjs')} }
    decision: allow
`;

// SQLite's WAL file of a database.
const walOf = (path: string): string => `${path}-wal`;

describe('in process', () => {
  it('close() ends the connection: the last one copies the WAL into the database and removes it', () => {
    const path = newLogPath();
    const log = openAuditLog(path, { redact: [], privileged: false });
    appendRun(log, 1);
    appendRun(log, 2);
    expect(existsSync(walOf(path))).toBe(true);
    log.close();
    expect(existsSync(walOf(path))).toBe(false);
    expect(verifyFile(path)).toMatchObject({ ok: true, entries: 8 });
  });

  it('with untilExit, close() leaves the connection open: the WAL stays, every entry already readable elsewhere', () => {
    const path = newLogPath();
    const log = openAuditLog(path, { redact: [], privileged: false, untilExit: true });
    appendRun(log, 1);
    appendRun(log, 2);
    log.close();
    expect(existsSync(walOf(path))).toBe(true);
    const reader = new Database(path, { readonly: true });
    expect(reader.prepare('SELECT count(*) AS n FROM entries').get()).toEqual({ n: 8 });
    reader.close();
    expect(verifyFile(path)).toMatchObject({ ok: true, entries: 8 });
    expect(() => log.close()).not.toThrow();
  });

  it('writers check the WAL into the database every few hundred KiB', () => {
    const path = newLogPath();
    const log = openAuditLog(path, { redact: [], privileged: false, untilExit: true });
    const db = (log as unknown as { db: Database.Database }).db;
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(WAL_AUTOCHECKPOINT_PAGES);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    for (let i = 0; i < 60; i++) appendRun(log, i, { argv: ['x'.repeat(2000)] });
    log.close();
    // Without checkpoints 60 runs of ~2 KiB entries would leave well over 1 MiB of WAL.
    expect(statSync(walOf(path)).size).toBeLessThan((WAL_AUTOCHECKPOINT_PAGES + 64) * (pageSize + 24));
    expect(verifyFile(path)).toMatchObject({ ok: true, entries: 240 });
  });
});

describe('from the CLI', () => {
  it('a run leaves the WAL in place; the next runs and `audit verify` see every entry', () => {
    const w = world(POLICY);
    const run = () => spawnSync(process.execPath, [CLI, 'run', '-p', w.policy, '--audit-db', w.db, '--', fixture('exit-with.mjs'), '0'], { cwd: w.dir, env: w.env });
    expect(run().status).toBe(0);
    expect(existsSync(walOf(w.db))).toBe(true);
    expect(run().status).toBe(0);
    expect(run().status).toBe(0);
    const verify = spawnSync(process.execPath, [CLI, 'audit', 'verify', '--json', '--audit-db', w.db], { cwd: w.dir, env: w.env });
    expect(verify.status).toBe(0);
    const report = JSON.parse(verify.stdout.toString()) as { ok: boolean; entries: number };
    // policy_loaded once, then request, decision, exec_start and exec_end per run.
    expect(report).toMatchObject({ ok: true, entries: 1 + 3 * 4 });
  });
});
