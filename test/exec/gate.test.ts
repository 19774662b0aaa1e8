// The start gate of a sandbox built ahead of its run (src/exec/launch.ts invariant 5,
// src/exec/spawn.ts invariant 7), with real bash and real bwrap: the command never starts
// without the opening byte, whatever else happens to the gate.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { commandLine, GATE_FD, GATE_OPEN, GATE_SHELL } from '../../src/exec/launch.js';
import { prestart } from '../../src/exec/prestart.js';
import { runChild } from '../../src/exec/spawn.js';
import type { Confinement } from '../../src/policy/types.js';
import { tempDir } from '../helpers/tmp.js';
import { clock, fixture, processGone, waitGone } from './support.js';

// Writes what opens a gate.
function open(gate: unknown): void {
  (gate as Writable).on('error', () => {}).end(GATE_OPEN);
}

// Long enough for bash (and bwrap) to have started the command had the gate been open.
const SETTLE_MS = 500;

// Starts the gated line for `touch MARK` (argv[0] `argv0`: bash's gate for `touch`, GATE_SHELL's
// for the path) with a pipe at the gate's descriptor, gives the gate `feed` after SETTLE_MS
// (null: closes it unwritten, as approve-run's death does), and reports whether the command ran
// before and after, and the exit code.
async function gatedTouch(feed: string | null, argv0 = 'touch'): Promise<{ early: boolean; ran: boolean; code: number | null }> {
  const mark = join(tempDir(), 'ran');
  const line = commandLine({ file: '/usr/bin/touch', args: [mark], argv0 }, true);
  const child = spawn(line[0] ?? '', line.slice(1), { stdio: ['ignore', 'ignore', 'ignore', 'ignore', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await sleep(SETTLE_MS);
  const early = existsSync(mark);
  const gate = (child.stdio[GATE_FD] as Writable).on('error', () => {});
  if (feed === null) gate.destroy();
  else gate.end(feed);
  const code = await exited;
  return { early, ran: existsSync(mark), code };
}

describe('a gated command line', () => {
  // bash's gate keeps argv[0] `touch`; GATE_SHELL's holds a command whose argv[0] is its path.
  const GATES = [
    ['bash', 'touch'],
    [GATE_SHELL, '/usr/bin/touch'],
  ] as const;

  it('puts a command whose argv[0] is its path behind GATE_SHELL, one that keeps another argv[0] behind bash', () => {
    expect(commandLine({ file: '/usr/bin/touch', args: ['x'], argv0: '/usr/bin/touch' }, true).slice(0, 2)).toEqual([GATE_SHELL, '-c']);
    expect(commandLine({ file: '/usr/bin/touch', args: ['x'], argv0: 'touch' }, true)[0]).toBe('/bin/bash');
    expect(commandLine({ file: '/usr/bin/touch', args: ['x'], argv0: '/usr/bin/touch' })).toEqual(['/usr/bin/touch', 'x']);
  });

  it.each(GATES)('%s: runs the command only once the gate is opened', async (_shell, argv0) => {
    expect(await gatedTouch(GATE_OPEN, argv0)).toEqual({ early: false, ran: true, code: 0 });
  });

  const HOSTILE = [
    ['the end of the stream (approve-run died)', null],
    ['an empty write', ''],
    ['another byte', 'n'],
    ['another line', 'n\n'],
    ['a byte that is not the first character', 'xy'],
    ['a line that is not the first', '\ny\n'],
  ] as const;
  it.each(GATES.flatMap(([shell, argv0]) => HOSTILE.map(([name, feed]) => [shell, name, feed, argv0] as const)))(
    '%s: %s: exits 125 and never runs the command',
    async (_shell, _name, feed, argv0) => {
      expect(await gatedTouch(feed, argv0)).toEqual({ early: false, ran: false, code: 125 });
    },
  );

  it.each([
    ['y without the end of its line (cut off by the end of the stream)', 'y'],
    ['y followed by more on its line', 'yes\n'],
    ['y with a carriage return', 'y\r\n'],
    ['y with leading blanks', ' y\n'],
  ])('%s: GATE_SHELL exits 125 and never runs the command', async (_name, feed) => {
    expect(await gatedTouch(feed, '/usr/bin/touch')).toEqual({ early: false, ran: false, code: 125 });
  });

  it('changes nothing the command receives (argv[0], arguments, environment), and the command does not hold the gate', async () => {
    const env = { PATH: '/usr/bin:/bin', ONLY: 'this' };
    // What the command of `line` reports, the gate (if any) opened at once.
    const received = async (gated: boolean) => {
      const out = join(tempDir(), 'report.json');
      const line = commandLine({ file: process.execPath, args: [fixture('report.mjs'), out, 'a b'], argv0: 'custom-name' }, gated);
      const child = spawn(line[0] ?? '', line.slice(1), { env, stdio: ['ignore', 'ignore', 'ignore', 'ignore', 'pipe'] });
      open(child.stdio[GATE_FD]);
      await new Promise((resolve) => child.on('exit', resolve));
      const { argv0, args, env: got } = JSON.parse(readFileSync(out, 'utf8'));
      return { argv0, args, env: got };
    };
    const gated = await received(true);
    expect(gated).toMatchObject({ argv0: 'custom-name', args: ['a b'], env: { ONLY: 'this' } });
    expect(gated).toEqual(await received(false));
    // GATE_SHELL's gate, for a command whose argv[0] is its path. PWD is given, as bwrap gives
    // it to every confined command (a POSIX shell would otherwise add it).
    const byPath = async (gated: boolean) => {
      const out = join(tempDir(), 'report.json');
      const line = commandLine({ file: process.execPath, args: [fixture('report.mjs'), out, 'a b'], argv0: process.execPath }, gated);
      const child = spawn(line[0] ?? '', line.slice(1), { env: { ...env, PWD: process.cwd() }, stdio: ['ignore', 'ignore', 'ignore', 'ignore', 'pipe'] });
      open(child.stdio[GATE_FD]);
      await new Promise((resolve) => child.on('exit', resolve));
      const { argv0, args, env: got } = JSON.parse(readFileSync(out, 'utf8'));
      return { argv0, args, env: got };
    };
    const shellGated = await byPath(true);
    expect(shellGated).toMatchObject({ argv0: process.execPath, args: ['a b'], env: { ONLY: 'this' } });
    expect(shellGated).toEqual(await byPath(false));
    const fds = join(tempDir(), 'fds');
    // The gate is the only socket the command could hold here (the other descriptors are /dev/null).
    for (const argv0 of ['find', '/usr/bin/find']) {
      const listing = commandLine({ file: '/usr/bin/find', args: ['/proc/self/fd/', '-mindepth', '1', '-maxdepth', '1', '-lname', 'socket:*', '-fprint', fds], argv0 }, true);
      const lister = spawn(listing[0] ?? '', listing.slice(1), { stdio: ['ignore', 'ignore', 'ignore', 'ignore', 'pipe'] });
      open(lister.stdio[GATE_FD]);
      await new Promise((resolve) => lister.on('exit', resolve));
      expect(readFileSync(fds, 'utf8')).toBe('');
    }
  });
});

describe('a sandbox built ahead', () => {
  const confine = (dir: string): Confinement => ({ filesystem: 'read-only', writable: [dir], network: 'none', terminal: 'none' });
  // prestart() for `touch MARK` (argv[0] as given) inside a sandbox whose only writable path is MARK's directory.
  function touchAhead(argv0 = 'touch'): { mark: string; pre: NonNullable<ReturnType<typeof prestart>>; options: Parameters<typeof prestart>[0] } {
    const dir = tempDir();
    const mark = join(dir, 'ran');
    const options = { file: '/usr/bin/touch', argv: [argv0, mark], env: { PATH: '/usr/bin:/bin' }, cwd: dir, sandbox: { confine: confine(dir), overlays: [] } };
    const pre = prestart(options);
    if (pre === null) throw new Error('prestart gave no sandbox');
    return { mark, pre, options };
  }

  it.each([
    ['argv[0] a name, kept by the shell step', 'touch'],
    ['argv[0] its path', '/usr/bin/touch'],
  ])('runs the command only after onStart returned (%s)', async (_what, argv0) => {
    const { mark, pre, options } = touchAhead(argv0);
    await sleep(SETTLE_MS);
    expect(existsSync(mark)).toBe(false);
    let sawMark: boolean | null = null;
    const result = await runChild({ ...options, deadline: null, killGraceS: 1, prestarted: pre, onStart: () => void (sawMark = existsSync(mark)) }, clock);
    expect(sawMark).toBe(false);
    expect(result.exitCode).toBe(0);
    expect(existsSync(mark)).toBe(true);
  });

  it('a run whose exec_start fails kills the waiting sandbox and never runs the command', async () => {
    const { mark, pre, options } = touchAhead();
    const run = runChild({ ...options, deadline: null, killGraceS: 1, prestarted: pre, onStart: () => { throw new Error('exec_start not logged'); } }, clock);
    await expect(run).rejects.toThrow('exec_start not logged');
    await sleep(SETTLE_MS);
    expect(existsSync(mark)).toBe(false);
  });

  it('an abandoned sandbox is killed and never runs the command', async () => {
    const dir = tempDir();
    const mark = join(dir, 'ran');
    const pre = prestart({ file: '/usr/bin/touch', argv: ['touch', mark], env: { PATH: '/usr/bin:/bin' }, cwd: dir, sandbox: { confine: confine(dir), overlays: [] } });
    if (pre === null) throw new Error('prestart gave no sandbox');
    const bwrapPid = pre.attach(() => {}).child.pid ?? 0;
    await sleep(SETTLE_MS);
    pre.abandon();
    expect(await waitGone(bwrapPid)).toBe(true);
    await sleep(SETTLE_MS);
    expect(existsSync(mark)).toBe(false);
    expect(processGone(bwrapPid)).toBe(true);
  });

  it.each([
    ['run_as credentials', { credentials: { uid: 0, gid: 0, groups: [] } }],
    ['no sandbox', { sandbox: undefined }],
  ])('is not built for %s', (_name, change) => {
    const dir = tempDir();
    const options = { file: '/usr/bin/touch', argv: ['touch', join(dir, 'x')], env: {}, cwd: dir, sandbox: { confine: confine(dir), overlays: [] }, ...change };
    expect(prestart(options as Parameters<typeof prestart>[0])).toBeNull();
  });
});
