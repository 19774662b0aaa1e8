// The approval service under load (SPEC §13): 50 real hosts (`approve-run run`, each waiting on
// its own request through the service) and 150 more pending requests long-polled by this
// script, so the service holds 200 pending requests and 200 waiters. Then each host's request is
// approved in turn; the figure is the time from the decision's POST to the service to that
// host's exec_start entry (the command started), p50 and p99. The floor, measured side by side:
// the same POST to a long-poll answered by the service (the service's own share).
// Then the same on PostgreSQL (SPEC §15) with two replicas on one database, in a throwaway
// cluster (test/helpers/postgres.ts): hosts list both replicas and long-poll the first, every
// decision is posted to the second, so each one crosses replicas through LISTEN/NOTIFY. The
// cluster is durable, as deployed (fsync, synchronous_commit and full_page_writes on). Beside
// it, the floor of that path: one replica on the same database, taking both the long-polls
// and the decisions (still through NOTIFY, from its own connection to its listening one).
// BENCH_SERVICE_ONLY=sqlite,pg1,pg2 runs only the cases named (for paired runs).
// Bounded: everything is abandoned after BENCH_SERVICE_S seconds (default 240).
// Needs `npm run build`. The last stdout line is a JSON object of figures.
/* global fetch, AbortController */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomBytes, sign, createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTs } from '../scripts/load-ts.mjs';
import { freePort } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(root, 'bin/approve-run.js');
const HOSTS = 50;
const EXTRA = 150;
const TARGET_MS = 50;
const LIMIT_S = Number(process.env.BENCH_SERVICE_S ?? 240);
const SECRET = 'bench-service-secret';
const HOST = hostname();
const work = mkdtempSync(join(tmpdir(), 'approve-run-service-bench-'));
chmodSync(work, 0o700);
const children = [];
const cleanups = [];
const deadline = setTimeout(() => finish({ error: `abandoned after ${LIMIT_S}s` }), LIMIT_S * 1000);

// Stops every child, removes the work dir and prints the figures.
function finish(figures) {
  clearTimeout(deadline);
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups) cleanup();
  rmSync(work, { recursive: true, force: true });
  console.log(JSON.stringify(figures));
  process.exit(0);
}

