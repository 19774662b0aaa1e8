// SPEC §8, §11: no silent log loss after outside faults. Real runs through the CLI on real
// SQLite files, then the fault (a deleted WAL, a truncated database, dropped tables, an older
// copy put back, a damaged state file): each is refused (125) or flagged by `audit verify`,
// and a new log is never started where one existed.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, existsSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readState, statePath } from '../../src/audit/state.js';
import { CLI } from '../helpers/cli.js';
import { fixture, SECURE_PATH, world, type World } from '../run/support.js';

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

// One allowed run; its exit code.
const run = (w: World) => spawnSync(process.execPath, [CLI, 'run', '-p', w.policy, '--audit-db', w.db, '--', fixture('exit-with.mjs'), '0'], { cwd: w.dir, env: w.env });
// `audit verify --json` of a database: exit code and report.
function verify(w: World, db = w.db): { status: number | null; report: Record<string, unknown> | null; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'audit', 'verify', '--json', '--audit-db', db], { cwd: w.dir, env: w.env });
  const out = r.stdout.toString().trim();
  return { status: r.status, report: out === '' ? null : (JSON.parse(out) as Record<string, unknown>), stderr: r.stderr.toString() };
}
// Removes the WAL and shared-memory files beside a database.
const dropWal = (db: string) => ['-wal', '-shm'].forEach((s) => rmSync(`${db}${s}`, { force: true }));
// The log id stored in a database, or null.
function logIdOf(db: string): string | null {
  const h = new Database(db, { readonly: true });
  try {
    return (h.prepare("SELECT value FROM meta WHERE key = 'log_id'").get() as { value: string } | undefined)?.value ?? null;
  } catch {
    return null;
  } finally {
    h.close();
  }
}

describe('after each run', () => {
  it('the .db file alone holds every entry: a deleted WAL loses nothing, a copy of the .db verifies in full', () => {
    const w = world(POLICY);
    for (let i = 0; i < 3; i++) expect(run(w).status).toBe(0);
    const copy = join(w.dir, 'copy.db');
    copyFileSync(w.db, copy);
    expect(verify(w, copy).report).toMatchObject({ ok: true, entries: 13 });
    dropWal(w.db);
    expect(verify(w).report).toMatchObject({ ok: true, entries: 13 });
    expect(run(w).status).toBe(0);
    expect(verify(w).report).toMatchObject({ ok: true, entries: 17 });
  });

  it('a state file beside the database records the log id and head, mode 0600', () => {
    const w = world(POLICY);
    expect(run(w).status).toBe(0);
    const state = JSON.parse(readFileSync(statePath(w.db), 'utf8')) as { log_id: string; size: number; head: string };
    expect(state).toMatchObject({ log_id: logIdOf(w.db), size: 5 });
    expect(state.head).toMatch(/^[0-9a-f]{64}$/);
    expect(statSync(statePath(w.db)).mode & 0o777).toBe(0o600);
  });
});

