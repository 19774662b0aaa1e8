// `approve-run run`: decide on a command by policy, obtain approval if needed, run it under a
// deadline, and log every step (SPEC §2, §5, §6, §7, §8).
// Invariants:
//   1. Nothing runs unless the decision is allow, or approve with an approval the approval
//      flow returned; every other path ends in 77, 75 or 125 with the command not started.
//   2. The decision entry is durable in the audit log before the command starts; if any
//      entry cannot be written, approve-run exits 125 (and a started command is stopped).
//   3. Preferences never change a decision: the actor preference is a label only; only an
//      explicit --actor is matched against `when.actor`.
//   4. --timeout can only lower the run's max runtime.
//   5. Every lazily loaded part a run needs (the approval flow with what its channels load,
//      checkpoint signing) is loaded before its first entry is logged; a HandOver
//      (src/hand-over.ts) passes through only until then.
//   6. An allowed, confined run's sandbox is built while the log is opened and written, but
//      its command waits at the sandbox's gate until exec_start is durable; a run that ends
//      before that kills the waiting sandbox (src/exec/spawn.ts invariant 7).
import type { RunOptions } from './option-tables.js';
import type { Context } from '../context.js';
import { openAuditLog } from '../audit/log.js';
import type { AuditLog } from '../audit/types.js';
import { bindingHash, buildRequest, type ApprovalRequest } from '../approval/request/request.js';
import type { BoundRun } from '../binding/bind.js';
import { resolveAuditDbPath, refusePrivilegedOverrides } from '../config/locations.js';
import { evaluate } from '../decide/evaluate.js';
import { decisionInput } from '../decide/input.js';
import type { DecisionInput, Evaluation } from '../decide/types.js';
import { ApproveRunError, exitCodeFor, messageFor, usageError } from '../errors.js';
import { logIfRefusal } from './refusal.js';
import { effectiveMaxRuntime, type MaxRuntime, type SessionWindow } from '../exec/deadline.js';
import { appendDecision, appendRequest, recordPolicyLoaded } from '../exec/journal.js';
import { approvalStop, policyDenial, summaryLine, type RunOutcome, type RunSummary, type Stop } from '../exec/outcome.js';
import { programFor, type Program } from '../exec/program.js';
import { resolveRunTarget, type RunTarget } from '../exec/target.js';
import { readUserDb } from '../exec/userdb.js';
import { parseDuration } from '../policy/duration.js';
import { loadPolicyLazily, trustedPolicy } from '../policy/trusted.js';
import type { Policy, Settings } from '../policy/types.js';
import { executeApproved, prestartRun } from '../exec/supervise.js';
import type { Prestarted } from '../exec/spawn.js';
import { sandboxUnavailable } from '../sandbox/available.js';
import { interruptExitCode, watchInterrupts, type InterruptSignal } from '../exec/interrupt.js';
import { HandOver } from '../hand-over.js';
import { OutcomeReport } from '../approval/webhook/report.js';

/** The lazily loaded parts a run needs, loaded before anything is logged (invariant 5). */
interface Parts {
  flow: typeof import('../approval/flow.js') | null;
  binding: typeof import('../binding/bind.js') | null;
  /** `--no-wait` on a request that needs approval: the submission and its store. */
  later: { submit: typeof import('../agents/submit.js'); store: typeof import('../agents/pending-store.js') } | null;
  checkpoint: typeof import('../audit/checkpoint.js') | null;
  /** Submitting checkpoints to settings.audit.witness (SPEC §15). */
  witness: typeof import('../audit/witness/submit.js') | null;
}

/** Everything decided before the audit log is opened. */
interface Prepared {
  policy: Policy;
  evaluation: Evaluation;
  input: DecisionInput;
  max: MaxRuntime;
  target: RunTarget | null;
  runAs: string;
  actorLabel: string | null;
  parts: Parts;
}

// The --timeout value in seconds, or a usage error.
function timeoutSeconds(text: string | undefined): number | null {
  if (text === undefined) return null;
  try {
    return parseDuration(text);
  } catch (error) {
    throw usageError(`--timeout: ${messageFor(error)}`);
  }
}

