// A fake Teams Workflows webhook on 127.0.0.1 (port 0): the "when a Teams webhook request is
// received" trigger's URL (…/workflows/<id>/triggers/manual/paths/invoke?…&sig=<signature>),
// answering 202 Accepted with an empty body for a well-formed message, 400 for a body that
// is not `{"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive",
// "content":{"type":"AdaptiveCard","version":…,"body":[…]}}]}`, and 401 when `sig` is wrong.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeTeams {
  /** The webhook URL, secret signature included (what webhook_url_file holds). */
  url: string;
  /** Adaptive Cards taken, in order. */
  cards: Array<Record<string, unknown>>;
  /** Answers the next `times` posts (whose body contains `match`, if given) with `status`. */
  fail(status: number, times?: number, match?: string): void;
  /** How many posts were answered with a queued failure. */
  failed(): number;
  waitFor(pick: (card: Record<string, unknown>) => boolean, n?: number, ms?: number): Promise<Array<Record<string, unknown>>>;
  close(): Promise<void>;
}

// Why `value` is not a message with Adaptive Cards, or null.
function envelopeProblem(value: unknown): string | null {
  const v = value as { type?: unknown; attachments?: unknown };
  if (typeof v !== 'object' || v === null || v.type !== 'message') return 'type must be "message"';
  if (!Array.isArray(v.attachments) || v.attachments.length === 0) return 'attachments must be a non-empty array';
  for (const a of v.attachments as Array<Record<string, unknown>>) {
    if (a.contentType !== 'application/vnd.microsoft.card.adaptive') return 'contentType must be application/vnd.microsoft.card.adaptive';
    const c = a.content as Record<string, unknown> | undefined;
    if (c?.type !== 'AdaptiveCard' || typeof c.version !== 'string' || !Array.isArray(c.body)) return 'content must be an AdaptiveCard with version and body';
    for (const action of (c.actions ?? []) as Array<Record<string, unknown>>) {
      if (action.type === 'Action.OpenUrl' && (typeof action.url !== 'string' || typeof action.title !== 'string')) return 'Action.OpenUrl needs title and url';
    }
  }
  return null;
}

/** Starts the fake webhook. */
export async function startFakeTeams(): Promise<FakeTeams> {
  const cards: Array<Record<string, unknown>> = [];
  const failures: Array<{ status: number; match: string | undefined }> = [];
  let failedCount = 0;
  const sig = 'fakeSignature0123456789';
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (d: Buffer) => (text += d.toString()));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const reply = (status: number, value?: unknown) => {
        res.writeHead(status, value === undefined ? {} : { 'content-type': 'application/json' });
        res.end(value === undefined ? '' : JSON.stringify(value));
      };
      if (req.method !== 'POST' || !url.pathname.endsWith('/triggers/manual/paths/invoke')) return reply(404, { error: { code: 'NotFound' } });
      if (url.searchParams.get('sig') !== sig) return reply(401, { error: { code: 'DirectApiInvalidAuthorizationSignature', message: 'The provided signature is invalid.' } });
      const queued = failures.findIndex((f) => f.match === undefined || text.includes(f.match));
      if (queued >= 0) {
        failedCount++;
        return reply(failures.splice(queued, 1)[0]!.status, { error: { code: 'Failure' } });
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        return reply(400, { error: { code: 'InvalidRequestContent', message: 'not JSON' } });
      }
      const problem = envelopeProblem(value);
      if (problem !== null) return reply(400, { error: { code: 'InvalidRequestContent', message: problem } });
      for (const a of (value as { attachments: Array<{ content: Record<string, unknown> }> }).attachments) cards.push(a.content);
      reply(202);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/workflows/0f1e2d3c/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=${sig}`,
    cards,
    fail(status, times = 1, match) {
      for (let i = 0; i < times; i++) failures.push({ status, match });
    },
    failed: () => failedCount,
    async waitFor(pick, n = 1, ms = 15_000) {
      const end = Date.now() + ms;
      for (;;) {
        const found = cards.filter(pick);
        if (found.length >= n) return found;
        if (Date.now() > end) throw new Error(`fake Teams: ${found.length} of ${n} cards after ${ms} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Every TextRun's text in a card, one string per RichTextBlock or TextBlock. */
export function cardLines(card: Record<string, unknown>): string[] {
  return (card.body as Array<Record<string, unknown>>).map((b) =>
    b.type === 'RichTextBlock' ? (b.inlines as Array<{ text: string }>).map((i) => i.text).join('') : String(b.text));
}
