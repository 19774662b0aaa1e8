// `npm run bench`: every performance figure of the project, each measured against a floor
// taken in the same run (machines here are noisy: medians of paired runs, and ratios).
// Prints a table and writes bench/results.json.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchEnv, bundleFloor, pairedRuns, peakRssMiB } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(root, 'bin/approve-run.js');
const POLICY = join(root, 'policies.example.yaml');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 25);
const work = mkdtempSync(join(tmpdir(), 'approve-run-bench-'));
// Without NODE_EXTRA_CA_CERTS and NODE_OPTIONS (bench/lib.mjs benchEnv): subject and baseline
// alike, every figure is the same whatever shell it was taken from.
const env = { ...benchEnv(), NO_COLOR: '1' };
delete env.APPROVE_RUN_POLICY;
delete env.APPROVE_RUN_AUDIT_DB;
const results = {};
const node = process.execPath;
const bare = [node, '-e', '0'];

// The sandbox's own cost (SPEC §9): bwrap around `true`, with the example's read-only,
// network-none confinement, against `true` alone.
function sandboxCost() {
  const t = '/usr/bin/true';
  const caps = ['CAP_SYS_ADMIN', 'CAP_MKNOD', 'CAP_SYS_RAWIO', 'CAP_SYS_MODULE', 'CAP_SYS_BOOT', 'CAP_SYS_TIME', 'CAP_NET_ADMIN', 'CAP_BPF'].flatMap((c) => ['--cap-drop', c]);
  const bwrap = ['/usr/bin/bwrap', '--unshare-pid', '--die-with-parent', '--new-session', '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp', ...(process.geteuid() === 0 ? caps : []), '--unshare-net', '--', t];
  const r = pairedRuns([t], bwrap, ROUNDS, { subject: { env }, baseline: { env } });
  results.sandbox_cost = { ...r, added_ms: Math.round((r.subject_ms - r.baseline_ms) * 10) / 10 };
}

// The allow path: `approve-run -- true` on the example policy (confined: read-only, network
// none), durable audit append included; and the same policy with `settings.confine: off`.
async function allowPath() {
  const db = join(work, 'allow.db');
  const subject = [node, CLI, '-p', POLICY, '--audit-db', db, '--', 'true'];
  results.allow_path_confined = { ...pairedRuns(bare, subject, ROUNDS, { subject: { env }, baseline: { env } }), target_ratio: 1.45 };
  // The same with argv[0] the judged path: no bash step keeps argv[0]; the sandbox is built
  // ahead behind a /bin/sh gate instead (src/exec/launch.ts, src/exec/prestart.ts).
  const byPath = [node, CLI, '-p', POLICY, '--audit-db', db, '--', '/usr/bin/true'];
  results.allow_path_confined_by_path = pairedRuns(bare, byPath, ROUNDS, { subject: { env }, baseline: { env } });
  const unconfinedPolicy = join(work, 'unconfined.yaml');
  writeFileSync(unconfinedPolicy, readFileSync(POLICY, 'utf8').replace(/^ {2}confine: required\b/m, '  confine: off'));
  const unconfined = [node, CLI, '-p', unconfinedPolicy, '--audit-db', join(work, 'allow-off.db'), '--', 'true'];
  const r = pairedRuns(bare, unconfined, ROUNDS, { subject: { env }, baseline: { env } });
  results.allow_path = { ...r, target_ratio: 1.3 };
  // The same run's unavoidable work without approve-run (bench/floor.cjs, bundled as the fast
  // path is), for comparison.
  const floor = [node, await bundleFloor(work), join(work, 'floor.db'), '/usr/bin/true'];
  results.allow_path_floor = pairedRuns(bare, floor, ROUNDS, { subject: { env }, baseline: { env } });
  results.allow_path_peak_rss_mib = { value: peakRssMiB(subject, { env }), target: 80 };
}

// `check` against a generated 10,000-rule policy.
function checkLargePolicy() {
  const lines = ['version: 1', 'settings: { default: deny }', 'rules:'];
  const names = ['systemctl', 'git', 'ls', 'cat', 'journalctl', 'docker', 'kubectl', 'npm'];
  for (let i = 0; i < 10_000; i++) {
    const decision = i % 10 === 0 ? 'deny' : 'allow';
    lines.push(`  - id: rule-${i}`, `    match: { command: ${i % 3 === 0 ? names[i % names.length] : `tool-${i}`}, args: [sub-${i}, "**"] }`, `    decision: ${decision}`);
  }
  lines.push('  - id: allow-true', '    match: { command: "true" }', '    decision: allow');
  const file = join(work, 'large.yaml');
  writeFileSync(file, lines.join('\n') + '\n');
  const subject = [node, CLI, 'check', '-p', file, '--', 'true'];
  results.check_10k_rules = { ...pairedRuns(bare, subject, Math.max(10, ROUNDS >> 1), { subject: { env }, baseline: { env } }), target_ratio: 2 };
}

