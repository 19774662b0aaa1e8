// The witness under load (SPEC §15): 200 simulated hosts, each with its own checkpoint key and
// log, submit checkpoints (with consistency proofs) to one real `approve-run serve` witness,
// all at once, ROUNDS each. Figures: checkpoints cosigned per second, p50 and p99 latency.
// The floor, measured side by side on the same service and concurrency: a POST the service
// answers 404 without storage (its HTTP cost alone).
// `--storage URL` picks the witness's storage (default: SQLite in a temp dir), so the same
// bench runs on PostgreSQL: node bench/witness.mjs --storage postgres://...
// Needs `npm run build`. The last stdout line is a JSON object of figures.
/* global fetch */
import { spawn } from 'node:child_process';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(root, 'bin/approve-run.js');
const HOSTS = Number(process.env.BENCH_WITNESS_HOSTS ?? 200);
const ROUNDS = Number(process.env.BENCH_WITNESS_ROUNDS ?? 5);
const LEAVES_PER_ROUND = 5;
const LIMIT_S = Number(process.env.BENCH_WITNESS_S ?? 180);
const storageArg = process.argv.indexOf('--storage');
const work = mkdtempSync(join(tmpdir(), 'approve-run-witness-bench-'));
chmodSync(work, 0o700);
const storage = storageArg > 0 ? process.argv[storageArg + 1] : `sqlite:${join(work, 'state', 'server.db')}`;
let child;
const deadline = setTimeout(() => finish({ error: `abandoned after ${LIMIT_S}s` }), LIMIT_S * 1000);

// Stops the service, removes the work dir and prints the figures.
function finish(figures) {
  clearTimeout(deadline);
  if (child?.exitCode === null) child.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
  console.log(JSON.stringify(figures));
  process.exit(0);
}

