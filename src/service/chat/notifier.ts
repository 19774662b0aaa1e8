// Tells Slack and Teams what happens to each request (SPEC §13): posted when it arrives,
// relayed decisions in the Slack thread, and the end (the host's outcome report, or expiry
// with no report) in the thread, on the parent message, and as a Teams card.
// Invariants:
//   1. Nothing here is awaited by a route: every post runs in the background, so a slow or
//      absent Slack or Teams never delays or fails the approval flow.
//   2. Posts about one request go out in order, per channel (a chain per request), so a
//      thread reply never overtakes the message it answers.
//   3. The end of a request is posted once: whoever takes its `chat.pending` record (atomic,
//      on any replica) posts it; the host's outcome is the authoritative word, and the
//      service's own "expired" is posted only when no outcome arrived by expiry + grace.
//   4. At most MAX_RELAYED relayed decisions per request reach the thread (anyone may post
//      decisions), then one line saying more are not shown.
import { clipText, viewRequest, type RequestView } from './request-view.js';
import { EXPIRED_UNREPORTED, outcomeStatus, relayedText, requestMessage, slackEscape } from './slack-message.js';
import { SlackApi } from './slack-api.js';
import type { ChatSettings } from './settings.js';
import { teamsCard, TeamsWebhook } from './teams.js';
import type { ServiceStorage, StoredOutcome, StoredRequest } from '../storage/types.js';
import { isObject } from '../http-util.js';

/** Record kinds this part keeps. */
export const THREAD_KIND = 'slack.thread';
export const PENDING_KIND = 'chat.pending';

