#!/usr/bin/env node
// Reference webhook approver for approve-run (SPEC §5.1). Plain Node, no dependencies.
//
//   node examples/approver/approver.mjs --approver alice --key alice.key [--port 8787]
//
// It receives approval requests (POST /approve-run, HMAC-checked), shows each one on this
// terminal, and answers 202 with a status URL that approve-run long-polls
// (GET /status/<id>?wait=30). A person decides here by typing `a` (approve) or `d` (deny), or
// from anywhere on this machine with the decide token printed at start:
//
//   curl -X POST -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:8787/decide/<req id>?decision=approve"
//
// Decisions are signed with the approver's Ed25519 key. --auto approve|deny answers every
// request at once with 200 (for demos and benchmarks only: it approves anything); with
// --delay MS it answers 202 and decides MS milliseconds later, through the long-poll.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { bindingHash, checkSignature, loadPrivateKey, signDecision, visible } from './crypto.mjs';

const { values: opt } = parseArgs({
  options: {
    approver: { type: 'string' },
    key: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '8787' },
    path: { type: 'string', default: '/approve-run' },
    'secret-env': { type: 'string', default: 'APPROVE_RUN_WEBHOOK_SECRET' },
    'no-secret': { type: 'boolean', default: false },
    auto: { type: 'string' },
    delay: { type: 'string', default: '0' },
    quiet: { type: 'boolean', default: false },
  },
});
if (!opt.approver || !opt.key) {
  console.error('usage: approver.mjs --approver ID --key FILE.key [--port 8787] [--auto approve|deny]');
  process.exit(2);
}
const secret = process.env[opt['secret-env']] ?? '';
if (secret === '' && !opt['no-secret']) {
  console.error(`set ${opt['secret-env']} to the webhook secret (the same value approve-run reads), or pass --no-secret`);
  process.exit(2);
}
if (opt.auto !== undefined && opt.auto !== 'approve' && opt.auto !== 'deny') {
  console.error('--auto takes approve or deny');
  process.exit(2);
}
const key = loadPrivateKey(opt.key);
const token = randomBytes(16).toString('hex');
const say = (line) => opt.quiet || console.log(line);
/** Pending and decided requests by id: { request, decision, waiters: Set<(d) => void> }. */
const requests = new Map();
const MAX_BODY = 1024 * 1024;

