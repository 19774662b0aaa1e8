// Small pieces every route shares: reading a bounded JSON body, the one error shape.
import type { Context } from 'hono';

/** Largest request body the service reads: what a host accepts in an answer (src/approval/webhook/http.ts). */
export const MAX_BODY_BYTES = 256 * 1024;

/** `{"error": "<reason>"}` with `status`. */
export function refuse(c: Context, status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 429, reason: string): Response {
  return c.json({ error: reason }, status);
}

export type JsonBody = { ok: true; text: string; value: unknown } | { ok: false; response: Response };

// The raw text and parsed JSON of a POST body; the size bound is enforced by the app's
// body-limit middleware before this runs.
export async function readJson(c: Context): Promise<JsonBody> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') return { ok: false, response: refuse(c, 415, 'Content-Type must be application/json') };
  const text = await c.req.text();
  try {
    return { ok: true, text, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, response: refuse(c, 400, 'malformed JSON') };
  }
}

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A request id as approve-run makes them (`req_` and a ULID). */
export const REQUEST_ID = /^req_[0-9A-HJKMNP-TV-Z]{26}$/;
