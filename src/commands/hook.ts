// `approve-run hook claude-code|codex|gemini` (SPEC §12): reads the agent's hook input on
// stdin, judges the shell command, and prints the agent's documented answer on stdout.
// Invariants:
//   1. These agents run the tool when a hook crashes, times out or exits with anything but 2.
//      So every failure here (malformed input, an unknown tool, a policy or internal error,
//      the deadline) ends in exit 2 with one line on stderr and nothing on stdout.
//   2. The answer comes within `deadline` (default 20 s), far inside the agents' own hook
//      timeouts (Claude Code and Codex 600 s, Gemini CLI 60 s); past it the hook exits 2.
//   3. stdout carries exactly one JSON answer; nothing else is ever written to it.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import { messageFor, usageError } from '../errors.js';
import { evaluate } from '../decide/evaluate.js';
import { parseDuration } from '../policy/duration.js';
import { loadPolicyLazily, trustedPolicy } from '../policy/trusted.js';
import type { Policy } from '../policy/types.js';
import { judgeCall, type HookJudge } from '../agents/hook.js';
import { parseHookJson, shellCallOf, MAX_INPUT_BYTES, type ShellCall } from '../agents/hook-input.js';
import { agentNamed, type AgentProtocol } from '../agents/protocols.js';
import type { Launcher } from '../agents/rewrite.js';
import type { HookOptions, RunOptions } from './option-tables.js';
import { BUILD_ID } from '../build-id.js';
import { HandOver } from '../hand-over.js';
import { policyCacheLocation } from '../policy/cache.js';
import { readVerdict, writeVerdict, type VerdictKey } from '../agents/verdict-cache.js';

/** Exit code that makes every supported agent block the tool call. */
export const HOOK_BLOCK_EXIT = 2;
const DEFAULT_DEADLINE_S = 20;

export type { HookOptions } from './option-tables.js';

/** Where the hook reads its input and how the rewrite names approve-run. */
export interface HookIo {
  stdin: AsyncIterable<Buffer | string> | Iterable<Buffer | string>;
  launcher: Launcher;
  /** Monotonic ms at which the hook started (a handed-over hook keeps its first deadline). */
  startedMs?: number;
  /** The input as read, once read (the fast path hands it over with the invocation). */
  consumed?: Buffer;
}

// Reads stdin up to one byte past the limit (the parser then refuses it).
async function readInput(stdin: AsyncIterable<Buffer | string> | Iterable<Buffer | string>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    chunks.push(b);
    size += b.length;
    if (size > MAX_INPUT_BYTES) break;
  }
  return Buffer.concat(chunks);
}

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

// The judge for one agent under one policy.
async function judgeFor(agent: AgentProtocol, options: HookOptions, ctx: Context, io: HookIo, policy: Policy): Promise<HookJudge> {
  const judge: HookJudge = {
    agent,
    launcher: io.launcher,
    evaluate: async (call: ShellCall) => {
      const key: VerdictKey | null = BUILD_ID === null ? null : { build: BUILD_ID, policyDigest: policy.digest, agent: agent.name, line: call.line, cwd: call.cwd, uid: ctx.identity.requester.uid, actor: agent.actor, host: ctx.hostname };
      const location = policyCacheLocation(ctx.identity, ctx.env);
      const cached = key === null ? null : readVerdict(location, key, Date.now());
      if (cached !== null) return cached;
      const evaluation = await evaluate(policy, { argv: [call.line], shell: call.line, cwd: call.cwd, requester: ctx.identity.requester, actor: agent.actor, host: ctx.hostname, now: ctx.clock.now() }, ctx.paths);
      if (key !== null) writeVerdict(location, key, evaluation, Date.now());
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
  io.startedMs ??= ctx.clock.monotonicMs();
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadlineS = options.deadline === undefined ? DEFAULT_DEADLINE_S : parseDuration(options.deadline);
    const left = deadlineS * 1000 - (io.startedMs === undefined ? 0 : ctx.clock.monotonicMs() - io.startedMs);
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within the hook's deadline of ${deadlineS}s`)), Math.max(0, left));
    });
    const line = await Promise.race([answer(options, ctx, io), late]);
    ctx.stdout.write(`${line}\n`);
    return 0;
  } catch (error) {
    if (error instanceof HandOver) throw error;
    ctx.stderr.write(`approve-run hook: blocked: ${messageFor(error)}\n`);
    return HOOK_BLOCK_EXIT;
  } finally {
    clearTimeout(timer);
  }
}

/** How this process names approve-run in a rewrite: its Node binary and its own entry. */
export function selfLauncher(sudo: boolean, policy: string | undefined): Launcher {
  const entry = process.argv[1] ?? '';
  let node = process.execPath;
  try {
    node = realpathSync(node);
  } catch {
    // The path Node reported is used as it is.
  }
  return { node, entry, sudo, ...(policy !== undefined ? { policy: resolve(policy) } : {}) };
}
