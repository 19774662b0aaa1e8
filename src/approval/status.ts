// What the requester sees while an approval is pending: a live status line on a terminal
// (`waiting for approval by sre (req_…) · 4m12s left`), one plain notice otherwise. While a
// channel keeps retrying, the line says why (`approver https://… unreachable (connection
// refused); retrying, 4m12s left`); off a terminal, one line per change of state, never one
// per retry.
import type { Clock, Output } from '../context.js';

/** Whole seconds as people write them: `45s`, `4m12s`, `5m`, `1h30m`, `2d`. */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.ceil(totalSeconds));
  const units: Array<[string, number]> = [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]];
  const parts: string[] = [];
  let rest = s;
  for (const [name, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}${name}`);
    if (parts.length === 2) break;
  }
  return parts.length > 0 ? parts.join('') : '0s';
}

export interface WaitNotice {
  /** Removes the live line (if any); safe to call twice. */
  stop(): void;
  /** Why a channel is retrying (one escaped line), or null when it is through again. */
  trouble(problem: string | null): void;
}

export interface WaitNoticeOptions {
  out: Output;
  clock: Clock;
  /** Who is asked, as the policy names them (e.g. `sre`). */
  who: string;
  requestId: string;
  /** Monotonic milliseconds at which the approval expires. */
  deadlineMs: number;
  /** False while a prompt owns the terminal: then only the plain notice is written. */
  live: boolean;
}

/** Starts the waiting notice on `out` (normally stderr). */
export function startWaitNotice(o: WaitNoticeOptions): WaitNotice {
  // Time left, as people write it.
  const left = (): string => formatDuration((o.deadlineMs - o.clock.monotonicMs()) / 1000);
  let problem: string | null = null;
  if (!o.out.isTTY || !o.live) {
    o.out.write(`approve-run: waiting for approval by ${o.who} (request ${o.requestId}); expires in ${left()}\n`);
    // A prompt owns the terminal (its lines would be torn by ours); nothing is said after stop().
    let quiet = o.out.isTTY;
    return {
      stop: () => {
        quiet = true;
      },
      trouble: (next) => {
        if (next === problem || quiet) return;
        problem = next;
        o.out.write(next === null ? `approve-run: approver reached; waiting for approval (request ${o.requestId}), ${left()} left\n` : `approve-run: ${next}; retrying, ${left()} left\n`);
      },
    };
  }
  // Redraws the one status line in place.
  const draw = (): void =>
    o.out.write(problem === null ? `\r\x1b[2Kwaiting for approval by ${o.who} (${o.requestId}) · ${left()} left` : `\r\x1b[2K${problem}; retrying, ${left()} left`);
  draw();
  const timer = setInterval(draw, 1000);
  timer.unref();
  let stopped = false;
  return {
    stop: () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      o.out.write('\r\x1b[2K');
    },
    trouble: (next) => {
      if (next === problem || stopped) return;
      problem = next;
      draw();
    },
  };
}