// `check` against 10,000 allow rules whose args are paths: the rule the request's `cat` reaches
// also matches the path operand as resolved (SPEC §10), through a memoised realpath walk.
function checkLargePathPolicy() {
  const lines = ['version: 1', 'settings: { default: deny }', 'rules:'];
  for (let i = 0; i < 10_000; i++) lines.push(`  - id: logs-${i}`, `    match: { command: cat, args: ["/srv/logs-${i}/app.log"] }`, '    decision: allow');
  const file = join(work, 'large-paths.yaml');
  writeFileSync(file, lines.join('\n') + '\n');
  const subject = [node, CLI, 'check', '-p', file, '--', 'cat', '/srv/logs-9999/app.log'];
  results.check_10k_path_rules = { ...pairedRuns(bare, subject, Math.max(10, ROUNDS >> 1), { subject: { env }, baseline: { env } }), target_ratio: 2 };
}

// 32 concurrent processes × 10 runs each against one audit log; then verify the chain.
async function concurrentRuns() {
  const db = join(work, 'concurrent.db');
  const start = performance.now();
  const worker = () =>
    new Promise((resolve, reject) => {
      const script = `for i in 1 2 3 4 5 6 7 8 9 10; do "${node}" "${CLI}" -p "${POLICY}" --audit-db "${db}" -- true || exit 1; done`;
      const child = spawn('/bin/sh', ['-c', script], { env, stdio: 'ignore' });
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker exited ${code}`))));
    });
  await Promise.all(Array.from({ length: 32 }, worker));
  const seconds = (performance.now() - start) / 1000;
  const verify = spawnSync(node, [CLI, 'audit', 'verify', '--json', '--audit-db', db], { env });
  const report = JSON.parse(verify.stdout.toString());
  const exported = spawnSync(node, [CLI, 'audit', 'export', '--format', 'jsonl', '--audit-db', db], { env });
  const ends = exported.stdout.toString().split('\n').filter((l) => l.includes('"type":"exec_end"')).length;
  results.concurrent_32x10 = { runs: 320, exec_end_entries: ends, chain_ok: report.ok, entries: report.entries, runs_per_s: 320 / seconds };
}

// Figures from a module's own benchmark script: its last stdout line is a JSON object.
function subBench(name, script) {
  const path = join(root, 'bench', script);
  if (!existsSync(path)) {
    results[name] = { error: `${script} missing` };
    return;
  }
  const r = spawnSync(node, [path], { env, cwd: root, maxBuffer: 64 << 20 });
  const lines = r.stdout.toString().trim().split('\n');
  try {
    results[name] = JSON.parse(lines[lines.length - 1]);
  } catch {
    results[name] = { error: `${script} exited ${r.status}: ${r.stderr.toString().trim().split('\n').pop()}` };
  }
}

try {
  sandboxCost();
  await allowPath();
  // BENCH_ONLY=allow: the sandbox and allow-path figures alone (a few minutes instead of many).
  if (process.env.BENCH_ONLY !== 'allow') {
    checkLargePolicy();
    checkLargePathPolicy();
    await concurrentRuns();
    subBench('audit', 'audit.mjs');
    subBench('report', 'report.mjs');
    subBench('approval', 'approval.mjs');
    subBench('shell', 'shell.mjs');
    subBench('hook', 'hook.mjs');
    subBench('service', 'service.mjs');
    subBench('witness', 'witness.mjs');
    subBench('witness_postgres', 'witness-postgres.mjs');
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const machine = { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version, date: new Date().toISOString() };
if (process.env.BENCH_ONLY === undefined) writeFileSync(join(root, 'bench/results.json'), JSON.stringify({ machine, results }, null, 2) + '\n');
console.log(`machine: ${machine.cpu} × ${machine.cores}, node ${machine.node}`);
for (const [name, value] of Object.entries(results)) console.log(`${name.padEnd(26)} ${JSON.stringify(value)}`);
