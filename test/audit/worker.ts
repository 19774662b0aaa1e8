// Builds the append worker (test/audit/fixtures/append-worker.ts) into a runnable ESM file
// with esbuild, next to a node_modules link so better-sqlite3 resolves, and spawns it.
import { spawn, type ChildProcess } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { tempDir } from '../helpers/tmp.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Bundles the worker once per test file; returns the script path. */
export async function buildWorker(): Promise<string> {
  const dir = tempDir('approve-run-worker-');
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
  const outfile = join(dir, 'append-worker.mjs');
  await build({
    entryPoints: [join(root, 'test/audit/fixtures/append-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    external: ['better-sqlite3'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

/** Starts a worker process; resolves `ready` once it has opened the log. */
export function startWorker(script: string, db: string, id: number, count: number): { child: ChildProcess; ready: Promise<void>; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [script, db, String(id), String(count)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => (d.toString().includes('ready') ? resolve() : undefined));
    child.on('exit', (code) => reject(new Error(`worker ${id} exited ${code} before ready: ${stderr}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    if (code !== 0 && code !== null) process.stderr.write(`worker ${id}: ${stderr}\n`);
    resolve(code);
  }));
  return { child, ready, exited };
}
