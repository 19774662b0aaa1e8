// Slack and Teams through the real service (SPEC §13): a real `approve-run serve` posts to a
// fake Slack Web API and a fake Teams webhook on 127.0.0.1; real hosts (the CLI) wait on it;
// approvers answer with `approve-run approve|deny` or, with the opt-in, the in-Slack button.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { signatureHeader } from '../../src/approval/webhook/hmac.js';
import { bindingHash, buildRequest, type ApprovalRequest } from '../../src/approval/request/request.js';
import { canonicalize } from '../../src/crypto/jcs.js';
import { fields } from '../approval/world.js';
import { closedPort } from '../approval/server.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { blockActions, interact, slackSign, startFakeSlack, type FakeSlack, type SlackCall } from './fakes/slack.js';
import { cardLines, startFakeTeams, type FakeTeams } from './fakes/teams.js';
import { approverKey, HOST, SECRET, startHost, startService, type Service } from './world.js';

const TOKEN = 'xoxb-1111-2222-fakebottoken';
const SIGNING = '8f742231b10e8888abcd99yyyzzz85a5';
const CHANNEL = 'C0APPROVALS';

let dir: string;
let slack: FakeSlack;
let teams: FakeTeams;
let svc: Service;
let alice: { key: string; pub: string };
let carol: { key: string; pub: string };

// The chat sections of a configuration; `approve` adds the in-Slack opt-in.
function chatConfig(apiUrl: string, teamsUrl: string | null, approve: boolean): string {
  const secrets = join(dir, `chat-${Math.random().toString(36).slice(2)}`);
  mkdirSync(secrets, { mode: 0o700 });
  writeFileSync(join(secrets, 'token'), `${TOKEN}\n`, { mode: 0o600 });
  writeFileSync(join(secrets, 'signing'), `${SIGNING}\n`, { mode: 0o600 });
  let text = `slack:\n  bot_token_file: ${join(secrets, 'token')}\n  signing_secret_file: ${join(secrets, 'signing')}\n  channel: ${CHANNEL}\n  api_url: ${apiUrl}\n`;
  if (approve) {
    text += `  approve_in_slack:\n    alice: { slack_user: U0ALICE, key_file: ${alice.key}, users: [alice] }\n    carol: { slack_user: U0CAROL, key_file: ${carol.key}, users: [carol, root, "#4321"] }\n`;
  }
  if (teamsUrl !== null) {
    writeFileSync(join(secrets, 'teams'), teamsUrl, { mode: 0o600 });
    text += `teams:\n  webhook_url_file: ${join(secrets, 'teams')}\n`;
  }
  return text;
}

beforeAll(async () => {
  dir = tempDir('approve-run-chat-');
  const keys = join(dir, 'keys');
  mkdirSync(keys, { mode: 0o700 });
  alice = await approverKey(keys, 'alice');
  carol = await approverKey(keys, 'carol');
  slack = await startFakeSlack(TOKEN, CHANNEL);
  teams = await startFakeTeams();
  svc = await startService('', chatConfig(slack.apiUrl, teams.url, true));
}, 30_000);
afterAll(async () => {
  await svc.stop();
  await slack.close();
  await teams.close();
});

