// The bytes of one audit entry (SPEC §8): leaf_i = JCS of
// {"v":1,"log","seq","prev","ts","type",...fields}; hash_i = SHA-256(0x00 || leaf_i).
// Invariants:
//   1. Fields never override the envelope: a field named v, log, seq, prev, ts or type is refused.
//   2. Redaction and the non-UTF-8 encoding (./bytes.ts) are applied to every string in the
//      fields before canonicalisation, so the hash covers exactly what is stored.
//   3. Anything canonicalize() refuses (floats, undefined, ...) makes the append fail.
import { canonicalize } from '../crypto/jcs.js';
import { leafHash } from '../crypto/merkle.js';
import { loggableBytes, loggableString, type NonUtf8Text } from './bytes.js';
import { ENTRY_TYPES, ENVELOPE_KEYS, isIsoMs, LEAF_VERSION } from './envelope.js';
import type { Redactor } from './redact.js';
import type { EntryType } from './types.js';

/** Thrown for fields that cannot be logged; log.ts turns it into ApproveRunError('audit'). */
export class LeafError extends Error {
  override name = 'LeafError';
}

// Redacts a logged string or the text of a non-UTF-8 value.
function redactLoggable(value: string | NonUtf8Text, redact: Redactor): string | NonUtf8Text {
  return typeof value === 'string' ? redact(value) : { non_utf8: redact(value.non_utf8) };
}

// Walks a field value: encodes bytes and odd strings, redacts text, copies containers.
function prepareValue(value: unknown, redact: Redactor): unknown {
  if (typeof value === 'string') return redactLoggable(loggableString(value), redact);
  if (Buffer.isBuffer(value)) return redactLoggable(loggableBytes(value), redact);
  if (Array.isArray(value)) return value.map((item) => prepareValue(item, redact));
  if (value !== null && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value) as object | null)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = prepareValue(item, redact);
    return out;
  }
  return value;
}

/** The fields as they will be stored: encoded and redacted (checkpoints are not redacted). */
export function prepareFields(type: EntryType, fields: Record<string, unknown>, redact: Redactor): Record<string, unknown> {
  if (!ENTRY_TYPES.has(type)) throw new LeafError(`unknown audit entry type ${JSON.stringify(type)}`);
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw new LeafError('audit entry fields must be an object');
  for (const key of ENVELOPE_KEYS) {
    if (Object.hasOwn(fields, key)) throw new LeafError(`audit entry field ${JSON.stringify(key)} is reserved`);
  }
  const identity: Redactor = (text) => text;
  return prepareValue(fields, type === 'checkpoint' ? identity : redact) as Record<string, unknown>;
}

export interface Envelope {
  logId: string;
  seq: number;
  /** Hex hash of entry seq-1, or GENESIS_PREV. */
  prev: string;
  ts: Date;
  type: EntryType;
}

export interface BuiltLeaf {
  text: string;
  hash: Buffer;
}

/** Canonical leaf text and its RFC 6962 leaf hash. */
export function buildLeaf(envelope: Envelope, prepared: Record<string, unknown>): BuiltLeaf {
  const ts = envelope.ts.toISOString();
  if (!isIsoMs(ts)) throw new LeafError(`timestamp ${ts} is outside years 0000-9999`);
  const text = canonicalize({
    ...prepared,
    v: LEAF_VERSION,
    log: envelope.logId,
    seq: envelope.seq,
    prev: envelope.prev,
    ts,
    type: envelope.type,
  });
  return { text, hash: leafHash(Buffer.from(text, 'utf8')) };
}