describe('outside faults are refused, never a fresh log', () => {
  // Runs twice, applies `fault`, then expects the next run to be refused naming the state file.
  function refusedAfter(fault: (w: World) => void, expected: RegExp): { w: World; stderr: string } {
    const w = world(POLICY);
    expect(run(w).status).toBe(0);
    expect(run(w).status).toBe(0);
    const id = logIdOf(w.db);
    fault(w);
    const r = run(w);
    const stderr = r.stderr.toString();
    expect(r.status).toBe(125);
    expect(stderr).toMatch(expected);
    expect(stderr).toContain(statePath(w.db));
    // Nothing was started: no new log id, the state file still records the old log.
    expect([id, null]).toContain(logIdOf(w.db));
    expect(JSON.parse(readFileSync(statePath(w.db), 'utf8'))).toMatchObject({ log_id: id, size: 9 });
    return { w, stderr };
  }

  it('a database truncated to nothing', () => {
    const { w } = refusedAfter((x) => {
      dropWal(x.db);
      truncateSync(x.db, 0);
    }, /holds no log/);
    const v = verify(w);
    expect(v.status).toBe(1);
    expect(v.report).toMatchObject({ ok: false, code: 'LOG_MISSING' });
    expect(String(v.report?.message)).toContain(statePath(w.db));
  });

  it('a deleted database file', () => {
    refusedAfter((x) => {
      dropWal(x.db);
      rmSync(x.db);
    }, /holds no log/);
  });

  it('every table dropped', () => {
    refusedAfter((x) => {
      const h = new Database(x.db);
      h.exec('DROP TABLE entries; DROP TABLE meta; DROP TABLE checkpoints; DROP TABLE open_runs;');
      h.close();
    }, /holds no log/);
  });

  it('an older copy of the database put back', () => {
    const w = world(POLICY);
    expect(run(w).status).toBe(0);
    const old = join(w.dir, 'old.db');
    copyFileSync(w.db, old);
    expect(run(w).status).toBe(0);
    dropWal(w.db);
    copyFileSync(old, w.db);
    const r = run(w);
    expect(r.status).toBe(125);
    expect(r.stderr.toString()).toMatch(/holds 5 entries, but .*audit\.db\.state records 9: entries 5\.\.8 are missing/);
    const v = verify(w);
    expect(v.status).toBe(1);
    expect(v.report).toMatchObject({ ok: false, code: 'BEHIND_TRUSTED', first_bad_seq: 5 });
  });

  it('another log put in its place', () => {
    const w = world(POLICY);
    expect(run(w).status).toBe(0);
    const other = world(POLICY);
    expect(run(other).status).toBe(0);
    dropWal(w.db);
    copyFileSync(other.db, w.db);
    const r = run(w);
    expect(r.status).toBe(125);
    expect(r.stderr.toString()).toMatch(/holds log alog_\w+, but .* records log alog_/);
    expect(verify(w).report).toMatchObject({ ok: false, code: 'WRONG_LOG' });
  });

  it('a damaged state file is an error naming it, never taken as no state', () => {
    const w = world(POLICY);
    expect(run(w).status).toBe(0);
    writeFileSync(statePath(w.db), '{"log_id": "x", "size": "many"');
    const r = run(w);
    expect(r.status).toBe(125);
    expect(r.stderr.toString()).toContain(`audit state file ${statePath(w.db)} is damaged`);
    const v = verify(w);
    expect(v.status).toBe(125);
  });

  it('a database cut in half, and a file that is not SQLite: verify names the file (125)', () => {
    const w = world(POLICY);
    for (let i = 0; i < 12; i++) expect(run(w).status).toBe(0);
    dropWal(w.db);
    truncateSync(w.db, Math.floor(statSync(w.db).size / 2));
    const cut = verify(w);
    expect([1, 125]).toContain(cut.status);
    if (cut.status === 125) expect(cut.stderr).toContain(w.db);
    expect(run(w).status).toBe(125);
    writeFileSync(w.db, 'not a database at all, just text '.repeat(200));
    const junk = verify(w);
    expect(junk.status).toBe(125);
    expect(junk.stderr).toContain(`audit log ${w.db}`);
  });
});

describe('a log without a state file', () => {
  it('gets one on first open and keeps its id and entries', () => {
    const w = world(POLICY);
    expect(run(w).status).toBe(0);
    rmSync(statePath(w.db));
    expect(existsSync(statePath(w.db))).toBe(false);
    expect(run(w).status).toBe(0);
    expect(JSON.parse(readFileSync(statePath(w.db), 'utf8'))).toMatchObject({ log_id: logIdOf(w.db), size: 9 });
    expect(verify(w).report).toMatchObject({ ok: true, entries: 9 });
  });
});

describe('the state file in privileged mode', () => {
  it('must be a root-owned regular file that group and others cannot write', () => {
    const w = world(POLICY);
    expect(run(w).status).toBe(0);
    const file = statePath(w.db);
    expect(readState(file, true)).toMatchObject({ size: 5 });
    chmodSync(file, 0o620);
    expect(() => readState(file, true)).toThrow(/writable by group or others/);
    chmodSync(file, 0o600);
    chownSync(file, 65534, 65534);
    expect(() => readState(file, true)).toThrow(/not owned by uid 0/);
    rmSync(file);
    symlinkSync(w.db, file);
    expect(() => readState(file, true)).toThrow(/not a regular file/);
  });
});
