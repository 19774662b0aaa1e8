// `audit report` on a generated 1,000,000-entry log against `audit verify` of the same log,
// both through the built CLI (`npm run build` first), in paired rounds of alternating order.
// report_ratio = report time / verify time, median of the rounds (target: <= 2);
// report_cpu_ratio the same for CPU time. The log is
// generated as bench/audit.mjs does (canonical leaves from templates, one transaction).
// The generated log is kept in the temporary directory, keyed by a hash of this script and the
// audit sources that shape a leaf, so later runs skip the minute it takes to write.
// The last stdout line is a JSON object of figures.
// Environment: BENCH_REPORT_ENTRIES (default 1000000), BENCH_REPORT_ROUNDS (default 5).
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(root, 'bin/approve-run.js');
const ENTRIES = Number(process.env.BENCH_REPORT_ENTRIES ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_REPORT_ROUNDS ?? 5);
const work = mkdtempSync(join(tmpdir(), 'approve-run-report-bench-'));
symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));

// The audit modules the generator needs, bundled next to a node_modules link.
async function bundle() {
  const outfile = join(work, 'audit.mjs');
  await build({
    stdin: { contents: "export { openAuditLog } from './src/audit/log.ts';\nexport { canonicalize } from './src/crypto/jcs.ts';\nexport { leafHash } from './src/crypto/merkle.ts';", resolveDir: root, loader: 'ts' },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile, external: ['better-sqlite3'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" }, logLevel: 'warning',
  });
  return import(outfile);
}

// Runs of four entries: request, an approval with a signed decision, exec_start, exec_end.
const FIELDS = [
  ['request', (id) => ({ request: { v: 1, id, argv: ['systemctl', 'restart', 'nginx.service'], shell: null, executable: '/usr/bin/systemctl', cwd: '/srv/app', run_as: 'root', requester: { user: 'deploy', uid: 1001 }, actor: 'agent:ci', host: 'web-1', reason: 'deploy', rule_ids: ['restart-web'], risk: 'high', approvers: ['alice'], quorum: 1, session_ttl_s: 900, max_runtime_s: 120, created_at: '2026-11-21T12:00:00.000Z', expires_at: '2026-11-21T12:05:00.000Z', nonce: 'AAAAAAAAAAAAAAAAAAAAAA' }, request_hash: `sha256:${'b'.repeat(64)}`, policy_digest: `sha256:${'c'.repeat(64)}`, rules: [{ id: 'restart-web', decision: 'approve' }] })],
  ['decision', (id) => ({ event: 'outcome', request_id: id, outcome: 'approved', decided_by: ['alice'], approvers: ['alice'], message: null, decisions: [{ approver: 'alice', decision: 'approve', reason: 'ok', request_id: id, request_hash: `sha256:${'b'.repeat(64)}`, decided_at: '2026-11-21T12:00:01.000Z', signature: `ed25519:${'A'.repeat(86)}==` }], session_id: null, session_expires_at: null })],
  ['exec_start', (id) => ({ request_id: id, pid: 4242, session_id: null, deadline: '2026-11-21T12:02:00.000Z' })],
  ['exec_end', (id) => ({ request_id: id, exit_code: 0, signal: null, duration_ms: 1234, timed_out: false, revoked: false })],
];

// Where the generated log is kept: named by a hash of the generator and the sources that
// shape a leaf, so a change to either makes a new one.
const SHAPERS = ['src/audit/log.ts', 'src/audit/schema.ts', 'src/audit/envelope.ts', 'src/crypto/jcs.ts'];
const digest = createHash('sha256').update(FIELDS.map(([type, fields]) => `${type}${fields}`).join('\n')).update(String(generateLog));
for (const file of SHAPERS) digest.update(readFileSync(join(root, file)));
const CACHED = join(tmpdir(), `approve-run-report-bench-${ENTRIES}-${digest.digest('hex').slice(0, 16)}.db`);

// Writes ENTRIES canonical leaves in one transaction, or reuses the log an earlier run wrote.
function generateLog(lib, Database) {
  if (existsSync(CACHED)) return CACHED;
  const path = join(work, 'million.db');
  lib.openAuditLog(path, { redact: [], privileged: false }).close();
  const db = new Database(path);
  const logId = db.prepare("SELECT value FROM meta WHERE key = 'log_id'").get().value;
  const marks = { seq: '\u0001S', prev: '\u0001P', ts: '\u0001T', id: '\u0001I' };
  const templates = FIELDS.map(([type, fields]) => lib.canonicalize({ ...fields(marks.id), v: 1, log: logId, seq: marks.seq, prev: marks.prev, ts: marks.ts, type }));
  const esc = (m) => JSON.stringify(m);
  const insert = db.prepare('INSERT INTO entries(seq, leaf, hash) VALUES (?, ?, ?)');
  let prev = '0'.repeat(64);
  const base = Date.parse('2026-11-21T00:00:00.000Z');
  db.transaction(() => {
    for (let seq = 0; seq < ENTRIES; seq++) {
      const leaf = templates[seq % 4].replaceAll(esc(marks.seq), String(seq)).replace(esc(marks.prev), `"${prev}"`).replace(esc(marks.ts), `"${new Date(base + seq * 1000).toISOString()}"`).replaceAll(esc(marks.id), `"req_${seq >> 2}"`);
      const h = lib.leafHash(Buffer.from(leaf));
      insert.run(seq, leaf, h);
      prev = h.toString('hex');
    }
  })();
  db.close();
  // Renamed into place whole: a run stopped while writing leaves no log to reuse.
  renameSync(path, CACHED);
  return CACHED;
}

// Wall and CPU (user + system, all threads) seconds of one CLI run, which must exit 0. CPU
// time is the steadier figure on a busy machine, where wall time mostly measures the others.
function timed(args) {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S', process.execPath, CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const [wall, user, system] = (/TIME (\S+) (\S+) (\S+)\s*$/.exec(r.stderr.toString()) ?? []).slice(1).map(Number);
  return { wall, cpu: user + system };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

try {
  const lib = existsSync(CACHED) ? null : await bundle();
  const { default: Database } = await import(join(root, 'node_modules/better-sqlite3/lib/index.js'));
  const db = generateLog(lib, Database);
  const out = join(work, 'report.json');
  const verify = ['audit', 'verify', '--audit-db', db];
  const report = ['audit', 'report', '--format', 'json', '-o', out, '--audit-db', db];
  const runs = { verify: [], report: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 === 0 ? ['verify', 'report'] : ['report', 'verify'];
    for (const which of order) runs[which].push(timed(which === 'verify' ? verify : report));
    const [v, r] = [runs.verify[round], runs.report[round]];
    console.error(`round ${round + 1}: verify ${v.wall.toFixed(2)} s (cpu ${v.cpu.toFixed(2)} s), report ${r.wall.toFixed(2)} s (cpu ${r.cpu.toFixed(2)} s)`);
  }
  const ratio = (key) => Number(median(runs.report.map((t, i) => t[key] / runs.verify[i][key])).toFixed(3));
  console.log(JSON.stringify({
    entries: ENTRIES,
    rounds: ROUNDS,
    verify_s: Number(median(runs.verify.map((t) => t.wall)).toFixed(2)),
    report_s: Number(median(runs.report.map((t) => t.wall)).toFixed(2)),
    report_ratio: ratio('wall'),
    report_cpu_ratio: ratio('cpu'),
    report_target_ratio: 2,
    report_json_mib: Number((statSync(out).size / 2 ** 20).toFixed(1)),
  }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
