// Webhook approval overhead: `approve-run -- true gated` approved by a loopback webhook
// approver that answers at once (the reference approver with --auto approve, HMAC on),
// compared in the same run with the allow path (`true fast`, allowed by the same policy). Paired runs, order
// alternating; the figure is the median of per-pair differences. Target: at most 50 ms more.
// Second figure: with an approver that answers 202 and decides 300 ms later, the time from
// its signed decided_at to the exec_start entry (the command started), via the long-poll.
// Needs `npm run build`. The last stdout line is a JSON object of figures.
// Environment: BENCH_ROUNDS (default 25).
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, median, timeOnce } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(root, 'bin/approve-run.js');
const APPROVER = join(root, 'examples/approver/approver.mjs');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 25);
const TARGET_MS = 50;
const work = mkdtempSync(join(tmpdir(), 'approve-run-approval-bench-'));
const env = { ...process.env, NO_COLOR: '1', APPROVE_RUN_WEBHOOK_SECRET: 'bench-secret' };
delete env.APPROVE_RUN_POLICY;
delete env.APPROVE_RUN_AUDIT_DB;

// A key pair: the seed file for the approver and the policy's public key line.
function keys() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d, 'base64url').toString('base64');
  writeFileSync(join(work, 'alice.key'), `${seed}\n`, { mode: 0o600 });
  return `ed25519:${Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url').toString('base64')}`;
}

// One policy for both paths: `true fast` is allowed, `true gated` needs alice's webhook
// approval; everything else (file size, validation, audit database) is the same.
function policy(port, pub) {
  const file = join(work, `policy-${port}.yaml`);
  writeFileSync(file, `version: 1
settings: { default: deny, approval_timeout: 30s }
approvers:
  alice: { users: [alice], key: "${pub}" }
channels:
  webhook: { url: "http://127.0.0.1:${port}/approve-run", secret_env: APPROVE_RUN_WEBHOOK_SECRET, timeout: 5s }
rules:
  - id: allow-true
    match: { command: "true", args: [fast] }
    decision: allow
  - id: approve-true
    match: { command: "true", args: [gated] }
    decision: approve
    approvers: [alice]
    channel: webhook
`);
  return file;
}

// Starts the reference approver (approving every request after `delayMs`) and waits until it
// accepts connections; --quiet, so nothing it prints can fill a pipe while a run blocks us.
async function startApprover(port, delayMs = 0) {
  const args = [APPROVER, '--approver', 'alice', '--key', join(work, 'alice.key'), '--port', String(port), '--auto', 'approve', '--delay', String(delayMs), '--quiet'];
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 100; i++) {
    const up = await new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => resolve(true));
      socket.on('error', () => resolve(false));
      socket.on('connect', () => socket.end());
    });
    if (up) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill();
  throw new Error('the reference approver did not start');
}

// Median milliseconds from an approver's decided_at to the exec_start entry of the run.
async function decisionToStart(pub) {
  const port = await freePort();
  const delayed = await startApprover(port, 300);
  try {
    const db = join(work, 'latency.db');
    const run = [process.execPath, CLI, '-p', policy(port, pub), '--audit-db', db, '--', 'true', 'gated'];
    for (let i = 0; i < Math.max(5, Math.ceil(ROUNDS / 3)); i++) timeOnce(run, { env });
    const log = spawnSync(process.execPath, [CLI, 'audit', 'log', '--json', '--audit-db', db], { env, encoding: 'utf8' });
    const entries = log.stdout.trim().split('\n').map((line) => JSON.parse(line));
    const decided = new Map();
    for (const e of entries) if (e.type === 'decision' && e.event === 'outcome' && e.decisions?.[0]?.decided_at) decided.set(e.request_id, Date.parse(e.decisions[0].decided_at));
    return median(entries.filter((e) => e.type === 'exec_start' && decided.has(e.request_id)).map((e) => Date.parse(e.ts) - decided.get(e.request_id)));
  } finally {
    delayed.kill();
  }
}

const pub = keys();
const port = await freePort();
const approver = await startApprover(port);
try {
  const file = policy(port, pub);
  const db = join(work, 'audit.db');
  const allowRun = [process.execPath, CLI, '-p', file, '--audit-db', db, '--', 'true', 'fast'];
  const approveRun = [process.execPath, CLI, '-p', file, '--audit-db', db, '--', 'true', 'gated'];
  const allowMs = [];
  const approveMs = [];
  const diffs = [];
  for (let i = 0; i < ROUNDS + 3; i++) {
    const order = i % 2 === 0 ? ['allow', 'approve'] : ['approve', 'allow'];
    const t = {};
    for (const which of order) t[which] = timeOnce(which === 'allow' ? allowRun : approveRun, { env });
    if (i < 3) continue; // warm-up rounds
    allowMs.push(t.allow);
    approveMs.push(t.approve);
    diffs.push(t.approve - t.allow);
  }
  const overhead = median(diffs);
  const latency = await decisionToStart(pub);
  const round1 = (x) => Math.round(x * 10) / 10;
  const result = {
    approval_overhead_ms: round1(overhead), allow_ms: round1(median(allowMs)), approve_ms: round1(median(approveMs)), rounds: ROUNDS, target_ms: TARGET_MS,
    decision_to_start_ms: round1(latency), decision_to_start_target_ms: TARGET_MS, ok: overhead <= TARGET_MS && latency <= TARGET_MS,
  };
  console.log(`webhook approval overhead: ${result.approval_overhead_ms} ms (median of ${ROUNDS} pairs; allow ${result.allow_ms} ms, approved ${result.approve_ms} ms; target <= ${TARGET_MS} ms)`);
  console.log(`decision to command start (202 + long-poll): ${result.decision_to_start_ms} ms (median; target <= ${TARGET_MS} ms)`);
  console.log(JSON.stringify(result));
  process.exitCode = result.ok ? 0 : 1;
} finally {
  approver.kill();
  rmSync(work, { recursive: true, force: true });
}