// Loads the trusted policy, checks the options against it and evaluates the request.
async function prepare(options: RunOptions, ctx: Context): Promise<Prepared> {
  refusePrivilegedOverrides(ctx, { policy: options.policy, auditDb: options.auditDb });
  const input = decisionInput(options, ctx); // usage errors before the policy is read
  const timeoutS = timeoutSeconds(options.timeout);
  const policy = await trustedPolicy(ctx, options.policy, loadPolicyLazily);
  if (policy.settings.require_reason && (options.reason ?? '').trim() === '') {
    throw usageError('the policy requires a reason for every run: add --reason TEXT');
  }
  const evaluation = await evaluate(policy, input, ctx.paths);
  if (options.submitOnly === true && evaluation.decision !== 'approve') throw usageError(`the decision is now ${evaluation.decision}, not approve: nothing was submitted`);
  const max = effectiveMaxRuntime(policy, evaluation, timeoutS);
  const denied = evaluation.decision === 'deny';
  const target = denied ? null : resolveRunTarget(ctx.identity, evaluation.run_as, readUserDb, { uid: process.getuid?.() ?? 0, euid: ctx.identity.euid });
  const runAs = target?.user ?? (ctx.identity.privileged ? (evaluation.run_as ?? 'root') : ctx.identity.requester.user);
  const later = evaluation.decision === 'approve' && options.noWait === true;
  const parts: Parts = {
    flow: evaluation.decision === 'approve' && !later ? await import('../approval/flow.js') : null,
    binding: evaluation.decision === 'approve' ? await import('../binding/bind.js') : null,
    later: later ? { submit: await import('../agents/submit.js'), store: await import('../agents/pending-store.js') } : null,
    checkpoint: policy.settings.audit.checkpoint_key !== null ? await import('../audit/checkpoint.js') : null,
    witness: policy.settings.audit.checkpoint_key !== null && policy.settings.audit.witness !== null ? await import('../audit/witness/submit.js') : null,
  };
  if (later) await import('../approval/plan.js').then(() => import('../approval/webhook/webhook.js'));
  await parts.flow?.loadApprovalParts({ policy, evaluation, privileged: ctx.identity.privileged, nonInteractive: options.nonInteractive });
  return { policy, evaluation, input, max, target, runAs, actorLabel: options.actor ?? ctx.preferences?.actor ?? null, parts };
}

// The request object of SPEC §5 for this run.
function requestFor(p: Prepared, options: RunOptions, ctx: Context, bound: BoundRun | null): ApprovalRequest {
  const { evaluation, input, policy } = p;
  return buildRequest(
    {
      argv: input.argv,
      shell: input.shell,
      executable: evaluation.executable,
      cwd: input.cwd,
      run_as: p.runAs,
      requester: { user: input.requester.user, uid: input.requester.uid },
      actor: p.actorLabel,
      host: input.host,
      reason: options.reason ?? null,
      rule_ids: evaluation.decided_by,
      risk: evaluation.risk,
      approvers: evaluation.approvers,
      quorum: evaluation.quorum,
      session_ttl_s: evaluation.session_ttl_s,
      max_runtime_s: p.max.seconds,
      confine: evaluation.confine,
      digests: bound?.capture.digests ?? null,
    },
    ctx.clock.now(),
    policy.settings.approval_timeout_s,
    (size) => ctx.randomBytes(size),
  );
}

// Prints the line of a decision that keeps the command from running (already logged).
function refuse(stop: Stop, ctx: Context, summary: RunSummary): number {
  ctx.stderr.write(`approve-run: ${stop.message}\n`);
  summary.outcome = stop.outcome;
  return stop.exitCode;
}

/** What happens to the command, as far as it is known before approvers answer. */
type Start = { stop: Stop } | { failure: unknown } | { program: Program; target: RunTarget; bound: BoundRun | null };

// Denied, not startable (126/127), or the program to start and as whom.
function startFor(p: Prepared, ctx: Context): Start {
  const { evaluation, policy } = p;
  if (evaluation.decision === 'deny' || p.target === null) return { stop: policyDenial(evaluation.decided_by, evaluation.message) };
  try {
    const program = programFor({ ...p.input, executable: evaluation.executable, securePath: policy.settings.secure_path }, ctx.paths);
    const noSandbox = evaluation.confine === null ? null : sandboxUnavailable();
    if (noSandbox !== null) throw new ApproveRunError('internal', noSandbox);
    // Only a request approvers see binds content (SPEC §10): the allow path reads no file.
    const bind = p.parts.binding;
    if (evaluation.decision === 'approve' && bind === null) throw new ApproveRunError('internal', 'internal error: the binding code was not loaded');
    const input = { executable: program.file, commands: evaluation.commands, cwd: p.input.cwd, securePath: policy.settings.secure_path };
    const bound = evaluation.decision === 'approve' && bind !== null ? bind.bindRun(input, ctx.paths, ctx.files) : null;
    return { program, target: p.target, bound };
  } catch (failure) {
    return { failure };
  }
}

