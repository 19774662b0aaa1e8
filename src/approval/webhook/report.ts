// The host's `approval.completed` report to an approval service (SPEC §13): ran (exit code,
// duration), denied or expired, so the service can show it. Only for a webhook that answered
// like `approve-run serve` (status_url `<url>/<id>/status`); other approvers are not sent it.
// Invariants:
//   1. The report is signed like every webhook call (§5.1) and bound to the request's id and
//      binding hash.
//   2. It never changes the run's outcome or exit code: a failure is one warning line, and the
//      call is bounded by REPORT_TIMEOUT_MS.
import { canonicalize } from '../../crypto/jcs.js';
import type { Clock } from '../../context.js';
import { SIGNATURE_HEADER, signatureHeader } from './hmac.js';
import { exchange } from './http.js';

const REPORT_TIMEOUT_MS = 2000;

/** Where a run's outcome goes, filled in by the webhook channel when the service answered. */
export class OutcomeReport {
  private target: { url: URL; secret: string | null } | null = null;

  /** Called by the webhook channel when its status_url is the service's. */
  set(url: URL, secret: string | null): void {
    this.target = { url, secret };
  }

  /** Posts the outcome if a service is known; resolves to a warning, or null. */
  async send(o: { requestId: string; requestHash: string; outcome: 'ran' | 'denied' | 'expired' | 'refused' | 'error'; exitCode: number | null; durationMs: number | null; clock: Clock }): Promise<string | null> {
    if (this.target === null) return null;
    const body = canonicalize({ type: 'approval.completed', request_id: o.requestId, request_hash: o.requestHash, outcome: o.outcome, exit_code: o.exitCode, duration_ms: o.durationMs });
    const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) };
    if (this.target.secret !== null) headers[SIGNATURE_HEADER] = signatureHeader(this.target.secret, body, o.clock.now());
    const reply = await exchange({ method: 'POST', url: this.target.url, body, headers, timeoutMs: REPORT_TIMEOUT_MS, signal: new AbortController().signal });
    if (reply.kind === 'reply' && reply.status === 200) return null;
    return `the outcome was not reported to the approval service (${reply.kind === 'reply' ? `HTTP ${reply.status}` : reply.kind === 'failed' ? reply.message : 'stopped'})`;
  }
}
