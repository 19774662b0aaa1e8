// `approve-run run` end to end through the built CLI (run `npm run build` first): the real
// policy loader, decision function, approval flow and audit log, with fixture commands.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { WRITES_TEMP } from '../helpers/settings.js';
import { approverKey, fixture, jsonResult, SECURE_PATH, world } from './support.js';

const POLICY = `
version: 1
settings:
  default: approve
  secure_path: "${SECURE_PATH}"
  max_runtime: 1h
  kill_grace: 1s
  env_keep: [TERM, "LC_*"]
approvers:
  alice: { users: [alice], key: "${approverKey()}" }
channels:
  terminal: { authenticate: none }
rules:
  - id: exit-codes
    match: { command: ${fixture('exit-with.mjs')} }
    decision: allow
    confine: ${WRITES_TEMP}
  - id: self-kill
    match: { command: ${fixture('kill-self.mjs')} }
    decision: allow
  - id: reports
    match: { command: ${fixture('report.mjs')} }
    decision: allow
    confine: ${WRITES_TEMP}
  - id: traps
    match: { command: ${fixture('trap.mjs')} }
    decision: allow
    confine: ${WRITES_TEMP}
  - id: slow
    match: { command: ${fixture('sleep.mjs')}, args: ["60000"] }
    decision: allow
    max_runtime: 1s
  - id: sleepy
    match: { command: ${fixture('sleep.mjs')}, args: ["30000"] }
    decision: allow
  - id: markers
    match: { command: ${fixture('marker.mjs')} }
    decision: allow
    confine: ${WRITES_TEMP}
  - id: marker-approval
    match: { command: ${fixture('marker.mjs')}, args: ["re:.*/approve-me"] }
    decision: approve
    approvers: [alice]
    channel: terminal
  - id: no-markers
    match: { command: ${fixture('marker.mjs')}, args: ["re:.*/denied"] }
    decision: deny
    message: markers are not allowed here
  - id: no-agent-markers
    match: { command: ${fixture('marker.mjs')}, args: ["re:.*/agent-check"] }
    when: { actor: "agent:*" }
    decision: deny
    message: agents may not
`;

describe('run: outcomes and exit codes', () => {
  it.each([0, 3, 255])('an allowed command runs and its exit code %i is returned', async (code) => {
    const w = world(POLICY);
    const result = await w.run(['--json', '--', fixture('exit-with.mjs'), String(code)]);
    expect(result.code).toBe(code);
    expect(jsonResult(result.stderr)).toMatchObject({ outcome: 'allowed', exit_code: code, rule_ids: ['exit-codes'], session_id: null, approvers: [] });
    expect(jsonResult(result.stderr).request_id).toMatch(/^req_[0-9A-Z]{26}$/);
  });

  it('a command killed by SIGTERM gives 143', async () => {
    const w = world(POLICY);
    expect((await w.run(['--', fixture('kill-self.mjs'), 'SIGTERM'])).code).toBe(143);
  });

  it('a denied command exits 77 with the rule and message, and does not run', async () => {
    const w = world(POLICY);
    const marker = join(w.dir, 'denied');
    const result = await w.run(['--json', '--', fixture('marker.mjs'), marker]);
    expect(result.code).toBe(77);
    expect(result.stderr).toContain('approve-run: denied by no-markers: markers are not allowed here\n');
    expect(jsonResult(result.stderr)).toMatchObject({ outcome: 'denied_by_policy', exit_code: 77 });
    expect(existsSync(marker)).toBe(false);
  });

  it('a command needing approval with no approver reachable exits 75 and does not run', async () => {
    const w = world(POLICY);
    const marker = join(w.dir, 'approve-me');
    const result = await w.run(['--non-interactive', '--json', '--', fixture('marker.mjs'), marker]);
    expect(result.code).toBe(75);
    expect(result.stderr).toMatch(/^approve-run: no approval \(request req_\w+\): /m);
    expect(jsonResult(result.stderr)).toMatchObject({ outcome: 'approver_unreachable', exit_code: 75, rule_ids: ['marker-approval'] });
    expect(existsSync(marker)).toBe(false);
    const outcomes = w.entries().filter((e) => e.type === 'decision' && e.outcome === 'approver_unreachable');
    expect(outcomes).toHaveLength(1);
    expect(w.entries().some((e) => e.type === 'exec_start')).toBe(false);
  });

  it.each([
    ['a bare name', ['no-such-command-xyz'], 'no-such-command-xyz: not found'],
    ['a relative path', ['./no-such-file'], './no-such-file: not found'],
  ])('a nonexistent command (%s) exits 127 without asking anyone', async (_what, argv, message) => {
    const w = world(POLICY);
    const result = await w.run(['--non-interactive', '--', ...argv]);
    expect(result.code).toBe(127);
    expect(result.stderr).toContain(`approve-run: ${message}\n`);
    expect(result.stderr).not.toContain('waiting for approval');
  });

  it('a command that is not executable exits 126', async () => {
    const w = world(POLICY);
    writeFileSync(join(w.dir, 'plain'), '#!/bin/sh\n', { mode: 0o644 });
    expect((await w.run(['--non-interactive', '--', './plain'])).code).toBe(126);
  });
});

