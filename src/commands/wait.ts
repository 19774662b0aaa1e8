// `approve-run wait <request-id> [--timeout DUR]` (SPEC §12): picks up the decision on a
// request submitted with `run --no-wait` and runs it, once.
// Invariants:
//   1. Only the requester's own pending requests can be waited on (in privileged mode too);
//      anyone else's is reported as not found.
//   2. The policy must still decide the same: decision approve, the same rules, approvers,
//      quorum, risk, session ttl, executable and run_as. Anything else is refused and logged.
//   3. The decision is obtained and verified by the same approval flow as `run`; its
//      approval entry and the row's move from pending to started share one transaction, so
//      the command starts at most once however many waits race (src/agents/pending-store.ts).
//   4. The request's own argv, shell, cwd, confinement and max runtime run (never raised);
//      its result is a normal SPEC §7 run result.
//   5. The files the request bound (SPEC §10) must still hash as they did when it was made;
//      the bytes that run are those bytes (the run's guard and private copies).
import { existsSync } from 'node:fs';
import type { Context } from '../context.js';
import { openAuditLog } from '../audit/log.js';
import type { AuditLog } from '../audit/types.js';
import { resolveAuditDbPath, refusePrivilegedOverrides } from '../config/locations.js';
import { evaluate } from '../decide/evaluate.js';
import type { DecisionInput, Evaluation } from '../decide/types.js';
import { ApproveRunError, exitCodeFor, messageFor, usageError } from '../errors.js';
import { logIfRefusal } from './refusal.js';
import { effectiveMaxRuntime } from '../exec/deadline.js';
import { appendDecision } from '../exec/journal.js';
import { approvalStop, policyDenial, summaryLine, type RunSummary } from '../exec/outcome.js';
import { programFor } from '../exec/program.js';
import { executeApproved } from '../exec/supervise.js';
import { resolveRunTarget } from '../exec/target.js';
import { readUserDb } from '../exec/userdb.js';
import { parseDuration } from '../policy/duration.js';
import { loadPolicyLazily, trustedPolicy } from '../policy/trusted.js';
import type { Policy } from '../policy/types.js';
import { sandboxUnavailable } from '../sandbox/available.js';
import { claimPending, ensurePendingTable, finishPending, findPending, type PendingRow } from '../agents/pending-store.js';
import type { ApprovalRequest } from '../approval/request/request.js';

export interface WaitOptions {
  id: string;
  policy?: string;
  auditDb?: string;
  timeout?: string;
  nonInteractive: boolean;
  json: boolean;
}

/** A request id: `req_` and a ULID. */
export const REQUEST_ID = /^req_[0-9A-HJKMNP-TV-Z]{26}$/;

// The row for `id` if it is the caller's own (invariant 1).
function ownRow(log: AuditLog, id: string, ctx: Context): PendingRow {
  ensurePendingTable(log);
  const row = findPending(log, id);
  if (row === null || row.requesterUid !== ctx.identity.requester.uid) throw usageError(`no request ${id} of yours in audit log ${log.path}`);
  if (row.state !== 'pending') throw usageError(`request ${id} is ${row.state} (${row.outcome ?? 'no outcome'}): it is not run again`);
  return row;
}

// Why the policy's decision today differs from the request's, or null (invariant 2).
function changedDecision(e: Evaluation, r: ApprovalRequest): string | null {
  if (e.decision !== 'approve') return `the policy now decides ${e.decision}`;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const diffs = [
    same(e.decided_by, r.rule_ids) ? null : 'rules',
    same(e.approvers, r.approvers) ? null : 'approvers',
    e.quorum === r.quorum ? null : 'quorum',
    e.risk === r.risk ? null : 'risk',
    e.session_ttl_s === r.session_ttl_s ? null : 'session_ttl',
    e.executable === r.executable ? null : 'executable',
    same(e.confine, r.confine) ? null : 'confinement',
  ].filter((d): d is string => d !== null);
  return diffs.length > 0 ? `the policy's ${diffs.join(', ')} changed since the request was made` : null;
}

