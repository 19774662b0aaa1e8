// Sign-in rate limits of the web inbox: per client address and per approver, fixed windows
// counted in storage records, so every replica counts together.
// Invariants:
//   1. Each sign-in step counts against both its client address and the approver named; when
//      either count is over its limit, the step is refused (429) before any other work.
//   2. Counting is atomic (insertRecord / swapRecord): racing attempts cannot both take the
//      last slot. When the count cannot be taken after a few tries, the attempt is refused.
import type { ServiceStorage } from '../storage/types.js';

const KIND = 'inbox.ratelimit';
/** The window every limit is counted over. */
export const WINDOW_MS = 5 * 60_000;
/** Sign-in steps one address may make per window (two steps per sign-in). */
export const PER_ADDRESS = 60;
/** Sign-in steps one approver id may take per window. */
export const PER_APPROVER = 10;
const TRIES = 5;

interface Window {
  start: number;
  n: number;
}

// Counts one attempt under `key`; false when the window already holds `limit`.
async function take(storage: ServiceStorage, key: string, limit: number, now: number): Promise<boolean> {
  for (let i = 0; i < TRIES; i++) {
    const text = await storage.getRecord(KIND, key);
    const current = text === null ? null : (JSON.parse(text) as Window);
    const fresh = current === null || now - current.start >= WINDOW_MS;
    if (!fresh && current.n >= limit) return false;
    const next = JSON.stringify(fresh ? { start: now, n: 1 } : { start: current.start, n: current.n + 1 });
    const done = text === null ? await storage.insertRecord(KIND, key, next, null) : await storage.swapRecord(KIND, key, text, next);
    if (done) return true;
  }
  return false;
}

/** Counts one sign-in step by `address` for `approver`; false means refuse with 429. */
export async function allowSignIn(storage: ServiceStorage, address: string, approver: string, now: number): Promise<boolean> {
  const byAddress = await take(storage, `addr:${address}`, PER_ADDRESS, now);
  const byApprover = await take(storage, `approver:${approver}`, PER_APPROVER, now);
  return byAddress && byApprover;
}