describe('run: usage errors (125, nothing runs)', () => {
  const M = '<marker>';
  it.each([
    ['missing --', [fixture('marker.mjs'), M], /missing '--'/],
    ['empty command', ['--'], /no command given/],
    ['bad --timeout unit', ['--timeout', '10x', '--', fixture('marker.mjs'), M], /--timeout: invalid duration/],
    ['zero --timeout', ['--timeout', '0s', '--', fixture('marker.mjs'), M], /--timeout: invalid duration/],
    ['negative --timeout', ['--timeout', '-1m', '--', fixture('marker.mjs'), M], /invalid duration|--timeout/],
    ['fractional --timeout', ['--timeout', '1.5h', '--', fixture('marker.mjs'), M], /--timeout: invalid duration/],
    ['--shell with two words', ['--shell', '--', fixture('marker.mjs'), M], /--shell takes exactly one command line/],
    ['unknown option', ['--frobnicate', '--', fixture('marker.mjs'), M], /unknown option/],
  ])('%s', async (_what, args, message) => {
    const w = world(POLICY);
    const marker = join(w.dir, 'usage-marker');
    const result = await w.run(args.map((a) => (a === M ? marker : a)));
    expect(result.code).toBe(125);
    expect(result.stderr).toMatch(message);
    expect(existsSync(marker)).toBe(false);
  });

  it('the policy requires a reason: none given is 125, a reason lets it run', async () => {
    const w = world(POLICY.replace('  kill_grace: 1s', '  kill_grace: 1s\n  require_reason: true'));
    const marker = join(w.dir, 'with-reason');
    const without = await w.run(['--', fixture('marker.mjs'), marker]);
    expect(without.code).toBe(125);
    expect(without.stderr).toMatch(/requires a reason/);
    expect((await w.run(['-r', '   ', '--', fixture('marker.mjs'), marker])).code).toBe(125);
    expect(existsSync(marker)).toBe(false);
    expect((await w.run(['-r', 'testing', '--', fixture('marker.mjs'), marker])).code).toBe(0);
    expect(existsSync(marker)).toBe(true);
  });

  it('an unwritable audit log is 125 and the command does not run', async () => {
    const w = world(POLICY);
    writeFileSync(join(w.dir, 'a-file'), '');
    const marker = join(w.dir, 'no-log');
    const result = await runCli(['run', '-p', w.policy, '--audit-db', join(w.dir, 'a-file', 'audit.db'), '--', fixture('marker.mjs'), marker], { cwd: w.dir, env: w.env });
    expect(result.code).toBe(125);
    expect(result.stderr).toMatch(/audit/);
    expect(existsSync(marker)).toBe(false);
  });

  it('a malformed policy is 125 with file:line:col', async () => {
    const w = world('version: 1\nrules:\n  - id: x\n    bogus: 1\n');
    const result = await w.run(['--', fixture('marker.mjs'), join(w.dir, 'm')]);
    expect(result.code).toBe(125);
    expect(result.stderr).toMatch(/policy\.yaml:\d+:\d+: /);
  });
});

