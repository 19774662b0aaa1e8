// The approval request object and its binding hash (SPEC §5).
// Invariants:
//   1. The binding hash is SHA-256 over the RFC 8785 bytes of exactly the object that is
//      logged and sent to approvers; any change to any field changes the hash.
//   2. `digests` (SPEC §10) is part of that object, so an approval binds the bytes of the
//      executable and script as well as their names.
//   3. Every request carries a fresh 128-bit nonce and a unique id, so no two requests share
//      a hash even for the same command.
import { createHash } from 'node:crypto';
import { canonicalBytes } from '../../crypto/jcs.js';
import type { Digests } from '../../binding/capture.js';
import type { Confinement, Risk } from '../../policy/types.js';
import { ulid } from '../../ids.js';

export interface ApprovalRequest {
  v: 1;
  id: string;
  argv: string[];
  shell: string | null;
  executable: string | null;
  cwd: string;
  run_as: string;
  requester: { user: string; uid: number };
  actor: string | null;
  host: string;
  reason: string | null;
  rule_ids: string[];
  risk: Risk | null;
  approvers: string[];
  quorum: number;
  session_ttl_s: number | null;
  max_runtime_s: number;
  /** The sandbox the command runs in (SPEC §9), or null under `settings.confine: off`. */
  confine: Confinement | null;
  /**
   * SHA-256 of the executable and of the script it runs (SPEC §10), captured when the request
   * needs approval; null when it does not (allowed or denied: no approver sees it).
   */
  digests: Digests | null;
  created_at: string;
  expires_at: string;
  nonce: string;
}

export type RequestFields = Omit<ApprovalRequest, 'v' | 'id' | 'created_at' | 'expires_at' | 'nonce'>;

/** Builds a request created at `now`, expiring `approvalTimeoutS` later. */
export function buildRequest(
  fields: RequestFields,
  now: Date,
  approvalTimeoutS: number,
  random: (size: number) => Buffer,
): ApprovalRequest {
  return {
    v: 1,
    id: `req_${ulid(now.getTime(), random)}`,
    ...fields,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + approvalTimeoutS * 1000).toISOString(),
    nonce: random(16).toString('base64url'),
  };
}

/** `sha256:<hex>` over the JCS bytes of the request. */
export function bindingHash(request: ApprovalRequest): string {
  return `sha256:${createHash('sha256').update(canonicalBytes(request)).digest('hex')}`;
}
