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
import { viewRequest } from './request-view.js';
import { EXPIRED_UNREPORTED, outcomeStatus } from './slack-message.js';
import { SlackApi } from './slack-api.js';
import { SlackThreads } from './slack-thread.js';
import type { ChatSettings } from './settings.js';
import { teamsCard, TeamsWebhook } from './teams.js';
import type { ServiceStorage, StoredOutcome, StoredRequest } from '../storage/types.js';
import { isObject } from '../http-util.js';

/** The record kind of requests whose end is not yet posted (value: expires_at). */
export const PENDING_KIND = 'chat.pending';

/** How long after expiry the host has to report before the service says "expired". */
export const EXPIRY_GRACE_MS = 5_000;
const SWEEP_MS = 60_000;
const KEEP_MS = 7 * 24 * 3600_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Posts to the configured chat channels for one running service. */
export class ChatNotifier {
  private readonly stop = new AbortController();
  private readonly slack: SlackThreads | null;
  private readonly teams: TeamsWebhook | null;
  private readonly chains = new Map<string, Promise<void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    readonly settings: ChatSettings,
    private readonly storage: ServiceStorage,
    private readonly o: { publicUrl: string; now: () => number; log: (line: string) => void },
  ) {
    this.slack = settings.slack === null ? null : new SlackThreads(settings.slack, new SlackApi(settings.slack, o.log, this.stop.signal), storage, {
      pageUrl: (id) => this.pageUrl(id),
      keepUntil: (expiresAt) => (Date.parse(expiresAt) || o.now()) + KEEP_MS,
    });
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
    void this.storage.putRecord(PENDING_KIND, stored.id, stored.expires_at, (Date.parse(stored.expires_at) || this.o.now()) + KEEP_MS).then(
      () => this.arm(stored.id, stored.expires_at),
      (error: unknown) => this.o.log(`chat: ${error instanceof Error ? error.message : String(error)}`),
    );
    const slack = this.slack;
    if (slack !== null) this.chain(`slack:${stored.id}`, () => slack.post(stored, view));
    if (this.teams !== null) this.chain(`teams:${stored.id}`, () => this.teams!.post(teamsCard(view, this.pageUrl(stored.id), null), stored.id));
  }

  /** A decision was relayed: say so in the thread, as not verified (./slack-thread.ts). */
  relayed(requestId: string, decisionText: string): void {
    const slack = this.slack;
    if (slack !== null) this.chain(`slack:${requestId}`, () => slack.relayed(requestId, decisionText));
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
    const slack = this.slack;
    if (slack !== null) this.chain(`slack:${id}`, () => slack.ended(id, view, status));
    if (this.teams !== null) this.chain(`teams:${id}`, () => this.teams!.post(teamsCard(view, this.pageUrl(id), status), id));
  }

  /** A message only `user` sees in the channel, about request `id` (in-Slack feedback). */
  ephemeral(id: string, user: string, text: string): void {
    const slack = this.slack;
    if (slack !== null) this.chain(`slack:${id}`, () => slack.ephemeral(id, user, text));
  }

  /** Ends timers and pending retries. */
  close(): void {
    this.stop.abort();
    clearInterval(this.sweeper);
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}
