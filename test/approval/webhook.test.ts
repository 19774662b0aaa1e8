// The webhook channel's transport (SPEC §5.1) against a real HTTP approver on 127.0.0.1 that
// misbehaves: errors, timeouts, hangs, refused connections, bad bodies, redirects, foreign
// status URLs, expiry; and a well-behaved one (HMAC, long-poll promptness, quorum).
import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { obtainApproval } from '../../src/approval/flow.js';
import { bindingHash, type ApprovalRequest } from '../../src/approval/request/request.js';
import { answer, approver, ask, outcomeOf, refusedReasons } from './hook.js';
import { closedPort, json, type Handler } from './server.js';
import { approvalInput, auditLog, context, decisionEntries, keys, policy, request, signed } from './world.js';

describe.concurrent('a webhook approver that fails or lies about HTTP never approves', () => {
  test.each([
    ['HTTP 500, retried until the approval expires', (): Handler => (_q, res) => json(res, 500, { error: 'boom' }), /webhook: answered HTTP 500/],
    ['HTTP 403, not retried', (): Handler => (_q, res) => json(res, 403, { error: 'no' }), /webhook: answered HTTP 403/],
    ['malformed JSON', (): Handler => (_q, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"decisions": [}'); }, /webhook: answer is malformed JSON/],
    ['wrong content type', (): Handler => (_q, res) => { res.writeHead(200, { 'content-type': 'text/html' }); res.end('{"decisions":[]}'); }, /webhook: answer is not JSON \(content type "text\/html"\)/],
    ['a huge body', (): Handler => (_q, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end(`{"decisions":["${'x'.repeat(1_000_000)}"]}`); }, /webhook: answer larger than 262144 bytes/],
    ['a huge chunked body', (): Handler => (_q, res) => { res.writeHead(200, { 'content-type': 'application/json' }); for (let i = 0; i < 100; i++) res.write('x'.repeat(10_000)); res.end(); }, /webhook: answer larger than 262144 bytes/],
    ['an answer with neither decisions nor decision', (): Handler => (_q, res) => json(res, 200, { ok: true }), /exactly one of "decisions" or "decision"/],
    ['an empty decision list', (): Handler => (_q, res) => json(res, 200, { decisions: [] }), /answer holds no decision/],
    ['a slow answer past the per-call timeout', (): Handler => (_q, res) => void setTimeout(() => json(res, 200, { decisions: [] }), 5000), /webhook: no answer within 1s/],
    ['a hang (never answers)', (): Handler => () => {}, /webhook: no answer/],
  ])('%s', async (_name, script, why) => {
    const run = await ask(() => script());
    expect(run.result.outcome).toBe('approver_unreachable');
    expect(outcomeOf(run.audit).message).toMatch(why);
    expect(run.result).toMatchObject({ message: expect.stringMatching(why) });
  });

  test('HTTP 500 is retried with backoff, within the approval timeout', async () => {
    const run = await ask(() => (_q, res) => json(res, 500, {}));
    const posts = run.server.seen.filter((s) => s.method === 'POST');
    expect(posts.length).toBeGreaterThanOrEqual(2);
    expect(posts.length).toBeLessThan(10);
  });

  test('connection refused, retried until the approval expires', async () => {
    const port = await closedPort();
    const run = await ask(() => () => {}, { url: () => `http://127.0.0.1:${port}/hook` });
    expect(run.result.outcome).toBe('approver_unreachable');
    expect(outcomeOf(run.audit).message).toMatch(/webhook: connection failed \(ECONNREFUSED\)/);
  });

  test('a redirect to an approving server is not followed', async () => {
    const good = await approver((_q, res) => json(res, 200, { decisions: [] }));
    const run = await ask(() => (_q, res) => { res.writeHead(307, { location: good.url }); res.end(); });
    expect(run.result.outcome).toBe('approver_unreachable');
    expect(outcomeOf(run.audit).message).toMatch(/webhook: answered HTTP 307 \(redirects are not followed\)/);
    expect(good.seen).toHaveLength(0);
  });

  test('a cross-origin status_url is never called', async () => {
    const other = await approver((_q, res) => json(res, 200, { decisions: [] }));
    const run = await ask(() => (_q, res) => json(res, 202, { status_url: `${other.origin}/status` }));
    expect(run.result.outcome).toBe('approver_unreachable');
    expect(outcomeOf(run.audit).message).toMatch(/webhook: status_url http:\/\/127\.0\.0\.1:\d+ is not on the webhook's origin/);
    expect(other.seen).toHaveLength(0);
  });

  test('a 3xx on the status_url is a failure too', async () => {
    const run = await ask(() => (q, res) => (q.method === 'POST' ? json(res, 202, { status_url: '/status/1' }) : (res.writeHead(302, { location: '/elsewhere' }), res.end())));
    expect(run.result.outcome).toBe('approver_unreachable');
    expect(outcomeOf(run.audit).message).toMatch(/webhook: status_url answered HTTP 302/);
  });

  test('202 and then only "pending" until the approval expires', async () => {
    const run = await ask(() => (q, res) => {
      if (q.method === 'POST') return json(res, 202, { status_url: '/status/1' });
      setTimeout(() => { res.writeHead(204); res.end(); }, 300);
    });
    expect(run.result).toEqual({ outcome: 'approval_expired', message: `approval expired after 2s (request ${run.req.id})` });
    expect(outcomeOf(run.audit)).toMatchObject({ outcome: 'approval_expired' });
    expect(run.server.seen.filter((s) => s.method === 'GET').length).toBeGreaterThanOrEqual(2);
  });

  test('an unset secret variable means no request is sent at all', async () => {
    const req = request();
    const server = await approver((_q, res) => json(res, 200, { decisions: [signed(req, 'alice')] }));
    const p = policy({ webhook: { url: server.url, secret_env: 'MISSING_SECRET', secret_file: null, timeout_s: 1 } });
    const audit = auditLog();
    const result = await obtainApproval(approvalInput(p, req, audit, context(), ['webhook']));
    expect(result).toMatchObject({ outcome: 'approver_unreachable', message: expect.stringMatching(/secret variable MISSING_SECRET is not set/) });
    expect(server.seen).toHaveLength(0);
  });

  test('plain http to a non-loopback address is refused before any connection', async () => {
    const run = await ask(() => () => {}, { url: () => 'http://0.0.0.0:9/hook' });
    expect(run.result).toMatchObject({ outcome: 'approver_unreachable', message: expect.stringMatching(/must use https/) });
  });
});

describe.concurrent('a well-behaved webhook approver', () => {
  test('200 with a valid decision approves, opens a session, and logs the signed decision', async () => {
    const run = await ask(answer((r) => [signed(r, 'alice')]));
    expect(run.result).toMatchObject({ outcome: 'approved', approvers: ['alice'], sessionId: expect.stringMatching(/^ses_[0-9A-Z]{26}$/) });
    const outcome = decisionEntries(run.audit, 'outcome')[0] as { decisions: Array<{ approver: string; signature: string }> };
    expect(outcome.decisions[0]).toMatchObject({ approver: 'alice', signature: expect.stringMatching(/^ed25519:/) });
    expect(run.stderr).toMatch(/^approve-run: waiting for approval by sre \(request req_\w+\); expires in 2s\n$/);
  });

  test('every call carries a valid HMAC signature over "<t>.<body>"', async () => {
    const run = await ask((r) => (q, res) => (q.method === 'POST' ? json(res, 202, { status_url: '/status/x' }) : json(res, 200, { decision: signed(r, 'bob') })));
    expect(run.result.outcome).toBe('approved');
    for (const seen of run.server.seen) {
      const header = String(seen.headers['x-approve-run-signature']);
      const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
      expect(m).not.toBeNull();
      expect(m![2]).toBe(createHmac('sha256', 's3cret').update(`${m![1]}.${seen.body}`).digest('hex'));
    }
    const post = JSON.parse(run.server.seen[0]!.body) as { type: string; request: ApprovalRequest; request_hash: string };
    expect(post).toEqual({ type: 'approval.requested', request: run.req, request_hash: bindingHash(run.req) });
    expect(run.server.seen[1]!.url).toBe('/status/x?wait=30&after=0');
  });

  test('202, then a long-poll answered the moment the approver decides', async () => {
    let release: (() => void) | null = null;
    let releasedAt = 0;
    const started = performance.now();
    const run = await ask(
      (r) => (q, res) => {
        if (q.method === 'POST') return json(res, 202, { status_url: '/status/1' });
        release = () => {
          releasedAt = performance.now();
          json(res, 200, { decisions: [signed(r, 'alice')] });
        };
        setTimeout(() => release?.(), 400);
      },
      { timeoutS: 5 },
    );
    const latency = performance.now() - releasedAt;
    expect(run.result.outcome).toBe('approved');
    expect(releasedAt - started).toBeGreaterThanOrEqual(400);
    expect(run.server.seen.filter((s) => s.method === 'GET')).toHaveLength(1);
    // A sleep-polling client would see the answer only at its next poll; a long-poll sees it at once.
    expect(latency).toBeLessThan(250);
  });

  test('a quorum of 2 is met by two distinct approvers', async () => {
    const run = await ask(answer((r) => [signed(r, 'alice'), signed(r, 'bob')]), { quorum: 2 });
    expect(run.result).toMatchObject({ outcome: 'approved', approvers: ['alice', 'bob'] });
  });

  test('without a secret no signature header is sent', async () => {
    const run = await ask(answer((r) => [signed(r, 'alice')]), { secret: null });
    expect(run.result.outcome).toBe('approved');
    expect(run.server.seen[0]!.headers['x-approve-run-signature']).toBeUndefined();
  });
});

describe('junk on a long-poll never ends the wait (SPEC §13)', () => {
  test('a relay that repeats junk at once: logged once, spaced out, and a later valid decision approves', async () => {
    const started = Date.now();
    const run = await ask((req) => (q, res) => {
      if (q.method === 'POST') return json(res, 202, { status_url: '/status/1' });
      const junk = [signed(req, 'alice', 'deny', { decided_at: req.created_at }, keys.mallory.privateKey), { not: 'a decision' }];
      json(res, 200, { decisions: Date.now() - started > 800 ? [...junk, signed(req, 'bob')] : junk });
    }, { timeoutS: 4 });
    expect(run.result.outcome).toBe('approved');
    expect(refusedReasons(run.audit)).toEqual(['bad signature for approver alice', 'unknown field "not"']);
    const gets = run.server.seen.filter((s) => s.method === 'GET');
    expect(gets.length).toBeLessThan(12);
    expect(gets.at(-1)!.url).toMatch(/after=\d+$/);
  });

  test('fresh junk on every answer is spaced out too, and each one is logged', async () => {
    const run = await ask((req) => (q, res) => {
      if (q.method === 'POST') return json(res, 202, { status_url: '/status/1' });
      json(res, 200, { decisions: [signed(req, 'alice', 'approve', {}, keys.mallory.privateKey)] });
    }, { timeoutS: 2 });
    expect(run.result.outcome).toBe('approval_expired');
    const refused = refusedReasons(run.audit);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused.length).toBeLessThan(10);
    expect(new Set(refused)).toEqual(new Set(['bad signature for approver alice']));
  });

  test('a synchronous 200 of junk to the POST still ends that channel (there is nothing to wait on)', async () => {
    const run = await ask(answer((req) => [signed(req, 'alice', 'approve', {}, keys.mallory.privateKey)]));
    expect(run.result.outcome).not.toBe('approved');
    expect(refusedReasons(run.audit)).toEqual(['bad signature for approver alice']);
  });
});
