// Whether one signed decision counts (SPEC §5). Pure: the policy, the request, its hash and
// the time of arrival in, a verdict with a one-line reason out.
// Invariants (all must hold for a decision to count; the first failure is the reason):
//   1. The approver exists in the policy and its key verifies the signature over the RFC 8785
//      bytes of the decision without `signature`: an `ed25519:` signature with its `key`, a
//      `webauthn:` one with its passkey (./webauthn.ts), each only with its own kind of key.
//   2. `request_id` and `request_hash` are exactly this request's.
//   3. The approver may approve this request, and none of its users is the requester.
//   4. `decided_at` is a valid timestamp between `created_at` and `expires_at` (inclusive),
//      and the decision arrived no later than `expires_at`.
import type { Policy } from '../../policy/types.js';
import { signedBytes, type SignedDecision } from './decision.js';
import { approverProblem } from '../eligibility.js';
import type { ApprovalRequest } from '../request/request.js';
import { parsePublicKey, verifySignature } from './signature.js';
import { WEBAUTHN_PREFIX, webauthnProblem } from './webauthn.js';
import { keyId, passkeyId } from '../../crypto/key-id.js';

export interface VerifyContext {
  policy: Policy;
  request: ApprovalRequest;
  /** `sha256:<hex>` binding hash of `request`. */
  requestHash: string;
  /** When the decision arrived. */
  now: Date;
}

/**
 * Which credential made a verified signature, for the audit log and the report: `key_id` is
 * the fingerprint of the Ed25519 key (`SHA256:…`) or of the passkey's COSE key
 * (`passkey:SHA256:…`); `credential_id` is the passkey's credential id when the policy names it.
 */
export interface Signer {
  key_id: string;
  credential_id?: string;
}

/** `signer` is null when the signature itself did not verify. */
export type Verdict = { accepted: true; signer: Signer } | { accepted: false; reason: string; signer: Signer | null };

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;

/** Milliseconds since the epoch of a strict RFC 3339 timestamp, or null. */
export function parseTimestamp(text: string): number | null {
  const m = TIMESTAMP.exec(text);
  if (m === null) return null;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return null;
  if (m[9] !== undefined && (Number(m[9]) > 23 || Number(m[10]) > 59)) return null;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? null : ms;
}

// Invariant 1: the signature is the named approver's; the fingerprint of the key that made it.
async function signatureCheck(decision: SignedDecision, policy: Policy): Promise<{ problem: string } | { signer: Signer }> {
  const approver = Object.hasOwn(policy.approvers, decision.approver) ? policy.approvers[decision.approver] : undefined;
  if (approver === undefined) return { problem: `unknown approver ${decision.approver}` };
  let bytes: Buffer;
  try {
    bytes = signedBytes(decision);
  } catch {
    return { problem: 'decision has no canonical form' };
  }
  if (decision.signature.startsWith(WEBAUTHN_PREFIX)) {
    if (approver.webauthn === null) return { problem: `approver ${decision.approver} has no passkey (webauthn) in the policy` };
    const problem = await webauthnProblem(decision.signature, bytes, approver.webauthn);
    if (problem !== null) return { problem: `bad passkey signature for approver ${decision.approver}: ${problem}` };
    const credentialId = approver.webauthn.credential_id;
    return { signer: { key_id: `passkey:${passkeyId(approver.webauthn.public_key)}`, ...(credentialId === null ? {} : { credential_id: credentialId }) } };
  }
  const key = approver.key === null ? null : parsePublicKey(approver.key);
  if (key === null) return { problem: `approver ${decision.approver} has no valid ed25519 key in the policy` };
  if (!verifySignature(key, bytes, decision.signature)) return { problem: `bad signature for approver ${decision.approver}` };
  return { signer: { key_id: keyId(approver.key) ?? '' } };
}

// Invariant 4: decided inside the request's window, and received before it closed.
function timeProblem(decision: SignedDecision, request: ApprovalRequest, now: Date): string | null {
  const decidedAt = parseTimestamp(decision.decided_at);
  if (decidedAt === null) return `decided_at ${JSON.stringify(decision.decided_at)} is not a valid timestamp`;
  const created = Date.parse(request.created_at);
  const expires = Date.parse(request.expires_at);
  if (decidedAt < created) return `decided_at ${decision.decided_at} is before the request was created (${request.created_at})`;
  if (decidedAt > expires) return `decided_at ${decision.decided_at} is after the request expired (${request.expires_at})`;
  if (now.getTime() > expires) return `decision arrived after the request expired (${request.expires_at})`;
  return null;
}

/** The verdict on one well-formed decision; never rejects. */
export async function verifyDecision(decision: SignedDecision, vc: VerifyContext): Promise<Verdict> {
  const signature = await signatureCheck(decision, vc.policy);
  if ('problem' in signature) return { accepted: false, reason: signature.problem, signer: null };
  // A refusal, after the signature verified, with its one-line reason.
  const refuse = (reason: string): Verdict => ({ accepted: false, reason, signer: signature.signer });
  if (decision.request_id !== vc.request.id) return refuse(`request_id ${decision.request_id} is not this request (${vc.request.id})`);
  if (decision.request_hash !== vc.requestHash) return refuse(`request_hash does not match this request (expected ${vc.requestHash})`);
  const permission = approverProblem(vc.policy, vc.request, decision.approver);
  if (permission !== null) return refuse(permission);
  const time = timeProblem(decision, vc.request, vc.now);
  if (time !== null) return refuse(time);
  return { accepted: true, signer: signature.signer };
}
