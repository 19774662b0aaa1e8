// The command's process group: signalling it, forwarding our signals to it, and timers that
// survive deadlines longer than setTimeout's 24.8-day limit (SPEC §5.3, §6).
import { constants } from 'node:os';

/** Signals approve-run passes on to the command's process group while it runs (SPEC §6). */
export const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;

/** Largest delay setTimeout honours; longer ones would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Sends `signal` to every process in group `pgid`; false if no member could be signalled
 * (ESRCH: the group is gone; EPERM: only members we may not signal are left).
 */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/** True while any process of group `pgid` is alive (or a zombie not yet reaped). */
export function groupAlive(pgid: number): boolean {
  return signalGroup(pgid, 0);
}

/** Sends `signal` to the one process `pid`; false if it could not be signalled. */
export function signalProcess(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** Installs forwarders for FORWARDED_SIGNALS (to a group pid, or a function that delivers them); returns the remover. */
export function forwardSignals(target: number | ((signal: NodeJS.Signals) => void)): () => void {
  const send = typeof target === 'number' ? (signal: NodeJS.Signals) => void signalGroup(target, signal) : target;
  const handlers = FORWARDED_SIGNALS.map((signal) => {
    const handler = () => send(signal);
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.off(signal, handler);
  };
}

/**
 * Ignores SIGTSTP (a terminal's Ctrl-Z) until the remover is called: a stopped approve-run
 * would hold the command's deadline, so the run cannot be paused that way (SPEC §9).
 */
export function holdStops(): () => void {
  const ignore = () => {};
  process.on('SIGTSTP', ignore);
  return () => void process.off('SIGTSTP', ignore);
}

/** 128 + the signal's number, as shells report a command killed by a signal. */
export function exitCodeForSignal(signal: NodeJS.Signals): number {
  const number = constants.signals[signal];
  return 128 + (typeof number === 'number' ? number : 0);
}

/** Calls `fn` (asynchronously) once `nowMs()` reaches `atMs`, re-arming across long waits; returns the canceller. */
export function timerAt(atMs: number, nowMs: () => number, fn: () => void): () => void {
  let handle: NodeJS.Timeout | undefined;
  const arm = () => {
    const remaining = Math.max(0, atMs - nowMs());
    handle = setTimeout(() => (atMs - nowMs() <= 0 ? fn() : arm()), Math.min(remaining, MAX_TIMER_MS));
  };
  arm();
  return () => clearTimeout(handle);
}