// The approval's result, or the signal (SIGINT, SIGTERM, SIGHUP) that ended the wait first.
// An interrupted flow is left behind: the log is closed before the process exits, so
// nothing it might still append can follow the `interrupted` decision (src/audit/log.ts).
async function untilInterrupted<T>(approval: Promise<T>): Promise<T | InterruptSignal> {
  const watch = watchInterrupts();
  try {
    const first = await Promise.race([approval, watch.interrupted]);
    if (typeof first === 'string') approval.catch(() => {});
    return first;
  } finally {
    watch.stop();
  }
}

// From the opened log on: request entry, decision (with approval), then the command. What is
// known before approvers answer (the policy digest, the request, and the decision unless
// approvers must give it) is appended in one transaction, durable before anything else.
async function decideAndRun(p: Prepared, start: Start, early: Prestarted | null, options: RunOptions, ctx: Context, log: AuditLog, summary: RunSummary): Promise<number> {
  const { evaluation, policy } = p;
  const request = requestFor(p, options, ctx, 'bound' in start ? start.bound : null);
  const requestHash = bindingHash(request);
  const later = 'program' in start ? p.parts.later : null;
  later?.store.ensurePendingTable(log);
  const decision = (outcome: RunOutcome, decidedBy: string[], message: string | null) =>
    log.prepare('decision', { request_id: request.id, outcome, decided_by: decidedBy, approvers: [], message, decisions: [] });
  const decided = (outcome: RunOutcome, decidedBy: string[], message: string | null) => appendDecision(log, decision(outcome, decidedBy, message));
  // Redaction runs here, before the write lock is taken (SPEC §11).
  const requestEntry = log.prepare('request', { request, request_hash: requestHash, policy_digest: policy.digest, rules: evaluation.rules });
  const known =
    'stop' in start
      ? decision(start.stop.outcome, start.stop.decidedBy, start.stop.message)
      : 'failure' in start
        ? decision('error', evaluation.decided_by, messageFor(start.failure))
        : evaluation.decision !== 'approve'
          ? decision('allowed', evaluation.decided_by, null)
          : later !== null
            ? decision('pending', evaluation.decided_by, 'submitted without waiting (--no-wait)')
            : null;
  log.transaction(() => {
    recordPolicyLoaded(log, policy);
    appendRequest(log, requestEntry);
    if (known !== null) appendDecision(log, known);
    if (known !== null && later !== null && evaluation.decision === 'approve') {
      later.store.insertPending(log, { request, requestHash, agentKey: options.agentKey ?? null, now: ctx.clock.now() });
    }
  });
  summary.request_id = request.id;
  if ('stop' in start) return refuse(start.stop, ctx, summary);
  if ('failure' in start) throw start.failure;
  if (later !== null) {
    const sent = await later.submit.submitForLater({ policy, evaluation, request, requestHash, log, ctx });
    summary.outcome = 'pending';
    if (!options.json && ctx.preferences?.output !== 'json') ctx.stderr.write(`approve-run: pending: request ${request.id} needs approval (${sent}); run: approve-run wait ${request.id}\n`);
    return 75;
  }
  let session: SessionWindow | null = null;
  let report: OutcomeReport | null = null;
  summary.outcome = 'allowed';
  if (evaluation.decision === 'approve') {
    if (p.parts.flow === null) throw new ApproveRunError('internal', 'internal error: the approval flow was not loaded');
    report = new OutcomeReport();
    // The flow logs its outcome (with session_open for approvals) before it returns.
    const result = await untilInterrupted(p.parts.flow.obtainApproval({ policy, evaluation, request, requestHash, audit: log, ctx, nonInteractive: options.nonInteractive, report }));
    if (typeof result === 'string') {
      const stop: Stop = { outcome: 'interrupted', exitCode: interruptExitCode(result), message: `interrupted by ${result} while waiting for approval (request ${request.id})`, decidedBy: [] };
      decided(stop.outcome, [], stop.message);
      return refuse(stop, ctx, summary);
    }
    if (result.outcome !== 'approved' && result.outcome !== 'session') {
      const code = refuse(approvalStop(result, request.id, policy.settings.approval_timeout_s, evaluation.decided_by), ctx, summary);
      await sendReport(report, ctx, { requestId: request.id, requestHash, outcome: result.outcome === 'denied_by_approver' ? 'denied' : result.outcome === 'approval_expired' ? 'expired' : 'refused', exitCode: code, durationMs: null });
      return code;
    }
    summary.outcome = result.outcome;
    summary.approvers = result.approvers;
    if (result.confirmedBy !== undefined) summary.confirmed_by = result.confirmedBy;
    summary.session_id = result.sessionId;
    session = { id: result.sessionId, expiresAt: result.sessionExpiresAt };
  }
  if (report === null) return executeApproved({ policy, program: start.program, target: start.target, max: p.max, session, requestId: request.id, log, ctx, summary, confine: evaluation.confine, bound: start.bound, prestarted: early });
  const started = ctx.clock.monotonicMs();
  const code = await executeApproved({ policy, program: start.program, target: start.target, max: p.max, session, requestId: request.id, log, ctx, summary, confine: evaluation.confine, bound: start.bound });
  await sendReport(report, ctx, { requestId: request.id, requestHash, outcome: 'ran', exitCode: code, durationMs: Math.round(ctx.clock.monotonicMs() - started) });
  return code;
}

