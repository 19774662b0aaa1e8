// The service's HTTP surface against hostile callers: every refused call stores nothing.
import { randomBytes } from 'node:crypto';
import { statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signatureHeader } from '../../src/approval/webhook/hmac.js';
import { bindingHash, buildRequest, type ApprovalRequest } from '../../src/approval/request/request.js';
import { canonicalize } from '../../src/crypto/jcs.js';
import { fields } from '../approval/world.js';
import { HOST, SECRET, startService, type Service } from './world.js';

const OTHER_SECRET = 'another host secret';
let svc: Service;
beforeAll(async () => {
  const dir = (await import('../helpers/tmp.js')).tempDir('approve-run-other-');
  writeFileSync(join(dir, 'other.secret'), OTHER_SECRET, { mode: 0o600 });
  svc = await startService(`  other-host: { secret_file: ${join(dir, 'other.secret')} }\n`);
});
afterAll(async () => {
  await svc.stop();
});

// A fresh request from HOST, its §5.1 body, and the body's signature header.
function fresh(over: Partial<ApprovalRequest> = {}, secret = SECRET, at = new Date()): { req: ApprovalRequest; body: string; sig: string } {
  const req = { ...buildRequest(fields({ host: HOST }), new Date(), 60, randomBytes), ...over };
  const body = canonicalize({ type: 'approval.requested', request: req, request_hash: bindingHash(req) });
  return { req, body, sig: signatureHeader(secret, body, at) };
}

const post = (path: string, body: string, sig?: string, type = 'application/json') =>
  fetch(`${svc.url}${path}`, { method: 'POST', body, headers: { 'content-type': type, ...(sig === undefined ? {} : { 'x-approve-run-signature': sig }) } });
const exists = async (id: string) => (await fetch(`${svc.url}/v1/requests/${id}`)).status === 200;
const decisionCount = async (id: string) => ((await (await fetch(`${svc.url}/v1/requests/${id}`)).json()) as { decisions: number }).decisions;

describe('hosts posting requests', () => {
  test('a signed request is stored and answered 202 with its status URL', async () => {
    const { req, body, sig } = fresh();
    const r = await post('/v1/requests', body, sig);
    expect(r.status).toBe(202);
    expect(await r.json()).toEqual({ status_url: `${svc.url}/v1/requests/${req.id}/status` });
    expect(await exists(req.id)).toBe(true);
  });

  test.each([
    ['no signature', () => { const f = fresh(); return { ...f, sig: undefined }; }, 401],
    ['a forged HMAC (another secret)', () => fresh({}, 'guessed'), 401],
    ['another host\'s secret', () => fresh({}, OTHER_SECRET), 401],
    ['a malformed signature header', () => ({ ...fresh(), sig: 't=1,v1=zz' }), 401],
    ['a stale timestamp (6 minutes old)', () => fresh({}, SECRET, new Date(Date.now() - 360_000)), 401],
    ['a timestamp 6 minutes ahead', () => fresh({}, SECRET, new Date(Date.now() + 360_000)), 401],
    ['an unknown host', () => fresh({ host: 'stranger' }), 403],
    ['a wrong request_hash', () => { const f = fresh(); const body = f.body.replace(/"request_hash":"sha256:[0-9a-f]+"/, `"request_hash":"sha256:${'0'.repeat(64)}"`); return { ...f, body, sig: signatureHeader(SECRET, body, new Date()) }; }, 400],
    ['a request altered after hashing', () => { const f = fresh(); const body = f.body.replace('"nginx.service"', '"sshd.service"'); return { ...f, body, sig: signatureHeader(SECRET, body, new Date()) }; }, 400],
    ['malformed JSON', () => { const f = fresh(); const body = f.body.slice(0, -1); return { ...f, body, sig: signatureHeader(SECRET, body, new Date()) }; }, 400],
    ['an extra top-level field', () => { const f = fresh(); const body = `${f.body.slice(0, -1)},"x":1}`; return { ...f, body, sig: signatureHeader(SECRET, body, new Date()) }; }, 400],
  ])('%s: refused, nothing stored', async (_name, make, status) => {
    const { req, body, sig } = make();
    const r = await post('/v1/requests', body, sig);
    expect(r.status).toBe(status);
    expect(await exists(req.id)).toBe(false);
  });

  test('an oversized body: refused with 413 before it is read, nothing stored', async () => {
    const { req, body, sig } = fresh({ reason: 'x'.repeat(300_000) });
    // Its own connection: the service closes it without reading the rest of the upload.
    const status = await new Promise<number>((resolve, reject) => {
      const call = httpRequest(`${svc.url}/v1/requests`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-approve-run-signature': sig } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      call.on('error', (error) => reject(error));
      call.end(body);
    });
    expect(status).toBe(413);
    expect(await exists(req.id)).toBe(false);
  });

  test('a replayed post is refused: the same signature is accepted once', async () => {
    const { req, body, sig } = fresh();
    expect((await post('/v1/requests', body, sig)).status).toBe(202);
    const again = await post('/v1/requests', body, sig);
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ error: 'replayed signature' });
    expect(await exists(req.id)).toBe(true);
  });

  test('a non-JSON content type is refused', async () => {
    const { req, body, sig } = fresh();
    expect((await post('/v1/requests', body, sig, 'text/plain')).status).toBe(415);
    expect(await exists(req.id)).toBe(false);
  });
});

