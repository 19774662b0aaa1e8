// runChild with real child processes: exit codes, 126/127, signals, deadlines, abort.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApproveRunError } from '../../src/errors.js';
import { runChild, type RunChildOptions } from '../../src/exec/spawn.js';
import { tempDir } from '../helpers/tmp.js';
import { buildDriver, clock, fixture, waitForFile, waitGone } from './support.js';

const NODE = process.execPath;
const baseEnv = { PATH: '/usr/bin:/bin' };

// Options for running a node fixture directly (no PATH lookup involved).
function nodeFixture(name: string, args: string[], extra: Partial<RunChildOptions> = {}): RunChildOptions {
  return { file: NODE, argv: ['node', fixture(name), ...args], env: baseEnv, cwd: tempDir(), deadline: null, killGraceS: 1, ...extra };
}

describe('runChild exit codes', () => {
  it.each([0, 1, 3, 42, 255])('passes exit code %i through', async (code) => {
    const result = await runChild(nodeFixture('exit-with.mjs', [String(code)]), clock);
    expect(result).toMatchObject({ exitCode: code, signal: null, timedOut: false, aborted: false });
    expect(result.pid).toBeGreaterThan(0);
  });

  it.each([
    ['SIGTERM', 143],
    ['SIGKILL', 137],
    ['SIGINT', 130],
    ['SIGSEGV', 139],
  ])('a command killed by %s gives %i', async (signal, code) => {
    const result = await runChild(nodeFixture('kill-self.mjs', [signal]), clock);
    expect(result).toMatchObject({ exitCode: code, signal, timedOut: false });
  });

  it('keeps argv[0] exactly as requested and passes exactly the given environment', async () => {
    const out = join(tempDir(), 'report.json');
    const env = { PATH: '/usr/bin:/bin', ONLY: 'this' };
    await runChild({ ...nodeFixture('report.mjs', [out, 'a b', '--x']), argv: ['custom-name', fixture('report.mjs'), out, 'a b', '--x'], env }, clock);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    expect(report.argv0).toBe('custom-name');
    expect(report.args).toEqual(['a b', '--x']);
    expect(report.env).toEqual(env);
  });
});

describe('runChild refuses what cannot run', () => {
  const dir = tempDir();
  const plain = join(dir, 'plain.sh');
  writeFileSync(plain, '#!/bin/sh\nexit 0\n');
  chmodSync(plain, 0o644);
  const noHeader = join(dir, 'no-header');
  writeFileSync(noHeader, `touch ${join(dir, 'ran-by-sh')}\n`);
  chmodSync(noHeader, 0o755);
  mkdirSync(join(dir, 'subdir'));

  it.each([
    ['a missing file', join(dir, 'missing'), 127, /: not found$/],
    ['a file under a missing directory', join(dir, 'nope', 'x'), 127, /: not found$/],
    ['a directory', join(dir, 'subdir'), 126, /: is a directory$/],
    ['a file without execute permission', plain, 126, /: permission denied$/],
    ['an executable without #! or ELF header', noHeader, 126, /exec format error$/],
    ['a character device', '/dev/null', 126, /: permission denied$/],
  ])('%s gives %i', async (_what, file, code, message) => {
    const error = await runChild({ file, argv: ['the-cmd'], env: baseEnv, cwd: dir, deadline: null, killGraceS: 1 }, clock).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApproveRunError);
    expect((error as ApproveRunError).exitCode).toBe(code);
    expect((error as ApproveRunError).message).toMatch(/^the-cmd: /);
    expect((error as ApproveRunError).message).toMatch(message);
    expect(existsSync(join(dir, 'ran-by-sh'))).toBe(false);
  });
});

