// What `approve-run approve|deny` says to the service (SPEC §13): fetch a request, post a
// signed decision. The service is not trusted: the request it returns is checked against its
// own binding hash here, and the host checks the signed decision again against its policy.
// Invariants:
//   1. The decision is signed over the hash this program recomputed from the request shown,
//      never over a hash the service supplied alone.
//   2. No redirect is followed and every answer is size-bounded (src/approval/webhook/http.ts).
import { bindingHash, type ApprovalRequest } from '../approval/request/request.js';
import { exchange, jsonBody } from '../approval/webhook/http.js';
import type { SignedDecision } from '../approval/decision/decision.js';
import { canonicalBytes, canonicalize } from '../crypto/jcs.js';
import { signBytes } from '../crypto/ed25519.js';
import type { KeyObject } from 'node:crypto';

const TIMEOUT_MS = 15_000;

// One call to the service; the parsed JSON of a 200/202, or a one-line problem.
async function call(method: 'GET' | 'POST', url: URL, body: string | null): Promise<{ status: number; value: unknown } | { problem: string }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== null) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  const reply = await exchange({ method, url, body, headers, timeoutMs: TIMEOUT_MS, signal: new AbortController().signal });
  if (reply.kind === 'stopped') return { problem: 'stopped' };
  if (reply.kind === 'failed') return { problem: reply.message };
  if (reply.status !== 200 && reply.status !== 202) return { problem: `the service answered HTTP ${reply.status}` };
  const json = jsonBody(reply);
  return json.ok ? { status: reply.status, value: json.value } : { problem: json.message };
}

/** The request `id` from the service at `server`, checked against its hash (invariant 1). */
export async function fetchRequest(server: URL, id: string): Promise<{ request: ApprovalRequest; requestHash: string } | { problem: string }> {
  const answer = await call('GET', new URL(`v1/requests/${encodeURIComponent(id)}`, withSlash(server)), null);
  if ('problem' in answer) return answer;
  const v = answer.value as { request?: unknown } | null;
  const request = v?.request as ApprovalRequest | undefined;
  if (typeof request !== 'object' || request === null || Array.isArray(request) || request.id !== id || !Array.isArray(request.argv)) {
    return { problem: `the service did not return request ${id}` };
  }
  let hash: string;
  try {
    hash = bindingHash(request);
  } catch {
    return { problem: 'the request has no canonical form' };
  }
  return { request, requestHash: hash };
}

/** A decision on `request`, signed with `key` (SPEC §5). */
export function signDecision(o: { request: ApprovalRequest; requestHash: string; decision: 'approve' | 'deny'; approver: string; reason: string | null; key: KeyObject; now: Date }): SignedDecision {
  const unsigned = { request_id: o.request.id, request_hash: o.requestHash, decision: o.decision, approver: o.approver, reason: o.reason, decided_at: o.now.toISOString() };
  return { ...unsigned, signature: `ed25519:${signBytes(o.key, canonicalBytes(unsigned)).toString('base64')}` };
}

/** Posts `decision` to the service; null when it was taken, else the problem. */
export async function postDecision(server: URL, decision: SignedDecision): Promise<string | null> {
  const url = new URL(`v1/requests/${encodeURIComponent(decision.request_id)}/decisions`, withSlash(server));
  const answer = await call('POST', url, canonicalize({ decision }));
  return 'problem' in answer ? answer.problem : null;
}

// The server URL with a trailing slash, so relative paths extend it.
function withSlash(url: URL): URL {
  const copy = new URL(url);
  if (!copy.pathname.endsWith('/')) copy.pathname += '/';
  return copy;
}