// Waits for the decision and runs the request; resolves to the exit code.
async function waitAndRun(options: WaitOptions, ctx: Context, policy: Policy, log: AuditLog, summary: RunSummary): Promise<number> {
  const row = ownRow(log, options.id, ctx);
  const { request } = row;
  summary.request_id = request.id;
  const here: Context = { ...ctx, cwd: request.cwd };
  const input: DecisionInput = { argv: request.argv, shell: request.shell, cwd: request.cwd, requester: ctx.identity.requester, actor: request.actor, host: ctx.hostname, now: ctx.clock.now() };
  const evaluation = await evaluate(policy, input, ctx.paths);
  summary.rule_ids = evaluation.decided_by;
  const changed = evaluation.decision === 'deny' ? (evaluation.message ?? 'denied') : changedDecision(evaluation, request);
  if (changed !== null) {
    const stop = policyDenial(evaluation.decided_by, changed);
    log.transaction(() => appendDecision(log, { request_id: request.id, outcome: stop.outcome, decided_by: stop.decidedBy, approvers: [], message: stop.message, decisions: [] }));
    finishPending(log, request.id, stop.outcome, ctx.clock.now());
    ctx.stderr.write(`approve-run: ${stop.message}\n`);
    summary.outcome = stop.outcome;
    return stop.exitCode;
  }
  const target = resolveRunTarget(ctx.identity, evaluation.run_as, readUserDb, { uid: process.getuid?.() ?? 0, euid: ctx.identity.euid });
  if (target.user !== request.run_as) throw usageError(`request ${request.id} was made to run as ${request.run_as}, the policy now says ${target.user}`);
  const program = programFor({ ...input, executable: evaluation.executable, securePath: policy.settings.secure_path }, ctx.paths);
  if (request.confine !== null) {
    const noSandbox = sandboxUnavailable();
    if (noSandbox !== null) throw new ApproveRunError('internal', noSandbox);
  }
  const { bindRun } = await import('../binding/bind.js');
  const bound = bindRun({ executable: program.file, commands: evaluation.commands, cwd: request.cwd, securePath: policy.settings.secure_path }, ctx.paths, ctx.files);
  if (JSON.stringify(bound.capture.digests) !== JSON.stringify(request.digests)) {
    const message = `request ${request.id}: the executable or script changed since the request was made (digests differ); nothing runs`;
    log.transaction(() => appendDecision(log, { request_id: request.id, outcome: 'error', decided_by: [], approvers: [], message, decisions: [] }));
    finishPending(log, request.id, 'error', ctx.clock.now());
    throw new ApproveRunError('internal', message);
  }
  const flow = await import('../approval/flow.js');
  await flow.loadApprovalParts({ policy, evaluation, privileged: ctx.identity.privileged, nonInteractive: options.nonInteractive });
  const timeoutS = options.timeout === undefined ? null : parseDuration(options.timeout);
  const result = await flow.obtainApproval({
    policy, evaluation, request, requestHash: row.requestHash, audit: log, ctx: here, nonInteractive: options.nonInteractive,
    resume: { statusUrl: row.statusUrl },
    claim: () => claimPending(log, request.id, ctx.clock.now()),
    ...(timeoutS !== null ? { stopAtMs: ctx.clock.monotonicMs() + timeoutS * 1000 } : {}),
  });
  if (result.outcome !== 'approved' && result.outcome !== 'session') {
    const stop = approvalStop(result, request.id, policy.settings.approval_timeout_s, evaluation.decided_by);
    if (result.outcome !== 'pending') finishPending(log, request.id, stop.outcome, ctx.clock.now());
    ctx.stderr.write(`approve-run: ${stop.message}\n`);
    summary.outcome = stop.outcome;
    return stop.exitCode;
  }
  summary.outcome = result.outcome;
  summary.approvers = result.approvers;
  summary.session_id = result.sessionId;
  const fresh = effectiveMaxRuntime(policy, evaluation, null);
  const max = request.max_runtime_s < fresh.seconds ? { seconds: request.max_runtime_s, label: `max_runtime of request ${request.id}` } : fresh;
  try {
    return await executeApproved({ policy, program, target, max, session: { id: result.sessionId, expiresAt: result.sessionExpiresAt }, requestId: request.id, log, ctx: here, summary, confine: request.confine, bound });
  } finally {
    finishPending(log, request.id, summary.outcome, ctx.clock.now());
  }
}

/** Runs `wait`; resolves to the run's summary. */
export async function runWaitSummary(options: WaitOptions, ctx: Context): Promise<RunSummary> {
  const startMs = ctx.clock.monotonicMs();
  const summary: RunSummary = { outcome: 'error', exit_code: 125, request_id: null, session_id: null, approvers: [], rule_ids: [], duration_ms: 0 };
  let log: AuditLog | null = null;
  try {
    refusePrivilegedOverrides(ctx, { policy: options.policy, auditDb: options.auditDb });
    if (!REQUEST_ID.test(options.id)) throw usageError(`not a request id: ${JSON.stringify(options.id).slice(0, 80)} (expected req_ and 26 characters)`);
    const policy = await trustedPolicy(ctx, options.policy, loadPolicyLazily);
    const path = resolveAuditDbPath(ctx, options.auditDb, policy.settings);
    if (!existsSync(path)) throw usageError(`no request ${options.id}: audit log ${path} does not exist`);
    log = openAuditLog(path, { redact: policy.settings.redact, privileged: ctx.identity.privileged });
    summary.exit_code = await waitAndRun(options, ctx, policy, log, summary);
  } catch (error) {
    summary.outcome = 'error';
    summary.exit_code = exitCodeFor(error);
    ctx.stderr.write(`approve-run: ${messageFor(error)}\n`);
    if (log === null) await logIfRefusal(ctx, error);
  } finally {
    log?.close();
  }
  if (options.json) {
    summary.duration_ms = Math.round(ctx.clock.monotonicMs() - startMs);
    ctx.stderr.write(`${summaryLine(summary)}\n`);
  }
  return summary;
}

/** Runs `wait`; resolves to approve-run's exit code. */
export async function runWait(options: WaitOptions, ctx: Context): Promise<number> {
  return (await runWaitSummary(options, ctx)).exit_code;
}