describe('runChild deadlines', () => {
  it('stops a command and its grandchild at the deadline with 124', async () => {
    const dir = tempDir();
    const atMs = clock.monotonicMs() + 1500;
    const result = await runChild(nodeFixture('family.mjs', [dir], { deadline: { atMs, label: 'test' } }), clock);
    const grandchild = Number(readFileSync(join(dir, 'grandchild'), 'utf8'));
    expect(result).toMatchObject({ exitCode: 124, timedOut: true, aborted: false, signal: 'SIGTERM' });
    expect(await waitGone(grandchild)).toBe(true);
  });

  it('sends SIGKILL after kill_grace to a command ignoring SIGTERM', async () => {
    const dir = tempDir();
    const atMs = clock.monotonicMs() + 1000;
    const result = await runChild(nodeFixture('trap.mjs', [dir, 'ignore'], { deadline: { atMs, label: 'test' }, killGraceS: 1 }), clock);
    expect(result).toMatchObject({ exitCode: 124, timedOut: true, signal: 'SIGKILL' });
    expect(readFileSync(join(dir, 'got'), 'utf8')).toBe('SIGTERM\n');
    expect(result.durationMs).toBeGreaterThanOrEqual(1900);
  });

  it('kills a grandchild that ignores SIGTERM even after the child itself exited', async () => {
    const dir = tempDir();
    const atMs = clock.monotonicMs() + 1500;
    const result = await runChild(nodeFixture('family.mjs', [dir, 'stubborn'], { deadline: { atMs, label: 'test' }, killGraceS: 1 }), clock);
    const grandchild = Number(readFileSync(join(dir, 'grandchild'), 'utf8'));
    expect(result).toMatchObject({ exitCode: 124, timedOut: true });
    expect(await waitGone(grandchild)).toBe(true);
  });

  it('finishes when both the child and its grandchild ignore SIGTERM (SIGKILL for all)', async () => {
    const dir = tempDir();
    const atMs = clock.monotonicMs() + 1500;
    const result = await runChild(nodeFixture('family.mjs', [dir, 'both-stubborn'], { deadline: { atMs, label: 'test' }, killGraceS: 1 }), clock);
    const grandchild = Number(readFileSync(join(dir, 'grandchild'), 'utf8'));
    expect(result).toMatchObject({ exitCode: 124, timedOut: true, signal: 'SIGKILL' });
    expect(await waitGone(grandchild)).toBe(true);
  });

  it('does not fire early for a deadline beyond the 24.8-day timer limit', async () => {
    const atMs = clock.monotonicMs() + 30 * 86_400_000;
    const result = await runChild(nodeFixture('sleep.mjs', ['300'], { deadline: { atMs, label: 'test' } }), clock);
    expect(result).toMatchObject({ exitCode: 0, timedOut: false });
  });

  it('stops the command on abort with 124 and aborted set', async () => {
    const dir = tempDir();
    const controller = new AbortController();
    const pending = runChild(nodeFixture('trap.mjs', [dir], { abort: controller.signal }), clock);
    await waitForFile(join(dir, 'ready'));
    controller.abort();
    const result = await pending;
    expect(result).toMatchObject({ exitCode: 124, aborted: true, timedOut: false });
    expect(readFileSync(join(dir, 'got'), 'utf8')).toBe('SIGTERM\n');
  });

  it('stops the command and rejects when onStart throws', async () => {
    const dir = tempDir();
    let started = 0;
    const error = await runChild(
      nodeFixture('trap.mjs', [dir], {
        onStart: (pid) => {
          started = pid;
          throw new ApproveRunError('audit', 'cannot log exec_start');
        },
      }),
      clock,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApproveRunError);
    expect((error as ApproveRunError).exitCode).toBe(125);
    expect(started).toBeGreaterThan(0);
    expect(await waitGone(started)).toBe(true);
  });
});

describe('signal forwarding (approve-run in its own process)', () => {
  const work = tempDir();
  const driver = buildDriver(work);

  // Starts the driver running trap.mjs; resolves once the command is ready.
  async function startDriver(dir: string) {
    const result = join(dir, 'result.json');
    const spec = { file: NODE, argv: ['node', fixture('trap.mjs'), dir], env: baseEnv, cwd: dir, killGraceS: 1, result };
    const child = spawn(NODE, [driver, JSON.stringify(spec)], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitForFile(join(dir, 'ready'));
    return { child, exited, result };
  }

  it.each(['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT'] as const)('%s sent to approve-run reaches the command', async (signal) => {
    const dir = tempDir();
    const { child, exited, result } = await startDriver(dir);
    child.kill(signal);
    expect(await exited).toBe(0);
    expect(readFileSync(join(dir, 'got'), 'utf8')).toBe(`${signal}\n`);
    expect(JSON.parse(readFileSync(result, 'utf8'))).toMatchObject({ exitCode: 0, signal: null });
  });

  it('reports 124 from the driver at a deadline', async () => {
    const dir = tempDir();
    const result = join(dir, 'result.json');
    const spec = { file: NODE, argv: ['node', fixture('sleep.mjs'), '60000'], env: baseEnv, cwd: dir, killGraceS: 1, result, deadlineInMs: 800 };
    const child = spawn(NODE, [driver, JSON.stringify(spec)], { stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(124);
    expect(JSON.parse(readFileSync(result, 'utf8'))).toMatchObject({ timedOut: true, exitCode: 124 });
  });
});
