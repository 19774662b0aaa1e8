// Runs the approved command as a child process (SPEC §5.3, §6, §9).
// node:child_process rather than execa: execa's timeout, cancelSignal and forceKillAfterDelay
// signal only the child's pid, while a deadline must reach the whole process group (so a
// grandchild cannot outlive it); and the run path should not pay for execa's import.
// Invariants:
//   1. The command runs in its own session and process group (setsid), with exactly the given
//      environment, and the judged real path (see ./launch.ts). Confined, it runs inside
//      bwrap (src/sandbox/): its own PID namespace whose pid 1 leads the command's group.
//   2. While it runs, SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to approve-run go to its group
//      (confined: once bwrap reported the namespace); the forwarders are removed when it is
//      over. SIGTSTP is ignored meanwhile, so the deadline's clock is never paused by it.
//   3. At the deadline or on abort the whole group gets SIGTERM, and SIGKILL kill_grace later
//      if any member is still alive; the result is then 124, whatever the command did.
//      Confined, that SIGKILL goes to the namespace's pid 1, which takes every process of the
//      namespace with it (setsid and double forks included), and so does its main process
//      exiting: nothing the command started outlives the run.
//   4. A command killed by signal N yields 128+N; 126/127 are decided before anything starts.
//   5. If `onStart` throws (e.g. the exec_start entry cannot be logged) the group is stopped
//      the same way and runChild rejects with that error.
//   6. Confined, a sandbox bwrap could not build ends as `sandboxFailure` (exit 125), never as
//      the command's exit code.
//   7. A sandbox started ahead (./prestart.ts) waits at the gate of its command line (./launch.ts
//      invariant 5), whose other end only approve-run holds: the command starts once `onStart`
//      returned, never before. If `onStart` throws, or the run is abandoned first, the gate is
//      closed without its byte and bwrap killed; if approve-run dies first, the gate sees the
//      end of its stream and nothing runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { Readable } from 'node:stream';
import type { Clock } from '../context.js';
import { ApproveRunError } from '../errors.js';
import type { Confinement } from '../policy/types.js';
import { sandboxFailed } from '../sandbox/available.js';
import { BWRAP, bwrapArgs, type Overlay } from '../sandbox/bwrap.js';
import { readStatus, type SandboxStatus } from '../sandbox/status.js';
import { relay, sandboxStdio, standardSlots } from '../sandbox/terminal.js';
import { expandWritable } from '../sandbox/writable.js';
import { exitCodeForSignal, forwardSignals, groupAlive, holdStops, signalGroup, signalProcess, timerAt } from './group.js';
import { commandLine, planLaunch, type ChildCredentials } from './launch.js';
import { assertExecutable } from './preflight.js';

export interface ChildDeadline {
  /** On the clock's monotonic scale (Clock.monotonicMs). */
  atMs: number;
  /** Why this deadline, for messages: e.g. `max_runtime of restart-web`. */
  label: string;
}

/** The sandbox a confined command runs in. */
export interface ChildSandbox {
  confine: Confinement;
  /** Files shown read-only at another path (e.g. private copies of what was hashed). */
  overlays: Overlay[];
}

export interface RunChildOptions {
  /** Absolute real path of the executable. */
  file: string;
  /** argv as requested; argv[0] is passed as is. */
  argv: string[];
  env: Record<string, string>;
  cwd: string;
  deadline: ChildDeadline | null;
  killGraceS: number;
  /** Privileged mode only: run with these uid, gid and supplementary groups. */
  credentials?: ChildCredentials;
  /** Run inside this sandbox; absent: unconfined (`settings.confine: off`). */
  sandbox?: ChildSandbox;
  /** Stops the command the way the deadline does (e.g. its session was revoked). */
  abort?: AbortSignal;
  /** Called right after the command started, with the writable paths bound (confined runs). */
  onStart?: (pid: number, writablePaths: string[]) => void;
  /** The sandbox, already built and waiting at its gate (./prestart.ts). */
  prestarted?: Prestarted;
}