describe('run: privileged mode (under sudo) refuses caller-chosen files', () => {
  const sudo = { SUDO_UID: '65534', SUDO_USER: 'nobody', SUDO_GID: '65534' };
  it.each([
    ['--policy', ['-p', 'x.yaml'], {}],
    ['--audit-db', ['--audit-db', 'x.db'], {}],
    ['$APPROVE_RUN_POLICY', [], { APPROVE_RUN_POLICY: '/tmp/p.yaml' }],
    ['$APPROVE_RUN_AUDIT_DB', [], { APPROVE_RUN_AUDIT_DB: '' }],
  ])('%s is refused with 125', async (what, flags, env) => {
    const w = world(POLICY);
    const marker = join(w.dir, 'privileged');
    const result = await runCli(['run', ...flags, '--', fixture('marker.mjs'), marker], { cwd: w.dir, env: { ...w.env, ...sudo, ...env } });
    expect(result.code).toBe(125);
    expect(result.stderr).toContain(`${what} is refused in privileged mode`);
    expect(existsSync(marker)).toBe(false);
  });

  it('inconsistent sudo variables stop everything (125)', async () => {
    const w = world(POLICY);
    const result = await runCli(['run', '--', fixture('marker.mjs'), join(w.dir, 'm')], { cwd: w.dir, env: { ...w.env, SUDO_UID: '65534', SUDO_USER: 'root' } });
    expect(result.code).toBe(125);
    expect(result.stderr).toMatch(/SUDO_USER "root" does not match/);
  });
});

describe('run: deadlines', () => {
  it('stops at the rule’s max_runtime with 124 and the SPEC message', async () => {
    const w = world(POLICY);
    const result = await w.run(['--json', '--', fixture('sleep.mjs'), '60000']);
    expect(result.code).toBe(124);
    expect(result.stderr).toContain('approve-run: stopped after 1s (max_runtime of slow)\n');
    expect(jsonResult(result.stderr)).toMatchObject({ outcome: 'timed_out', exit_code: 124 });
    const end = w.entries().find((e) => e.type === 'exec_end');
    expect(end).toMatchObject({ exit_code: 124, timed_out: true, revoked: false });
  });

  it('--timeout lowers the max runtime', async () => {
    const w = world(POLICY);
    const result = await w.run(['--timeout', '1s', '--', fixture('sleep.mjs'), '30000']);
    expect(result.code).toBe(124);
    expect(result.stderr).toContain('approve-run: stopped after 1s (--timeout)\n');
  });

  it('--timeout never raises it', async () => {
    const w = world(POLICY);
    const result = await w.run(['--timeout', '1d', '--', fixture('sleep.mjs'), '60000']);
    expect(result.code).toBe(124);
    expect(result.stderr).toContain('stopped after 1s (max_runtime of slow)');
  });
});

