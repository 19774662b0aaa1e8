// Checkpoint signing on the run path (SPEC §8, issue 14 item 10): runs never warn that syslog
// is unreachable (`policy validate` and `audit verify` say it once), and
// settings.audit.checkpoint_interval spaces checkpoints by entries. This host has no /dev/log,
// which is the case the warning is about.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syslogUnreachable } from '../../src/audit/syslog.js';
import { CLI } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { fixture, SECURE_PATH, world, type World } from '../run/support.js';

// A world whose policy signs checkpoints with a fresh key, every `interval` entries.
function signingWorld(interval: number | null): World {
  const keys = tempDir();
  const made = spawnSync(process.execPath, [CLI, 'keygen', '-o', join(keys, 'audit')]);
  expect(made.status).toBe(0);
  return world(`
version: 1
settings:
  default: deny
  secure_path: "${SECURE_PATH}"
  audit:
    checkpoint_key: ${join(keys, 'audit.key')}
${interval === null ? '' : `    checkpoint_interval: ${interval}\n`}rules:
  - id: exits
    match: { command: ${fixture('exit-with.mjs')} }
    decision: allow
`);
}

const run = (w: World) => spawnSync(process.execPath, [CLI, 'run', '-p', w.policy, '--audit-db', w.db, '--', fixture('exit-with.mjs'), '0'], { cwd: w.dir, env: w.env });

describe('syslog warnings', () => {
  it('a run with a checkpoint key is silent about syslog; policy validate and audit verify warn once', () => {
    if (!existsSync('/dev/log')) expect(syslogUnreachable()).toMatch(/\/dev\/log is missing/);
    const w = signingWorld(null);
    const r = run(w);
    expect(r.status).toBe(0);
    expect(r.stderr.toString()).toBe('');
    expect(w.entries().filter((e) => e.type === 'checkpoint')).toHaveLength(1);
    if (existsSync('/dev/log')) return;
    const validate = spawnSync(process.execPath, [CLI, 'policy', 'validate', w.policy], { cwd: w.dir, env: w.env });
    expect(validate.status).toBe(0);
    expect(validate.stdout.toString().match(/cannot be sent to syslog: \/dev\/log is missing/g)).toHaveLength(1);
    const verify = spawnSync(process.execPath, [CLI, 'audit', 'verify', '-p', w.policy, '--audit-db', w.db], { cwd: w.dir, env: w.env });
    expect(verify.status).toBe(0);
    expect(verify.stderr.toString().match(/cannot be sent to syslog: \/dev\/log is missing/g)).toHaveLength(1);
  });
});

describe('settings.audit.checkpoint_interval', () => {
  it('signs only once that many entries followed the last checkpoint', () => {
    const w = signingWorld(12);
    // Run 1 logs 5 entries (policy_loaded, request, decision, exec_start, exec_end), runs 2-4
    // 4 each: 5, 9, then 13 >= 12 after run 3 (checkpoint at seq 13), then 4 more after it.
    for (let i = 0; i < 4; i++) expect(run(w).status).toBe(0);
    const types = w.entries().map((e) => e.type);
    expect(types.flatMap((t, i) => (t === 'checkpoint' ? [i] : []))).toEqual([13]);
    expect(types).toHaveLength(18);
    expect(spawnSync(process.execPath, [CLI, 'audit', 'verify', '--audit-db', w.db], { env: w.env }).status).toBe(0);
  });

  it('defaults to every run, and is refused below 1', () => {
    const w = signingWorld(null);
    for (let i = 0; i < 2; i++) expect(run(w).status).toBe(0);
    expect(w.entries().filter((e) => e.type === 'checkpoint')).toHaveLength(2);
    const bad = signingWorld(0);
    const validate = spawnSync(process.execPath, [CLI, 'policy', 'validate', bad.policy], { cwd: bad.dir, env: bad.env });
    expect(validate.status).toBe(1);
    expect(validate.stdout.toString()).toMatch(/settings\.audit\.checkpoint_interval/);
  });
});
