// Turning the end of a wait into an ApprovalResult, with its `decision` entry (event
// `outcome`) and, for approvals, the session row and its `session_open` entry.
// Invariants:
//   1. Every result is logged before it is returned; for approvals the session row, the
//      `session_open` entry, the received decisions, the outcome and this process's
//      registration as the session's supervisor share one transaction, so the decision is
//      durable before the command can start and revocation can reach it from then on.
//   2. Messages are one line, with anything an approver sent escaped and clipped.
import type { ApprovalInput, ApprovalResult } from '../flow.js';
import { clip } from './decision.js';
import { escapeInvisible } from '../../shell/invisible.js';
import { ulid } from '../../ids.js';
import { registerSupervisor } from '../session/revocation.js';
import { insertSession, type SessionBinding, type SessionRow } from '../session/sessions.js';
import { formatDuration } from '../status.js';
import { isConfirmation, type AcceptedDecision } from './tally.js';

/** Everything an outcome entry needs besides the result itself. */
export interface OutcomeContext {
  input: ApprovalInput;
  /** Received-decision entries not yet written. */
  pending: Array<Record<string, unknown>>;
}

/** Text from outside, safe for a one-line message (invariant 2). */
export function shown(text: string, max = 300): string {
  return clip(escapeInvisible(text), max);
}

// What the log keeps of each counted decision: the signed object, or the local answer (a
// self-confirmation names no approver).
function evidence(decisions: AcceptedDecision[]): unknown[] {
  return decisions.map((d) => {
    if (d.signed !== null) return d.signed;
    if (isConfirmation(d)) return { confirmation: 'self', channel: d.channel, authentication: d.authentication, session: d.allowsSession ? 'ttl' : 'once' };
    return { approver: d.approver, decision: d.decision, channel: d.channel, authentication: d.authentication, session: d.allowsSession ? 'ttl' : 'once' };
  });
}

// Appends pending entries, `extra` (inside the same transaction) and the outcome entry, whose
// message is the whole stderr line (`line`); the result carries only its reason part.
function commit(o: OutcomeContext, result: ApprovalResult, decisions: AcceptedDecision[], extra: () => void, line: string | null = null): ApprovalResult {
  const { audit, request } = o.input;
  const sessionId = 'sessionId' in result ? result.sessionId : null;
  const expires = 'sessionExpiresAt' in result && result.sessionExpiresAt !== null ? result.sessionExpiresAt.toISOString() : null;
  const approvers = 'approvers' in result ? result.approvers : [];
  // Redacted before the write lock is taken (SPEC §11).
  const pending = o.pending.map((fields) => audit.prepare('decision', fields));
  const outcome = audit.prepare('decision', {
    event: 'outcome', request_id: request.id, outcome: result.outcome,
    decided_by: result.outcome === 'denied_by_policy' ? request.rule_ids : approvers, approvers: result.outcome === 'denied_by_approver' ? [] : approvers,
    message: line, decisions: evidence(decisions),
    ...('confirmedBy' in result && result.confirmedBy !== undefined ? { confirmed_by: result.confirmedBy } : {}),
    session_id: sessionId, session_expires_at: expires,
  });
  audit.transaction(() => {
    if (result.outcome === 'approved' || result.outcome === 'session') o.input.claim?.();
    for (const entry of pending) audit.append('decision', entry);
    extra();
    audit.append('decision', outcome);
  });
  return result;
}

/** Approved: opens the session (reusable only if every approval allowed it) and logs it. */
export function concludeApproved(o: OutcomeContext, approvers: string[], decisions: AcceptedDecision[], binding: SessionBinding, bindingHash: string): ApprovalResult {
  const { request, ctx, audit } = o.input;
  const now = ctx.clock.now();
  const reusable = request.session_ttl_s !== null && request.session_ttl_s > 0 && decisions.every((d) => d.allowsSession);
  const lifetimeS = reusable ? (request.session_ttl_s as number) : request.max_runtime_s;
  const row: SessionRow = {
    id: `ses_${ulid(now.getTime(), ctx.randomBytes)}`, binding_hash: bindingHash,
    binding: { argv: request.argv, shell: request.shell, executable: binding.executable, cwd: binding.cwd, run_as: binding.run_as, requester: binding.requester, digests: binding.digests },
    approvers, request_id: request.id, rule_ids: request.rule_ids, once: !reusable,
    created_at: now.toISOString(), expires_at: new Date(now.getTime() + lifetimeS * 1000).toISOString(), revoked_at: null,
  };
  const confirmed = decisions.length > 0 && decisions.every(isConfirmation) ? { confirmedBy: request.requester.user } : {};
  const result: ApprovalResult = { outcome: 'approved', approvers, sessionId: row.id, sessionExpiresAt: reusable ? new Date(row.expires_at) : null, ...confirmed };
  return commit(o, result, decisions, () => {
    insertSession(audit, row);
    registerSupervisor(audit, row.id, now);
    audit.append('session_open', { session_id: row.id, request_id: request.id, binding: row.binding, binding_hash: bindingHash, approvers, once: row.once, created_at: row.created_at, expires_at: row.expires_at });
  });
}

/** Reused: an identical request inside a live session (SPEC §5.3). */
export function concludeSession(o: OutcomeContext, session: SessionRow, expiresAt: Date): ApprovalResult {
  const { audit, ctx } = o.input;
  const confirmed = session.approvers.length === 0 ? { confirmedBy: session.binding.requester.user } : {};
  const result: ApprovalResult = { outcome: 'session', approvers: session.approvers, sessionId: session.id, sessionExpiresAt: expiresAt, ...confirmed };
  return commit(o, result, [], () => registerSupervisor(audit, session.id, ctx.clock.now()));
}

/** Denied by a valid deny; the message is the approver's reason. */
export function concludeDenied(o: OutcomeContext, by: AcceptedDecision): ApprovalResult {
  const message = shown(by.reason ?? 'no reason given');
  return commit(o, { outcome: 'denied_by_approver', approvers: [by.approver], message }, [by], () => {}, `denied by ${shown(by.approver, 100)}: ${message}`);
}

/** Denied because too few approvers may decide on this request. */
export function concludeNoApprover(o: OutcomeContext, problems: string[]): ApprovalResult {
  const rules = o.input.request.rule_ids.join(', ') || 'settings.default';
  const message = `no permitted approver${problems.length > 0 ? ` (${shown(problems.join('; '))})` : ''}`;
  return commit(o, { outcome: 'denied_by_policy', message }, [], () => {}, `denied by ${rules}: ${message}`);
}

/** No decision: expired while someone could still answer, else unreachable or unusable. */
export function concludeUndecided(o: OutcomeContext, waiting: boolean, answered: boolean, problems: string[]): ApprovalResult {
  const { request } = o.input;
  if (waiting) {
    const timeout = (Date.parse(request.expires_at) - Date.parse(request.created_at)) / 1000;
    const message = `approval expired after ${formatDuration(timeout)} (request ${request.id})`;
    return commit(o, { outcome: 'approval_expired', message }, [], () => {}, message);
  }
  const head = answered ? 'no valid approval' : 'approvers unreachable';
  const message = shown(problems.join('; ') || 'no approver answered', 600);
  return commit(o, { outcome: 'approver_unreachable', message }, [], () => {}, `no approval (request ${request.id}): ${head}: ${message}`);
}