/** How long after expiry the host has to report before the service says "expired". */
export const EXPIRY_GRACE_MS = 5_000;
const SWEEP_MS = 60_000;
const KEEP_MS = 7 * 24 * 3600_000;
const MAX_RELAYED = 20;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Posts to the configured chat channels for one running service. */
export class ChatNotifier {
  private readonly stop = new AbortController();
  private readonly slack: SlackApi | null;
  private readonly teams: TeamsWebhook | null;
  private readonly chains = new Map<string, Promise<void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    readonly settings: ChatSettings,
    private readonly storage: ServiceStorage,
    private readonly o: { publicUrl: string; now: () => number; log: (line: string) => void },
  ) {
    this.slack = settings.slack === null ? null : new SlackApi(settings.slack, o.log, this.stop.signal);
    this.teams = settings.teams === null ? null : new TeamsWebhook(settings.teams.url, o.log, this.stop.signal);
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_MS).unref();
    void this.sweep();
  }

  /** The request's page in the inbox. */
  pageUrl(id: string): string {
    return `${this.o.publicUrl}/requests/${id}`;
  }

  // Runs `task` after the earlier tasks of `key` (invariant 2); errors are logged.
  private chain(key: string, task: () => Promise<unknown>): void {
    const next = (this.chains.get(key) ?? Promise.resolve()).then(task).then(
      () => undefined,
      (error: unknown) => this.o.log(`chat: ${error instanceof Error ? error.message : String(error)}`),
    );
    this.chains.set(key, next);
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  // Arms the expiry timer of request `id` (a sweep catches what timers miss).
  private arm(id: string, expiresAt: string): void {
    const due = Date.parse(expiresAt) + EXPIRY_GRACE_MS - this.o.now();
    if (Number.isNaN(due) || this.stop.signal.aborted) return;
    clearTimeout(this.timers.get(id));
    const timer = setTimeout(() => {
      this.timers.delete(id);
      if (due > MAX_TIMER_MS) this.arm(id, expiresAt);
      else void this.expire(id);
    }, Math.min(Math.max(due, 0), MAX_TIMER_MS)).unref();
    this.timers.set(id, timer);
  }

  // Arms a timer for every pending request, on this replica too (invariant 3).
  private async sweep(): Promise<void> {
    try {
      for (const r of await this.storage.listRecords(PENDING_KIND, 1000)) if (!this.timers.has(r.key)) this.arm(r.key, r.value);
    } catch (error) {
      this.o.log(`chat: sweep failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** A request was stored: post it (invariant 1). */
  requested(stored: StoredRequest): void {
    const view = viewRequest(stored.id, stored.request);
    const expires = Date.parse(stored.expires_at);
    void this.storage.putRecord(PENDING_KIND, stored.id, stored.expires_at, (Number.isNaN(expires) ? this.o.now() : expires) + KEEP_MS).then(
      () => this.arm(stored.id, stored.expires_at),
      (error: unknown) => this.o.log(`chat: ${error instanceof Error ? error.message : String(error)}`),
    );
    if (this.slack !== null) this.chain(`slack:${stored.id}`, () => this.postToSlack(stored, view));
    if (this.teams !== null) this.chain(`teams:${stored.id}`, () => this.teams!.post(teamsCard(view, this.pageUrl(stored.id), null), stored.id));
  }

  // The request's message in the channel; its ts is kept for the thread.
  private async postToSlack(stored: StoredRequest, view: RequestView): Promise<void> {
    const s = this.settings.slack!;
    const message = requestMessage(view, { pageUrl: this.pageUrl(stored.id), approveButton: this.offersApprove(stored), status: null });
    const answer = await this.slack!.call('chat.postMessage', { channel: s.channel, ...message, unfurl_links: false, unfurl_media: false }, stored.id);
    if (answer === null || typeof answer.ts !== 'string') return;
    const channel = typeof answer.channel === 'string' ? answer.channel : s.channel;
    await this.storage.putRecord(THREAD_KIND, stored.id, JSON.stringify({ channel, ts: answer.ts }), Date.parse(stored.expires_at) + KEEP_MS || this.o.now() + KEEP_MS);
  }

  // True when some opted-in approver may approve this request: only then is there a button.
  private offersApprove(stored: StoredRequest): boolean {
    const inSlack = this.settings.slack?.inSlack;
    if (inSlack === undefined || inSlack.size === 0) return false;
    let approvers: unknown;
    try {
      approvers = (JSON.parse(stored.request) as { approvers?: unknown }).approvers;
    } catch {
      return false;
    }
    return Array.isArray(approvers) && [...inSlack.values()].some((a) => approvers.includes(a.approver));
  }

  // The thread of request `id`, if its message was posted.
  private async thread(id: string): Promise<{ channel: string; ts: string } | null> {
    const text = await this.storage.getRecord(THREAD_KIND, id);
    if (text === null) return null;
    const value = JSON.parse(text) as unknown;
    return isObject(value) && typeof value.channel === 'string' && typeof value.ts === 'string' ? { channel: value.channel, ts: value.ts } : null;
  }

  /** A decision was relayed: say so in the thread, as not verified (invariants 1, 4). */
  relayed(requestId: string, decisionText: string): void {
    if (this.slack === null) return;
    this.chain(`slack:${requestId}`, async () => {
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
      await this.slack!.call('chat.postMessage', { channel: thread.channel, thread_ts: thread.ts, text, mrkdwn: false, unfurl_links: false, unfurl_media: false }, requestId);
    });
  }

  /** The host reported the outcome: post the end once (invariant 3). */
  completed(outcome: StoredOutcome): void {
    void (async () => {
      const took = await this.storage.takeRecord(PENDING_KIND, outcome.request_id);
      clearTimeout(this.timers.get(outcome.request_id));
      this.timers.delete(outcome.request_id);
      let value: unknown = null;
      try {
        value = JSON.parse(outcome.outcome);
      } catch {
        value = null;
      }
      // The service already said "expired"; a late report of the same adds nothing.
      if (took === null && isObject(value) && value.outcome === 'expired') return;
      await this.ended(outcome.request_id, outcomeStatus(value));
    })().catch((error: unknown) => this.o.log(`chat: ${error instanceof Error ? error.message : String(error)}`));
  }

  // Expiry + grace passed: "expired" unless the host reported, or another replica posted.
  private async expire(id: string): Promise<void> {
    try {
      if ((await this.storage.getOutcome(id)) !== null) return;
      if ((await this.storage.takeRecord(PENDING_KIND, id)) === null) return;
      await this.ended(id, EXPIRED_UNREPORTED);
    } catch (error) {
      this.o.log(`chat: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  // Posts the end of request `id` with `status` to every channel.
  private async ended(id: string, status: string): Promise<void> {
    const stored = await this.storage.getRequest(id);
    if (stored === null) return;
    const view = viewRequest(id, stored.request);
    if (this.slack !== null) {
      const s = this.settings.slack!;
      this.chain(`slack:${id}`, async () => {
        const thread = await this.thread(id);
        const message = requestMessage(view, { pageUrl: this.pageUrl(id), approveButton: false, status });
        if (thread === null) {
          await this.slack!.call('chat.postMessage', { channel: s.channel, ...message, unfurl_links: false, unfurl_media: false }, id);
          return;
        }
        await this.slack!.call('chat.postMessage', { channel: thread.channel, thread_ts: thread.ts, text: clipText(slackEscape(`Status: ${status}`), 3000), mrkdwn: false }, id);
        await this.slack!.call('chat.update', { channel: thread.channel, ts: thread.ts, ...message }, id);
      });
    }
    if (this.teams !== null) this.chain(`teams:${id}`, () => this.teams!.post(teamsCard(view, this.pageUrl(id), status), id));
  }

  /** A message only `user` sees in the channel, about request `id` (in-Slack feedback). */
  ephemeral(id: string, user: string, text: string): void {
    const s = this.settings.slack;
    if (s === null || this.slack === null) return;
    this.chain(`slack:${id}`, () => this.slack!.call('chat.postEphemeral', { channel: s.channel, user, text: clipText(slackEscape(text), 3000), mrkdwn: false }, id));
  }

  /** Ends timers and pending retries. */
  close(): void {
    this.stop.abort();
    clearInterval(this.sweeper);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
