// The chat part's pure pieces: what a message shows of a hostile request, Slack's limits,
// Teams cards without Markdown, the v0 signature's edges, and the configuration sections.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { viewRequest } from '../../src/service/chat/request-view.js';
import { requestMessage, relayedText } from '../../src/service/chat/slack-message.js';
import { checkSlackSignature, slackSignature } from '../../src/service/chat/slack-signature.js';
import { teamsCard } from '../../src/service/chat/teams.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { blocksProblem } from './fakes/slack.js';

const base = { id: 'req_01J00000000000000000000000', argv: ['rm', '-rf', '/srv/app'], requester: { user: 'deploy', uid: 1001 }, host: 'web-1', rule_ids: ['r'], approvers: ['alice'], quorum: 1, expires_at: '2026-12-07T18:00:00.000Z' };
const view = (over: Record<string, unknown>) => viewRequest(base.id, JSON.stringify({ ...base, ...over }));

describe('what chat shows of a request', () => {
  test('invisible and control characters are escaped, in the command and every field', () => {
    const v = view({ argv: ['echo', 'safe\u202e\u0000txt.exe', 'a\nb'], reason: 'ok\u200b', actor: 'agent\u001b[31m' });
    for (const c of ['\u202e', '\u0000', '\n']) expect(v.command).not.toContain(c);
    expect(v.command).toContain('\\u{202E}');
    expect(v.reason).not.toContain('\u200b');
    expect(v.fields.find(([l]) => l === 'Actor')?.[1]).not.toContain('\u001b');
  });

  test('fields of unexpected types are shown as their JSON, never dropped or trusted', () => {
    const v = view({ argv: 'rm -rf /', requester: 'root', approvers: [1, 2], quorum: { n: 1 } });
    expect(v.command).toBe('(not an argv list: "rm -rf /")');
    expect(v.fields).toEqual(expect.arrayContaining([['Requester', 'root'], ['Approvers', '[1,2] (quorum {"n":1})']]));
    expect(viewRequest(base.id, 'not json').command).toBe('(no argv)');
  });

  test('a shell request shows its text as sh -c', () => {
    expect(view({ shell: 'curl x | sh' }).command).toBe("sh -c 'curl x | sh'");
  });
});

describe('Slack messages', () => {
  test('a very long command and reason fit Slack\'s limits, cut with a visible note', () => {
    const v = view({ argv: ['echo', 'x'.repeat(20_000)], reason: 'y'.repeat(9000), host: 'h'.repeat(5000) });
    const m = requestMessage(v, { pageUrl: 'https://approvals.example.com/requests/x', approveButton: true, status: null });
    expect(blocksProblem(m.blocks)).toBeNull();
    expect(JSON.stringify(m.blocks)).toContain('more characters: open the request page');
    expect(m.text.length).toBeLessThanOrEqual(3000);
  });

  test('the approve button appears only when asked, and never once the request has ended', () => {
    const v = view({});
    const ids = (approveButton: boolean, status: string | null) =>
      (requestMessage(v, { pageUrl: 'u', approveButton, status }).blocks.at(-1) as { elements: Array<{ action_id: string }> }).elements.map((e) => e.action_id);
    expect(ids(false, null)).toEqual(['review']);
    expect(ids(true, null)).toEqual(['review', 'approve_in_slack']);
    expect(ids(true, 'ran')).toEqual(['review']);
  });

  test('relayed decisions are worded as unverified, whatever they carry', () => {
    expect(relayedText({ approver: 'alice', decision: 'approve', reason: '<!channel>' })).toBe('Approval by alice relayed, not yet verified by the host: "&lt;!channel&gt;"');
    expect(relayedText({ approver: '\u202eecila', decision: 'deny' })).toMatch(/^Denial by \\u\{202E\}ecila relayed, not yet verified by the host$/);
    expect(relayedText('junk')).toBe('Decision by (unnamed) relayed, not yet verified by the host');
  });
});