/** What starting the command depends on (RunChildOptions without the run's supervision). */
export type StartOptions = Pick<RunChildOptions, 'file' | 'argv' | 'env' | 'cwd' | 'credentials' | 'sandbox'>;

export interface ChildResult {
  /** What approve-run exits with: the command's code, 128+N for signal N, 124 when stopped, 125 when no sandbox. */
  exitCode: number;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
  pid: number;
  /** Set when the sandbox could not be built: the one-line reason (the command never ran). */
  sandboxFailure?: string;
}

// The one-line error for a spawn that failed after the preflight checks passed.
function spawnFailure(name: string, cwd: string, error: NodeJS.ErrnoException, file: string): ApproveRunError {
  if (file === BWRAP) return new ApproveRunError('internal', `cannot confine the command: ${BWRAP} could not be started (${error.code ?? error.message}); settings.confine: required`);
  if (error.code === 'ENOENT') return new ApproveRunError('not_found', `${name}: not found (or working directory ${cwd} is missing)`);
  return new ApproveRunError('not_executable', `${name}: cannot execute (${error.code ?? error.message})`);
}

/** How the process was started, and where its group is once known. */
export interface Started {
  child: ChildProcess;
  writablePaths: string[];
  /** Resolves to bwrap's status once its stream closed (confined), else null. */
  status: Promise<SandboxStatus> | null;
  /** Output relays to wait for (terminal: none). */
  relays: Promise<void>[];
}

/**
 * Spawns the command, unconfined or inside bwrap (`gated`: behind the gate of its command line,
 * a pipe at GATE_FD); `onGroup` gets the group leader's pid.
 */
export function start(options: StartOptions, onGroup: (pid: number) => void, gated = false): Started {
  const launch = planLaunch(options.file, options.argv, options.credentials);
  const common = { env: options.env, cwd: options.cwd, detached: true } as const;
  if (options.sandbox === undefined) {
    const child = spawn(launch.file, launch.args, { ...common, argv0: launch.argv0, stdio: 'inherit' });
    if (child.pid !== undefined) onGroup(child.pid);
    return { child, writablePaths: [], status: null, relays: [] };
  }
  const { confine, overlays } = options.sandbox;
  const writablePaths = confine.filesystem === 'read-only' ? expandWritable(confine.writable) : [];
  const slots = standardSlots(confine.terminal);
  const args = bwrapArgs({ confine, writablePaths, overlays, cwd: options.cwd, executable: options.file, statusFd: 3, asRoot: process.geteuid?.() === 0, command: commandLine(launch, gated) });
  const child = spawn(BWRAP, args, { ...common, argv0: BWRAP, stdio: sandboxStdio(slots, gated) });
  const statusStream = child.stdio[3];
  const status = statusStream instanceof Readable ? readStatus(statusStream, onGroup) : null;
  return { child, writablePaths, status, relays: [relay(child.stdout, () => process.stdout), relay(child.stderr, () => process.stderr)] };
}

/** A confined command's sandbox, built and waiting at its gate until the run goes ahead. */
export interface Prestarted {
  /** Hands the started sandbox to runChild, whose `onGroup` gets the namespace's pid. */
  attach(onGroup: (pid: number) => void): Started;
  /** Opens the gate: the command starts. */
  release(): void;
  /** Kills the sandbox unless the gate was opened; the command never starts. Idempotent. */
  abandon(): void;
}

// Calls `handler` when `child` exits, or at once (asynchronously) if it already has.
function onExit(child: ChildProcess, handler: (code: number | null, signal: NodeJS.Signals | null) => void): void {
  if (child.exitCode !== null || child.signalCode !== null) queueMicrotask(() => handler(child.exitCode, child.signalCode));
  else child.once('exit', handler);
}