describe('status long-polls and decisions', () => {
  test('a long-poll is woken by a stored decision, and must be signed by the request\'s host', async () => {
    const { req, body, sig } = fresh();
    expect((await post('/v1/requests', body, sig)).status).toBe(202);
    const status = `${svc.url}/v1/requests/${req.id}/status`;
    expect((await fetch(`${status}?wait=1`)).status).toBe(401);
    expect((await fetch(`${status}?wait=1`, { headers: { 'x-approve-run-signature': signatureHeader(OTHER_SECRET, '', new Date()) } })).status).toBe(401);
    const signedGet = (q: string) => fetch(`${status}?${q}`, { headers: { 'x-approve-run-signature': signatureHeader(SECRET, '', new Date()) } });
    expect((await signedGet('wait=0')).status).toBe(204);
    const started = Date.now();
    const poll = signedGet('wait=10&after=0');
    await new Promise((r) => setTimeout(r, 200));
    const decision = { request_id: req.id, request_hash: bindingHash(req), decision: 'approve', approver: 'alice', decided_at: new Date().toISOString(), signature: 'ed25519:AAAA' };
    expect((await post(`/v1/requests/${req.id}/decisions`, JSON.stringify({ decision }))).status).toBe(202);
    const answer = await poll;
    expect(answer.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await answer.json()).toEqual({ decisions: [decision] });
    expect((await signedGet('wait=0&after=1')).status).toBe(204);
    expect((await post(`/v1/requests/${req.id}/decisions`, JSON.stringify({ decision }))).status).toBe(200);
    expect(await decisionCount(req.id)).toBe(1);
  });

  test.each([
    ['malformed JSON', '{"decision": {'],
    ['no decision key', '{"approve": true}'],
    ['a decision that is not an object', '{"decision": "approve"}'],
    ['a decision with an unknown field', '{"decision": {"request_id":"a","request_hash":"b","decision":"approve","approver":"alice","decided_at":"c","signature":"d","admin":true}}'],
    ['a decision that is neither approve nor deny', '{"decision": {"request_id":"a","request_hash":"b","decision":"maybe","approver":"alice","decided_at":"c","signature":"d"}}'],
  ])('a decision body with %s is refused with 400 and not stored', async (_name, body) => {
    const { req, body: reqBody, sig } = fresh();
    expect((await post('/v1/requests', reqBody, sig)).status).toBe(202);
    expect((await post(`/v1/requests/${req.id}/decisions`, body)).status).toBe(400);
    expect(await decisionCount(req.id)).toBe(0);
  });

  test('decisions for an unknown request are 404', async () => {
    expect((await post('/v1/requests/req_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z/decisions', '{"decision":{}}')).status).toBe(404);
  });

  test('outcome: host-signed, for this request only, once', async () => {
    const { req, body, sig } = fresh();
    expect((await post('/v1/requests', body, sig)).status).toBe(202);
    const outcome = (o: Record<string, unknown>) => canonicalize({ type: 'approval.completed', request_id: req.id, request_hash: bindingHash(req), outcome: 'ran', exit_code: 0, duration_ms: 12, ...o });
    const path = `/v1/requests/${req.id}/outcome`;
    const ok = outcome({});
    expect((await post(path, ok, signatureHeader(OTHER_SECRET, ok, new Date()))).status).toBe(401);
    const wrong = outcome({ request_hash: `sha256:${'1'.repeat(64)}` });
    expect((await post(path, wrong, signatureHeader(SECRET, wrong, new Date()))).status).toBe(400);
    const bad = outcome({ outcome: 'approved' });
    expect((await post(path, bad, signatureHeader(SECRET, bad, new Date()))).status).toBe(400);
    expect((await post(path, ok, signatureHeader(SECRET, ok, new Date()))).status).toBe(200);
    const later = outcome({ exit_code: 1 });
    expect((await post(path, later, signatureHeader(SECRET, later, new Date()))).status).toBe(409);
    expect(((await (await fetch(`${svc.url}/v1/requests/${req.id}`)).json()) as { outcome: unknown }).outcome).toMatchObject({ outcome: 'ran', exit_code: 0 });
  });

  test('unknown paths and methods are 404', async () => {
    expect((await fetch(`${svc.url}/v1/nothing`)).status).toBe(404);
    expect((await fetch(`${svc.url}/v1/requests`)).status).toBe(404);
    expect((await fetch(`${svc.url}/v1/requests/not-an-id`)).status).toBe(404);
  });

  test('the database is 0600 in a 0700 directory', () => {
    expect(statSync(svc.db).mode & 0o777).toBe(0o600);
    expect(statSync(join(svc.db, '..')).mode & 0o777).toBe(0o700);
  });
});
