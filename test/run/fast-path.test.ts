// The fast path end to end (src/fast-path.ts, src/main.ts): with the compiled policy cached, an
// allowed run loads neither the full program nor the YAML parser, and behaves exactly as the
// full program does; runs the fast bundle cannot finish are handed over before anything is
// logged, so nothing is logged twice.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasNodeCompileCache } from '../../src/config/compile-cache.js';
import { SETPRIV } from '../../src/exec/launch.js';
import { CLI } from '../helpers/cli.js';
import { WRITES_TEMP } from '../helpers/settings.js';
import { tempDir } from '../helpers/tmp.js';
import { approverKey, fixture, jsonResult, moduleLogger, SECURE_PATH, world } from './support.js';

const POLICY = `
version: 1
settings:
  default: deny
  secure_path: "${SECURE_PATH}"
approvers:
  alice: { users: [alice], key: "${approverKey()}" }
channels:
  terminal: { authenticate: none }
rules:
  - id: reports
    match: { command: ${fixture('report.mjs')} }
    decision: allow
  - id: exits
    match: { command: ${fixture('exit-with.mjs')} }
    decision: allow
    confine: ${WRITES_TEMP}
  - id: markers
    match: { command: ${fixture('marker.mjs')} }
    decision: approve
    approvers: [alice]
    channel: terminal
  - id: shells
    match: { command: bash }
    decision: allow
`;

describe('the fast path', () => {
  it('on a cache hit, an allowed run loads neither the full program nor yaml or zod', () => {
    const w = world(POLICY);
    const env = { ...w.env, XDG_CACHE_HOME: join(w.dir, 'cache') };
    const log = join(w.dir, 'modules.log');
    const register = moduleLogger(w.dir, log);
    const run = () => spawnSync(process.execPath, ['--import', register, CLI, 'run', '-p', w.policy, '--audit-db', w.db, '--', fixture('exit-with.mjs'), '3'], { cwd: w.dir, env });
    expect(run().status).toBe(3);
    const missed = readFileSync(log, 'utf8');
    expect(missed).toMatch(/dist\/program\.js/);
    writeFileSync(log, '');
    expect(run().status).toBe(3);
    const hit = readFileSync(log, 'utf8');
    expect(hit).not.toMatch(/program\.js|chunks\/|yaml|zod|commander/);
    expect(w.entries().filter((e) => e.type === 'exec_end').map((e) => e.exit_code)).toEqual([3, 3]);
  });

  it('gives the same result, output and log entries on a miss (full program) and a hit', async () => {
    const w = world(POLICY);
    const extra = { XDG_CACHE_HOME: join(w.dir, 'cache') };
    const miss = await w.run(['--json', '--actor', 'agent:ci', '--', fixture('report.mjs'), 'a b'], extra);
    const hit = await w.run(['--json', '--actor', 'agent:ci', '--', fixture('report.mjs'), 'a b'], extra);
    expect(hit.code).toBe(miss.code);
    expect(hit.stdout).toBe(miss.stdout);
    const strip = (r: Record<string, unknown>) => ({ ...r, request_id: null, duration_ms: null });
    expect(strip(jsonResult(hit.stderr))).toEqual(strip(jsonResult(miss.stderr)));
    const types = w.entries().map((e) => e.type);
    expect(types).toEqual(['policy_loaded', 'request', 'decision', 'exec_start', 'exec_end', 'request', 'decision', 'exec_start', 'exec_end']);
  });

  it('an approval no channel can ask for ends the same on a miss and a hit: one request entry per run', async () => {
    const w = world(POLICY);
    const extra = { XDG_CACHE_HOME: join(w.dir, 'cache') };
    const marker = join(w.dir, 'marker');
    const results = [];
    for (let i = 0; i < 2; i++) results.push(await w.run(['--non-interactive', '--json', '--', fixture('marker.mjs'), marker], extra));
    for (const r of results) {
      expect(r.code).toBe(75);
      expect(jsonResult(r.stderr)).toMatchObject({ outcome: 'approver_unreachable', rule_ids: ['markers'] });
    }
    expect(existsSync(marker)).toBe(false);
    expect(w.entries().filter((e) => e.type === 'request')).toHaveLength(2);
    expect(w.entries().filter((e) => e.type === 'decision')).toHaveLength(2);
  });

  it('a shell line (the parser is not in the fast bundle) runs the same on a hit', async () => {
    const w = world(POLICY);
    const extra = { XDG_CACHE_HOME: join(w.dir, 'cache') };
    const line = `${fixture('exit-with.mjs')} 4`;
    const first = await w.run(['--shell', '--', line], extra);
    const second = await w.run(['--shell', '--', line], extra);
    expect([first.code, second.code]).toEqual([4, 4]);
    expect(w.entries().filter((e) => e.type === 'request')).toHaveLength(2);
  });

  it('check answers the same on a miss and a hit, text and JSON', () => {
    const w = world(POLICY);
    const env = { ...w.env, XDG_CACHE_HOME: join(w.dir, 'cache') };
    const check = (args: string[]) => spawnSync(process.execPath, [CLI, 'check', '-p', w.policy, ...args], { cwd: w.dir, env, encoding: 'utf8' });
    for (const args of [['--json', '--', fixture('report.mjs')], ['--', fixture('marker.mjs'), 'x'], ['--json', '--', 'rm', '-rf', '/']]) {
      const miss = check(args);
      const hit = check(args);
      expect([hit.status, hit.stdout, hit.stderr]).toEqual([miss.status, miss.stdout, miss.stderr]);
    }
    expect(check(['--json', '--', 'rm']).status).toBe(77);
  });

  it('a policy edited after it was cached is judged afresh', async () => {
    const w = world(POLICY);
    const extra = { XDG_CACHE_HOME: join(w.dir, 'cache') };
    expect((await w.run(['--', fixture('exit-with.mjs'), '0'], extra)).code).toBe(0);
    writeFileSync(w.policy, POLICY.replace('  - id: exits\n    match: { command: ' + fixture('exit-with.mjs') + ' }\n    decision: allow', '  - id: exits\n    match: { command: ' + fixture('exit-with.mjs') + ' }\n    decision: deny'));
    const denied = await w.run(['--', fixture('exit-with.mjs'), '0'], extra);
    expect(denied.code).toBe(77);
    expect(denied.stderr).toContain('approve-run: denied by exits');
  });

  it('an unusable cache directory changes nothing', async () => {
    const w = world(POLICY);
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, '');
    const results = [];
    for (let i = 0; i < 2; i++) results.push((await w.run(['--', fixture('exit-with.mjs'), '5'], { XDG_CACHE_HOME: file })).code);
    expect(results).toEqual([5, 5]);
  });
});

