// The service's storage, behind one narrow interface so PostgreSQL can stand beside SQLite
// (SPEC §13, §15). The service never decides: storage keeps what hosts and approvers sent,
// byte for byte, and tells waiters when something new arrived for a request. Every method is
// asynchronous, so a networked database fits behind it as well as a local file.
// Invariants:
//   1. Requests, decisions and outcomes are append-only; nothing here rewrites what was stored.
//   2. `onDecision` fires after the decision is durably stored, never before; an
//      implementation that spans replicas (PostgreSQL LISTEN/NOTIFY) fires it on every replica.
//   3. `claimNonce`, `insertRecord`, `takeRecord` and `swapRecord` are atomic: of two racing
//      calls on the same key (on any replica), exactly one wins.
//   4. An expired record is never returned, whether or not it was purged yet.

/** A request as a host posted it, with the service's own bookkeeping. */
export interface StoredRequest {
  id: string;
  host: string;
  /** The request object's JCS text, exactly what the host signed into its hash. */
  request: string;
  request_hash: string;
  expires_at: string;
  received_at: string;
}

/** One relayed decision: the decision object's JSON text as posted, and when it arrived. */
export interface StoredDecision {
  seq: number;
  request_id: string;
  decision: string;
  received_at: string;
}

/** What a host reported when the request ended (`approval.completed`). */
export interface StoredOutcome {
  request_id: string;
  outcome: string;
  received_at: string;
}

/** One small record the service's own parts keep (see `ServiceStorage` records). */
export interface StoredRecord {
  key: string;
  value: string;
}

/** The result of storing a decision. */
export type DecisionStore = { stored: true; seq: number } | { stored: false; reason: 'unknown_request' | 'duplicate' | 'full' };

/**
 * The storage every part of the service goes through. Besides requests, decisions and
 * outcomes, it keeps *records*: short text values under (kind, key), optionally expiring,
 * for the service's own parts (inbox sessions, enrolment links, passkey credentials, chat
 * threads, witness state and evidence). A kind is a short constant chosen by the part that
 * owns it; values are the part's own JSON.
 */
export interface ServiceStorage {
  /** Stores a new request; false when the id already exists. */
  addRequest(request: StoredRequest): Promise<boolean>;
  getRequest(id: string): Promise<StoredRequest | null>;
  /** The most recently received requests, newest first, at most `limit`. */
  recentRequests(limit: number): Promise<StoredRequest[]>;
  /** Appends a decision to an existing request (identical repeats and floods are refused). */
  addDecision(requestId: string, decision: string, receivedAt: string): Promise<DecisionStore>;
  /** The decisions of a request in arrival order, from index `after`, at most `limit`. */
  decisions(requestId: string, after: number, limit: number): Promise<StoredDecision[]>;
  /** Stores the outcome; false when there is no such request or one was already stored. */
  setOutcome(outcome: StoredOutcome): Promise<boolean>;
  getOutcome(requestId: string): Promise<StoredOutcome | null>;
  /** Records a replay key until `expiresAtMs`; false if it was already there. */
  claimNonce(key: string, expiresAtMs: number): Promise<boolean>;
  /** Calls `listener(requestId)` after each stored decision; returns the unsubscribe. */
  onDecision(listener: (requestId: string) => void): () => void;

  /** Sets (kind, key) to `value`, replacing any earlier value; `expiresAtMs` null = never. */
  putRecord(kind: string, key: string, value: string, expiresAtMs: number | null): Promise<void>;
  /** Sets (kind, key) only if it holds no live value; false otherwise. */
  insertRecord(kind: string, key: string, value: string, expiresAtMs: number | null): Promise<boolean>;
  /** The live value of (kind, key), or null. */
  getRecord(kind: string, key: string): Promise<string | null>;
  /** Removes (kind, key) and returns its live value, or null: a one-time read. */
  takeRecord(kind: string, key: string): Promise<string | null>;
  /**
   * Sets (kind, key) to `next` only if its live value is exactly `expected` (null: absent);
   * returns whether it did. Keeps no expiry.
   */
  swapRecord(kind: string, key: string, expected: string | null, next: string): Promise<boolean>;
  /** Removes (kind, key) if present. */
  deleteRecord(kind: string, key: string): Promise<void>;
  /** Live records of `kind`, most recently written first, at most `limit`. */
  listRecords(kind: string, limit: number): Promise<StoredRecord[]>;

  close(): Promise<void>;
}
