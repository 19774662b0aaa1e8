// ServiceStorage on PostgreSQL through `pg` (SPEC §13, §15): several service replicas share
// one database.
// Invariants:
//   1. Every write is one statement, so one round trip and its own transaction; the atomic
//      operations of storage/types.ts invariant 3 are single statements whose row lock or
//      unique key decides the race across connections and replicas (ON CONFLICT, DELETE ...
//      RETURNING, a guarded UPDATE), or, for a decision, one call of the schema's function
//      that holds the request's row lock while it counts and inserts (./postgres-schema.ts).
//   2. A stored decision is announced with pg_notify inside its own transaction, so every
//      replica hears it only after it commits (./postgres-listen.ts).
//   3. Pooled connections stay open while idle: a decision after a quiet spell must not wait
//      for a new connection and its password exchange.
//   4. A record whose expires_at_ms has passed (by this replica's clock, as its callers set
//      it) counts as absent everywhere (storage/types.ts 4).
//   5. The connection URL's password never appears in a message (./postgres-schema.ts).
import pg from 'pg';
import { DecisionListener } from './postgres-listen.js';
import { migrate, redactUrl, safeMessage } from './postgres-schema.js';
import type { DecisionStore, ServiceStorage, StoredDecision, StoredOutcome, StoredRecord, StoredRequest } from './types.js';

/** SQL: the record row is live at the time bound as $N (ms). */
const live = (n: number): string => `(expires_at_ms IS NULL OR expires_at_ms > $${n})`;
/** Most decisions kept per request: the SQLite store's bound (./sqlite.ts), not imported to keep SQLite unloaded. */
const MAX_DECISIONS_PER_REQUEST = 1000;
const REQUEST_COLUMNS = 'id, host, request, request_hash, expires_at, received_at';

// pg returns BIGINT as text; sequence numbers stay far below 2^53.
const seqRow = (row: StoredDecision & { seq: number | string }): StoredDecision => ({ ...row, seq: Number(row.seq) });

