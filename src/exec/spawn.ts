// Runs the approved command as a child process (SPEC §5.3, §6).
// node:child_process rather than execa: execa's timeout, cancelSignal and forceKillAfterDelay
// signal only the child's pid, while a deadline must reach the whole process group (so a
// grandchild cannot outlive it); and the run path should not pay for execa's import.
// Invariants:
//   1. The command runs in its own session and process group (setsid), with inherited stdio,
//      exactly the given environment, and the judged real path (see ./launch.ts).
//   2. While it runs, SIGINT, SIGTERM, SIGHUP and SIGQUIT sent to approve-run go to its group;
//      the forwarders are removed when it is over.
//   3. At the deadline or on abort the whole group gets SIGTERM, and SIGKILL kill_grace later
//      if any member is still alive; the result is then 124, whatever the command did.
//   4. A command killed by signal N yields 128+N; 126/127 are decided before anything starts.
//   5. If `onStart` throws (e.g. the exec_start entry cannot be logged) the group is stopped
//      the same way and runChild rejects with that error.
import { spawn } from 'node:child_process';
import type { Clock } from '../context.js';
import { ApproveRunError } from '../errors.js';
import { exitCodeForSignal, forwardSignals, groupAlive, signalGroup, timerAt } from './group.js';
import { planLaunch, type ChildCredentials } from './launch.js';
import { assertExecutable } from './preflight.js';

export interface ChildDeadline {
  /** On the clock's monotonic scale (Clock.monotonicMs). */
  atMs: number;
  /** Why this deadline, for messages: e.g. `max_runtime of restart-web`. */
  label: string;
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
  /** Stops the command the way the deadline does (e.g. its session was revoked). */
  abort?: AbortSignal;
  /** Called right after the command started. */
  onStart?: (pid: number) => void;
  /**
   * Private copies of the approved bytes (src/binding/copies.ts): the sandbox mounts each
   * `source` read-only at `target`, so the command reads what was hashed. Not used here.
   */
  overlays?: Array<{ source: string; target: string }>;
}

export interface ChildResult {
  /** What approve-run exits with: the command's code, 128+N for signal N, 124 when stopped. */
  exitCode: number;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
  pid: number;
}

// The one-line error for a spawn that failed after the preflight checks passed.
function spawnFailure(name: string, cwd: string, error: NodeJS.ErrnoException): ApproveRunError {
  if (error.code === 'ENOENT') return new ApproveRunError('not_found', `${name}: not found (or working directory ${cwd} is missing)`);
  return new ApproveRunError('not_executable', `${name}: cannot execute (${error.code ?? error.message})`);
}

/** Starts the command and resolves when it (and, after a stop, its whole group) is gone. */
export async function runChild(options: RunChildOptions, clock: Pick<Clock, 'monotonicMs'>): Promise<ChildResult> {
  const name = options.argv[0] ?? options.file;
  assertExecutable(options.file, name);
  const launch = planLaunch(options.file, options.argv, options.credentials);
  const startMs = clock.monotonicMs();
  return new Promise<ChildResult>((resolve, reject) => {
    const child = spawn(launch.file, launch.args, {
      argv0: launch.argv0,
      env: options.env,
      cwd: options.cwd,
      stdio: 'inherit',
      detached: true,
    });
    const pid = child.pid;
    if (pid === undefined) {
      child.once('error', (error) => reject(spawnFailure(name, options.cwd, error)));
      return;
    }
    const unforward = forwardSignals(pid);
    let stopping: 'deadline' | 'abort' | null = null;
    let startError: unknown = null;
    let cancelKill = () => {};
    let killed = false;
    let exited: { code: number | null; signal: NodeJS.Signals | null } | null = null;

    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      cancelDeadline();
      cancelKill();
      unforward();
      options.abort?.removeEventListener('abort', onAbort);
      if (startError !== null) return reject(startError);
      const { code, signal } = exited ?? { code: null, signal: null };
      const stopped = stopping !== null;
      const exitCode = stopped ? 124 : signal !== null ? exitCodeForSignal(signal) : (code ?? 125);
      resolve({ exitCode, signal, timedOut: stopping === 'deadline', aborted: stopping === 'abort', durationMs: Math.round(clock.monotonicMs() - startMs), pid });
    };
    const stop = (why: 'deadline' | 'abort') => {
      if (stopping !== null) return;
      stopping = why;
      signalGroup(pid, 'SIGTERM');
      cancelKill = timerAt(clock.monotonicMs() + options.killGraceS * 1000, () => clock.monotonicMs(), () => {
        killed = true;
        signalGroup(pid, 'SIGKILL');
        if (exited !== null) finish();
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
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      // After a stop, stragglers of the group still get their SIGKILL at the end of the grace.
      // (Unreaped zombies also count as alive, so once SIGKILL went out there is no more wait.)
      if (stopping === null || killed || !groupAlive(pid)) finish();
    });
    try {
      options.onStart?.(pid);
    } catch (error) {
      startError = error;
      stop('abort');
    }
  });
}
