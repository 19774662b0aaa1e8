// Compiled-policy cache entries (src/policy/cache.ts) taken apart and put back together, so
// tests can spoil one part and see that it is never used: header, layout, rules.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CacheLocation } from '../../src/policy/cache.js';
import type { Policy } from '../../src/policy/types.js';

/** An entry's four parts as parsed JSON: header, layout, index buckets, rules. */
export interface EntryParts {
  header: { format: number; build: string; path: string; digest: string; sha256: string; policy: Policy };
  layout: { index: string; rules: string };
  buckets: unknown[][];
  rules: unknown[];
}

// The number of lines packed offsets mark.
function linesOf(text: string): number {
  return unpacked(text).length - 1;
}

/** Offsets packed as the cache packs them (uint32 little-endian, base64). */
export function packed(offsets: number[]): string {
  const bytes = Buffer.alloc(offsets.length * 4);
  offsets.forEach((offset, i) => bytes.writeUInt32LE(offset >>> 0, i * 4));
  return bytes.toString('base64');
}

/** Packed offsets as numbers. */
export function unpacked(text: string): number[] {
  const bytes = Buffer.from(text, 'base64');
  return Array.from({ length: bytes.length / 4 }, (_, i) => bytes.readUInt32LE(i * 4));
}

// Packed offsets of lines.
function pack(lines: string[]): string {
  const ends = [0];
  for (const line of lines) ends.push((ends.at(-1) ?? 0) + Buffer.byteLength(line));
  return packed(ends);
}

/** The one entry file in a location. */
export function entryFile(location: CacheLocation): string {
  const [name] = readdirSync(location.dir).filter((n) => n.endsWith('.json'));
  if (name === undefined) throw new Error(`no entry in ${location.dir}`);
  return join(location.dir, name);
}

/** The parts of an entry file. */
export function readEntry(file: string): EntryParts {
  const [header, layoutLine, ...rest] = readFileSync(file, 'utf8').split('\n');
  if (header === undefined || layoutLine === undefined || rest.pop() !== '') throw new Error(`${file}: not an entry`);
  const layout = JSON.parse(layoutLine) as EntryParts['layout'];
  const buckets = rest.splice(0, linesOf(layout.index));
  return { header: JSON.parse(header), layout, buckets: buckets.map((line) => JSON.parse(line)), rules: rest.map((line) => JSON.parse(line)) };
}

/**
 * Writes parts as an entry. The layout's offsets follow the lines and the header's sha256
 * follows the body, unless told to keep what the parts say (to spoil those on purpose).
 */
export function writeEntry(file: string, parts: EntryParts, keep: { offsets?: boolean; sha256?: boolean } = {}): void {
  const lines = parts.rules.map((rule) => `${JSON.stringify(rule)}\n`);
  const buckets = parts.buckets.map((bucket) => `${JSON.stringify(bucket)}\n`);
  if (keep.offsets !== true) parts.layout = { ...parts.layout, index: pack(buckets), rules: pack(lines) };
  const body = `${JSON.stringify(parts.layout)}\n${buckets.join('')}${lines.join('')}`;
  if (keep.sha256 !== true) parts.header.sha256 = createHash('sha256').update(body).digest('hex');
  writeFileSync(file, `${JSON.stringify(parts.header)}\n${body}`);
}

/** What tamper() hands to its edit: the entry as one object, its policy with its rules. */
export interface EntryView {
  build: string;
  path: string;
  digest: string;
  policy: Policy;
}

/**
 * Rewrites the entry as `edit` changes its view. By default the digest is brought up to date
 * (so only the shape checks stand between the edit and its use); `keepDigest` leaves the old one.
 */
export function tamper(location: CacheLocation, edit: (entry: EntryView) => void, keepDigest = false): void {
  const file = entryFile(location);
  const parts = readEntry(file);
  const view: EntryView = { build: parts.header.build, path: parts.header.path, digest: parts.header.digest, policy: { ...parts.header.policy, rules: parts.rules as Policy['rules'] } };
  edit(view);
  const rules: unknown = view.policy.rules;
  parts.header = { ...parts.header, build: view.build, path: view.path, digest: view.digest, policy: { ...view.policy, rules: Array.isArray(rules) ? [] : (rules as Policy['rules']) } };
  if (Array.isArray(rules)) parts.rules = rules;
  writeEntry(file, parts, { sha256: keepDigest });
}
