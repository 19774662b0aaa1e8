// A fake Slack Web API on 127.0.0.1 (port 0), as faithful to Slack's documentation as the
// tests need: chat.postMessage, chat.update and chat.postEphemeral over JSON with a Bearer
// token; every answer HTTP 200 `{"ok": ...}` except rate limits (HTTP 429, Retry-After, error
// `ratelimited`); `ok:false` with Slack's codes (`not_authed`, `invalid_auth`,
// `channel_not_found`, `no_text`, `thread_not_found`, `message_not_found`, `invalid_blocks`,
// `unknown_method`); the block limits Slack enforces (50 blocks, header 150, section 3000,
// 10 fields of 2000, button text 75, url 3000, value 2000). Plus `interact`, which posts a
// signed interactive payload to a service the way Slack does.
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One call the fake took. */
export interface SlackCall {
  method: string;
  args: Record<string, unknown>;
  /** What the fake answered. */
  answer: Record<string, unknown>;
}

/** A failure to serve instead of the next call(s) of a method. */
export interface Failure {
  status: number;
  error: string;
  retryAfter?: number;
  /** Only calls whose arguments' JSON contains this (e.g. a request id). */
  match?: string;
}

export interface FakeSlack {
  apiUrl: string;
  calls: SlackCall[];
  /** The next `times` calls of `method` fail this way. */
  fail(method: string, failure: Failure, times?: number): void;
  /** Resolves with the calls matching `pick` once there are at least `n` of them. */
  waitFor(pick: (call: SlackCall) => boolean, n?: number, ms?: number): Promise<SlackCall[]>;
  close(): Promise<void>;
}

const METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral']);

// Text of a Slack text object, or null.
const textOf = (t: unknown): string | null => (typeof t === 'object' && t !== null && typeof (t as { text?: unknown }).text === 'string' ? (t as { text: string }).text : null);

/** The first limit a block list breaks, or null (Slack answers `invalid_blocks`). */
export function blocksProblem(blocks: unknown): string | null {
  if (!Array.isArray(blocks) || blocks.length > 50) return 'blocks must be an array of at most 50';
  for (const b of blocks as Array<Record<string, unknown>>) {
    const text = textOf(b.text);
    if (b.type === 'header' && (text === null || text.length > 150 || (b.text as { type: string }).type !== 'plain_text')) return 'header text';
    if (b.type === 'section') {
      if (text === null && !Array.isArray(b.fields)) return 'section needs text or fields';
      if (text !== null && (text.length > 3000 || text.length === 0)) return 'section text length';
      if (Array.isArray(b.fields) && (b.fields.length > 10 || b.fields.some((f) => (textOf(f)?.length ?? 9999) > 2000))) return 'section fields';
    }
    if (b.type === 'actions') {
      const elements = b.elements as Array<Record<string, unknown>>;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > 25) return 'actions elements';
      const ids = new Set<unknown>();
      for (const e of elements) {
        if (e.type !== 'button' || (textOf(e.text)?.length ?? 9999) > 75) return 'button text';
        if (ids.has(e.action_id)) return 'duplicate action_id';
        ids.add(e.action_id);
        if (e.url !== undefined && (typeof e.url !== 'string' || e.url.length > 3000)) return 'button url';
        if (e.value !== undefined && (typeof e.value !== 'string' || e.value.length > 2000)) return 'button value';
      }
    }
  }
  return null;
}

// Reads a request body.
function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => resolve(text));
  });
}