// Reports the outcome to an approval service, if the webhook was one; a failure only warns.
async function sendReport(report: OutcomeReport, ctx: Context, o: Omit<Parameters<OutcomeReport['send']>[0], 'clock'>): Promise<void> {
  const warning = await report.send({ ...o, clock: ctx.clock });
  if (warning !== null) ctx.stderr.write(`approve-run: warning: ${warning}\n`);
}

// After every logged run: sign a checkpoint when configured (a failure is reported, not turned
// into the command's exit code: its entries are already durable), submit it to the witness
// when one is configured (bounded in time, never failing the run: SPEC §15), then close the
// log. The checkpoint code was loaded only when a key is configured.
async function checkpointAndClose(log: AuditLog, settings: Settings, parts: Parts, ctx: Context): Promise<void> {
  const warn = (message: string) => ctx.stderr.write(`approve-run: warning: ${message}\n`);
  try {
    if (settings.audit.checkpoint_key !== null) {
      if (parts.checkpoint === null) throw new Error('the checkpoint code was not loaded');
      // Syslog being unreachable is reported by `policy validate` and `audit verify`, not here.
      const note = parts.checkpoint.maybeCheckpoint(log, settings);
      if (note !== null && parts.witness !== null && settings.audit.witness !== null) {
        const result = await parts.witness.submitCheckpoint(log, settings.audit.witness);
        const problem = parts.witness.describeResult(result);
        if (problem !== null) warn(problem);
      }
    }
  } catch (error) {
    warn(`no checkpoint was signed: ${messageFor(error)}`);
  } finally {
    const problem = log.close();
    if (problem !== null) warn(problem);
  }
}

/** Runs the whole `run` flow; resolves to approve-run's exit code (SPEC §7). */
export async function runRun(options: RunOptions, ctx: Context): Promise<number> {
  return (await runRunSummary(options, ctx)).exit_code;
}

/** runRun(), resolving to the run's summary (its `exit_code` is approve-run's exit code). */
export async function runRunSummary(options: RunOptions, ctx: Context): Promise<RunSummary> {
  const startMs = ctx.clock.monotonicMs();
  const summary: RunSummary = { outcome: 'error', exit_code: 125, request_id: null, session_id: null, approvers: [], rule_ids: [], duration_ms: 0 };
  let opened: { log: AuditLog; settings: Settings; parts: Parts } | null = null;
  let early: Prestarted | null = null;
  try {
    const prepared = await prepare(options, ctx);
    const { settings } = prepared.policy;
    summary.rule_ids = prepared.evaluation.decided_by;
    const path = resolveAuditDbPath(ctx, options.auditDb, settings);
    const start = startFor(prepared, ctx);
    if (prepared.evaluation.decision === 'allow' && 'program' in start) {
      early = prestartRun({ ctx, policy: prepared.policy, program: start.program, target: start.target, confine: prepared.evaluation.confine, session: null, bound: start.bound });
    }
    const log = openAuditLog(path, { redact: settings.redact, privileged: ctx.identity.privileged, untilExit: ctx.exitsAfterCommand === true });
    opened = { log, settings, parts: prepared.parts };
    summary.exit_code = await decideAndRun(prepared, start, early, options, ctx, opened.log, summary);
  } catch (error) {
    if (error instanceof HandOver && opened === null) throw error;
    // A privileged-mode refusal is logged (SPEC §11); the fast bundle hands it over for that.
    if (opened === null) await logIfRefusal(ctx, error);
    summary.outcome = 'error';
    summary.exit_code = exitCodeFor(error);
    ctx.stderr.write(`approve-run: ${messageFor(error)}\n`);
  } finally {
    early?.abandon();
    if (opened !== null) await checkpointAndClose(opened.log, opened.settings, opened.parts, ctx);
  }
  if (options.json || ctx.preferences?.output === 'json') {
    summary.duration_ms = Math.round(ctx.clock.monotonicMs() - startMs);
    ctx.stderr.write(`${summaryLine(summary)}\n`);
  }
  return summary;
}