/** Opens the store at `url` (postgres://...), migrating the schema; throws one line. */
export async function openPostgresStorage(url: string): Promise<ServiceStorage> {
  const config: pg.PoolConfig = { connectionString: url, max: 10, application_name: 'approve-run', connectionTimeoutMillis: 10_000, idleTimeoutMillis: 0 };
  const pool = new pg.Pool(config);
  // An idle connection that dies is replaced by the pool; the next query reports any fault.
  pool.on('error', () => undefined);
  const listener = new DecisionListener(config, pool);
  try {
    const client = await pool.connect();
    try {
      await migrate(client);
    } finally {
      client.release();
    }
    await listener.start();
  } catch (error) {
    await listener.close();
    await pool.end().catch(() => undefined);
    throw new Error(`storage ${redactUrl(url)}: ${safeMessage(error, url)}`);
  }
  // Inserts (kind, key) unless a live value holds it; a dead one is replaced, in one statement.
  const insertRecord = async (kind: string, key: string, value: string, expiresAtMs: number | null): Promise<boolean> => {
    const r = await pool.query(
      `INSERT INTO records (kind, key, value, expires_at_ms) VALUES ($1, $2, $3, $4)
       ON CONFLICT (kind, key) DO UPDATE SET value = EXCLUDED.value, expires_at_ms = EXCLUDED.expires_at_ms, written = nextval('records_order')
       WHERE NOT ${live(5).replace(/expires_at_ms/g, 'records.expires_at_ms')}`,
      [kind, key, value, expiresAtMs, Date.now()],
    );
    return r.rowCount === 1;
  };
  return {
    async addRequest(r: StoredRequest) {
      const q = await pool.query(`INSERT INTO requests (${REQUEST_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`, [r.id, r.host, r.request, r.request_hash, r.expires_at, r.received_at]);
      return q.rowCount === 1;
    },
    getRequest: async (id) => (await pool.query<StoredRequest>(`SELECT ${REQUEST_COLUMNS} FROM requests WHERE id = $1`, [id])).rows[0] ?? null,
    recentRequests: async (limit) => (await pool.query<StoredRequest>(`SELECT ${REQUEST_COLUMNS} FROM requests ORDER BY received_at DESC, n DESC LIMIT $1`, [limit])).rows,
    async addDecision(requestId, decision, receivedAt): Promise<DecisionStore> {
      // The request's row lock orders decisions on it across replicas, so the bound holds.
      const { rows } = await pool.query<{ outcome: string; stored_seq: string | null }>('SELECT outcome, stored_seq FROM approve_run_add_decision($1, $2, $3, $4)', [requestId, decision, receivedAt, MAX_DECISIONS_PER_REQUEST]);
      const row = rows[0];
      if (row?.outcome === 'stored' && row.stored_seq !== null) return { stored: true, seq: Number(row.stored_seq) };
      if (row?.outcome === 'duplicate' || row?.outcome === 'full' || row?.outcome === 'unknown_request') return { stored: false, reason: row.outcome };
      throw new Error(`storing a decision answered ${JSON.stringify(row?.outcome ?? null)}`);
    },
    decisions: async (requestId, after, limit) =>
      (await pool.query<StoredDecision>('SELECT seq, request_id, decision, received_at FROM decisions WHERE request_id = $1 ORDER BY seq LIMIT $2 OFFSET $3', [requestId, limit, after])).rows.map(seqRow),
    async setOutcome(o: StoredOutcome) {
      const q = await pool.query(
        'INSERT INTO outcomes (request_id, outcome, received_at) SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM requests WHERE id = $1) ON CONFLICT (request_id) DO NOTHING',
        [o.request_id, o.outcome, o.received_at],
      );
      return q.rowCount === 1;
    },
    getOutcome: async (id) => (await pool.query<StoredOutcome>('SELECT request_id, outcome, received_at FROM outcomes WHERE request_id = $1', [id])).rows[0] ?? null,
    async claimNonce(key, expiresAtMs) {
      await pool.query('DELETE FROM nonces WHERE expires_at_ms < $1', [Date.now()]);
      return (await pool.query('INSERT INTO nonces (key, expires_at_ms) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [key, expiresAtMs])).rowCount === 1;
    },
    onDecision: (l) => listener.add(l),
    async putRecord(kind, key, value, expiresAtMs) {
      await pool.query(
        `INSERT INTO records (kind, key, value, expires_at_ms) VALUES ($1, $2, $3, $4)
         ON CONFLICT (kind, key) DO UPDATE SET value = EXCLUDED.value, expires_at_ms = EXCLUDED.expires_at_ms, written = nextval('records_order')`,
        [kind, key, value, expiresAtMs],
      );
    },
    insertRecord,
    getRecord: async (kind, key) => (await pool.query<StoredRecord>(`SELECT value FROM records WHERE kind = $1 AND key = $2 AND ${live(3)}`, [kind, key, Date.now()])).rows[0]?.value ?? null,
    async takeRecord(kind, key) {
      const { rows } = await pool.query<{ value: string; live: boolean }>(`DELETE FROM records WHERE kind = $1 AND key = $2 RETURNING value, ${live(3)} AS live`, [kind, key, Date.now()]);
      return rows[0]?.live === true ? rows[0].value : null;
    },
    async swapRecord(kind, key, expected, next) {
      if (expected === null) return insertRecord(kind, key, next, null);
      const q = await pool.query(
        `UPDATE records SET value = $3, expires_at_ms = NULL, written = nextval('records_order') WHERE kind = $1 AND key = $2 AND value = $4 AND ${live(5)}`,
        [kind, key, next, expected, Date.now()],
      );
      return q.rowCount === 1;
    },
    async deleteRecord(kind, key) {
      await pool.query('DELETE FROM records WHERE kind = $1 AND key = $2', [kind, key]);
    },
    listRecords: async (kind, limit) => (await pool.query<StoredRecord>(`SELECT key, value FROM records WHERE kind = $1 AND ${live(2)} ORDER BY written DESC LIMIT $3`, [kind, Date.now(), limit])).rows,
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}