/** Starts a fake Slack that accepts `token` and knows `channel`. */
export async function startFakeSlack(token: string, channel: string): Promise<FakeSlack> {
  const calls: SlackCall[] = [];
  const failures: Array<{ method: string; failure: Failure }> = [];
  const messages = new Map<string, Record<string, unknown>>();
  let clock = 1_700_000_000;
  let seq = 0;
  const nextTs = () => `${++clock}.${String(++seq).padStart(6, '0')}`;

  // One Web API method call: its `ok:false` code, or its answer.
  function handle(method: string, args: Record<string, unknown>): Record<string, unknown> {
    if (args.channel !== channel) return { ok: false, error: 'channel_not_found' };
    if (method === 'chat.postEphemeral') {
      if (typeof args.user !== 'string') return { ok: false, error: 'user_not_in_channel' };
      return { ok: true, message_ts: nextTs() };
    }
    if (typeof args.text !== 'string' && args.blocks === undefined) return { ok: false, error: 'no_text' };
    if (args.blocks !== undefined && blocksProblem(args.blocks) !== null) return { ok: false, error: 'invalid_blocks', errors: [blocksProblem(args.blocks)] };
    if (method === 'chat.update') {
      const old = typeof args.ts === 'string' ? messages.get(args.ts) : undefined;
      if (old === undefined) return { ok: false, error: 'message_not_found' };
      const message = { ...old, text: args.text, blocks: args.blocks, edited: { user: 'U0BOT', ts: nextTs() } };
      messages.set(args.ts as string, message);
      return { ok: true, channel, ts: args.ts, text: args.text, message };
    }
    if (args.thread_ts !== undefined && (typeof args.thread_ts !== 'string' || !messages.has(args.thread_ts))) return { ok: false, error: 'thread_not_found' };
    const ts = nextTs();
    const message = { type: 'message', subtype: 'bot_message', user: 'U0BOT', bot_id: 'B0BOT', text: args.text, blocks: args.blocks, ts, ...(args.thread_ts === undefined ? {} : { thread_ts: args.thread_ts }) };
    messages.set(ts, message);
    return { ok: true, channel, ts, message };
  }

  // The HTTP side: auth, content type, failures queued by the test, then `handle`.
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await body(req);
    const method = (req.url ?? '').replace(/^\/api\//, '');
    const send = (status: number, value: Record<string, unknown>, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(value));
    };
    if (req.method !== 'POST' || !METHODS.has(method)) return send(404, { ok: false, error: 'unknown_method' });
    const auth = req.headers.authorization;
    if (auth === undefined) return send(200, { ok: false, error: 'not_authed' });
    if (auth !== `Bearer ${token}`) return send(200, { ok: false, error: 'invalid_auth' });
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return send(200, { ok: false, error: 'invalid_arg_name' });
    let args: Record<string, unknown>;
    try {
      args = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return send(200, { ok: false, error: 'invalid_json' });
    }
    const queued = failures.findIndex((f) => f.method === method && (f.failure.match === undefined || text.includes(f.failure.match)));
    let answer: Record<string, unknown>;
    if (queued >= 0) {
      const { failure } = failures.splice(queued, 1)[0]!;
      answer = { ok: false, error: failure.error };
      calls.push({ method, args, answer });
      return send(failure.status, answer, failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) });
    }
    answer = handle(method, args);
    if (!String(req.headers['content-type']).includes('charset')) answer.response_metadata = { warnings: ['missing_charset'] };
    calls.push({ method, args, answer });
    send(200, answer);
  }

  const server: Server = createServer((req, res) => void serve(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    apiUrl: `http://127.0.0.1:${port}/api`,
    calls,
    fail(method, failure, times = 1) {
      for (let i = 0; i < times; i++) failures.push({ method, failure });
    },
    async waitFor(pick, n = 1, ms = 15_000) {
      const end = Date.now() + ms;
      for (;;) {
        const found = calls.filter(pick);
        if (found.length >= n) return found;
        if (Date.now() > end) throw new Error(`fake Slack: ${found.length} of ${n} calls after ${ms} ms; calls: ${JSON.stringify(calls.map((c) => [c.method, c.args.text]))}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** `v0=<hex>`, as Slack signs `body` at `timestamp`. */
export function slackSign(secret: string, timestamp: string, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** A block_actions payload: `user` clicked `actionId` (with `value`) in `channel`. */
export function blockActions(o: { user: string; actionId: string; value?: string; channel: string; ts?: string }): Record<string, unknown> {
  return {
    type: 'block_actions', api_app_id: 'A0APP', token: 'legacy-verification-token', trigger_id: '1.2.3',
    team: { id: 'T0TEAM', domain: 'example' }, user: { id: o.user, username: o.user.toLowerCase(), team_id: 'T0TEAM' },
    container: { type: 'message', message_ts: o.ts ?? '1700000001.000001', channel_id: o.channel, is_ephemeral: false },
    channel: { id: o.channel, name: 'approvals' }, response_url: 'https://hooks.slack.com/actions/T0TEAM/1/abc',
    actions: [{ type: 'button', action_id: o.actionId, block_id: 'b', value: o.value, action_ts: '1700000002.000002', text: { type: 'plain_text', text: 'x' } }],
  };
}

/** Posts `payload` to the service's interactivity URL as Slack does; `over` bends the headers. */
export function interact(url: string, payload: unknown, secret: string, over: { timestamp?: string; signature?: string | null; type?: string } = {}): Promise<Response> {
  const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const timestamp = over.timestamp ?? String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = { 'content-type': over.type ?? 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp };
  const signature = over.signature === undefined ? slackSign(secret, timestamp, body) : over.signature;
  if (signature !== null) headers['x-slack-signature'] = signature;
  return fetch(`${url}/v1/slack/actions`, { method: 'POST', headers, body });
}