// A host policy: alice and carol may approve `touch`; carol's accounts include the requester.
function policy(serviceUrl: string, timeout = '30s'): string {
  const file = join(dir, `policy-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `version: 1
settings: { default: deny, approval_timeout: ${timeout} }
approvers:
  alice: { users: [alice], key: "${alice.pub}" }
  carol: { users: [carol, root], key: "${carol.pub}" }
channels:
  webhook: { url: "${serviceUrl}/v1/requests", secret_env: APPROVE_RUN_WEBHOOK_SECRET, timeout: 5s }
rules:
  - id: touch-files
    match: { command: touch }
    decision: approve
    approvers: [alice, carol]
    risk: medium
`);
  return file;
}

// Every text of a Slack block list, in order.
function texts(blocks: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') out.push(o.text);
      for (const [k, x] of Object.entries(o)) if (k !== 'text' || typeof x !== 'string') walk(x);
    }
  };
  walk(blocks);
  return out;
}

// Buttons of a message's blocks.
const buttons = (blocks: unknown) =>
  (blocks as Array<{ type: string; elements?: Array<Record<string, unknown>> }>).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);

// The channel message (not a reply) posted for request `id`.
async function parent(f: FakeSlack, id: string): Promise<SlackCall> {
  const isParent = (c: SlackCall) => c.method === 'chat.postMessage' && c.args.thread_ts === undefined && c.answer.ok === true && JSON.stringify(c.args.blocks ?? []).includes(`request:${id}`);
  return (await f.waitFor(isParent))[0]!;
}

// The thread replies under `ts`, once there are `n`.
const replies = async (f: FakeSlack, ts: unknown, n: number) =>
  (await f.waitFor((c) => c.method === 'chat.postMessage' && c.args.thread_ts === ts, n)).map((c) => String(c.args.text));

// The chat.update calls of the message `ts`, once there are `n`.
const updates = (f: FakeSlack, ts: unknown, n = 1) => f.waitFor((c) => c.method === 'chat.update' && c.args.ts === ts, n);

// A request from host HOST, expiring after `timeoutS`.
const newRequest = (timeoutS = 60, over: Parameters<typeof fields>[0] = {}) =>
  buildRequest(fields({ host: HOST, approvers: ['alice', 'carol'], ...over }), new Date(), timeoutS, randomBytes);

// Posts a request straight to the service as host HOST, expiring after `timeoutS`.
async function postRequest(url: string, timeoutS = 60, over: Parameters<typeof fields>[0] = {}, req = newRequest(timeoutS, over)): Promise<ApprovalRequest> {
  const body = canonicalize({ type: 'approval.requested', request: req, request_hash: bindingHash(req) });
  const r = await fetch(`${url}/v1/requests`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-approve-run-signature': signatureHeader(SECRET, body, new Date()) } });
  expect(r.status).toBe(202);
  return req;
}

const decisionCount = async (url: string, id: string) => ((await (await fetch(`${url}/v1/requests/${id}`)).json()) as { decisions: number }).decisions;

// The ephemeral messages shown to `user`.
const ephemeral = async (f: FakeSlack, user: string, n = 1) =>
  (await f.waitFor((c) => c.method === 'chat.postEphemeral' && c.args.user === user, n)).map((c) => String(c.args.text));

describe('Slack and Teams follow a request', () => {
  test('the message shows the context, escaped, with a Review link; approve and run update the thread, the parent and Teams', async () => {
    const marker = join(dir, 'ran <!channel> *bold* & <@U0BOSS> <!here|x>');
    const host = startHost(policy(svc.url), join(dir, 'a.db'), marker);
    const id = await host.requestId();
    const message = await parent(slack, id);
    const all = texts(message.args.blocks);
    expect(all).toContain(`Command: touch '${join(dir, 'ran &lt;!channel&gt; *bold* &amp; &lt;@U0BOSS&gt; &lt;!here|x&gt;')}'`);
    expect(JSON.stringify(message.args)).not.toMatch(/<!channel>|<@U0BOSS>|<!here/);
    // The host left carol out: her accounts include the requester.
    expect(all).toEqual(expect.arrayContaining(['Requester: root (uid 0)', `Host: ${HOST}`, 'Rule: touch-files', 'Risk: medium', 'Approvers: alice (quorum 1)', 'Actor: (none given)']));
    expect(all.some((t) => /^Expires: \d{4}-\d\d-\d\dT/.test(t))).toBe(true);
    // Untrusted text is never read as mrkdwn.
    const textObjects = JSON.stringify(message.args.blocks).match(/"type":"(plain_text|mrkdwn)"/g) ?? [];
    expect(new Set(textObjects)).toEqual(new Set(['"type":"plain_text"']));
    const [review, approve] = buttons(message.args.blocks);
    expect(review).toMatchObject({ type: 'button', url: `${svc.url}/requests/${id}` });
    expect((review as { text: { text: string } }).text.text).toBe('Review');
    expect(approve).toMatchObject({ action_id: 'approve_in_slack', value: id });
    const card = (await teams.waitFor((c) => cardLines(c).includes(`Request: ${id}`)))[0]!;
    expect(cardLines(card)).toEqual(expect.arrayContaining(['Approval requested', 'Requester: root (uid 0)', 'Rule: touch-files']));
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open', url: `${svc.url}/requests/${id}` }]);

    const r = await runCli(['approve', id, '--key', alice.key, '--as', 'alice', '--reason', 'looks <fine>', '--server', svc.url]);
    expect(r.code, r.stderr).toBe(0);
    expect(await host.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    const thread = await replies(slack, message.answer.ts, 2);
    expect(thread[0]).toBe('Approval by alice relayed, not yet verified by the host: "looks &lt;fine&gt;"');
    expect(thread[1]).toMatch(/^Status: approved and ran \(exit code 0, took .*\), as the host reports$/);
    const [update] = await updates(slack, message.answer.ts);
    expect(texts(update!.args.blocks)).toContain(thread[1]);
    expect(buttons(update!.args.blocks).map((b) => b.action_id)).toEqual(['review']);
    const ended = (await teams.waitFor((c) => cardLines(c).includes(`Request: ${id}`), 2))[1]!;
    expect(cardLines(ended)).toContain('Status: approved and ran' + thread[1]!.slice('Status: approved and ran'.length));
  }, 60_000);

  test('deny: the relayed denial, then the host\'s word, in the thread and on the parent', async () => {
    const host = startHost(policy(svc.url), join(dir, 'b.db'), join(dir, 'denied'));
    const id = await host.requestId();
    const message = await parent(slack, id);
    const r = await runCli(['deny', id, '--key', alice.key, '--as', 'alice', '--reason', 'not now', '--server', svc.url]);
    expect(r.code, r.stderr).toBe(0);
    expect(await host.code).toBe(77);
    expect(await replies(slack, message.answer.ts, 2)).toEqual([
      'Denial by alice relayed, not yet verified by the host: "not now"',
      'Status: denied, as the host reports; not run',
    ]);
    expect(texts((await updates(slack, message.answer.ts))[0]!.args.blocks)).toContain('Status: denied, as the host reports; not run');
  }, 60_000);

  // The two expiry tests mostly wait out the service's grace; each follows its own request and
  // thread, so they wait side by side.
  test.concurrent('expiry reported by the host is posted once', async () => {
    const host = startHost(policy(svc.url, '2s'), join(dir, 'c.db'), join(dir, 'expired'));
    const id = await host.requestId();
    const message = await parent(slack, id);
    expect(await host.code).not.toBe(0);
    expect(await replies(slack, message.answer.ts, 1)).toEqual(['Status: expired without approval, as the host reports; not run']);
    // Past the service's own grace: no second "expired".
    await new Promise((r) => setTimeout(r, 6000));
    expect(slack.calls.filter((c) => c.args.thread_ts === message.answer.ts)).toHaveLength(1);
  }, 60_000);

  test.concurrent('expiry with no report from any host: the service posts "expired" once, in Slack and Teams', async () => {
    const req = await postRequest(svc.url, 1);
    const message = await parent(slack, req.id);
    const expired = 'Status: expired: no approval and no report from the host; not run';
    expect(await replies(slack, message.answer.ts, 1)).toEqual([expired]);
    expect(texts((await updates(slack, message.answer.ts))[0]!.args.blocks)).toContain(expired);
    expect(cardLines((await teams.waitFor((c) => cardLines(c).includes(`Request: ${req.id}`), 2))[1]!)).toContain(expired);
    // A late report of the same adds nothing.
    const body = canonicalize({ type: 'approval.completed', request_id: req.id, request_hash: bindingHash(req), outcome: 'expired', exit_code: null, duration_ms: null });
    const r = await fetch(`${svc.url}/v1/requests/${req.id}/outcome`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-approve-run-signature': signatureHeader(SECRET, body, new Date()) } });
    expect(r.status).toBe(200);
    await new Promise((res) => setTimeout(res, 1500));
    expect(slack.calls.filter((c) => c.args.thread_ts === message.answer.ts)).toHaveLength(1);
  }, 30_000);
});

describe('the opt-in in-Slack approve button', () => {
  test('a mapped Slack user\'s click signs a decision the host accepts; the command runs', async () => {
    const marker = join(dir, 'slack-approved');
    const host = startHost(policy(svc.url), join(dir, 'd.db'), marker);
    const id = await host.requestId();
    const message = await parent(slack, id);
    const r = await interact(svc.url, blockActions({ user: 'U0ALICE', actionId: 'approve_in_slack', value: id, channel: CHANNEL }), SIGNING);
    expect(r.status).toBe(200);
    expect(await host.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    expect(JSON.parse(host.err().trim().split('\n').at(-1)!)).toMatchObject({ outcome: 'approved', approvers: ['alice'], request_id: id });
    expect(await ephemeral(slack, 'U0ALICE')).toEqual(['Approval signed for alice and relayed; the host verifies it against its policy.']);
    const thread = await replies(slack, message.answer.ts, 2);
    expect(thread[0]).toBe('Approval by alice relayed, not yet verified by the host: "approved in Slack by U0ALICE (key held by the approval service)"');
    expect(thread[1]).toMatch(/^Status: approved and ran \(exit code 0/);
  }, 60_000);

  test('the requester\'s own approver, and an unmapped Slack user, get no signature', async () => {
    const host = startHost(policy(svc.url), join(dir, 'e.db'), join(dir, 'never'));
    const id = await host.requestId();
    await parent(slack, id);
    // The host's request leaves carol out (she is the requester); the service refuses too.
    expect((await interact(svc.url, blockActions({ user: 'U0CAROL', actionId: 'approve_in_slack', value: id, channel: CHANNEL }), SIGNING)).status).toBe(200);
    expect(await ephemeral(slack, 'U0CAROL')).toEqual([`carol may not approve request ${id}; not signed.`]);
    expect((await interact(svc.url, blockActions({ user: 'U0MALLORY', actionId: 'approve_in_slack', value: id, channel: CHANNEL }), SIGNING)).status).toBe(200);
    expect((await ephemeral(slack, 'U0MALLORY'))[0]).toMatch(/holds no approver key for your Slack account/);
    // A request that does list carol, from her own account (by name, then by uid): refused.
    const byName = await postRequest(svc.url, 60, { requester: { user: 'carol', uid: 1234 } });
    const byUid = await postRequest(svc.url, 60, { requester: { user: 'svc-carol', uid: 4321 } });
    for (const req of [byName, byUid]) {
      await parent(slack, req.id);
      expect((await interact(svc.url, blockActions({ user: 'U0CAROL', actionId: 'approve_in_slack', value: req.id, channel: CHANNEL }), SIGNING)).status).toBe(200);
      expect(await decisionCount(svc.url, req.id)).toBe(0);
    }
    const told = await ephemeral(slack, 'U0CAROL', 3);
    expect(told.slice(1).sort()).toEqual([`Self-approval: carol includes the requester of ${byName.id}; not signed.`, `Self-approval: carol includes the requester of ${byUid.id}; not signed.`].sort());
    expect(svc.out()).toContain(`slack: self-approval refused: carol (Slack user U0CAROL) on ${byName.id}`);
    expect(await decisionCount(svc.url, id)).toBe(0);
    const r = await runCli(['deny', id, '--key', alice.key, '--as', 'alice', '--server', svc.url]);
    expect(r.code, r.stderr).toBe(0);
    expect(await host.code).toBe(77);
    expect(existsSync(join(dir, 'never'))).toBe(false);
  }, 60_000);
});

describe('the opt-in button on requests that are over', () => {
  test('an expired request, or one with an outcome, is not signed', async () => {
    const expired = await postRequest(svc.url, 1);
    const open = await postRequest(svc.url, 60);
    const body = canonicalize({ type: 'approval.completed', request_id: open.id, request_hash: bindingHash(open), outcome: 'refused', exit_code: null, duration_ms: null });
    const r = await fetch(`${svc.url}/v1/requests/${open.id}/outcome`, { method: 'POST', body, headers: { 'content-type': 'application/json', 'x-approve-run-signature': signatureHeader(SECRET, body, new Date()) } });
    expect(r.status).toBe(200);
    await new Promise((res) => setTimeout(res, 1200));
    const before = slack.calls.filter((c) => c.method === 'chat.postEphemeral' && c.args.user === 'U0ALICE').length;
    for (const req of [expired, open]) {
      expect((await interact(svc.url, blockActions({ user: 'U0ALICE', actionId: 'approve_in_slack', value: req.id, channel: CHANNEL }), SIGNING)).status).toBe(200);
    }
    const told = await ephemeral(slack, 'U0ALICE', before + 2);
    expect(told.slice(before).sort()).toEqual([`Request ${expired.id} has expired; not signed.`, `Request ${open.id} has already ended; not signed.`].sort());
    expect(await decisionCount(svc.url, expired.id)).toBe(0);
    expect(await decisionCount(svc.url, open.id)).toBe(0);
  }, 30_000);
});

describe('POST /v1/slack/actions checks Slack\'s signature first', () => {
  test('missing, malformed, wrong, stale and replayed signatures are refused, and nothing is signed', async () => {
    const req = await postRequest(svc.url);
    const payload = blockActions({ user: 'U0ALICE', actionId: 'approve_in_slack', value: req.id, channel: CHANNEL });
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const now = Math.floor(Date.now() / 1000);
    const raw = (headers: Record<string, string>, text = body) =>
      fetch(`${svc.url}/v1/slack/actions`, { method: 'POST', body: text, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });
    const refused: Array<[string, Promise<Response>]> = [
      ['no headers', raw({})],
      ['no signature', interact(svc.url, payload, SIGNING, { signature: null })],
      ['no timestamp', raw({ 'x-slack-signature': slackSign(SIGNING, String(now), body) })],
      ['another secret', interact(svc.url, payload, 'not the signing secret')],
      ['another body', raw({ 'x-slack-request-timestamp': String(now), 'x-slack-signature': slackSign(SIGNING, String(now), 'payload=%7B%7D') })],
      ['another timestamp', raw({ 'x-slack-request-timestamp': String(now), 'x-slack-signature': slackSign(SIGNING, String(now - 1), body) })],
      // (The exact boundary, 300 s either way, is in chat-parts.test.ts; a busy machine may
      // take a second or two to deliver these.)
      ['stale', interact(svc.url, payload, SIGNING, { timestamp: String(now - 310) })],
      ['from the future', interact(svc.url, payload, SIGNING, { timestamp: String(now + 310) })],
      ['v1 scheme', interact(svc.url, payload, SIGNING, { signature: slackSign(SIGNING, String(now), body).replace('v0=', 'v1=') })],
      ['upper-case hex', interact(svc.url, payload, SIGNING, { signature: slackSign(SIGNING, String(now), body).toUpperCase().replace('V0=', 'v0=') })],
      ['short', interact(svc.url, payload, SIGNING, { signature: slackSign(SIGNING, String(now), body).slice(0, 40) })],
      ['timestamp not a number', interact(svc.url, payload, SIGNING, { timestamp: `${now}.5` })],
    ];
    for (const [what, pending] of refused) expect((await pending).status, what).toBe(401);
    expect(await decisionCount(svc.url, req.id)).toBe(0);
    expect(svc.out()).toMatch(/slack: action refused: Slack signature timestamp outside the five-minute window/);
    // The same call, correctly signed, is taken once; its replay is refused.
    const headers = { 'x-slack-request-timestamp': String(now), 'x-slack-signature': slackSign(SIGNING, String(now), body) };
    expect((await raw(headers)).status).toBe(200);
    expect((await raw(headers)).status).toBe(409);
    expect(await decisionCount(svc.url, req.id)).toBe(1);
    // Signed, but not the form Slack sends.
    expect((await interact(svc.url, payload, SIGNING, { type: 'application/json', timestamp: String(now - 1) })).status).toBe(415);
    const junk = `payload=${encodeURIComponent('{not json')}`;
    expect((await raw({ 'x-slack-request-timestamp': String(now), 'x-slack-signature': slackSign(SIGNING, String(now), junk) }, junk)).status).toBe(400);
  }, 30_000);
});

describe('Slack and Teams failing never affects approval', () => {
  test('ratelimited (429, Retry-After) and a Teams 500 are retried; channel_not_found is logged once, not retried', async () => {
    const first = newRequest();
    slack.fail('chat.postMessage', { status: 429, error: 'ratelimited', retryAfter: 1, match: first.id });
    teams.fail(500, 1, first.id);
    const teamsFailed = teams.failed();
    await postRequest(svc.url, 60, {}, first);
    await parent(slack, first.id);
    const tries = slack.calls.filter((c) => JSON.stringify(c.args.blocks ?? []).includes(`request:${first.id}`));
    expect(tries.map((c) => c.answer.ok)).toEqual([false, true]);
    await teams.waitFor((c) => cardLines(c).includes(`Request: ${first.id}`));
    expect(teams.failed()).toBe(teamsFailed + 1);
    const second = newRequest();
    slack.fail('chat.postMessage', { status: 200, error: 'channel_not_found', match: second.id });
    await postRequest(svc.url, 60, {}, second);
    for (let i = 0; i < 100 && !svc.out().includes(second.id); i++) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1500));
    expect(slack.calls.filter((c) => JSON.stringify(c.args.blocks ?? []).includes(`request:${second.id}`))).toHaveLength(1);
    expect(svc.out()).toContain(`slack chat.postMessage (${second.id}) failed: channel_not_found (not retried)`);
  }, 30_000);

  test('with Slack and Teams unreachable, approve-run approve still releases the host', async () => {
    const down = await startService('', chatConfig(`http://127.0.0.1:${await closedPort()}/api`, `http://127.0.0.1:${await closedPort()}/hook?sig=x`, false));
    try {
      const marker = join(dir, 'slack-down');
      const host = startHost(policy(down.url), join(dir, 'f.db'), marker);
      const id = await host.requestId();
      const r = await runCli(['approve', id, '--key', alice.key, '--as', 'alice', '--server', down.url]);
      expect(r.code, r.stderr).toBe(0);
      expect(await host.code).toBe(0);
      expect(existsSync(marker)).toBe(true);
      for (let i = 0; i < 300 && !down.out().includes(`slack chat.postMessage (${id}) failed`); i++) await new Promise((res) => setTimeout(res, 50));
      expect(down.out()).toMatch(new RegExp(`slack chat\\.postMessage \\(${id}\\) failed: .* \\(gave up after 4 attempts\\)`));
      expect(down.out()).not.toContain(TOKEN);
    } finally {
      await down.stop();
    }
  }, 60_000);

  test('without the opt-in there is no approve button, and a forged click signs nothing', async () => {
    const plain = await startFakeSlack(TOKEN, CHANNEL);
    const other = await startService('', chatConfig(plain.apiUrl, null, false));
    try {
      const req = await postRequest(other.url);
      const message = await parent(plain, req.id);
      expect(buttons(message.args.blocks).map((b) => b.action_id)).toEqual(['review']);
      const r = await interact(other.url, blockActions({ user: 'U0ALICE', actionId: 'approve_in_slack', value: req.id, channel: CHANNEL }), SIGNING);
      expect(r.status).toBe(200);
      expect((await ephemeral(plain, 'U0ALICE'))[0]).toMatch(/holds no approver key/);
      expect(await decisionCount(other.url, req.id)).toBe(0);
    } finally {
      await other.stop();
      await plain.close();
    }
  }, 30_000);
});
