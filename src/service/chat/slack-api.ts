// The few Slack Web API methods the service calls (chat.postMessage, chat.update,
// chat.postEphemeral), as plain JSON POSTs with the bot token as a Bearer header.
// Invariants:
//   1. A call counts only when Slack answers HTTP 200 with `{"ok": true}`; `ok: false` is a
//      failure named by Slack's `error` code.
//   2. Only transient failures are retried (./deliver.ts): HTTP 429 (`ratelimited`, honouring
//      Retry-After), 5xx, network errors, and Slack's own transient error codes.
import { postJson, withRetries, type Attempt } from './deliver.js';
import { isObject } from '../http-util.js';
import type { SlackSettings } from './settings.js';

// Slack error codes that may go away on their own.
const TRANSIENT = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

/** A Slack API answer with `ok: true`. */
export type SlackOk = Record<string, unknown>;

/** Calls Slack's Web API for one running service. */
export class SlackApi {
  constructor(
    private readonly settings: SlackSettings,
    private readonly log: (line: string) => void,
    private readonly signal: AbortSignal,
  ) {}

  // One attempt at `method` (invariants 1 and 2).
  private async attempt(method: string, body: string): Promise<Attempt> {
    const answer = await postJson(`${this.settings.apiUrl}/${method}`, { authorization: `Bearer ${this.settings.token}` }, body, this.signal);
    let value: unknown = null;
    try {
      value = JSON.parse(answer.text);
    } catch {
      value = null;
    }
    const error = isObject(value) && typeof value.error === 'string' ? value.error.slice(0, 80) : null;
    if (answer.status === 429) return { done: false, retry: true, problem: error ?? 'HTTP 429', retryAfterMs: answer.retryAfterMs };
    if (answer.status >= 500) return { done: false, retry: true, problem: `HTTP ${answer.status}`, retryAfterMs: answer.retryAfterMs };
    if (answer.status !== 200) return { done: false, retry: false, problem: `HTTP ${answer.status}`, retryAfterMs: null };
    if (!isObject(value)) return { done: false, retry: true, problem: 'the answer is not a JSON object', retryAfterMs: null };
    if (value.ok === true) return { done: true, value };
    const code = error ?? 'ok is not true';
    return { done: false, retry: TRANSIENT.has(code), problem: code, retryAfterMs: answer.retryAfterMs };
  }

  /** Calls `method` with `args`; Slack's answer, or null after a logged failure. */
  async call(method: 'chat.postMessage' | 'chat.update' | 'chat.postEphemeral', args: Record<string, unknown>, about: string): Promise<SlackOk | null> {
    const body = JSON.stringify(args);
    const value = await withRetries(`slack ${method} (${about})`, () => this.attempt(method, body), { signal: this.signal, log: this.log });
    return isObject(value) ? value : null;
  }
}