describe('run: the child process', () => {
  it('gets a rebuilt environment: env_keep (with LC_*), PATH=secure_path, HOME/USER/LOGNAME from passwd', async () => {
    const w = world(POLICY);
    const out = join(w.dir, 'report.json');
    const result = await w.run(['--', fixture('report.mjs'), out], {
      LD_PRELOAD: 'libnonexistent-approve-run-test.so',
      NODE_OPTIONS: '--no-deprecation',
      BASH_ENV: '/tmp/evil-rc',
      PYTHONPATH: '/tmp/evil',
      PATH: `/tmp/evil-bin:${process.env.PATH ?? ''}`,
      HOME: '/tmp/fake-home',
      USER: 'fake',
      MY_SECRET: 'hunter2',
      TERM: 'xterm-test',
      LC_TIME: 'C',
      LC_MONETARY: 'POSIX',
    });
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.env).toEqual({ TERM: 'xterm-test', LC_TIME: 'C', LC_MONETARY: 'POSIX', PATH: SECURE_PATH, HOME: '/root', USER: 'root', LOGNAME: 'root', LESSSECURE: '1', SYSTEMD_PAGERSECURE: '1', PWD: w.dir });
    expect(report.cwd).toBe(w.dir);
  });

  it('runs a shell line with bash --noprofile --norc -c in the rebuilt environment', async () => {
    const w = world(POLICY);
    const out = join(w.dir, 'shell.json');
    const line = `${fixture('report.mjs')} ${out} 'two words' && ${fixture('exit-with.mjs')} 6`;
    const result = await w.run(['--shell', '--', line], { BASH_ENV: join(w.dir, 'rc'), MY_SECRET: 'hunter2' });
    expect(result.code).toBe(6);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.args).toEqual(['two words']);
    expect(report.env.PATH).toBe(SECURE_PATH);
    expect(report.env).not.toHaveProperty('MY_SECRET');
    expect(report.env).not.toHaveProperty('BASH_ENV');
  });

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP'] as const)('%s sent to approve-run reaches the command', async (signal) => {
    const w = world(POLICY);
    const child = w.start(['--', fixture('trap.mjs'), w.dir]);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const ready = join(w.dir, 'ready');
    for (let i = 0; i < 500 && !existsSync(ready); i++) await new Promise((r) => setTimeout(r, 20));
    child.kill(signal);
    expect(await exited).toBe(0);
    expect(readFileSync(join(w.dir, 'got'), 'utf8')).toBe(`${signal}\n`);
  });

  it('logs policy_loaded once, then request, decision, exec_start, exec_end in order', async () => {
    const w = world(POLICY);
    await w.run(['--', fixture('exit-with.mjs'), '4']);
    await w.run(['--', fixture('exit-with.mjs'), '0']);
    const types = w.entries().map((e) => e.type);
    expect(types).toEqual(['policy_loaded', 'request', 'decision', 'exec_start', 'exec_end', 'request', 'decision', 'exec_start', 'exec_end']);
    const [, request, decision, start, end] = w.entries();
    const id = (request?.request as { id: string }).id;
    expect(decision).toMatchObject({ request_id: id, outcome: 'allowed', decided_by: ['exit-codes'] });
    expect(start).toMatchObject({ request_id: id, session_id: null });
    expect(typeof start?.pid).toBe('number');
    expect(end).toMatchObject({ request_id: id, exit_code: 4, signal: null, timed_out: false, revoked: false });
  });
});

describe('run: preferences never change a decision', () => {
  it('the actor preference is recorded, but only --actor is matched by when.actor', async () => {
    const w = world(POLICY);
    mkdirSync(join(w.xdg, 'approve-run'), { recursive: true });
    writeFileSync(join(w.xdg, 'approve-run', 'config.json'), JSON.stringify({ actor: 'agent:from-preference' }));
    const marker = join(w.dir, 'agent-check');
    const byPreference = await w.run(['--', fixture('marker.mjs'), marker]);
    expect(byPreference.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    const request = w.entries().find((e) => e.type === 'request')?.request as { actor: string };
    expect(request.actor).toBe('agent:from-preference');

    const marker2 = join(w.dir, 'x', 'agent-check');
    const byFlag = await w.run(['--actor', 'agent:claude-code', '--', fixture('marker.mjs'), marker2]);
    expect(byFlag.code).toBe(77);
    expect(byFlag.stderr).toContain('denied by no-agent-markers: agents may not');
  });

  it('output=json in preferences prints the JSON line', async () => {
    const w = world(POLICY);
    mkdirSync(join(w.xdg, 'approve-run'), { recursive: true });
    writeFileSync(join(w.xdg, 'approve-run', 'config.json'), JSON.stringify({ output: 'json' }));
    const result = await w.run(['--', fixture('exit-with.mjs'), '0']);
    expect(jsonResult(result.stderr)).toMatchObject({ outcome: 'allowed', exit_code: 0 });
  });
});
