// Gathers decisions from every channel of one request: checks each, logs each with the
// reason it was accepted or refused, and tells when the wait is over.
// Invariants:
//   1. Every received value produces exactly one `decision` entry (event `received`), before
//      the outcome entry and before any command can start.
//   2. A value counts only after parseDecision and verifyDecision accept it; there is no
//      other way into the tally.
//   3. Once the tally is final, later arrivals are ignored: one request, one outcome. Signed
//      values are checked one at a time, in arrival order; a value whose (asynchronous)
//      verification ends after the tally became final is ignored too.
//   4. An entry for a verified signature names the credential that made it (`key_id`, and
//      `credential_id` for a passkey the policy names one for).
import type { AuditLog } from '../audit/types.js';
import type { Clock } from '../context.js';
import type { ChannelName, Policy } from '../policy/types.js';
import type { DecisionSink } from './channel.js';
import { loggableRaw, parseDecision } from './decision/decision.js';
import type { ApprovalRequest } from './request/request.js';
import { isConfirmation, tally, type AcceptedDecision, type TallyState } from './decision/tally.js';
import { verifyDecision, type Signer } from './decision/verify.js';

export interface CollectorDeps {
  policy: Policy;
  request: ApprovalRequest;
  requestHash: string;
  audit: AuditLog;
  clock: Clock;
  /** Called once, synchronously, when the tally becomes final. */
  onFinal(): void;
}

const MAX_VALUES = 100;

/** The sink every channel of one request writes into. */
export class Collector implements DecisionSink {
  private readonly accepted: AcceptedDecision[] = [];
  private entries: Array<Record<string, unknown>> = [];
  private current: TallyState = { state: 'pending', approvers: [] };
  /** The signed values being checked, so that the next batch waits for them (invariant 3). */
  private queue: Promise<unknown> = Promise.resolve();
  /** One line per refused value, for the outcome message. */
  readonly refusals: string[] = [];

  constructor(private readonly deps: CollectorDeps) {}

  /** The tally so far. */
  get state(): TallyState {
    return this.current;
  }

  // Shape-checks, verifies and logs each value, then re-tallies; batches run one at a time.
  offerSigned(channel: ChannelName, values: unknown[]): Promise<boolean> {
    const run = this.queue.then(() => this.offerNow(channel, values));
    this.queue = run.catch(() => undefined);
    return run;
  }

  // One batch of offerSigned, once the batches before it are done.
  private async offerNow(channel: ChannelName, values: unknown[]): Promise<boolean> {
    if (this.current.state !== 'pending') return true;
    if (values.length > MAX_VALUES) {
      this.refuse(channel, null, `answer holds ${values.length} decisions (at most ${MAX_VALUES})`);
      return this.settle();
    }
    for (const value of values) {
      await this.take(channel, value);
      if (this.current.state !== 'pending') return true;
    }
    return this.settle();
  }

  // Counts and logs a decision the channel authenticated itself, or a self-confirmation
  // (logged as one: no approver, outcome `confirmation_accepted`, the requester named).
  offerLocal(decision: AcceptedDecision): boolean {
    if (this.current.state !== 'pending') return true;
    this.accepted.push(decision);
    if (isConfirmation(decision)) {
      this.entries.push({
        event: 'received', request_id: this.deps.request.id, outcome: 'confirmation_accepted',
        decided_by: [], approvers: [], confirmed_by: this.deps.request.requester.user,
        message: `${decision.channel}: self-confirmation by the requester (unauthenticated, allowed by channels.terminal.authenticate: none); not an approver's decision`,
        decisions: [], channel: decision.channel, decision: 'confirm', accepted: true, authentication: 'none',
      });
      return this.settle();
    }
    const how = decision.authentication === 'totp' ? 'approver id and TOTP code verified' : 'unauthenticated terminal answer';
    this.record(decision.channel, decision.approver, decision.decision, true, `${decision.channel}: ${how}`, null, decision.authentication);
    return this.settle();
  }

  // Logs a decision the channel refused, with its reason.
  refuse(channel: ChannelName, approver: string | null, reason: string): void {
    this.refusals.push(`${channel}${approver === null ? '' : ` (${approver})`}: ${reason}`);
    this.record(channel, approver, null, false, reason, null, null);
    if (this.current.state === 'pending') this.flush();
  }

  /** Entries not yet written; the caller appends them in the outcome transaction. */
  drain(): Array<Record<string, unknown>> {
    const out = this.entries;
    this.entries = [];
    return out;
  }

  // Checks one untrusted value and records the verdict (invariants 1, 2).
  private async take(channel: ChannelName, value: unknown): Promise<void> {
    const parsed = parseDecision(value);
    if (!parsed.ok) {
      this.refusals.push(`${channel}: ${parsed.reason}`);
      this.record(channel, parsed.approver, null, false, parsed.reason, loggableRaw(value), null);
      return;
    }
    const d = parsed.decision;
    const verdict = await verifyDecision(d, { policy: this.deps.policy, request: this.deps.request, requestHash: this.deps.requestHash, now: this.deps.clock.now() });
    if (this.current.state !== 'pending') return;
    const signed = d;
    if (!verdict.accepted) {
      this.refusals.push(`${channel} (${d.approver}): ${verdict.reason}`);
      this.record(channel, d.approver, d.decision, false, verdict.reason, signed, 'signature', verdict.signer);
      return;
    }
    if (d.decision === 'approve' && this.accepted.some((a) => a.approver === d.approver && a.decision === 'approve')) {
      const reason = `approver ${d.approver} was already counted; the quorum counts distinct approvers`;
      this.refusals.push(`${channel} (${d.approver}): ${reason}`);
      this.record(channel, d.approver, d.decision, false, reason, signed, 'signature', verdict.signer);
      return;
    }
    this.accepted.push({ approver: d.approver, decision: d.decision, reason: d.reason ?? null, channel, authentication: 'signature', signed: d, allowsSession: true });
    this.record(channel, d.approver, d.decision, true, 'signature, request binding, permission and time window verified', signed, 'signature', verdict.signer);
  }

  // Queues one `decision` entry (event `received`), in the audit log's decision-entry shape.
  private record(channel: ChannelName, approver: string | null, decision: string | null, accepted: boolean, reason: string, evidence: unknown, authentication: string | null, signer: Signer | null = null): void {
    this.entries.push({
      event: 'received', request_id: this.deps.request.id, outcome: accepted ? 'decision_accepted' : 'decision_refused',
      decided_by: approver === null ? [] : [approver], approvers: [], message: reason, decisions: evidence === null ? [] : [evidence],
      channel, decision, accepted, authentication, ...(signer ?? {}),
    });
  }

  // Recomputes the tally; when final, hands over to the flow, else writes what was received.
  private settle(): boolean {
    this.current = tally(this.accepted, this.deps.request.quorum);
    if (this.current.state !== 'pending') {
      this.deps.onFinal();
      return true;
    }
    this.flush();
    return false;
  }

  // Appends queued entries in one transaction (one fsync).
  private flush(): void {
    const batch = this.drain();
    if (batch.length === 0) return;
    const entries = batch.map((fields) => this.deps.audit.prepare('decision', fields)); // redacted before the lock
    this.deps.audit.transaction(() => {
      for (const entry of entries) this.deps.audit.append('decision', entry);
    });
  }
}
