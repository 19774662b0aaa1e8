// Signals that end a run while it waits for an approval (SPEC §11): SIGINT, SIGTERM and SIGHUP
// are caught for the length of the wait, so that the run can log a decision `interrupted`
// before it exits 128+N, instead of dying with a request and no decision.
// Invariants:
//   1. Handlers are installed only while the wait lasts and are always removed by stop().
//   2. The first signal wins; later ones while the decision is being logged are ignored (the
//      process ends with the first one's code as soon as that entry is durable).
import { constants } from 'node:os';

export const INTERRUPTING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type InterruptSignal = (typeof INTERRUPTING_SIGNALS)[number];

/** An installed watch: `interrupted` resolves with the first signal; stop() removes the handlers. */
export interface InterruptWatch {
  interrupted: Promise<InterruptSignal>;
  stop(): void;
}

/** The exit code for a run ended by `signal`: 128 + its number. */
export function interruptExitCode(signal: InterruptSignal): number {
  return 128 + constants.signals[signal];
}

/** Catches SIGINT, SIGTERM and SIGHUP until stop(). */
export function watchInterrupts(): InterruptWatch {
  let resolve: (signal: InterruptSignal) => void = () => {};
  const interrupted = new Promise<InterruptSignal>((r) => (resolve = r));
  const handlers = INTERRUPTING_SIGNALS.map((signal) => {
    const handler = () => resolve(signal);
    process.on(signal, handler);
    return [signal, handler] as const;
  });
  return {
    interrupted,
    stop: () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    },
  };
}
