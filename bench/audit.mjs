// Audit log benchmarks: appends/s in one process and across 32 concurrent processes, and
// `audit verify` speed on a generated 1,000,000-entry log compared, in the same run, with a
// plain single-thread loop that only reads and hashes the rows. Bundles src/audit with esbuild
// so it runs the real code without a TypeScript loader. The last stdout line is a JSON object
// of figures; verify_ratio = verify time / plain loop time (target: <= verify_target_ratio),
// the median of paired rounds. verify_ratio_single_thread is the same with no worker threads.
// Environment: BENCH_AUDIT_ENTRIES (default 1000000), BENCH_AUDIT_APPENDS (default 2000),
// BENCH_AUDIT_ROUNDS (default 3).
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { hash } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const ENTRIES = Number(process.env.BENCH_AUDIT_ENTRIES ?? 1_000_000);
const APPENDS = Number(process.env.BENCH_AUDIT_APPENDS ?? 2000);
const ROUNDS = Number(process.env.BENCH_AUDIT_ROUNDS ?? 3);
const PROCS = 32;
const PER_PROC = 100;
const work = mkdtempSync(join(tmpdir(), 'approve-run-audit-bench-'));
symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));

// Bundles the audit modules into one ESM file next to a node_modules link.
async function bundle() {
  const outfile = join(work, 'audit.mjs');
  await build({
    stdin: {
      contents: [
        "export { openAuditLog } from './src/audit/log.ts';",
        "export { openAuditReader } from './src/audit/read.ts';",
        "export { verifyLog } from './src/audit/verify/verify.ts';",
        "export { verifyLogParallel } from './src/audit/verify/parallel.ts';",
        "export { canonicalize } from './src/crypto/jcs.ts';",
        "export { leafHash } from './src/crypto/merkle.ts';",
      ].join('\n'),
      resolveDir: root,
      loader: 'ts',
    },
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

const FIELDS = {
  request: (id) => ({ request: { v: 1, id, argv: ['systemctl', 'restart', 'nginx.service'], shell: null, executable: '/usr/bin/systemctl', cwd: '/srv/app', run_as: 'root', requester: { user: 'deploy', uid: 1001 }, actor: 'agent:ci', host: 'web-1', reason: 'deploy', rule_ids: ['restart-web'], risk: 'high', approvers: ['alice'], quorum: 1, session_ttl_s: 900, max_runtime_s: 120, created_at: '2026-11-21T12:00:00.000Z', expires_at: '2026-11-21T12:05:00.000Z', nonce: 'AAAAAAAAAAAAAAAAAAAAAA' }, request_hash: `sha256:${'b'.repeat(64)}`, policy_digest: `sha256:${'c'.repeat(64)}`, rules: [{ id: 'restart-web', decision: 'approve' }] }),
  decision: (id) => ({ request_id: id, outcome: 'allowed', decided_by: ['restart-web'], approvers: [], message: null, decisions: [] }),
  exec_start: (id) => ({ request_id: id, pid: 4242, session_id: null, deadline: '2026-11-21T12:02:00.000Z' }),
  exec_end: (id) => ({ request_id: id, exit_code: 0, signal: null, duration_ms: 1234, timed_out: false, revoked: false }),
};
const TYPES = Object.keys(FIELDS);

// Appends/s of one process, each append its own durable transaction.
function singleProcess(lib) {
  const log = lib.openAuditLog(join(work, 'single.db'), { redact: [], privileged: false });
  const start = performance.now();
  for (let i = 0; i < APPENDS; i++) log.append(TYPES[i % 4], FIELDS[TYPES[i % 4]](`req_${i >> 2}`));
  const seconds = (performance.now() - start) / 1000;
  log.close();
  return APPENDS / seconds;
}

// Appends/s of 32 processes appending to one log at once (timed from first to last append).
async function concurrentProcesses(bundlePath) {
  const db = join(work, 'concurrent.db');
  const worker = join(work, 'worker.mjs');
  writeFileSync(
    worker,
    `import { openAuditLog } from ${JSON.stringify(bundlePath)};
const log = openAuditLog(${JSON.stringify(db)}, { redact: [], privileged: false });
const start = Date.now();
for (let i = 0; i < ${PER_PROC}; i++) log.append('exec_end', { request_id: 'req_' + process.pid + '_' + i, exit_code: 0, signal: null, duration_ms: i, timed_out: false, revoked: false });
process.stdout.write(JSON.stringify({ start, end: Date.now() }));
log.close();`,
  );
  // Create the database once so the workers only race on appends.
  (await import(bundlePath)).openAuditLog(db, { redact: [], privileged: false }).close();
  const runs = await Promise.all(
    Array.from({ length: PROCS }, () =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [worker], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`worker exited ${code}`))));
      }),
    ),
  );
  const start = Math.min(...runs.map((r) => r.start));
  const end = Math.max(...runs.map((r) => r.end));
  return (PROCS * PER_PROC) / ((end - start) / 1000);
}