/** Starts the command and resolves when it (and, after a stop, its whole group) is gone. */
export async function runChild(options: RunChildOptions, clock: Pick<Clock, 'monotonicMs'>): Promise<ChildResult> {
  const name = options.argv[0] ?? options.file;
  assertExecutable(options.file, name);
  const startMs = clock.monotonicMs();
  const confined = options.sandbox !== undefined;
  return new Promise<ChildResult>((resolve, reject) => {
    let group: number | null = null;
    let pendingSignals: NodeJS.Signals[] = [];
    // Signals the group, or keeps the signal until bwrap has said which group that is.
    const toGroup = (signal: NodeJS.Signals) => {
      if (group === null) pendingSignals.push(signal);
      else signalGroup(group, signal);
    };
    let stopping: 'deadline' | 'abort' | null = null;
    let startError: unknown = null;
    let cancelKill = () => {};
    let killed = false;
    let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    // SIGKILL for the group; confined, for the namespace's pid 1 too (it takes the rest along).
    const killAll = () => {
      killed = true;
      if (group === null) return;
      if (confined) signalProcess(group, 'SIGKILL');
      signalGroup(group, 'SIGKILL');
    };
    const onGroup = (pid: number) => {
      group = pid;
      for (const signal of pendingSignals) signalGroup(pid, signal);
      pendingSignals = [];
      if (killed) killAll();
    };

    let started: Started;
    try {
      started = options.prestarted !== undefined ? options.prestarted.attach(onGroup) : start(options, onGroup);
    } catch (error) {
      reject(error);
      return;
    }
    const { child } = started;
    const pid = child.pid;
    if (pid === undefined) {
      child.once('error', (error) => reject(spawnFailure(name, options.cwd, error, confined ? BWRAP : options.file)));
      return;
    }
    const unforward = forwardSignals(toGroup);
    const unhold = holdStops();

    let done = false;
    const finish = (status: SandboxStatus | null) => {
      if (done) return;
      done = true;
      cancelDeadline();
      cancelKill();
      unforward();
      unhold();
      options.abort?.removeEventListener('abort', onAbort);
      if (startError !== null) return reject(startError);
      const { code, signal } = exited ?? { code: null, signal: null };
      const stopped = stopping !== null;
      const base = { signal: confined ? null : signal, timedOut: stopping === 'deadline', aborted: stopping === 'abort', durationMs: Math.round(clock.monotonicMs() - startMs), pid };
      if (stopped) return resolve({ ...base, exitCode: 124 });
      if (status !== null && status.exitCode === null) return resolve({ ...base, exitCode: 125, sandboxFailure: sandboxFailed(code) });
      const exitCode = status !== null ? (status.exitCode ?? 125) : signal !== null ? exitCodeForSignal(signal) : (code ?? 125);
      resolve({ ...base, exitCode });
    };
    const stop = (why: 'deadline' | 'abort') => {
      if (stopping !== null) return;
      stopping = why;
      toGroup('SIGTERM');
      cancelKill = timerAt(clock.monotonicMs() + options.killGraceS * 1000, () => clock.monotonicMs(), () => {
        killAll();
        if (exited !== null && !confined) finish(null);
      });
    };
    const onAbort = () => stop('abort');
    const cancelDeadline = options.deadline === null ? () => {} : timerAt(options.deadline.atMs, () => clock.monotonicMs(), () => stop('deadline'));
    if (options.abort?.aborted === true) stop('abort');
    else options.abort?.addEventListener('abort', onAbort, { once: true });

    // After a successful spawn, 'error' only reports a failed kill or send; keep it as the outcome.
    child.on('error', (error) => {
      startError ??= error;
    });
    onExit(child, (code, signal) => {
      exited = { code, signal };
      if (confined) {
        // bwrap is gone, and with it its namespace; wait for its status and the relayed output.
        void Promise.all([started.status, ...started.relays]).then(([status]) => finish(status ?? { childPid: null, exitCode: null }));
        return;
      }
      // After a stop, stragglers of the group still get their SIGKILL at the end of the grace.
      // (Unreaped zombies also count as alive, so once SIGKILL went out there is no more wait.)
      if (stopping === null || killed || !groupAlive(pid)) finish(null);
    });
    try {
      options.onStart?.(pid, started.writablePaths);
      options.prestarted?.release();
    } catch (error) {
      startError = error;
      options.prestarted?.abandon();
      stop('abort');
    }
  });
}
