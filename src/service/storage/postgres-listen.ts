// The PostgreSQL store's decision listener: one dedicated connection that LISTENs on the
// decision channel, so every replica hears every decision (storage/types.ts invariant 2)
// without polling.
// Invariants:
//   1. Listeners are called only from notifications, which PostgreSQL delivers after the
//      deciding transaction commits.
//   2. A lost connection is re-established with backoff until the store is closed. Once the
//      new LISTEN is in place, every request given a decision since the lost session began
//      (with a margin for slow transactions) is announced, so no waiter misses a decision made
//      while nobody listened; a spurious wake only makes a long-poll answer "still pending".
//   3. Times compared are the database's own (stored_at and now()), never a replica's clock.
//   4. No error from this connection escapes as an unhandled event.
import pg from 'pg';
import { DECISION_CHANNEL } from './postgres-schema.js';

const RETRY_FIRST_MS = 50;
const RETRY_MAX_MS = 5000;

/** Decisions stored this long before a session began are still announced after a loss. */
const MARGIN = "interval '60 seconds'";

/** Listens for stored decisions on its own connection; see the invariants above. */
export class DecisionListener {
  private readonly listeners = new Set<(requestId: string) => void>();
  private client: pg.Client | null = null;
  /** Database time at which the current (or last) LISTEN session began. */
  private since: Date | null = null;
  private closed = false;
  private retryMs = RETRY_FIRST_MS;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly config: pg.ClientConfig, private readonly pool: pg.Pool) {}

  /** Opens the first session; throws (one line) if the database cannot be reached. */
  async start(): Promise<void> {
    await this.connect();
  }

  /** Adds `listener`; returns its removal. */
  add(listener: (requestId: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // Tells every listener about `requestId`; one listener's fault does not stop the others.
  private announce(requestId: string): void {
    for (const listener of this.listeners) {
      try {
        listener(requestId);
      } catch {
        // A listener's own failure is its own; the others must still hear the decision.
      }
    }
  }

  // Connects, LISTENs, and (after a loss) announces what was decided meanwhile (invariant 2).
  private async connect(): Promise<void> {
    const client = new pg.Client({ ...this.config, application_name: 'approve-run-listen', keepAlive: true, keepAliveInitialDelayMillis: 10_000 });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (n) => {
      if (n.channel === DECISION_CHANNEL && typeof n.payload === 'string') this.announce(n.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${DECISION_CHANNEL}`);
      if (this.closed) {
        await client.end().catch(() => undefined);
        return;
      }
      this.client = client;
      const { rows } = await client.query<{ now: Date }>('SELECT now() AS now');
      if (this.since !== null) {
        const missed = await this.pool.query<{ request_id: string }>(`SELECT DISTINCT request_id FROM decisions WHERE stored_at >= $1::timestamptz - ${MARGIN}`, [this.since]);
        for (const row of missed.rows) this.announce(row.request_id);
      }
      // Moved forward only once the gap was announced: a failed catch-up is retried whole.
      this.since = rows[0]?.now ?? this.since;
      this.retryMs = RETRY_FIRST_MS;
    } catch (error) {
      if (this.client === client) this.client = null;
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  // The session on `client` is gone: schedule a new one, once per loss.
  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.schedule();
  }

  // Tries to reconnect after the current backoff, doubling it on each failure.
  private schedule(): void {
    if (this.closed || this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect().catch(() => {
        this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
        this.schedule();
      });
    }, this.retryMs);
  }

  /** Ends the session and stops reconnecting. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    const client = this.client;
    this.client = null;
    this.listeners.clear();
    await client?.end().catch(() => undefined);
  }
}