describe('the code cache of the fast bundle (Node < 22.1: vm.Script data)', () => {
  it.runIf(!hasNodeCompileCache())('the first start saves data; the first run the policy allows replaces it with full data, which later starts keep', () => {
    const dir = tempDir();
    const policy = join(dir, 'policy.yaml');
    writeFileSync(policy, 'version: 1\nrules:\n  - id: t\n    match: { command: "true" }\n    decision: allow\n', { mode: 0o644 });
    chownSync(dir, 65534, 65534);
    const env = { PATH: '/usr/bin:/bin', HOME: dir, XDG_CACHE_HOME: join(dir, 'cache'), NO_COLOR: '1' };
    // As nobody, so the cache is this test's own (root's is shared by every test).
    const as = (args: string[]) => spawnSync(SETPRIV, ['--reuid=65534', '--regid=65534', '--clear-groups', '--', process.execPath, CLI, ...args], { cwd: dir, env, encoding: 'utf8' });
    const cacheDir = join(dir, 'cache', 'approve-run', 'compile');
    const files = () => readdirSync(cacheDir).filter((name) => name.startsWith('fast-path.cjs-'));
    const run = ['run', '-p', policy, '--audit-db', join(dir, 'audit.db'), '--', 'true'];
    expect(as(['--version']).status).toBe(0);
    expect(files()).toEqual([expect.stringMatching(/\d-\w+\.v8$/)]);
    expect(as(run).status).toBe(0); // a policy-cache miss: handed over, so not the whole allow path
    expect(files()).toEqual([expect.stringMatching(/\d-\w+\.v8$/)]);
    expect(as(run).status).toBe(0);
    const [full] = files();
    expect(files()).toEqual([expect.stringMatching(/\.full\.v8$/)]);
    const stamp = statSync(join(cacheDir, full as string)).mtimeMs;
    expect(as(['check', '-p', policy, '--', 'true']).status).toBe(0);
    expect(as(run).status).toBe(0);
    expect(files()).toEqual([full]);
    expect(statSync(join(cacheDir, full as string)).mtimeMs).toBe(stamp);
  });
});
