// The compiled-policy cache: the normalised Policy the loader produced for the exact bytes of
// a policy file, with its rule index, so a later run with the same file skips YAML parsing,
// schema validation and indexing (and does not even load those modules). Rules are kept one
// per line and parsed only when a request looks at them, so a 10,000-rule policy costs a
// request little more than a small one.
// An entry is four parts, each ending in a newline:
//   1. a header: {format, build, path, digest, sha256, policy} (the policy with no rules),
//      where sha256 is the digest of parts 2 to 4;
//   2. the layout: {index, rules}: the line offsets of parts 3 and 4 (./cache-index.ts);
//   3. the rule index that compilePolicy() built (src/decide/rule-index.ts), hashed into
//      buckets, one JSON line per bucket (./cache-index.ts);
//   4. the rules, one JSON object per line, in policy order.
// Invariants (MUST hold):
//   1. A cached policy is used only when its entry names this build, this policy path and the
//      SHA-256 digest of the very bytes just read through the trusted read; any difference is
//      a miss. A new build never reuses an old entry.
//   2. In privileged mode the cache is only /var/cache/approve-run (no environment variable
//      takes part): every directory from / down to it is a real directory owned by root and
//      not writable by group or others, and so is the entry, checked on the open descriptor.
//   3. Outside privileged mode the directory and the entry must be owned by the effective uid
//      and not be writable by group or others.
//   4. Any problem with an entry (missing, unreadable, wrong owner or mode, malformed JSON, a
//      mismatch, a wrong shape, a layout that does not fit, parts 2-4 not matching the
//      header's sha256) is a miss: never an error, never a weaker check. The full loader then
//      judges the same bytes. Parts 2-4 are checked whole by their digest when read; each
//      rule and index bucket is also checked for its exact shape when parsed, and one that
//      fails it then stops the run (exit 125): nothing is ever used unchecked.
//   5. An entry is written only after the full loader accepted the bytes and compilePolicy()
//      indexed them, whole (a 0600 temp file renamed into place); failing to write it
//      changes nothing else.
//   6. Without a build id (sources run unbuilt) the cache is neither read nor written.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { isTrustedDirectory, readOwnedFile, type OwnedDirectory } from '../config/trust.js';
import { prepareOwnedDirectory, replaceFileQuietly } from '../config/owned-write.js';
import { adoptCompiledPolicy, compilePolicy } from '../decide/rules.js';
import { RuleIndex } from '../decide/rule-index.js';
import { policyError } from '../errors.js';
import { cutLines, encodeIndex, packOffsets, parseLine, StoredSlots } from './cache-index.js';
import { isPolicyShape, isRuleShape } from './cache-shape.js';
import { MAX_POLICY_BYTES } from './limits.js';
import type { Policy, Rule } from './types.js';

export { policyCacheLocation, SYSTEM_CACHE_DIR } from './cache-location.js';

/** Normalised JSON is larger than its YAML; anything bigger than this is not an entry of ours. */
const MAX_ENTRY_BYTES = 16 * MAX_POLICY_BYTES;

/** Where entries live and who must own them and their directory. */
export type CacheLocation = OwnedDirectory;

/** What an entry must match to be used. */
export interface CacheKey {
  /** The policy path as the loader was given it. */
  path: string;
  /** `sha256:<hex>` of the exact bytes read. */
  digest: string;
  build: string;
}

/** `sha256:<hex>` of a policy file's bytes, as the loader computes it. */
export function policyDigest(bytes: Buffer): string {
  return `sha256:${sha256(bytes)}`;
}

// The entry's file name: one per policy path, so an edited policy replaces its old entry.
function entryPath(location: CacheLocation, policyPath: string): string {
  return join(location.dir, `policy-${sha256(policyPath).slice(0, 32)}.json`);
}

/** The format of entries this build writes and reads. */
const FORMAT = 2;
const NEWLINE = 0x0a;

// The first line of `bytes` (without its newline) and what follows it, or null without one.
function firstLine(bytes: Buffer): { line: Buffer; rest: Buffer } | null {
  const end = bytes.indexOf(NEWLINE);
  return end < 0 ? null : { line: bytes.subarray(0, end), rest: bytes.subarray(end + 1) };
}

// `sha256` hex of bytes.
function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

// The policy of a header that fits `key` exactly, or null.
function headerPolicy(header: unknown, key: CacheKey): { policy: Policy; sha256: string } | null {
  if (typeof header !== 'object' || header === null || Object.keys(header).length !== 6) return null;
  const { format, build, path, digest, sha256: bodyDigest, policy } = header as Record<string, unknown>;
  if (format !== FORMAT || build !== key.build || path !== key.path || digest !== key.digest || typeof bodyDigest !== 'string') return null;
  if (!isPolicyShape(policy) || policy.digest !== key.digest || policy.rules.length !== 0) return null;
  return { policy, sha256: bodyDigest };
}

