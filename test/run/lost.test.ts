// SPEC §11: every run ends in the log. A supervisor killed mid-run (SIGKILL, so it can log
// nothing) leaves exec_start alone; the next process to open the log closes it with exec_lost.
// When exec_end cannot be written, approve-run exits with the command's own code and says why.
import { spawnSync } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { currentSupervisor, supervisorGone } from '../../src/audit/open-runs.js';
import { CLI } from '../helpers/cli.js';
import { WRITES_TEMP } from '../helpers/settings.js';
import { fixture, SECURE_PATH, world } from './support.js';

const policy = (extra = '') => `
version: 1
settings:
  default: deny
  secure_path: "${SECURE_PATH}"
rules:
  - id: fixtures
    match: { command: [${fixture('sleep.mjs')}, ${fixture('exit-with.mjs')}${extra}] }
    decision: allow
    confine: ${WRITES_TEMP}
`;

// Resolves once `check` holds, polling every 50 ms for up to 20 s.
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!check()) throw new Error('timed out waiting');
}

describe('a supervisor killed mid-run', () => {
  it('is closed by exec_lost when the next run opens the log, once, and the log verifies', async () => {
    const w = world(policy());
    const child = w.start(['--', fixture('sleep.mjs'), '30000']);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await until(() => { try { return w.entries().some((e) => e.type === 'exec_start'); } catch { return false; } });
    const start = w.entries().find((e) => e.type === 'exec_start') as { request_id: string; pid: number; supervisor: { pid: number } };
    expect(start.supervisor.pid).toBe(child.pid);
    child.kill('SIGKILL');
    await exited;
    process.kill(start.pid, 'SIGKILL'); // the orphaned command
    const next = spawnSync(process.execPath, [CLI, 'run', '-p', w.policy, '--audit-db', w.db, '--', fixture('exit-with.mjs'), '0'], { cwd: w.dir, env: w.env });
    expect(next.status).toBe(0);
    const lost = w.entries().filter((e) => e.type === 'exec_lost');
    expect(lost).toEqual([expect.objectContaining({ request_id: start.request_id, pid: start.pid, supervisor_pid: child.pid })]);
    // Opened again: nothing more to close.
    spawnSync(process.execPath, [CLI, 'run', '-p', w.policy, '--audit-db', w.db, '--', fixture('exit-with.mjs'), '0'], { cwd: w.dir, env: w.env });
    expect(w.entries().filter((e) => e.type === 'exec_lost')).toHaveLength(1);
    const verify = spawnSync(process.execPath, [CLI, 'audit', 'verify', '--audit-db', w.db], { env: w.env });
    expect(verify.status).toBe(0);
  }, 40_000);

  it('a live supervisor is never taken for lost: its run is left open while it runs', async () => {
    const w = world(policy());
    const child = w.start(['--', fixture('sleep.mjs'), '3000']);
    const exited = new Promise((resolve) => child.on('exit', resolve));
    await until(() => { try { return w.entries().some((e) => e.type === 'exec_start'); } catch { return false; } });
    const other = spawnSync(process.execPath, [CLI, 'run', '-p', w.policy, '--audit-db', w.db, '--', fixture('exit-with.mjs'), '0'], { cwd: w.dir, env: w.env });
    expect(other.status).toBe(0);
    await exited;
    expect(w.entries().filter((e) => e.type === 'exec_lost')).toHaveLength(0);
    expect(w.entries().filter((e) => e.type === 'exec_end')).toHaveLength(2);
  }, 40_000);
});

describe('whether a supervisor is gone', () => {
  it('compares pid, start time and boot id, so a reused pid counts as gone', () => {
    const me = currentSupervisor();
    expect(me.start_ticks).not.toBeNull();
    const row = { supervisor_pid: me.pid, start_ticks: me.start_ticks, boot_id: me.boot_id };
    expect(supervisorGone(row)).toBe(false);
    expect(supervisorGone({ ...row, start_ticks: (me.start_ticks ?? 0) + 1 })).toBe(true);
    expect(supervisorGone({ ...row, boot_id: '00000000-0000-0000-0000-000000000000' })).toBe(true);
    const dead = spawnSync('/bin/true').pid as number;
    expect(supervisorGone({ ...row, supervisor_pid: dead })).toBe(true);
  });
});

describe('when exec_end cannot be written', () => {
  it('approve-run exits with the command’s own code and reports the logging failure', () => {
    // The command freezes the log behind approve-run's back (a trigger refusing every insert),
    // then exits 3: the outside fault strikes between exec_start and exec_end.
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    const w0 = world('version: 1\n');
    const freezer = join(w0.dir, 'freeze.cjs');
    writeFileSync(freezer, `#!${process.execPath}\nconst D = require(${JSON.stringify(sqlite)});\nconst h = new D(process.argv[2]);\nh.exec("CREATE TRIGGER frozen BEFORE INSERT ON entries BEGIN SELECT RAISE(ABORT, 'log frozen from outside'); END");\nh.close();\nprocess.exit(3);\n`);
    chmodSync(freezer, 0o755);
    const w = world(policy(`, ${freezer}`));
    const r = spawnSync(process.execPath, [CLI, 'run', '--json', '-p', w.policy, '--audit-db', w.db, '--', freezer, w.db], { cwd: w.dir, env: w.env });
    const stderr = r.stderr.toString();
    expect(r.status).toBe(3);
    expect(stderr).toMatch(/the command ran and exited 3, but its end was not logged: .*log frozen from outside/);
    expect(w.entries().map((e) => e.type)).toEqual(['policy_loaded', 'request', 'decision', 'exec_start']);
    expect(JSON.parse(stderr.trim().split('\n').pop() ?? '{}')).toMatchObject({ exit_code: 3 });
  });
});

