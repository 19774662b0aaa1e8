// The storage the routes use when chat is configured: the same storage, which also tells the
// chat notifier (./notifier.ts) what was stored. This keeps chat out of the routes: hosts'
// and approvers' endpoints, and any other part that stores decisions (the inbox, the
// in-Slack button), are seen the same way.
// Invariants:
//   1. Every call is passed through unchanged, with its result; the notifier is told only
//      after a write succeeded, and never awaited (./notifier.ts invariant 1).
import type { ChatNotifier } from './notifier.js';
import type { ServiceStorage } from '../storage/types.js';

/** `storage`, reporting stored requests, decisions and outcomes to `chat`. */
export function observedStorage(storage: ServiceStorage, chat: ChatNotifier): ServiceStorage {
  return {
    async addRequest(request) {
      const stored = await storage.addRequest(request);
      if (stored) chat.requested(request);
      return stored;
    },
    async addDecision(requestId, decision, receivedAt) {
      const result = await storage.addDecision(requestId, decision, receivedAt);
      if (result.stored) chat.relayed(requestId, decision);
      return result;
    },
    async setOutcome(outcome) {
      const stored = await storage.setOutcome(outcome);
      if (stored) chat.completed(outcome);
      return stored;
    },
    getRequest: (id) => storage.getRequest(id),
    recentRequests: (limit) => storage.recentRequests(limit),
    decisions: (requestId, after, limit) => storage.decisions(requestId, after, limit),
    getOutcome: (requestId) => storage.getOutcome(requestId),
    claimNonce: (key, expiresAtMs) => storage.claimNonce(key, expiresAtMs),
    onDecision: (listener) => storage.onDecision(listener),
    putRecord: (kind, key, value, expiresAtMs) => storage.putRecord(kind, key, value, expiresAtMs),
    insertRecord: (kind, key, value, expiresAtMs) => storage.insertRecord(kind, key, value, expiresAtMs),
    getRecord: (kind, key) => storage.getRecord(kind, key),
    takeRecord: (kind, key) => storage.takeRecord(kind, key),
    swapRecord: (kind, key, expected, next) => storage.swapRecord(kind, key, expected, next),
    deleteRecord: (kind, key) => storage.deleteRecord(kind, key),
    listRecords: (kind, limit) => storage.listRecords(kind, limit),
    close: () => storage.close(),
  };
}
