// The signed decision an approver sends back (SPEC §5), and its strict shape check.
// Invariants:
//   1. A value counts as a decision only if it is a plain object with exactly the SPEC's
//      fields, each a bounded, well-formed string (reason may be null or absent); anything
//      else is refused with a reason, never repaired.
//   2. `signedBytes` is the RFC 8785 serialisation of the decision without `signature`.
import { canonicalBytes } from '../../crypto/jcs.js';

export interface SignedDecision {
  request_id: string;
  request_hash: string;
  decision: 'approve' | 'deny';
  approver: string;
  reason?: string | null;
  decided_at: string;
  signature: string;
}

export type ParsedDecision =
  | { ok: true; decision: SignedDecision }
  | { ok: false; reason: string; approver: string | null };

const REQUIRED = ['request_id', 'request_hash', 'decision', 'approver', 'decided_at', 'signature'] as const;
const KNOWN = new Set<string>([...REQUIRED, 'reason']);
const MAX_FIELD = 512;
const MAX_REASON = 2000;
/** A passkey signature carries authenticator data, client data and the signature: about 1 KB. */
const MAX_SIGNATURE = 8192;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

// A problem with one string field, or null when it is acceptable.
function stringProblem(name: string, value: unknown, max: number): string | null {
  if (typeof value !== 'string') return `field ${name} is not a string`;
  if (value.length === 0 && name !== 'reason') return `field ${name} is empty`;
  if (value.length > max) return `field ${name} is longer than ${max} characters`;
  if (LONE_SURROGATE.test(value)) return `field ${name} is not valid Unicode`;
  return null;
}

// The first shape problem of a candidate decision object, or null.
function shapeProblem(record: Record<string, unknown>): string | null {
  for (const key of Object.keys(record)) if (!KNOWN.has(key)) return `unknown field ${clip(JSON.stringify(key), 80)}`;
  for (const key of REQUIRED) {
    if (!(key in record)) return `missing field ${key}`;
    const problem = stringProblem(key, record[key], key === 'signature' ? MAX_SIGNATURE : MAX_FIELD);
    if (problem !== null) return problem;
  }
  if (record.reason !== undefined && record.reason !== null) {
    const problem = stringProblem('reason', record.reason, MAX_REASON);
    if (problem !== null) return problem;
  }
  if (record.decision !== 'approve' && record.decision !== 'deny') return 'field decision is neither "approve" nor "deny"';
  return null;
}

/** Checks the shape of one received value; never throws. */
export function parseDecision(value: unknown): ParsedDecision {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, reason: 'decision is not a JSON object', approver: null };
  }
  const record = value as Record<string, unknown>;
  const approver = typeof record.approver === 'string' && stringProblem('approver', record.approver, MAX_FIELD) === null ? record.approver : null;
  const problem = shapeProblem(record);
  if (problem !== null) return { ok: false, reason: problem, approver };
  return { ok: true, decision: record as unknown as SignedDecision };
}

/** The bytes the approver signs: RFC 8785 of the decision without `signature`. */
export function signedBytes(decision: SignedDecision): Buffer {
  const { signature: _signature, ...unsigned } = decision;
  return canonicalBytes(unsigned);
}

/** At most `max` UTF-16 units of `text`, never ending in half a surrogate pair. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max).replace(/[\uD800-\uDBFF]$/, '')}…` : text;
}

/** A JSON-safe, bounded copy of any received value, for the audit log. */
export function loggableRaw(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return clip(text, 4000);
}
