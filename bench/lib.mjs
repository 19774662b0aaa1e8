// Shared measurement helpers: paired wall-clock runs of whole commands, medians and ratios.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// Variables that change what every Node start costs, whatever is measured: NODE_EXTRA_CA_CERTS
// makes each start read and parse a certificate bundle, and NODE_OPTIONS can add flags or
// preloaded modules. Neither subject nor baseline gets them, so figures do not depend on the
// shell they were taken from.
const START_COST_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'NODE_OPTIONS'];

/** `env` (by default this process's environment) without the variables that change Node's start-up cost. */
export function benchEnv(env = process.env) {
  const clean = { ...env };
  for (const name of START_COST_VARIABLES) delete clean[name];
  return clean;
}

/** Runs argv once, returns wall milliseconds; throws if it fails. */
export function timeOnce(argv, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], ...options, env: benchEnv(options.env) });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== (options.expectStatus ?? 0)) {
    throw new Error(`${argv.join(' ')} exited ${result.status}: ${result.stderr?.toString().trim()}`);
  }
  return ms;
}

/**
 * Paired runs: each round runs the baseline and the subject back to back (order alternating),
 * so machine noise hits both alike. Returns medians and the median of per-pair ratios.
 */
export function pairedRuns(baseline, subject, rounds, options = {}) {
  const base = [];
  const subj = [];
  const ratios = [];
  for (let i = 0; i < rounds + 3; i++) {
    const first = i % 2 === 0;
    const a = first ? timeOnce(baseline, options.baseline) : undefined;
    const b = timeOnce(subject, options.subject);
    const c = first ? a : timeOnce(baseline, options.baseline);
    if (i < 3) continue; // warm-up rounds
    base.push(c);
    subj.push(b);
    ratios.push(b / c);
  }
  return { baseline_ms: median(base), subject_ms: median(subj), ratio: median(ratios), rounds };
}

/** Peak resident memory (MiB) of one run, via /usr/bin/time. */
export function peakRssMiB(argv, options = {}) {
  const result = spawnSync('/usr/bin/time', ['-f', '%M', ...argv], { stdio: ['ignore', 'ignore', 'pipe'], ...options, env: benchEnv(options.env) });
  const lines = result.stderr.toString().trim().split('\n');
  const kib = Number(lines[lines.length - 1]);
  return Number.isFinite(kib) ? kib / 1024 : null;
}

/**
 * bench/floor.cjs bundled into `dir` with better-sqlite3's JavaScript inlined, as approve-run's
 * fast path has it: one file to load, not a dozen modules. Returns the bundle's path.
 */
export async function bundleFloor(dir) {
  const { build } = await import('esbuild');
  const bench = fileURLToPath(new URL('.', import.meta.url));
  const outfile = join(dir, 'floor.cjs');
  await build({
    entryPoints: [join(bench, 'floor.cjs')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'warning',
    // The addon is found from the bench directory, not from where the bundle is written.
    define: { __dirname: JSON.stringify(bench) },
  });
  return outfile;
}

/** A free port on 127.0.0.1. */
export async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}
