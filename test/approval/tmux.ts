// A real pseudo-terminal for prompt tests: a private tmux server running one command.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

export interface Pane {
  /** The visible text of the pane. */
  screen(): string;
  keys(...keys: string[]): void;
  /** Waits until the screen matches `pattern`; throws with the screen after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  kill(): void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts `command` (a shell line) in a new tmux session on its own server socket. */
export function tmux(name: string, command: string): Pane {
  const socket = `approve-run-test-${process.pid}-${name}`;
  const t = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  t('new-session', '-d', '-s', name, '-x', '160', '-y', '60', command);
  const pane: Pane = {
    screen: () => t('capture-pane', '-p', '-t', name),
    keys: (...keys) => void t('send-keys', '-t', name, ...keys),
    waitFor: async (pattern, timeoutMs = 10_000) => {
      const end = Date.now() + timeoutMs;
      let last = '';
      while (Date.now() < end) {
        try {
          last = pane.screen();
        } catch {
          break;
        }
        if (pattern.test(last)) return last;
        await sleep(50);
      }
      throw new Error(`screen never matched ${String(pattern)}:\n${last}`);
    },
    kill: () => {
      try {
        t('kill-server');
      } catch {
        // Already gone with its last session.
      }
    },
  };
  return pane;
}

/** Waits for a file written when the command under test ends, and returns its content. */
export async function waitForFile(path: string, timeoutMs = 15_000): Promise<string> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      if (text.endsWith('\n')) return text;
    }
    await sleep(50);
  }
  throw new Error(`${path} was never written`);
}