const sha = (...parts) => { const h = createHash('sha256'); for (const p of parts) h.update(p); return h.digest(); };
const pct = (values, p) => { const s = [...values].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
const round = (x) => Math.round(x * 10) / 10;

// One simulated host: a key, an origin and an RFC 6962 log of random leaves.
class BenchLog {
  constructor(i) {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    this.key = privateKey;
    this.raw = publicKey.export({ format: 'der', type: 'spki' }).subarray(12);
    this.origin = `approve-run/bench-${i}`;
    this.leaves = [];
    this.cosigned = 0;
  }
  grow(n) { for (let i = 0; i < n; i++) this.leaves.push(sha(Buffer.from([0]), Buffer.from(`${this.origin} ${this.leaves.length}`))); }
  mth(lo, hi) {
    if (hi - lo === 1) return this.leaves[lo];
    let k = 1;
    while (k * 2 < hi - lo) k *= 2;
    return sha(Buffer.from([1]), this.mth(lo, lo + k), this.mth(lo + k, hi));
  }
  proof(m, n) {
    const out = [];
    const sub = (lo, hi, complete) => {
      if (m === hi) { if (!complete) out.push(this.mth(lo, hi)); return; }
      let k = 1;
      while (k * 2 < hi - lo) k *= 2;
      if (m - lo <= k) { sub(lo, lo + k, complete); out.push(this.mth(lo + k, hi)); } else { sub(lo + k, hi, false); out.push(this.mth(lo, lo + k)); }
    };
    if (m > 0 && m < n) sub(0, n, true);
    return out;
  }
  body() {
    const n = this.leaves.length;
    const text = `${this.origin}\n${n}\n${this.mth(0, n).toString('base64')}\n`;
    const id = sha(Buffer.from(`${this.origin}\n`), Buffer.from([1]), this.raw).subarray(0, 4);
    const note = `${text}\n— ${this.origin} ${Buffer.concat([id, sign(null, Buffer.from(text), this.key)]).toString('base64')}\n`;
    return `old ${this.cosigned}\n${this.proof(this.cosigned, n).map((h) => `${h.toString('base64')}\n`).join('')}\n${note}`;
  }
}

// Starts `approve-run serve` as the witness of every log; resolves to its base URL.
async function startWitness(logs) {
  const port = await freePort();
  mkdirSync(join(work, 'etc'), { mode: 0o700 });
  writeFileSync(join(work, 'etc', 'host.secret'), 'bench-secret', { mode: 0o600 });
  const { privateKey } = generateKeyPairSync('ed25519');
  writeFileSync(join(work, 'etc', 'witness.key'), privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  const hosts = logs.map((log, i) => `  bench-${i}: { secret_file: ${join(work, 'etc', 'host.secret')}, checkpoint_key: "ed25519:${log.raw.toString('base64')}" }\n`).join('');
  const config = join(work, 'etc', 'service.yaml');
  writeFileSync(config, `version: 1\nlisten: 127.0.0.1:${port}\npublic_url: http://127.0.0.1:${port}\nstorage: ${storage}\nhosts:\n${hosts}witness: { key_file: ${join(work, 'etc', 'witness.key')} }\n`, { mode: 0o600 });
  child = spawn(process.execPath, [CLI, 'serve', '--config', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  for (let i = 0; i < 400 && !err.includes('listening on'); i++) await new Promise((r) => setTimeout(r, 25));
  if (!err.includes('listening on')) throw new Error(`witness did not start: ${err}`);
  return `http://127.0.0.1:${port}`;
}

let retries = 0;
// A POST, sent again (up to 3 times) when the service closed a kept-alive connection as it was reused
// (safe: the witness answers a resubmitted tree with a cosignature again).
async function post(url, body) {
  for (let attempt = 0; ; attempt++) {
    try {
      const res = await fetch(url, { method: 'POST', body });
      await res.text();
      return res.status;
    } catch (error) {
      if (attempt >= 3 || !['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'].includes(error.cause?.code)) throw error;
      retries++;
    }
  }
}

// Every host submits ROUNDS checkpoints in turn, all hosts at once; latencies in ms.
async function submissions(url, logs) {
  const latencies = [];
  let refused = 0;
  await Promise.all(logs.map(async (log) => {
    for (let r = 0; r < ROUNDS; r++) {
      log.grow(LEAVES_PER_ROUND);
      const body = log.body();
      const started = performance.now();
      const status = await post(`${url}/add-checkpoint`, body);
      latencies.push(performance.now() - started);
      if (status === 200) log.cosigned = log.leaves.length;
      else refused++;
    }
  }));
  return { latencies, refused };
}

// The floor: the same number of POSTs, same concurrency, to a path the service answers 404.
async function floor(url) {
  const latencies = [];
  await Promise.all(Array.from({ length: HOSTS }, async () => {
    for (let r = 0; r < ROUNDS; r++) {
      const started = performance.now();
      await post(`${url}/no-such-path`, 'x');
      latencies.push(performance.now() - started);
    }
  }));
  return latencies;
}

try {
  const logs = Array.from({ length: HOSTS }, (_, i) => new BenchLog(i));
  const url = await startWitness(logs);
  const floorStarted = performance.now();
  const base = await floor(url);
  const floorS = (performance.now() - floorStarted) / 1000;
  const started = performance.now();
  const { latencies, refused } = await submissions(url, logs);
  const seconds = (performance.now() - started) / 1000;
  const p50 = pct(latencies, 50);
  const p99 = pct(latencies, 99);
  finish({
    storage: storage.split(':')[0], hosts: HOSTS, checkpoints: latencies.length, refused, retries,
    checkpoints_per_s: Math.round(latencies.length / seconds), p50_ms: round(p50), p99_ms: round(p99),
    floor_per_s: Math.round(base.length / floorS), floor_p50_ms: round(pct(base, 50)), floor_p99_ms: round(pct(base, 99)),
    p50_ratio: round(p50 / pct(base, 50)), p99_ratio: round(p99 / pct(base, 99)),
  });
} catch (error) {
  finish({ error: `${error.message}${error.cause ? `: ${error.cause.message ?? error.cause}` : ""}` });
}
