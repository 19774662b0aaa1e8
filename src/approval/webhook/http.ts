// One HTTP exchange with a webhook approver, on node:http / node:https (loaded only here;
// not fetch: loading its engine costs more per run than the whole approval budget).
// Invariants:
//   1. Redirects are never followed: node:http never follows them; the caller sees the 3xx.
//   2. Every call has its own timeout and also stops with the caller's signal.
//   3. A body is read only up to MAX_BODY bytes; a larger one is a failure, not truncated.
//   4. A body is JSON only when the content type says `application/json` and it parses.
import type { IncomingMessage } from 'node:http';

/** Largest answer body read from an approver. */
export const MAX_BODY = 256 * 1024;

export interface HttpCall {
  method: 'GET' | 'POST';
  url: URL;
  body: string | null;
  headers: Record<string, string>;
  timeoutMs: number;
  signal: AbortSignal;
}

export type HttpReply =
  | { kind: 'reply'; status: number; contentType: string | null; body: Buffer | null }
  /** `retry`: a transport problem worth retrying, not a misbehaving answer. */
  | { kind: 'failed'; message: string; retry: boolean; timedOut: boolean }
  | { kind: 'stopped' };

// Reads at most MAX_BODY bytes of a response; null when it is larger (invariant 3).
function readCapped(res: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    // Settles the read once; later events are ignored.
    const finish = (value: Buffer | null, error?: Error): void => {
      if (settled) return;
      settled = true;
      if (error !== undefined) reject(error);
      else resolve(value);
    };
    // Settled first: destroying emits 'aborted' and 'error' synchronously.
    const tooLarge = (): void => {
      finish(null);
      res.destroy();
    };
    if (Number(res.headers['content-length'] ?? '0') > MAX_BODY) return tooLarge();
    res.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > MAX_BODY) tooLarge();
      else chunks.push(chunk);
    });
    res.on('end', () => finish(Buffer.concat(chunks, total)));
    res.on('error', (error) => finish(null, error));
    res.on('aborted', () => finish(null, new Error('answer cut off')));
  });
}

/** Performs one call; bodies of 200, 202 and 409 answers are read, others discarded. */
export async function exchange(call: HttpCall): Promise<HttpReply> {
  if (call.signal.aborted) return { kind: 'stopped' };
  const { request } = call.url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), call.timeoutMs);
  const signal = AbortSignal.any([call.signal, timeout.signal]);
  try {
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(call.url, { method: call.method, headers: call.headers, signal, agent: false }, resolve);
      req.on('error', reject);
      req.end(call.body ?? undefined);
    });
    const ct = res.headers['content-type'];
    const contentType = typeof ct === 'string' ? ct : null;
    const status = res.statusCode ?? 0;
    if (status !== 200 && status !== 202 && status !== 409) {
      res.destroy();
      return { kind: 'reply', status, contentType, body: null };
    }
    const body = await readCapped(res);
    if (body === null) return { kind: 'failed', message: `answer larger than ${MAX_BODY} bytes`, retry: false, timedOut: false };
    return { kind: 'reply', status, contentType, body };
  } catch (error) {
    if (call.signal.aborted) return { kind: 'stopped' };
    if (timeout.signal.aborted) return { kind: 'failed', message: `no answer within ${Math.round(call.timeoutMs / 100) / 10}s`, retry: true, timedOut: true };
    const code = (error as { code?: unknown }).code;
    return { kind: 'failed', message: `connection failed (${typeof code === 'string' ? code : (error as Error).message})`, retry: true, timedOut: false };
  } finally {
    clearTimeout(timer);
  }
}
/** The parsed JSON body of a reply, or why it is not acceptable JSON (invariant 4). */
export function jsonBody(reply: { contentType: string | null; body: Buffer | null }): { ok: true; value: unknown } | { ok: false; message: string } {
  const type = (reply.contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') return { ok: false, message: `answer is not JSON (content type ${JSON.stringify(reply.contentType ?? 'none').slice(0, 80)})` };
  try {
    return { ok: true, value: JSON.parse((reply.body ?? Buffer.alloc(0)).toString('utf8')) as unknown };
  } catch {
    return { ok: false, message: 'answer is malformed JSON' };
  }
}