// Writes a JSON answer.
function reply(res, status, value) {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

// Prints a request so a person can judge it; every field escaped.
function show(r) {
  const q = (w) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${visible(w).replace(/'/g, `'\\''`)}'`);
  say(`\n== approval requested: ${r.id}  (risk ${visible(r.risk ?? 'not set')}, expires ${r.expires_at})`);
  say(`   command   ${r.shell !== null ? visible(r.shell) : r.argv.map(q).join(' ')}`);
  say(`   where     ${visible(r.cwd)} on ${visible(r.host)} as ${visible(r.run_as)}`);
  if (r.digests) say(`   content   executable ${visible(r.digests.executable ?? '-')}, script ${visible(r.digests.script ?? 'none')}`);
  say(`   by        ${visible(r.requester.user)} (uid ${r.requester.uid}), actor ${visible(r.actor ?? '-')}`);
  say(`   rule      ${visible(r.rule_ids.join(', '))}; reason: ${visible(r.reason ?? '-')}`);
  say(`   decide:   a ${r.id} [reason]   |   d ${r.id} [reason]`);
}

// Records a decision and wakes every long-poll waiting for it.
function decide(id, decision, reason) {
  const entry = requests.get(id);
  if (entry === undefined) return `no request ${id}`;
  if (entry.decision !== null) return `${id} is already decided`;
  if (Date.now() > Date.parse(entry.request.expires_at)) return `${id} has expired`;
  entry.decision = signDecision(key, opt.approver, entry.request, decision, reason);
  for (const wake of entry.waiters) wake(entry.decision);
  entry.waiters.clear();
  say(`-- ${decision === 'approve' ? 'approved' : 'denied'} ${id}`);
  return null;
}

// POST <path>: a new (or retried) approval request.
function onRequest(res, body) {
  let msg;
  try {
    msg = JSON.parse(body);
  } catch {
    return reply(res, 400, { error: 'body is not JSON' });
  }
  const r = msg?.request;
  if (msg?.type !== 'approval.requested' || typeof r?.id !== 'string' || !/^req_[0-9A-Z]{26}$/.test(r.id)) return reply(res, 400, { error: 'not an approval request' });
  if (msg.request_hash !== bindingHash(r)) return reply(res, 400, { error: 'request_hash does not match the request' });
  if (!requests.has(r.id)) {
    requests.set(r.id, { request: r, decision: null, waiters: new Set() });
    show(r);
    const delayMs = Number(opt.delay) || 0;
    if (opt.auto !== undefined && delayMs === 0) decide(r.id, opt.auto, 'automatic (--auto)');
    if (opt.auto !== undefined && delayMs > 0) setTimeout(() => decide(r.id, opt.auto, 'automatic (--auto)'), delayMs);
  }
  const entry = requests.get(r.id);
  if (entry.decision !== null) return reply(res, 200, { decisions: [entry.decision] });
  return reply(res, 202, { status_url: `/status/${r.id}` });
}

// GET /status/<id>?wait=N: answers as soon as a decision exists, else 202 after N seconds.
function onStatus(res, id, waitS) {
  const entry = requests.get(id);
  if (entry === undefined) return reply(res, 404, { error: 'unknown request' });
  if (entry.decision !== null) return reply(res, 200, { decisions: [entry.decision] });
  const wake = (d) => {
    clearTimeout(timer);
    reply(res, 200, { decisions: [d] });
  };
  const timer = setTimeout(() => {
    entry.waiters.delete(wake);
    reply(res, 202, { status: 'pending' });
  }, Math.min(Math.max(waitS, 0), 60) * 1000);
  entry.waiters.add(wake);
  // The response closes when it is sent or when approve-run hangs up; either way stop waiting.
  res.on('close', () => {
    clearTimeout(timer);
    entry.waiters.delete(wake);
  });
}

const server = createServer((req, res) => {
  const chunks = [];
  let size = 0;
  req.on('data', (c) => {
    size += c.length;
    if (size > MAX_BODY) req.destroy();
    else chunks.push(c);
  });
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://approver');
    const decideMatch = /^\/decide\/(req_[0-9A-Z]{26})$/.exec(url.pathname);
    if (req.method === 'POST' && decideMatch !== null) {
      const given = (req.headers.authorization ?? '').replace(/^Bearer /, '') || url.searchParams.get('token');
      if (given !== token) return reply(res, 403, { error: 'missing or wrong decide token' });
      const decision = url.searchParams.get('decision');
      if (decision !== 'approve' && decision !== 'deny') return reply(res, 400, { error: 'decision must be approve or deny' });
      const problem = decide(decideMatch[1], decision, url.searchParams.get('reason'));
      return problem === null ? reply(res, 200, { ok: true }) : reply(res, 409, { error: problem });
    }
    if (secret !== '') {
      const problem = checkSignature(req.headers['x-approve-run-signature'], body, secret);
      if (problem !== null) return reply(res, 401, { error: problem });
    }
    const statusMatch = /^\/status\/(req_[0-9A-Z]{26})$/.exec(url.pathname);
    if (req.method === 'POST' && url.pathname === opt.path) return onRequest(res, body);
    if (req.method === 'GET' && statusMatch !== null) return onStatus(res, statusMatch[1], Number(url.searchParams.get('wait') ?? '0') || 0);
    return reply(res, 404, { error: 'not found' });
  });
});

server.listen(Number(opt.port), opt.host, () => {
  const { port } = server.address();
  say(`approver ${opt.approver} listening on http://${opt.host}:${port}${opt.path}`);
  say(`decide token (for curl): ${token}`);
  say('type: a <req id> [reason] to approve, d <req id> [reason] to deny, l to list pending');
});

// Decisions typed on this terminal; the id may be left out when exactly one request is pending.
if (process.stdin.isTTY && opt.auto === undefined) {
  const rl = createInterface({ input: process.stdin });
  rl.on('line', (line) => {
    const [cmd, maybeId, ...rest] = line.trim().split(/\s+/);
    const pending = [...requests.values()].filter((e) => e.decision === null).map((e) => e.request.id);
    if (cmd === 'l') return say(pending.length > 0 ? pending.join('\n') : 'nothing pending');
    if (cmd !== 'a' && cmd !== 'd') return say('a <id> [reason] | d <id> [reason] | l');
    const explicit = maybeId?.startsWith('req_');
    const id = explicit ? maybeId : pending.length === 1 ? pending[0] : null;
    if (id === null) return say('which request? give its id (l lists them)');
    const reason = (explicit ? rest : [maybeId, ...rest]).filter(Boolean).join(' ') || null;
    const problem = decide(id, cmd === 'a' ? 'approve' : 'deny', reason);
    if (problem !== null) say(`!! ${problem}`);
  });
}
