// Shared pieces for the process tests: fixture paths, waiting for files a fixture writes,
// checking that a pid is really gone, and the bundled spawn driver.
import { buildSync } from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const fixture = (name: string): string => join(FIXTURES, name);
export const clock = { monotonicMs: () => performance.now() };

/** Waits until `path` exists (a fixture's readiness marker); throws after `timeoutMs`. */
export async function waitForFile(path: string, timeoutMs = 10_000): Promise<string> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (existsSync(path)) {
      const text = readFileSync(path, 'utf8');
      if (text !== '') return text;
    }
    await sleep(20);
  }
  throw new Error(`timed out waiting for ${path}`);
}

/** True if `pid` no longer runs: no such process, or a zombie nobody has reaped yet. */
export function processGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

/** Waits (bounded) until `pid` is gone: SIGKILL is delivered asynchronously. */
export async function waitGone(pid: number, timeoutMs = 3000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (!processGone(pid)) {
    if (Date.now() > until) return false;
    await sleep(10);
  }
  return true;
}

/** Bundles test/fixtures/spawn-driver.ts into `dir` and returns the script path. */
export function buildDriver(dir: string): string {
  const outfile = join(dir, 'driver.mjs');
  buildSync({
    entryPoints: [fixture('spawn-driver.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'error',
  });
  return outfile;
}
