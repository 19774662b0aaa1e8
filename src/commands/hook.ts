// `approve-run hook claude-code|codex|gemini` (SPEC §12): reads the agent's hook input on
// stdin, judges the shell command, and prints the agent's documented answer on stdout. This is
// the full hook, with the shell parser; the small bundle (src/hook-path.ts) answers lines whose
// verdict is cached and hands the rest over to it. Deadline, exit 2 and stdout: ./hook-deadline.ts.
// Invariants:
//   1. Every failure ends in exit 2 with one line on stderr and nothing on stdout, within the
//      deadline (./hook-deadline.ts, invariants 1-3).
//   2. A verdict is cached (src/agents/verdict-cache.ts) only after this evaluation, keyed by
//      the digest of the policy it judged with; the policy's digest memo
//      (src/agents/policy-memo.ts) is written only for bytes whose own digest is that digest.
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { evaluate } from '../decide/evaluate.js';
import { resolvePolicyPath } from '../config/locations.js';
import { readPolicyBytes } from '../config/trust.js';
import { loadPolicyLazily, trustedPolicy } from '../policy/trusted.js';
import type { Policy } from '../policy/types.js';
import { judgeCall, type HookJudge } from '../agents/hook.js';
import { parseHookJson, shellCallOf, type ShellCall } from '../agents/hook-input.js';
import { agentNamed, type AgentProtocol } from '../agents/protocols.js';
import type { HookOptions, RunOptions } from './option-tables.js';
import { BUILD_ID } from '../build-id.js';
import { policyCacheLocation, policyDigest } from '../policy/cache.js';
import { readVerdict, verdictKey, writeVerdict } from '../agents/verdict-cache.js';
import { writeMemo } from '../agents/policy-memo.js';
import { answerWithin, readInput, type HookIo } from './hook-deadline.js';

export { HOOK_BLOCK_EXIT, selfLauncher, type HookIo } from './hook-deadline.js';
export type { HookOptions } from './option-tables.js';

// The context a call is judged (and submitted) in: the agent's directory, output captured.
function callContext(ctx: Context, call: ShellCall, captured: string[]): Context {
  const sink = { write: (text: string) => void captured.push(text), isTTY: false, color: false };
  return { ...ctx, cwd: call.cwd, stdout: sink, stderr: sink };
}

// `run --no-wait --shell` for a deferred call, submit-only, its output captured.
async function submitRun(agent: AgentProtocol, options: HookOptions, ctx: Context, call: ShellCall, key: string): Promise<{ outcome: string; requestId: string | null; message: string }> {
  const captured: string[] = [];
  const { runRunSummary } = await import('./run.js');
  const run: RunOptions = { command: [call.line], shell: true, nonInteractive: true, json: false, noWait: true, submitOnly: true, actor: agent.actor, agentKey: key };
  if (options.policy !== undefined) run.policy = options.policy;
  const summary = await runRunSummary(run, callContext(ctx, call, captured));
  return { outcome: summary.outcome, requestId: summary.request_id, message: captured.join('').trim().replace(/^approve-run: /, '') };
}

// Writes the policy's digest memo when the file still holds the bytes `policy` was loaded from
// (invariant 2), so the small bundle can find this verdict without hashing.
function rememberPolicy(ctx: Context, options: HookOptions, policy: Policy): void {
  try {
    const path = resolvePolicyPath(ctx, options.policy);
    const bytes = readPolicyBytes(path, ctx.identity);
    const digest = policyDigest(bytes);
    if (digest === policy.digest) writeMemo(policyCacheLocation(ctx.identity, ctx.env), path, bytes, digest);
  } catch {
    // No memo: the next call is judged in full again.
  }
}

// The judge for one agent under one policy.
async function judgeFor(agent: AgentProtocol, options: HookOptions, ctx: Context, io: HookIo, policy: Policy): Promise<HookJudge> {
  const judge: HookJudge = {
    agent,
    launcher: io.launcher,
    evaluate: async (call: ShellCall) => {
      const judgeNow = () => evaluate(policy, { argv: [call.line], shell: call.line, cwd: call.cwd, requester: ctx.identity.requester, actor: agent.actor, host: ctx.hostname, now: ctx.clock.now() }, ctx.paths);
      if (BUILD_ID === null) return judgeNow();
      const key = verdictKey(BUILD_ID, policy.digest, agent, call, ctx.identity.requester.uid, ctx.hostname);
      const location = policyCacheLocation(ctx.identity, ctx.env);
      rememberPolicy(ctx, options, policy);
      const cached = readVerdict(location, key, Date.now());
      if (cached !== null) return cached;
      const evaluation = await judgeNow();
      writeVerdict(location, key, evaluation, Date.now());
      return evaluation;
    },
  };
  if (options.defer) {
    if (!agent.canDefer) throw usageError(`--defer: ${agent.name} has no deferred hook decision`);
    const { deferredRequests } = await import('../agents/deferred.js');
    judge.deferred = deferredRequests({ agent, policy, ctx, submitRun: (call, key) => submitRun(agent, options, ctx, call, key) });
  }
  return judge;
}

// The whole hook, without the deadline: the JSON answer line.
async function answer(options: HookOptions, ctx: Context, io: HookIo): Promise<string> {
  const agent = agentNamed(options.agent);
  if (agent === null) throw usageError(`unknown agent ${JSON.stringify(options.agent)} (claude-code, codex or gemini)`);
  io.consumed ??= await readInput(io.stdin);
  const call = shellCallOf(agent, parseHookJson(io.consumed));
  const policy = await trustedPolicy(ctx, options.policy, loadPolicyLazily);
  const verdict = await judgeCall(call, await judgeFor(agent, options, ctx, io, policy));
  return JSON.stringify(agent.render(verdict));
}

/** Runs the hook; resolves to 0 with the answer on stdout, or 2 with the cause on stderr. */
export async function runHook(options: HookOptions, ctx: Context, io: HookIo): Promise<number> {
  const out = { stdout: (line: string) => ctx.stdout.write(line), stderr: (line: string) => ctx.stderr.write(line), monotonicMs: () => ctx.clock.monotonicMs() };
  return answerWithin(options.deadline, out, io, () => answer(options, ctx, io));
}