describe('Teams cards', () => {
  test('request text goes into TextRuns only (no Markdown), with an Open link', () => {
    const card = teamsCard(view({ argv: ['echo', '[click](https://evil.example) **b**'] }), 'https://approvals.example.com/requests/x', null) as {
      type: string; attachments: Array<{ contentType: string; content: { body: Array<Record<string, unknown>>; actions: unknown[] } }>;
    };
    expect(card.type).toBe('message');
    expect(card.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const { body, actions } = card.attachments[0]!.content;
    for (const block of body) if (block.type === 'TextBlock') expect(String(block.text)).not.toContain('evil');
    expect(JSON.stringify(body)).toContain('[click](https://evil.example)');
    expect(actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open', url: 'https://approvals.example.com/requests/x' }]);
  });
});

describe('the v0 signature', () => {
  const secret = 'signing-secret';
  const body = Buffer.from('payload=%7B%7D');
  const at = (t: number, now: number) => checkSlackSignature({ timestamp: String(t), signature: slackSignature(secret, String(t), body) }, body, secret, now * 1000);
  test('five minutes either way is the window, inclusive', () => {
    expect(at(1000, 1300).ok).toBe(true);
    expect(at(1000, 700).ok).toBe(true);
    expect(at(1000, 1301)).toEqual({ ok: false, reason: 'Slack signature timestamp outside the five-minute window' });
    expect(at(1000, 699).ok).toBe(false);
  });
  test('a signature over other bytes, or with whitespace around it, is refused', () => {
    const sig = slackSignature(secret, '1000', body);
    expect(checkSlackSignature({ timestamp: '1000', signature: sig }, Buffer.from('payload=%7B%7D '), secret, 1_000_000).ok).toBe(false);
    expect(checkSlackSignature({ timestamp: '1000', signature: ` ${sig}` }, body, secret, 1_000_000).ok).toBe(false);
    expect(checkSlackSignature({ timestamp: ' 1000', signature: sig }, body, secret, 1_000_000).ok).toBe(false);
  });
});

describe('serve validate: the slack and teams sections', () => {
  test('http off loopback, unknown keys, duplicate Slack users and empty users are errors at their line', async () => {
    const dir = tempDir('approve-run-chatcfg-');
    const file = join(dir, 'service.yaml');
    const head = 'version: 1\nlisten: 127.0.0.1:8787\npublic_url: http://127.0.0.1:8787\nstorage: sqlite:/tmp/x.db\n';
    writeFileSync(file, `${head}slack:
  bot_token_file: /etc/t
  signing_secret_file: /etc/s
  channel: C0123
  api_url: http://slack.example.com/api
  approve_buttons: true
  approve_in_slack:
    bob: { slack_user: U0B, key_file: /k/b, users: [] }
teams: { webhook_url_file: relative }
`);
    const r = await runCli(['serve', 'validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      `${file}:9:12: slack.api_url: api_url must be https (plain http only on a loopback address)`,
      `${file}:10:3: slack.approve_buttons: unknown key "approve_buttons" (allowed: bot_token_file, signing_secret_file, channel, api_url, approve_in_slack)`,
      `${file}:12:52: slack.approve_in_slack.bob.users: must not be empty`,
      `${file}:13:28: teams.webhook_url_file: expected an absolute path (starting with /)`,
    ]);
    writeFileSync(file, `${head}slack:
  bot_token_file: /etc/t
  signing_secret_file: /etc/s
  channel: C0123
  api_url: https://slack.com/api?token=x
  approve_in_slack:
    alice: { slack_user: U0A, key_file: /k/a, users: [alice] }
    bob: { slack_user: U0A, key_file: /k/b, users: [bob] }
`);
    const dup = await runCli(['serve', 'validate', file]);
    expect(dup.stdout.trim().split('\n')).toEqual([
      `${file}:9:12: slack.api_url: api_url must not hold credentials, a query or a fragment`,
      `${file}:12:24: slack.approve_in_slack.bob.slack_user: Slack user U0A already signs for alice`,
    ]);
  }, 30_000);

  test('serve refuses to start when a chat secret is readable by others, or the token is not one line', async () => {
    const dir = tempDir('approve-run-chatsec-');
    mkdirSync(join(dir, 's'), { mode: 0o700 });
    const put = (name: string, text: string, mode = 0o600) => writeFileSync(join(dir, 's', name), text, { mode });
    put('host', 'host secret');
    put('token', 'xoxb-1');
    put('signing', 'sig');
    put('alice.key', 'not a key at all', 0o644);
    const file = join(dir, 'service.yaml');
    const config = (extra: string) => `version: 1\nlisten: 127.0.0.1:0\npublic_url: http://127.0.0.1:8787\nstorage: sqlite:${join(dir, 'db', 'x.db')}\nhosts:\n  h: { secret_file: ${join(dir, 's', 'host')} }\nslack:\n  bot_token_file: ${join(dir, 's', 'token')}\n  signing_secret_file: ${join(dir, 's', 'signing')}\n  channel: C0123\n${extra}`;
    writeFileSync(file, config(`  approve_in_slack:\n    alice: { slack_user: U0A, key_file: ${join(dir, 's', 'alice.key')}, users: [alice] }\n`), { mode: 0o600 });
    const open = await runCli(['serve', '--config', file]);
    expect(open.code).toBe(125);
    expect(open.stderr).toContain(`slack.approve_in_slack.alice.key_file ${join(dir, 's', 'alice.key')} is accessible by group or others`);
    put('alice2.key', 'not a key at all');
    writeFileSync(file, config(`  approve_in_slack:\n    alice: { slack_user: U0A, key_file: ${join(dir, 's', 'alice2.key')}, users: [alice] }\n`), { mode: 0o600 });
    const bad = await runCli(['serve', '--config', file]);
    expect(bad.code).toBe(125);
    expect(bad.stderr).toContain(`slack.approve_in_slack.alice.key_file ${join(dir, 's', 'alice2.key')}:`);
    put('token2', 'xoxb-1\nInjected: header');
    writeFileSync(file, config('').replace(join(dir, 's', 'token'), join(dir, 's', 'token2')), { mode: 0o600 });
    const token = await runCli(['serve', '--config', file]);
    expect(token.code).toBe(125);
    expect(token.stderr).toContain('the token holds spaces or non-ASCII characters');
  }, 30_000);
});