// Reads the rule at a position of a checked entry, once; a rule whose shape is wrong stops the run.
function ruleReader(file: string, rules: Buffer, offsets: number[]): (position: number) => Rule | undefined {
  const parsed: (Rule | undefined)[] = [];
  return (position) => {
    if (!Number.isSafeInteger(position) || position < 0 || position >= offsets.length - 1) return undefined;
    let rule = parsed[position];
    if (rule === undefined) {
      const value = parseLine(rules.subarray(offsets[position], (offsets[position + 1] as number) - 1));
      if (!isRuleShape(value)) throw policyError(`${file}: compiled-policy cache entry: rule ${position + 1} is damaged; delete the entry`);
      rule = parsed[position] = value;
    }
    return rule;
  };
}

// `policy` with its rules read when first asked for: `rules` reads them all, then stays.
function withStoredRules(policy: Policy, count: number, read: (position: number) => Rule | undefined): Policy {
  Object.defineProperty(policy, 'rules', {
    configurable: true,
    enumerable: true,
    get(): Rule[] {
      const rules = Array.from({ length: count }, (_, position) => read(position) as Rule);
      Object.defineProperty(policy, 'rules', { value: rules, writable: true, enumerable: true, configurable: true });
      return rules;
    },
  });
  return policy;
}

/** The cached policy for `key`, or null on any problem at all (invariant 4). */
export function readCachedPolicy(location: CacheLocation, key: CacheKey): Policy | null {
  try {
    if (!isTrustedDirectory(location)) return null;
    const file = entryPath(location, key.path);
    const entry = firstLine(readOwnedFile(file, location.owner, MAX_ENTRY_BYTES));
    if (entry === null) return null;
    const header = headerPolicy(JSON.parse(entry.line.toString('utf8')), key);
    if (header === null || sha256(entry.rest) !== header.sha256) return null;
    const body = firstLine(entry.rest);
    if (body === null) return null;
    const layout: unknown = JSON.parse(body.line.toString('utf8'));
    if (typeof layout !== 'object' || layout === null || Object.keys(layout).length !== 2) return null;
    const { rest } = body;
    const buckets = cutLines((layout as Record<string, unknown>).index, rest);
    if (buckets === null || buckets.length < 2) return null;
    const indexSection = rest.subarray(0, buckets[buckets.length - 1]);
    const rules = rest.subarray(indexSection.length);
    const cut = cutLines((layout as Record<string, unknown>).rules, rules);
    if (cut === null || cut[cut.length - 1] !== rules.length) return null;
    const read = ruleReader(file, rules, cut);
    const policy = withStoredRules(header.policy, cut.length - 1, read);
    adoptCompiledPolicy(policy, new RuleIndex(new StoredSlots(indexSection, buckets, cut.length - 1, file)), read);
    return policy;
  } catch {
    return null;
  }
}

// [0, end of line 1, ...] in bytes, for lines that end in newlines.
function lineEnds(lines: readonly string[]): number[] {
  const ends = [0];
  for (const line of lines) ends.push((ends[ends.length - 1] as number) + Buffer.byteLength(line, 'utf8'));
  return ends;
}

// The entry's bytes for `policy` (the top of this file), or null when its rules do not index.
function entryBytes(key: CacheKey, policy: Policy): Buffer | null {
  let index: RuleIndex;
  try {
    index = compilePolicy(policy).index;
  } catch {
    return null;
  }
  const lines = policy.rules.map((rule) => `${JSON.stringify(rule)}\n`);
  const buckets = encodeIndex(index.entries());
  const layout = { index: packOffsets(lineEnds(buckets)), rules: packOffsets(lineEnds(lines)) };
  const body = `${JSON.stringify(layout)}\n${buckets.join('')}${lines.join('')}`;
  const header = { format: FORMAT, build: key.build, path: key.path, digest: key.digest, sha256: sha256(body), policy: { ...policy, rules: [] } };
  return Buffer.from(`${JSON.stringify(header)}\n${body}`, 'utf8');
}

/** Stores `policy` for `key`, atomically; any failure leaves the cache as it was (invariant 5). */
export function writeCachedPolicy(location: CacheLocation, key: CacheKey, policy: Policy): void {
  const bytes = entryBytes(key, policy);
  if (bytes === null || !prepareOwnedDirectory(location)) return;
  const target = entryPath(location, key.path);
  replaceFileQuietly(target, bytes);
}