// Writes ENTRIES canonical leaves in one transaction, from per-type templates.
function generateLog(lib, Database) {
  const path = join(work, 'million.db');
  lib.openAuditLog(path, { redact: [], privileged: false }).close();
  const db = new Database(path);
  const logId = db.prepare("SELECT value FROM meta WHERE key = 'log_id'").get().value;
  const marks = { seq: '\u0001S', prev: '\u0001P', ts: '\u0001T', id: '\u0001I' };
  const templates = TYPES.map((type) => {
    return lib.canonicalize({ ...FIELDS[type](marks.id), v: 1, log: logId, seq: marks.seq, prev: marks.prev, ts: marks.ts, type });
  });
  // Markers are control characters, which canonical JSON writes as \u0001 escapes.
  const esc = (m) => JSON.stringify(m);
  const insert = db.prepare('INSERT INTO entries(seq, leaf, hash) VALUES (?, ?, ?)');
  let prev = '0'.repeat(64);
  const base = Date.parse('2026-11-21T00:00:00.000Z');
  db.transaction(() => {
    for (let seq = 0; seq < ENTRIES; seq++) {
      const leaf = templates[seq % 4]
        .replace(esc(marks.seq), String(seq))
        .replace(esc(marks.prev), `"${prev}"`)
        .replace(esc(marks.ts), `"${new Date(base + seq).toISOString()}"`)
        .replace(esc(marks.id), `"req_${seq >> 2}"`);
      const h = lib.leafHash(Buffer.from(leaf));
      insert.run(seq, leaf, h);
      prev = h.toString('hex');
    }
  })();
  db.close();
  return path;
}

// Seconds of the real verifier, as `audit verify` runs it (one snapshot); `parallel` false
// keeps it on this thread.
function verifyLoop(lib, path, parallel) {
  const reader = lib.openAuditReader(path);
  const options = { logId: reader.logId, checkpoints: reader.checkpoints(), key: null, trusted: null };
  const start = performance.now();
  const report = reader.snapshot(() => (parallel ? lib.verifyLogParallel(reader, options).report : lib.verifyLog(reader, options)));
  const seconds = (performance.now() - start) / 1000;
  reader.close();
  if (!report.ok || report.entries !== ENTRIES) throw new Error(`generated log did not verify: ${JSON.stringify(report)}`);
  return seconds;
}

// Seconds of a plain single-thread loop that reads every row and hashes its leaf.
function plainLoop(lib, path) {
  const reader = lib.openAuditReader(path);
  const zero = Buffer.from([0]);
  const start = performance.now();
  let n = 0;
  for (const [, leaf] of reader.rows()) {
    hash('sha256', Buffer.concat([zero, leaf]), 'buffer');
    n++;
  }
  const seconds = (performance.now() - start) / 1000;
  reader.close();
  if (n !== ENTRIES) throw new Error(`plain loop read ${n} rows`);
  return seconds;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

try {
  const bundlePath = await bundle();
  const lib = await import(bundlePath);
  const { default: Database } = await import(join(root, 'node_modules/better-sqlite3/lib/index.js'));
  let t = performance.now();
  const single = singleProcess(lib);
  console.error(`single: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  t = performance.now();
  const concurrent = await concurrentProcesses(bundlePath);
  console.error(`32 procs: ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const genStart = performance.now();
  const path = generateLog(lib, Database);
  const generateSeconds = (performance.now() - genStart) / 1000;
  // Paired rounds in rotating order; each round gives its own ratios, and the medians count.
  const runs = { plain: [], verify: [], single: [] };
  const order = ['plain', 'verify', 'single'];
  for (let round = 0; round < ROUNDS; round++) {
    for (let k = 0; k < order.length; k++) {
      const which = order[(round + k) % order.length];
      runs[which].push(which === 'plain' ? plainLoop(lib, path) : verifyLoop(lib, path, which === 'verify'));
    }
    console.error(`round ${round + 1}: plain ${runs.plain[round].toFixed(2)} s, verify ${runs.verify[round].toFixed(2)} s, single-thread verify ${runs.single[round].toFixed(2)} s`);
  }
  const ratio = (which) => Number(median(runs[which].map((t, i) => t / runs.plain[i])).toFixed(3));
  const figures = {
    appends_per_s_single: Math.round(single),
    appends_per_s_32_procs: Math.round(concurrent),
    verify_entries_per_s: Math.round(ENTRIES / median(runs.verify)),
    plain_hash_loop_entries_per_s: Math.round(ENTRIES / median(runs.plain)),
    verify_ratio: ratio('verify'),
    verify_target_ratio: 1.5,
    verify_ratio_single_thread: ratio('single'),
    verify_single_thread_entries_per_s: Math.round(ENTRIES / median(runs.single)),
    entries: ENTRIES,
    rounds: ROUNDS,
    generate_seconds: Number(generateSeconds.toFixed(1)),
  };
  console.log(JSON.stringify(figures));
} finally {
  rmSync(work, { recursive: true, force: true });
}
