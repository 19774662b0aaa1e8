// The hook answered from the verdict cache alone (SPEC §12): what src/hook-path.ts's small
// bundle does for a line the full hook (./hook.ts) judged a few minutes ago, without the shell
// parser, the policy loader, commander, zod or node:crypto.
// Invariants:
//   1. The same checks as the full hook, by the same functions: the input (parseHookJson,
//      shellCallOf), the identity (readIdentity), the policy's location and trust checks
//      (resolvePolicyPath, readPolicyBytes), the verdict key (verdictKey) and the answer
//      (judgeCall). Only the policy's digest comes from elsewhere: the memo, for exactly the
//      bytes just read (src/agents/policy-memo.ts).
//   2. Whatever the cache cannot answer (no build id, --defer, no memo for these bytes, no
//      verdict for this key) is handed over (HandOver) to the full hook, with the input as
//      read; nothing has been written then.
//   3. A cached verdict can only block or rewrite through `approve-run run`, which decides
//      again from scratch (src/agents/verdict-cache.ts, invariant 1).
import { hostname } from 'node:os';
import { BUILD_ID } from '../build-id.js';
import { resolvePolicyPath } from '../config/locations.js';
import { readPolicyBytes } from '../config/trust.js';
import { usageError } from '../errors.js';
import { readIdentity } from '../exec/identity.js';
import { HandOver } from '../hand-over.js';
import { policyCacheLocation } from '../policy/cache-location.js';
import { judgeCall } from '../agents/hook.js';
import { parseHookJson, shellCallOf } from '../agents/hook-input.js';
import { memoDigest } from '../agents/policy-memo.js';
import { agentNamed } from '../agents/protocols.js';
import { readVerdict, verdictKey } from '../agents/verdict-cache.js';
import { readInput, type HookIo } from './hook-deadline.js';
import type { HookOptions } from './option-tables.js';

/** What the full hook would need to go on from here. */
const handOver = (why: string): HandOver => new HandOver(`verdict cache: ${why}`);

/** The answer line for a call whose verdict is cached; HandOver when there is none (invariant 2). */
export async function cachedAnswer(options: HookOptions, io: HookIo, env: Readonly<Record<string, string | undefined>>, cwd: string): Promise<string> {
  const agent = agentNamed(options.agent);
  if (agent === null) throw usageError(`unknown agent ${JSON.stringify(options.agent)} (claude-code, codex or gemini)`);
  io.consumed ??= await readInput(io.stdin);
  const call = shellCallOf(agent, parseHookJson(io.consumed));
  if (BUILD_ID === null || options.defer) throw handOver(options.defer ? '--defer' : 'no build id');
  const identity = readIdentity(env);
  const path = resolvePolicyPath({ identity, env, cwd }, options.policy);
  const bytes = readPolicyBytes(path, identity);
  const location = policyCacheLocation(identity, env);
  const digest = memoDigest(location, path, bytes);
  if (digest === null) throw handOver('no digest memo for this policy');
  const verdict = readVerdict(location, verdictKey(BUILD_ID, digest, agent, call, identity.requester.uid, hostname()), Date.now());
  if (verdict === null) throw handOver('no verdict for this call');
  const answer = await judgeCall(call, { agent, launcher: io.launcher, evaluate: () => Promise.resolve(verdict) });
  return JSON.stringify(agent.render(answer));
}
