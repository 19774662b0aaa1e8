// The service's storage, behind one narrow interface so PostgreSQL can stand beside SQLite
// (SPEC §13, §15). The service never decides: storage keeps what hosts and approvers sent,
// byte for byte, and tells waiters when something new arrived for a request.
// Invariants:
//   1. Requests, decisions and outcomes are append-only; nothing here rewrites what was stored.
//   2. `onDecision` fires after the decision is durably stored, never before; an
//      implementation that spans replicas (PostgreSQL LISTEN/NOTIFY) fires it on every replica.
//   3. `claimNonce` is atomic: of two calls with the same key, exactly one returns true.

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

/** The result of storing a decision. */
export type DecisionStore = { stored: true; seq: number } | { stored: false; reason: 'unknown_request' | 'duplicate' | 'full' };

/** The storage every part of the service goes through. */
export interface ServiceStorage {
  /** Stores a new request; false when the id already exists. */
  addRequest(request: StoredRequest): boolean;
  getRequest(id: string): StoredRequest | null;
  /** Appends a decision to an existing request (identical repeats and floods are refused). */
  addDecision(requestId: string, decision: string, receivedAt: string): DecisionStore;
  /** The decisions of a request in arrival order, from index `after`, at most `limit`. */
  decisions(requestId: string, after: number, limit: number): StoredDecision[];
  /** Stores the outcome; false when there is no such request or one was already stored. */
  setOutcome(outcome: StoredOutcome): boolean;
  getOutcome(requestId: string): StoredOutcome | null;
  /** Records a replay key until `expiresAtMs`; false if it was already there. */
  claimNonce(key: string, expiresAtMs: number): boolean;
  /** Calls `listener(requestId)` after each stored decision; returns the unsubscribe. */
  onDecision(listener: (requestId: string) => void): () => void;
  close(): void;
}
