// `policy_loaded` entries (SPEC §8): one whenever the policy's digest differs from the last
// one logged, so every decision in the log can be tied to the exact policy bytes behind it.
// Invariants:
//   1. The comparison and the append happen in one write transaction, so concurrent runs log
//      a new digest once, and the remembered digest never runs ahead of the log.
import { keyId, passkeyId } from '../crypto/key-id.js';
import type { Policy } from '../policy/types.js';
import { readMeta, writeMeta } from './schema.js';
import type { AppendResult, AuditLog, PolicyLoadedEntryFields } from './types.js';

const LAST_DIGEST = 'policy_digest';

/** The digest of the last `policy_loaded` entry, or null when none was logged. */
export function lastPolicyDigest(log: AuditLog): string | null {
  return readMeta(log.db, LAST_DIGEST);
}

/**
 * Appends `policy_loaded` {file, digest} when `policy.digest` differs from the last one
 * logged; returns the new entry, or null when unchanged. Throws ApproveRunError('audit').
 */
export function appendPolicyLoadedIfChanged(log: AuditLog, policy: Pick<Policy, 'file' | 'digest'> & Partial<Pick<Policy, 'approvers'>>): AppendResult | null {
  const fields: PolicyLoadedEntryFields = { file: policy.file, digest: policy.digest };
  // The approver roster, so the auditor's report can show roster changes and check
  // separation of duties against the roster in force at each request (SPEC §14).
  if (policy.approvers !== undefined) fields.approvers = Object.values(policy.approvers).map((a) => ({
      id: a.id, users: [...a.users], key_id: keyId(a.key),
      ...(a.webauthn === null ? {} : { passkey_id: `passkey:${passkeyId(a.webauthn.public_key)}` }),
    }));
  const entry = log.prepare('policy_loaded', { ...fields }); // redacted before the lock
  return log.transaction(() => {
    if (readMeta(log.db, LAST_DIGEST) === policy.digest) return null;
    const result = log.append('policy_loaded', entry);
    writeMeta(log.db, LAST_DIGEST, policy.digest);
    return result;
  });
}
