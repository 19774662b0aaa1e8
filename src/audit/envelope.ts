// The envelope every leaf carries (SPEC §8): v, log, seq, prev, ts, type. The verifier checks
// its shape after proving the leaf canonical; a malformed envelope is NONCANONICAL.
import type { PickedValue } from '../crypto/jcs-check.js';
import type { EntryType } from './types.js';

export const LEAF_VERSION = 1;
export const ENVELOPE_KEYS: readonly string[] = ['v', 'log', 'seq', 'prev', 'ts', 'type'];
/** `prev` of entry 0. */
export const GENESIS_PREV = '0'.repeat(64);
export const ENTRY_TYPES: ReadonlySet<EntryType> = new Set<EntryType>([
  'request',
  'decision',
  'exec_start',
  'exec_end',
  'exec_lost',
  'session_open',
  'session_revoke',
  'checkpoint',
  'policy_loaded',
  'witness_refused',
  'witness_unreachable',
  'refused',
]);

export interface EnvelopeFields {
  log: string;
  seq: number;
  prev: string;
  ts: string;
  type: EntryType;
}

const HEX64 = /^[0-9a-f]{64}$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
// Offsets of the digits and separators in YYYY-MM-DDTHH:MM:SS.mmmZ.
const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 22];
const SEPARATORS: [number, number][] = [[4, 45], [7, 45], [10, 84], [13, 58], [16, 58], [19, 46], [23, 90]];

// The number written by the digits at `at`..`at + length - 1`.
function digits(ts: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i++) value = value * 10 + (ts.charCodeAt(i) - 48);
  return value;
}

/** Whether `ts` is a real UTC instant written as toISOString() writes it (years 0000-9999). */
export function isIsoMs(ts: string): boolean {
  // Character checks instead of Date parsing: this runs for every entry `audit verify` reads.
  if (ts.length !== 24) return false;
  for (const at of DIGITS) {
    const c = ts.charCodeAt(at);
    if (c < 48 || c > 57) return false;
  }
  for (const [at, code] of SEPARATORS) if (ts.charCodeAt(at) !== code) return false;
  const year = digits(ts, 0, 4);
  const month = digits(ts, 5, 2);
  const day = digits(ts, 8, 2);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : (DAYS[month - 1] ?? 0);
  return month >= 1 && day >= 1 && day <= days && digits(ts, 11, 2) < 24 && digits(ts, 14, 2) < 60 && digits(ts, 17, 2) < 60;
}

/**
 * The envelope of a canonical leaf's top-level members, or what is wrong with it.
 * `expectedPrev` (a known-good hex hash) spares the hex check in the common case.
 */
export function checkEnvelope(picked: ReadonlyMap<string, PickedValue>, expectedPrev: string): EnvelopeFields | string {
  if (picked.get('v') !== LEAF_VERSION) return `leaf version is not ${LEAF_VERSION}`;
  const log = picked.get('log');
  const seq = picked.get('seq');
  const prev = picked.get('prev');
  const ts = picked.get('ts');
  const type = picked.get('type');
  if (typeof log !== 'string' || log.length === 0) return 'leaf has no log id';
  if (typeof seq !== 'number' || seq < 0) return 'leaf has no seq';
  if (typeof prev !== 'string' || (prev !== expectedPrev && !HEX64.test(prev))) return 'leaf prev is not 64 hex digits';
  if (typeof ts !== 'string' || !isIsoMs(ts)) return 'leaf ts is not a UTC ISO-8601 time with milliseconds';
  if (typeof type !== 'string' || !ENTRY_TYPES.has(type as EntryType)) return `leaf type ${JSON.stringify(type)} is unknown`;
  return { log, seq, prev, ts, type: type as EntryType };
}
