// The hook's verdict cache: the policy's decision for a shell line, kept for a few minutes so
// that an agent's repeated calls are answered without loading the shell parser (SPEC §12).
// Invariants:
//   1. It can only ever make the hook block more, never run more: a cached allow or approve
//      still becomes a rewrite through `approve-run run`, which decides again from scratch;
//      a cached deny only blocks. A stale entry therefore never lets anything through.
//   2. The key binds everything the decision reads that the hook knows: this build, the
//      policy's digest, the agent, the line, the directory, the requester, actor and host.
//   3. Entries live in the compiled-policy cache directory, with its ownership checks
//      (src/policy/cache.ts): written whole (0600 temp file renamed into place), read only
//      when owned by the right uid and not writable by others; any problem is a miss.
//   4. Entries expire after TTL_MS (time windows in `when` move on).
//   5. An entry's file name is only an address, not a check: a short non-cryptographic hash of
//      the key (so the hook's small bundle need not load node:crypto). The whole key is stored
//      in the entry and compared exactly, so two keys sharing a name only ever evict each
//      other (a miss), never answer for each other.
import { join } from 'node:path';
import { readOwnedFile, type OwnedDirectory } from '../config/trust.js';
import { prepareOwnedDirectory, replaceFileQuietly } from '../config/owned-write.js';
import type { Decision } from '../policy/types.js';
import type { ShellCall } from './hook-input.js';
import type { AgentProtocol } from './protocols.js';

/** How long a verdict is reused. */
export const TTL_MS = 5 * 60 * 1000;
const MAX_ENTRY_BYTES = 64 * 1024;

/** What is kept of an evaluation: enough for the hook's answer. */
export interface CachedVerdict {
  decision: Decision;
  decided_by: string[];
  message: string | null;
}

/** The key's parts (invariant 2). */
export interface VerdictKey {
  build: string;
  policyDigest: string;
  agent: string;
  line: string;
  cwd: string;
  uid: number;
  actor: string;
  host: string;
}

/**
 * A file-name tag for `text` (invariant 5): two 32-bit FNV-1a hashes of its UTF-16 code units
 * with different offset bases, as 16 hex digits. An address only, never a digest.
 */
export function nameTag(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    a = Math.imul(a ^ unit, 0x01000193);
    b = Math.imul(b ^ unit, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The key of a call: both hooks (full and cached) build it here, so they can only agree. */
export function verdictKey(build: string, policyDigest: string, agent: Pick<AgentProtocol, 'name' | 'actor'>, call: Pick<ShellCall, 'line' | 'cwd'>, uid: number, host: string): VerdictKey {
  return { build, policyDigest, agent: agent.name, line: call.line, cwd: call.cwd, uid, actor: agent.actor, host };
}

// The entry's file for a key.
function entryPath(location: OwnedDirectory, key: VerdictKey): string {
  return join(location.dir, `hook-${nameTag(JSON.stringify(key))}.json`);
}

// True for a value of the cached shape.
function isVerdict(v: unknown): v is CachedVerdict {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return (o.decision === 'allow' || o.decision === 'approve' || o.decision === 'deny') && Array.isArray(o.decided_by) && o.decided_by.every((s) => typeof s === 'string') && (o.message === null || typeof o.message === 'string');
}

/** The cached verdict for `key`, or null on any miss (invariants 3, 4). */
export function readVerdict(location: OwnedDirectory, key: VerdictKey, nowMs: number): CachedVerdict | null {
  try {
    const entry = JSON.parse(readOwnedFile(entryPath(location, key), location.owner, MAX_ENTRY_BYTES).toString('utf8')) as { key?: unknown; expires?: unknown; verdict?: unknown };
    if (JSON.stringify(entry.key) !== JSON.stringify(key) || typeof entry.expires !== 'number' || entry.expires <= nowMs) return null;
    return isVerdict(entry.verdict) ? entry.verdict : null;
  } catch {
    return null;
  }
}

/** Stores a verdict; any failure leaves the cache as it was. */
export function writeVerdict(location: OwnedDirectory, key: VerdictKey, verdict: CachedVerdict, nowMs: number): void {
  if (!prepareOwnedDirectory(location)) return;
  const target = entryPath(location, key);
  const bytes = Buffer.from(JSON.stringify({ key, expires: nowMs + TTL_MS, verdict: { decision: verdict.decision, decided_by: verdict.decided_by, message: verdict.message } }));
  replaceFileQuietly(target, bytes);
}
