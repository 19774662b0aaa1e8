// Failover between the replicas of one approval service (`url: [a, b]`, SPEC §15): the host
// moves to the next replica on a refused connection, a 5xx or a dropped long-poll, posts the
// same request there (signed anew), long-polls a replica that already holds it (409), and
// still fails closed when no replica answers by the approval timeout.
import { createHmac } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { obtainApproval } from '../../src/approval/flow.js';
import { bindingHash, type ApprovalRequest } from '../../src/approval/request/request.js';
import { formatProblem } from '../../src/policy/problems.js';
import { validatePolicyText } from '../../src/policy/load.js';
import { approver, outcomeOf } from './hook.js';
import { closedPort, json, type Seen } from './server.js';
import { approvalInput, auditLog, context, policy, request, signed } from './world.js';

const SECRET = 's3cret';

// Asks the replicas at `urls` (in order) about `req`, with a webhook secret.
async function askReplicas(req: ApprovalRequest, urls: string[]) {
  const p = policy({ webhook: { url: urls[0] as string, fallback_urls: urls.slice(1), secret_env: 'HOOK_SECRET', secret_file: null, timeout_s: 1 } });
  const audit = auditLog();
  const result = await obtainApproval(approvalInput(p, req, audit, context({ HOOK_SECRET: SECRET }), ['webhook']));
  return { result, audit };
}

// Whether a recorded call carries a valid signature over its own body.
function signedCall(s: Seen): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(s.headers['x-approve-run-signature']));
  return m !== null && createHmac('sha256', SECRET).update(`${m[1]}.${s.body}`).digest('hex') === m[2];
}

const posts = (seen: Seen[]) => seen.filter((s) => s.method === 'POST');
const held = (req: ApprovalRequest) => ({ error: `request ${req.id} already exists` });