// RFC 8785 for the values used here (strings, integers, null, arrays, objects).
const jcs = (v) => (Array.isArray(v) ? `[${v.map(jcs).join(',')}]` : v !== null && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${jcs(v[k])}`).join(',')}}` : JSON.stringify(v));
const sig = (body) => { const t = Math.floor(Date.now() / 1000); return `t=${t},v1=${createHmac('sha256', SECRET).update(`${t}.${body}`).digest('hex')}`; };
const pct = (values, p) => { const s = [...values].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const round = (x) => Math.round(x * 10) / 10;

// Starts `approve-run serve` on `storage` and resolves to its base URL.
async function startService(storage) {
  const port = await freePort();
  mkdirSync(join(work, 'etc'), { recursive: true, mode: 0o700 });
  writeFileSync(join(work, 'etc', 'host.secret'), SECRET, { mode: 0o600 });
  const config = join(work, 'etc', `service-${port}.yaml`);
  writeFileSync(config, `version: 1\nlisten: 127.0.0.1:${port}\npublic_url: http://127.0.0.1:${port}\nstorage: ${storage}\nhosts:\n  ${HOST}: { secret_file: ${join(work, 'etc', 'host.secret')} }\n`, { mode: 0o600 });
  const child = spawn(process.execPath, [CLI, 'serve', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  for (let i = 0; i < 400 && !err.includes('listening on'); i++) await new Promise((r) => setTimeout(r, 25));
  if (!err.includes('listening on')) throw new Error(`service did not start: ${err}`);
  return `http://127.0.0.1:${port}`;
}

// A request id: req_ and 26 Crockford base32 characters.
const requestId = () => `req_${Array.from(randomBytes(26), (b) => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[b % 32]).join('')}`.replace(/^req_[8-9A-Z]/, 'req_0');

// Posts one signed request for the bench's own long-polls.
async function postExtra(url) {
  const now = new Date();
  const request = { v: 1, id: requestId(), argv: ['true'], shell: null, executable: '/usr/bin/true', cwd: '/', run_as: 'root', requester: { user: 'bench', uid: 1000 }, actor: null, host: HOST, reason: null, rule_ids: ['bench'], risk: null, approvers: ['alice'], quorum: 1, session_ttl_s: null, max_runtime_s: 60, created_at: now.toISOString(), expires_at: new Date(now.getTime() + 120_000).toISOString(), nonce: randomBytes(16).toString('base64url') };
  const body = jcs({ type: 'approval.requested', request, request_hash: `sha256:${createHash('sha256').update(jcs(request)).digest('hex')}` });
  const r = await fetch(`${url}/v1/requests`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-approve-run-signature': sig(body) } });
  if (r.status !== 202) throw new Error(`extra request refused: ${r.status}`);
  return request.id;
}

// One long-poll of request `id`; resolves with the HTTP status and when the answer arrived.
async function poll(url, id, signal) {
  const r = await fetch(`${url}/v1/requests/${id}/status?wait=30&after=0`, { headers: { 'x-approve-run-signature': sig('') }, signal }).catch(() => null);
  await r?.arrayBuffer().catch(() => null);
  return { status: r?.status ?? 0, at: performance.now() };
}

// Signs an approval of `id` by alice and posts it; resolves to the wall-clock send time.
async function approve(url, id, privateKey) {
  const { request_hash } = await (await fetch(`${url}/v1/requests/${id}`)).json();
  const unsigned = { request_id: id, request_hash, decision: 'approve', approver: 'alice', reason: null, decided_at: new Date().toISOString() };
  const body = JSON.stringify({ decision: { ...unsigned, signature: `ed25519:${sign(null, Buffer.from(jcs(unsigned)), privateKey).toString('base64')}` } });
  const sent = Date.now();
  const t = performance.now();
  const r = await fetch(`${url}/v1/requests/${id}/decisions`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  if (r.status !== 202) throw new Error(`decision refused: ${r.status}`);
  return { sent, t };
}

// Starts one host waiting on the service; resolves its request id and exit.
function startHost(policy, i, label) {
  const db = join(work, `host-${label}-${i}.db`);
  const child = spawn(process.execPath, [CLI, 'run', '-p', policy, '--audit-db', db, '--', 'true'], { env: { ...process.env, NO_COLOR: '1', APPROVE_RUN_WEBHOOK_SECRET: SECRET }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const exit = new Promise((resolve) => child.on('close', resolve));
  const id = (async () => {
    for (let n = 0; n < 2400; n++) {
      const m = /\(request (req_[0-9A-Z]{26})\)/.exec(err);
      if (m) return m[1];
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`host ${i} printed no request id: ${err}`);
  })();
  return { db, id, exit, stderr: () => err };
}

// Wall-clock ms of the host's exec_start entry.
function execStart(db) {
  const d = new Database(db, { readonly: true });
  try {
    const row = d.prepare("SELECT leaf FROM entries WHERE leaf LIKE '%\"type\":\"exec_start\"%' ORDER BY seq LIMIT 1").get();
    return Date.parse(JSON.parse(row.leaf).ts);
  } finally {
    d.close();
  }
}

// The scenario: hosts whose policy lists `policyUrls`, long-polling `pollUrl`; decisions posted to `decideUrl`.
async function measure({ pollUrl, decideUrl, policyUrls, label }) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const pub = `ed25519:${Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url').toString('base64')}`;
  const policy = join(work, `policy-${label}.yaml`);
  const urls = policyUrls.map((u) => `"${u}/v1/requests"`).join(', ');
  writeFileSync(policy, `version: 1\nsettings: { default: deny, approval_timeout: 300s }\napprovers:\n  alice: { users: [alice], key: "${pub}" }\nchannels:\n  webhook: { url: [${urls}], secret_env: APPROVE_RUN_WEBHOOK_SECRET, timeout: 10s }\nrules:\n  - id: bench\n    match: { command: "true" }\n    decision: approve\n    approvers: [alice]\n`);
  const extras = [];
  for (let i = 0; i < EXTRA; i++) extras.push(await postExtra(pollUrl));
  const stopPolls = new AbortController();
  const background = extras.slice(10).map((id) => poll(pollUrl, id, stopPolls.signal));
  const hosts = [];
  for (let i = 0; i < HOSTS; i++) hosts.push(startHost(policy, i, label));
  const ids = await Promise.all(hosts.map((h) => h.id));
  for (const id of ids) for (let n = 0; n < 400 && (await fetch(`${decideUrl}/v1/requests/${id}`)).status !== 200; n++) await new Promise((r) => setTimeout(r, 25));
  await new Promise((r) => setTimeout(r, 500));
  // Floor: the service alone, a decision waking one of the bench's own long-polls.
  const floor = [];
  for (const id of extras.slice(0, 10)) {
    const answered = poll(pollUrl, id, stopPolls.signal);
    await new Promise((r) => setTimeout(r, 50));
    const { t } = await approve(decideUrl, id, privateKey);
    floor.push((await answered).at - t);
  }
  process.stderr.write(`service bench: ${label}: ${HOSTS} hosts waiting\n`);
  const latencies = [];
  for (let i = 0; i < HOSTS; i++) {
    const { sent } = await approve(decideUrl, ids[i], privateKey);
    const code = await hosts[i].exit;
    if (code !== 0) throw new Error(`${label} host ${i} exited ${code}: ${hosts[i].stderr().trim().split('\n').slice(-2).join(' / ')}`);
    latencies.push(execStart(hosts[i].db) - sent);
  }
  stopPolls.abort();
  await Promise.allSettled(background);
  return { p50: round(pct(latencies, 50)), p99: round(pct(latencies, 99)), wake50: round(pct(floor, 50)), wake99: round(pct(floor, 99)) };
}

// On a durable throwaway cluster: two replicas (decisions cross them) and, unless left out,
// one replica alone on its own fresh database; the figures by case, or why not.
async function onPostgres(cases) {
  const { startPostgres } = await loadTs("export { startPostgres } from './test/helpers/postgres.ts';");
  const cluster = await startPostgres({ durable: true });
  cleanups.push(() => cluster.process.kill('SIGKILL'));
  const figures = {};
  try {
    if (cases.has('pg2')) {
      const db = await cluster.createDatabase();
      const [a, b] = [await startService(db), await startService(db)];
      figures.pg2 = await measure({ pollUrl: a, decideUrl: b, policyUrls: [a, b], label: 'pg2' }).catch(failed);
    }
    if (cases.has('pg1')) {
      const one = await startService(await cluster.createDatabase());
      figures.pg1 = await measure({ pollUrl: one, decideUrl: one, policyUrls: [one], label: 'pg1' }).catch(failed);
    }
    return figures;
  } finally {
    await cluster.stop();
  }
}

// A case that failed: its one-line reason, so the other cases' figures still count.
const failed = (error) => ({ error: error instanceof Error ? error.message : String(error) });

// The figures of one case under its keys, or its error.
const named = (prefix, f) => ('error' in f ? { [`${prefix}error`]: f.error } : { [`${prefix}decision_to_exec_p50_ms`]: f.p50, [`${prefix}decision_to_exec_p99_ms`]: f.p99, [`${prefix}wake_p50_ms`]: f.wake50, [`${prefix}wake_p99_ms`]: f.wake99 });

try {
  const cases = new Set((process.env.BENCH_SERVICE_ONLY ?? 'sqlite,pg2,pg1').split(','));
  let lite = null;
  if (cases.has('sqlite')) {
    const url = await startService(`sqlite:${join(work, 'state', 'server.db')}`);
    lite = await measure({ pollUrl: url, decideUrl: url, policyUrls: [url], label: 'sqlite' });
  }
  const pg = cases.has('pg1') || cases.has('pg2') ? await onPostgres(cases).catch((error) => ({ error: error instanceof Error ? error.message : String(error) })) : {};
  finish({
    hosts: HOSTS, pending: HOSTS + EXTRA, target_p99_ms: TARGET_MS,
    ...(lite === null ? {} : { decision_to_exec_p50_ms: lite.p50, decision_to_exec_p99_ms: lite.p99, service_wake_p50_ms: lite.wake50, service_wake_p99_ms: lite.wake99 }),
    ...('error' in pg ? { postgres_error: pg.error } : {
      ...(pg.pg2 === undefined ? {} : named('postgres_2_replicas_', pg.pg2)),
      ...(pg.pg1 === undefined ? {} : named('postgres_1_replica_', pg.pg1)),
    }),
  });
} catch (error) {
  finish({ error: error instanceof Error ? error.message : String(error) });
}
