// Signed-in sessions of the web inbox: an opaque cookie, a record per session, a CSRF token
// bound to it.
// Invariants:
//   1. The cookie holds 256 random bits; storage keeps only their SHA-256, so a copy of the
//      database signs nobody in.
//   2. A session ends at the earlier of its absolute lifetime (from sign-in) and its idle
//      timeout (from last use); an ended session is never honoured, and its record expires.
//   3. Every state-changing POST carries the session's CSRF token (header X-CSRF-Token or form
//      field csrf), compared in constant time; a missing or different token is refused.
//   4. The cookie is HttpOnly, SameSite=Strict, Path=/, and Secure (with the __Host- prefix)
//      under https.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { ServiceState } from '../state.js';
import type { InboxTimes } from './config.js';

const KIND = 'inbox.session';
/** Writes of `seen` closer together than this are skipped: one write a minute is enough. */
const TOUCH_MS = 60_000;

/** A live session. */
export interface Session {
  approver: string;
  csrf: string;
}

interface SessionRecord extends Session {
  created: number;
  seen: number;
}

// The cookie's name: __Host- under https (invariant 4).
const cookieName = (https: boolean): string => (https ? '__Host-approve_run_session' : 'approve_run_session');
const keyOf = (token: string): string => createHash('sha256').update(token).digest('hex');

// When the record must be gone (invariant 2).
const endOf = (r: SessionRecord, t: InboxTimes): number => Math.min(r.created + t.sessionMs, r.seen + t.idleMs);

/** Starts a session for `approver` and sets its cookie. */
export async function startSession(c: Context, s: ServiceState, t: InboxTimes, approver: string): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const now = s.now();
  const record: SessionRecord = { approver, csrf: randomBytes(32).toString('base64url'), created: now, seen: now };
  await s.storage.putRecord(KIND, keyOf(token), JSON.stringify(record), endOf(record, t));
  const https = s.publicUrl.startsWith('https:');
  setCookie(c, cookieName(https), token, { httpOnly: true, sameSite: 'Strict', path: '/', secure: https, maxAge: Math.floor(t.sessionMs / 1000) });
}

/** The live session of this request, or null; refreshes its idle deadline. */
export async function currentSession(c: Context, s: ServiceState, t: InboxTimes): Promise<Session | null> {
  const token = getCookie(c, cookieName(s.publicUrl.startsWith('https:')));
  if (token === undefined || !/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const text = await s.storage.getRecord(KIND, keyOf(token));
  if (text === null) return null;
  const record = JSON.parse(text) as SessionRecord;
  const now = s.now();
  if (now >= endOf(record, t)) return null;
  if (now - record.seen >= TOUCH_MS) {
    const next = { ...record, seen: now };
    await s.storage.putRecord(KIND, keyOf(token), JSON.stringify(next), endOf(next, t));
  }
  return { approver: record.approver, csrf: record.csrf };
}

/** Ends this request's session and clears the cookie. */
export async function endSession(c: Context, s: ServiceState): Promise<void> {
  const https = s.publicUrl.startsWith('https:');
  const token = getCookie(c, cookieName(https));
  if (token !== undefined) await s.storage.deleteRecord(KIND, keyOf(token));
  deleteCookie(c, cookieName(https), { path: '/', secure: https });
}

/** True when `given` is the session's CSRF token (invariant 3). */
export function csrfMatches(session: Session, given: string | undefined): boolean {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(session.csrf);
  return a.length === b.length && timingSafeEqual(a, b);
}
