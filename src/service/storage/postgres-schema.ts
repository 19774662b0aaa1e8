// The PostgreSQL store's schema, as numbered migrations recorded in a version table, and the
// one way a connection URL is shown (without its password).
// Invariants:
//   1. Migrations run in one transaction under a transaction-scoped advisory lock, so replicas
//      starting together apply each step exactly once; a step already recorded is skipped.
//   2. A database whose recorded version is newer than this build knows is refused: an older
//      replica never writes into a schema it does not understand.
//   3. A connection URL is never shown with its password (or any query secret).
import type pg from 'pg';

/** The notification channel a stored decision is announced on (payload: the request id). */
export const DECISION_CHANNEL = 'approve_run_decision';

/** Advisory lock keys that serialise migrations ("appr", 1). */
const MIGRATION_LOCK = [0x61707072, 1];

/** Each step's SQL; step N (1-based) moves the schema from version N-1 to N. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE requests (id TEXT PRIMARY KEY, host TEXT NOT NULL, request TEXT NOT NULL,
     request_hash TEXT NOT NULL, expires_at TEXT NOT NULL, received_at TEXT NOT NULL, n BIGSERIAL NOT NULL);
   CREATE INDEX requests_received ON requests (received_at DESC, n DESC);
   -- The decision's own hash is the unique key: a long decision text is too big for a btree entry.
   CREATE TABLE decisions (seq BIGSERIAL PRIMARY KEY, request_id TEXT NOT NULL REFERENCES requests(id),
     decision TEXT NOT NULL, decision_hash BYTEA NOT NULL, received_at TEXT NOT NULL,
     stored_at TIMESTAMPTZ NOT NULL DEFAULT now(), UNIQUE (request_id, decision_hash));
   CREATE INDEX decisions_stored ON decisions (stored_at);
   CREATE TABLE outcomes (request_id TEXT PRIMARY KEY REFERENCES requests(id), outcome TEXT NOT NULL, received_at TEXT NOT NULL);
   CREATE TABLE nonces (key TEXT PRIMARY KEY, expires_at_ms BIGINT NOT NULL);
   CREATE INDEX nonces_expiry ON nonces (expires_at_ms);
   CREATE SEQUENCE records_order;
   CREATE TABLE records (kind TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, expires_at_ms BIGINT,
     written BIGINT NOT NULL DEFAULT nextval('records_order'), PRIMARY KEY (kind, key));
   CREATE INDEX records_written ON records (kind, written DESC);`,
  // A decision stored in one round trip (./postgres.ts invariant 1): lock the request's row,
  // count, insert and announce. Each statement of a VOLATILE function takes a fresh snapshot,
  // so the count after the lock sees every decision committed by the lock's previous holder.
  `CREATE FUNCTION approve_run_add_decision(p_request TEXT, p_decision TEXT, p_received TEXT, p_max BIGINT,
     OUT outcome TEXT, OUT stored_seq BIGINT) LANGUAGE plpgsql VOLATILE AS $fn$
   BEGIN
     PERFORM 1 FROM requests WHERE id = p_request FOR UPDATE;
     IF NOT FOUND THEN outcome := 'unknown_request'; RETURN; END IF;
     IF (SELECT count(*) FROM decisions WHERE request_id = p_request) >= p_max THEN outcome := 'full'; RETURN; END IF;
     INSERT INTO decisions (request_id, decision, decision_hash, received_at)
       VALUES (p_request, p_decision, sha256(convert_to(p_decision, 'UTF8')), p_received)
       ON CONFLICT (request_id, decision_hash) DO NOTHING RETURNING seq INTO stored_seq;
     IF stored_seq IS NULL THEN outcome := 'duplicate'; RETURN; END IF;
     PERFORM pg_notify('${DECISION_CHANNEL}', p_request);
     outcome := 'stored';
   END $fn$;`,
];

/** The schema version this build writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database to SCHEMA_VERSION (invariants 1 and 2). */
export async function migrate(client: pg.PoolClient): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', MIGRATION_LOCK);
    await client.query('CREATE TABLE IF NOT EXISTS approve_run_schema (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())');
    const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM approve_run_schema');
    const current = rows[0]?.v ?? 0;
    if (current > SCHEMA_VERSION) throw new Error(`database schema version ${current} is newer than this approve-run knows (${SCHEMA_VERSION}); upgrade approve-run`);
    for (let v = current + 1; v <= SCHEMA_VERSION; v++) {
      await client.query(MIGRATIONS[v - 1] as string);
      await client.query('INSERT INTO approve_run_schema (version) VALUES ($1)', [v]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** `url` with any password and query replaced by `***`, for messages (invariant 3). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password !== '') u.password = '***';
    if (u.search !== '') u.search = '?***';
    return u.href;
  } catch {
    return `${url.split(':')[0] ?? 'postgres'}://***`;
  }
}

/** An error's message without the connection URL's password in it. */
export function safeMessage(error: unknown, url: string): string {
  let message = error instanceof Error ? error.message : String(error);
  try {
    const password = decodeURIComponent(new URL(url).password);
    if (password !== '') message = message.split(password).join('***');
  } catch {
    // An unparsable URL: pg refused it before any password could be echoed.
  }
  return message.replace(/\s+/g, ' ').slice(0, 300);
}