describe('a host with several service urls', () => {
  test('a refused first replica: the second takes the request and its decision approves', async () => {
    const req = request({}, 5);
    const dead = await closedPort();
    const b = await approver((_q, res) => json(res, 200, { decisions: [signed(req, 'alice')] }));
    const { result } = await askReplicas(req, [`http://127.0.0.1:${dead}/approve-run`, b.url]);
    expect(result.outcome).toBe('approved');
    expect(posts(b.seen)).toHaveLength(1);
    expect(JSON.parse(posts(b.seen)[0]!.body)).toMatchObject({ request: { id: req.id }, request_hash: bindingHash(req) });
    expect(signedCall(posts(b.seen)[0]!)).toBe(true);
  });

  test('a 5xx replica hands over at once; the same request goes to the next, each post signed', async () => {
    const req = request({}, 5);
    const a = await approver((_q, res) => json(res, 503, { error: 'down' }));
    const b = await approver((q, res) => (q.method === 'POST' ? json(res, 202, { status_url: `/approve-run/${req.id}/status` }) : json(res, 200, { decisions: [signed(req, 'alice')] })));
    const { result } = await askReplicas(req, [a.url, b.url]);
    expect(result.outcome).toBe('approved');
    expect(posts(a.seen)).toHaveLength(1);
    expect(posts(b.seen)[0]!.body).toBe(posts(a.seen)[0]!.body);
    expect([...a.seen, ...b.seen].every(signedCall)).toBe(true);
  });

  test('a replica dropped mid-long-poll: the next one already holds the request (409) and is long-polled', async () => {
    const req = request({}, 5);
    const a = await approver((q, res) => (q.method === 'POST' ? json(res, 202, { status_url: `/approve-run/${req.id}/status` }) : res.socket?.destroy()));
    const b = await approver((q, res) => (q.method === 'POST' ? json(res, 409, held(req)) : json(res, 200, { decisions: [signed(req, 'alice')] })));
    const { result } = await askReplicas(req, [a.url, b.url]);
    expect(result.outcome).toBe('approved');
    expect(b.seen.map((s) => `${s.method} ${s.url.split('?')[0]}`)).toEqual(['POST /approve-run', `GET /approve-run/${req.id}/status`]);
  });

  test('one url: a post whose answer was lost, then "already exists" on the retry, is long-polled', async () => {
    const req = request({}, 6);
    let stored = false;
    const a = await approver((q, res) => {
      if (q.method !== 'POST') return json(res, 200, { decisions: [signed(req, 'alice')] });
      if (stored) return json(res, 409, held(req));
      stored = true; // stored, but the answer never comes back within the call's timeout
      setTimeout(() => res.socket?.destroy(), 3000);
    });
    const { result } = await askReplicas(req, [a.url]);
    expect(result.outcome).toBe('approved');
    expect(a.seen.map((s) => `${s.method} ${s.url.split('?')[0]}`)).toEqual(['POST /approve-run', 'POST /approve-run', `GET /approve-run/${req.id}/status`]);
  });

  test('a 409 to the very first post is a refusal, not "already held"', async () => {
    const req = request({}, 2);
    const a = await approver((_q, res) => json(res, 409, held(req)));
    const b = await approver((_q, res) => json(res, 200, { decisions: [signed(req, 'alice')] }));
    const { result, audit } = await askReplicas(req, [a.url, b.url]);
    expect(result.outcome).toBe('approver_unreachable');
    expect(outcomeOf(audit).message).toMatch(/webhook: answered HTTP 409/);
    expect(b.seen).toHaveLength(0);
  });

  test('a 409 that names another request is not taken as held; nothing approves by the timeout', async () => {
    const req = request({}, 2);
    const other = request({}, 2);
    const a = await approver((_q, res) => json(res, 500, {}));
    const b = await approver((q, res) => (q.method === 'POST' ? json(res, 409, held(other)) : json(res, 200, { decisions: [signed(req, 'alice')] })));
    const { result } = await askReplicas(req, [a.url, b.url]);
    expect(result.outcome).toBe('approver_unreachable');
    expect(b.seen.filter((s) => s.method === 'GET')).toHaveLength(0);
  });

  test('no replica answers: fail closed at the approval timeout, with bounded retries', async () => {
    const req = request({}, 2);
    const ports = [await closedPort(), await closedPort()];
    const started = Date.now();
    const { result, audit } = await askReplicas(req, ports.map((p) => `http://127.0.0.1:${p}/approve-run`));
    expect(result.outcome).toBe('approver_unreachable');
    expect(outcomeOf(audit).message).toMatch(/connection failed \(ECONNREFUSED\)/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('the webhook url list in a policy', () => {
  const head = 'version: 1\napprovers:\n  alice: { users: [alice], key: "ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=" }\nchannels:\n  webhook: { url: ';
  const load = (url: string) => {
    const r = validatePolicyText('/p.yaml', `${head}${url} }\nrules: []\n`);
    return 'problems' in r ? r.problems.map(formatProblem).join('\n') : r.policy.channels.webhook;
  };
  test.each([
    ['one string', '"https://a.example/v1/requests"', { url: 'https://a.example/v1/requests', fallback_urls: [] }],
    ['a list', '["https://a.example/v1/requests", "https://b.example/v1/requests"]', { url: 'https://a.example/v1/requests', fallback_urls: ['https://b.example/v1/requests'] }],
  ])('%s loads', (_name, url, expected) => {
    expect(load(url)).toMatchObject(expected);
  });
  test.each([
    ['an empty list', '[]', /must not be empty/],
    ['a duplicate', '["https://a.example/x", "https://a.example/x"]', /the same url is listed twice/],
    ['a non-http entry', '["https://a.example/x", "file:///etc/passwd"]', /must use http or https/],
    ['a number', '[1]', /expected a string, got 1/],
    ['too many', `[${Array.from({ length: 9 }, (_, i) => `"https://h${i}.example/"`).join(', ')}]`, /a list of 1 to 8/],
  ])('%s is refused', (_name, url, why) => {
    expect(load(url)).toMatch(why);
  });
});
