// One request's life in the Slack channel (SPEC §13): the message, its thread, its update.
// Invariants:
//   1. The message's ts is kept in a `slack.thread` record, so any replica can reply in its
//      thread; without one (the post failed), the end is posted as a new message.
//   2. At most MAX_RELAYED relayed decisions per request reach the thread (anyone may post
//      decisions), then one line saying more are not shown.
//   3. The approve button is offered only with the opt-in, and only when some opted-in
//      approver is listed in the request's `approvers`; never once the request has ended.
import { isObject } from '../http-util.js';
import type { ServiceStorage, StoredRequest } from '../storage/types.js';
import { clipText, type RequestView } from './request-view.js';
import type { SlackApi } from './slack-api.js';
import { relayedText, requestMessage, slackEscape } from './slack-message.js';
import type { SlackSettings } from './settings.js';

/** The record kind holding each request's `{channel, ts}`. */
export const THREAD_KIND = 'slack.thread';
const MAX_RELAYED = 20;
const NO_UNFURL = { unfurl_links: false, unfurl_media: false };

/** Posts and updates requests' messages in the configured channel. */
export class SlackThreads {
  constructor(
    private readonly settings: SlackSettings,
    private readonly api: SlackApi,
    private readonly storage: ServiceStorage,
    private readonly o: { pageUrl: (id: string) => string; keepUntil: (expiresAt: string) => number },
  ) {}

  /** Posts the request's message and keeps its ts (invariant 1). */
  async post(stored: StoredRequest, view: RequestView): Promise<void> {
    const message = requestMessage(view, { pageUrl: this.o.pageUrl(stored.id), approveButton: this.offersApprove(stored), status: null });
    const answer = await this.api.call('chat.postMessage', { channel: this.settings.channel, ...message, ...NO_UNFURL }, stored.id);
    if (answer === null || typeof answer.ts !== 'string') return;
    const channel = typeof answer.channel === 'string' ? answer.channel : this.settings.channel;
    await this.storage.putRecord(THREAD_KIND, stored.id, JSON.stringify({ channel, ts: answer.ts }), this.o.keepUntil(stored.expires_at));
  }

  // Invariant 3.
  private offersApprove(stored: StoredRequest): boolean {
    if (this.settings.inSlack.size === 0) return false;
    let approvers: unknown;
    try {
      approvers = (JSON.parse(stored.request) as { approvers?: unknown }).approvers;
    } catch {
      return false;
    }
    return Array.isArray(approvers) && [...this.settings.inSlack.values()].some((a) => approvers.includes(a.approver));
  }

  // The thread of request `id`, if its message was posted.
  private async thread(id: string): Promise<{ channel: string; ts: string } | null> {
    const text = await this.storage.getRecord(THREAD_KIND, id);
    if (text === null) return null;
    const value = JSON.parse(text) as unknown;
    return isObject(value) && typeof value.channel === 'string' && typeof value.ts === 'string' ? { channel: value.channel, ts: value.ts } : null;
  }

  /** A reply for a relayed decision, worded as not verified (invariant 2). */
  async relayed(requestId: string, decisionText: string): Promise<void> {
    const thread = await this.thread(requestId);
    if (thread === null) return;
    const count = (await this.storage.decisions(requestId, 0, MAX_RELAYED + 2)).length;
    if (count > MAX_RELAYED + 1) return;
    let decision: unknown = null;
    try {
      decision = JSON.parse(decisionText);
    } catch {
      decision = null;
    }
    const text = count > MAX_RELAYED ? `More than ${MAX_RELAYED} decisions were relayed; the rest are not shown here` : relayedText(decision);
    await this.api.call('chat.postMessage', { channel: thread.channel, thread_ts: thread.ts, text, mrkdwn: false, ...NO_UNFURL }, requestId);
  }

  /** The end: a reply in the thread, and the message updated (no more button). */
  async ended(id: string, view: RequestView, status: string): Promise<void> {
    const thread = await this.thread(id);
    const message = requestMessage(view, { pageUrl: this.o.pageUrl(id), approveButton: false, status });
    if (thread === null) {
      await this.api.call('chat.postMessage', { channel: this.settings.channel, ...message, ...NO_UNFURL }, id);
      return;
    }
    await this.api.call('chat.postMessage', { channel: thread.channel, thread_ts: thread.ts, text: clipText(slackEscape(`Status: ${status}`), 3000), mrkdwn: false }, id);
    await this.api.call('chat.update', { channel: thread.channel, ts: thread.ts, ...message }, id);
  }

  /** A message only `user` sees in the channel (feedback on a click). */
  async ephemeral(id: string, user: string, text: string): Promise<void> {
    await this.api.call('chat.postEphemeral', { channel: this.settings.channel, user, text: clipText(slackEscape(text), 3000), mrkdwn: false }, id);
  }
}
