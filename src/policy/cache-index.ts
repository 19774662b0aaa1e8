// The parts of a compiled-policy cache entry (./cache.ts) that make a hit cheap for a large
// policy: line offsets packed as little-endian uint32 in base64, and the rule index hashed
// into buckets, one JSON line per bucket, so a request parses only the buckets its keys fall
// in, not the whole index.
// Invariants:
//   1. Writer and reader place a key by the same hash (FNV-1a over its UTF-16 code units).
//   2. Offsets are used only when they cut their section into whole newline-terminated lines,
//      increasing, within it; otherwise the entry is a miss.
//   3. A bucket is used only when it is a list of [key, slot] pairs whose keys are distinct
//      strings that hash into it and whose slots are increasing positions below the rule
//      count; anything else throws (the entry's digest was checked, so only a damaged parse
//      can get here) and nothing is ever looked up in it.
import { policyError } from '../errors.js';
import type { Slot, SlotLookup } from '../decide/rule-index.js';

const NEWLINE = 0x0a;

/** Offsets as the cache stores them: uint32 little-endian, in base64. */
export function packOffsets(offsets: readonly number[]): string {
  const bytes = Buffer.alloc(offsets.length * 4);
  offsets.forEach((offset, i) => bytes.writeUInt32LE(offset, i * 4));
  return bytes.toString('base64');
}

/**
 * The offsets packed in `packed` when they cut the start of `section` into newline-terminated
 * lines: [0, end of line 1, ..., end of the last line]; else null.
 */
export function cutLines(packed: unknown, section: Buffer): number[] | null {
  if (typeof packed !== 'string') return null;
  const bytes = Buffer.from(packed, 'base64');
  const count = bytes.length / 4 - 1;
  if (!Number.isInteger(count) || count < 0 || bytes.toString('base64') !== packed) return null;
  const offsets = [bytes.readUInt32LE(0)];
  if (offsets[0] !== 0) return null;
  for (let i = 1; i <= count; i++) {
    const end = bytes.readUInt32LE(i * 4);
    if (end <= (offsets[i - 1] as number) || section[end - 1] !== NEWLINE) return null;
    offsets.push(end);
  }
  return offsets;
}

/** A line's JSON value, or undefined when it is not JSON. */
export function parseLine(line: Buffer): unknown {
  try {
    return JSON.parse(line.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** The bucket of `key` among `buckets` (FNV-1a, 32 bits). */
export function bucketOf(key: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % buckets;
}

/** The index's entries as bucket lines (about four keys to a bucket), each ending in a newline. */
export function encodeIndex(entries: readonly [string, Slot][]): string[] {
  const buckets: [string, Slot][][] = Array.from({ length: Math.max(1, Math.ceil(entries.length / 4)) }, () => []);
  for (const entry of entries) buckets[bucketOf(entry[0], buckets.length)]?.push(entry);
  return buckets.map((bucket) => `${JSON.stringify(bucket)}\n`);
}

// True for a slot of increasing positions below `count`.
function isSlot(value: unknown, count: number): value is Slot {
  const isPosition = (p: unknown): p is number => Number.isSafeInteger(p) && (p as number) >= 0 && (p as number) < count;
  if (!Array.isArray(value)) return isPosition(value);
  return value.length > 1 && value.every((p, i) => isPosition(p) && (i === 0 || p > (value[i - 1] as number)));
}

/** The stored rule index: a bucket is parsed and checked when a key first falls in it. */
export class StoredSlots implements SlotLookup {
  private readonly parsed = new Map<number, Map<string, Slot>>();

  /** `offsets` cut `section` into the bucket lines; positions are below `count`; `file` names the entry. */
  constructor(
    private readonly section: Buffer,
    private readonly offsets: readonly number[],
    private readonly count: number,
    private readonly file: string,
  ) {}

  get(key: string): Slot | undefined {
    const buckets = this.offsets.length - 1;
    const at = bucketOf(key, buckets);
    let bucket = this.parsed.get(at);
    if (bucket === undefined) {
      bucket = this.read(at, buckets);
      this.parsed.set(at, bucket);
    }
    return bucket.get(key);
  }

  // Bucket `at` as a map, checked (invariant 3).
  private read(at: number, buckets: number): Map<string, Slot> {
    const pairs = parseLine(this.section.subarray(this.offsets[at], (this.offsets[at + 1] as number) - 1));
    const map = new Map<string, Slot>();
    const fits = (pair: unknown): boolean => {
      if (!Array.isArray(pair) || pair.length !== 2) return false;
      const [key, slot] = pair as unknown[];
      if (typeof key !== 'string' || map.has(key) || bucketOf(key, buckets) !== at || !isSlot(slot, this.count)) return false;
      map.set(key, slot);
      return true;
    };
    if (!Array.isArray(pairs) || !pairs.every(fits)) throw policyError(`${this.file}: compiled-policy cache entry: index bucket ${at} is damaged; delete the entry`);
    return map;
  }
}
