// Runs an approved command and logs its life (SPEC §5.3, §6, §8): deadline, clean
// environment, run_as credentials, exec_start once it has a pid, exec_end when it is gone.
// Invariants:
//   1. Called only after the decision entry is durable.
//   2. The deadline is fixed before the start: start + max_runtime, or the session's expiry
//      if earlier; a revoked session stops the command the same way.
//   3. If exec_start cannot be logged the command is stopped and the run fails (125).
//   4. A confined run executes only inside its sandbox; exec_start records the confinement
//      applied, and a sandbox that could not be built ends the run with 125 after exec_end.
//   5. A run whose approval bound file contents (SPEC §10) starts only if those files still
//      hash as approved, immediately before the start; otherwise a `decision` entry with
//      outcome `error` is logged and nothing starts (125). Its private copies are mounted over
//      the originals in the sandbox and removed after the run.
//   6. If exec_end cannot be logged, the command has run all the same: approve-run exits with
//      the command's own code and reports the logging failure on stderr, so that nobody
//      retries (and runs the command twice); the run stays open in the log until the next
//      writer closes it with exec_lost (src/audit/open-runs.ts).
//   7. A sandbox built ahead (prestartRun) is built from exactly what executeApproved would
//      start, and its command starts only once exec_start is durable (./spawn.ts invariant 7).
import { currentSupervisor } from '../audit/open-runs.js';
import type { AuditLog } from '../audit/types.js';
import type { BoundRun } from '../binding/bind.js';
import type { PrivateCopies } from '../binding/copies.js';
import type { Context } from '../context.js';
import { ApproveRunError, messageFor } from '../errors.js';
import type { Confinement, Policy } from '../policy/types.js';
import type { Overlay } from '../sandbox/bwrap.js';
import { runDeadline, stoppedMessage, type MaxRuntime, type SessionWindow } from './deadline.js';
import { buildChildEnv } from './env.js';
import { appendDecision, appendExecEnd, appendExecStart } from './journal.js';
import type { RunSummary } from './outcome.js';
import type { Program } from './program.js';
import { prestart } from './prestart.js';
import { runChild, type Prestarted, type StartOptions } from './spawn.js';
import type { RunTarget } from './target.js';

export interface Supervision {
  policy: Policy;
  program: Program;
  target: RunTarget;
  max: MaxRuntime;
  /** The session the approval opened or reused; null for an allowed run. */
  session: SessionWindow | null;
  requestId: string;
  log: AuditLog;
  ctx: Context;
  /** Updated with the outcome when the command was stopped. */
  summary: RunSummary;
  /** The sandbox (SPEC §9); null: `settings.confine: off`. */
  confine: Confinement | null;
  /** Files shown read-only at another path inside the sandbox. */
  overlays?: Overlay[];
  /** What the approval bound (SPEC §10); null when nothing was (an allowed run). */
  bound?: BoundRun | null;
  /** The sandbox built ahead by prestartRun(), waiting for exec_start. */
  prestarted?: Prestarted | null;
}

/** What the command's start depends on. */
export type StartInput = Pick<Supervision, 'ctx' | 'policy' | 'program' | 'target' | 'confine' | 'overlays' | 'session' | 'bound'>;

// What runChild starts for this run: the program, its clean environment, credentials, sandbox.
function startOptions(s: StartInput, copies: PrivateCopies | null): StartOptions {
  const { ctx, policy, program, target } = s;
  return {
    file: program.file,
    argv: program.argv,
    env: buildChildEnv(ctx.env, policy.settings, { user: target.user, home: target.home }),
    cwd: ctx.cwd,
    ...(target.credentials !== null ? { credentials: target.credentials } : {}),
    ...(s.confine !== null ? { sandbox: { confine: s.confine, overlays: [...(s.overlays ?? []), ...(copies?.overlays ?? [])] } } : {}),
  };
}

/**
 * Builds the sandbox of an allowed, confined run while its decision and exec_start are still
 * being written: bwrap's setup then costs no time of its own. Null when there is nothing to
 * build ahead (unconfined, bound files, a session) or it could not be built; the run then
 * starts the usual way.
 */
export function prestartRun(s: StartInput): Prestarted | null {
  if (s.confine === null || s.session !== null || (s.bound !== undefined && s.bound !== null)) return null;
  try {
    return prestart(startOptions(s, null));
  } catch {
    return null;
  }
}

// Checks the bound files and writes their copies (invariant 5), logging a refusal.
function guard(s: Supervision): PrivateCopies | null {
  if (s.bound === undefined || s.bound === null) return null;
  try {
    return s.bound.guard();
  } catch (error) {
    appendDecision(s.log, { request_id: s.requestId, outcome: 'error', decided_by: [], approvers: [], message: messageFor(error), decisions: [] });
    s.summary.outcome = 'error';
    throw error;
  }
}

// An AbortSignal that fires when the session is revoked, and its stopper (lazily loaded).
async function revocationWatch(s: Supervision): Promise<{ signal?: AbortSignal; stop: () => void }> {
  if (s.session === null) return { stop: () => {} };
  const { watchRevocation, stopRevocationWatch } = await import('../approval/session/revocation.js');
  const signal = watchRevocation(s.log, s.session.id, s.ctx.clock);
  return { signal, stop: () => stopRevocationWatch(signal) };
}

/** Starts the command, waits for it, logs exec_start/exec_end; resolves to the exit code. */
export async function executeApproved(s: Supervision): Promise<number> {
  const { ctx, policy, log } = s;
  const watch = await revocationWatch(s);
  let copies: PrivateCopies | null = null;
  const startMs = ctx.clock.monotonicMs();
  const startWall = ctx.clock.now();
  const deadline = runDeadline(startMs, startWall, s.max, s.session);
  const deadlineIso = new Date(startWall.getTime() + (deadline.atMs - startMs)).toISOString();
  const sessionId = s.session?.id ?? null;
  const supervisor = currentSupervisor();
  let result;
  try {
    copies = guard(s);
    result = await runChild(
      {
        ...startOptions(s, copies),
        deadline,
        killGraceS: policy.settings.kill_grace_s,
        ...(watch.signal !== undefined ? { abort: watch.signal } : {}),
        ...(s.prestarted !== undefined && s.prestarted !== null ? { prestarted: s.prestarted } : {}),
        onStart: (pid, writablePaths) =>
          appendExecStart(log, {
            request_id: s.requestId,
            pid,
            session_id: sessionId,
            deadline: deadlineIso,
            confine: s.confine === null ? null : { ...s.confine, writable_paths: writablePaths },
            supervisor,
          }),
      },
      ctx.clock,
    );
  } finally {
    watch.stop();
    copies?.remove();
  }
  try {
    appendExecEnd(log, {
      request_id: s.requestId,
      exit_code: result.exitCode,
      signal: result.signal,
      duration_ms: result.durationMs,
      timed_out: result.timedOut,
      revoked: result.aborted,
    });
  } catch (error) {
    ctx.stderr.write(`approve-run: the command ran and exited ${result.exitCode}, but its end was not logged: ${messageFor(error)}\n`);
  }
  if (result.sandboxFailure !== undefined) throw new ApproveRunError('internal', result.sandboxFailure);
  if (result.timedOut) {
    ctx.stderr.write(`approve-run: ${stoppedMessage(deadline, startMs)}\n`);
    s.summary.outcome = 'timed_out';
  } else if (result.aborted) {
    ctx.stderr.write(`approve-run: stopped: session ${sessionId ?? ''} was revoked\n`);
    s.summary.outcome = 'timed_out';
  }
  return result.exitCode;
}
