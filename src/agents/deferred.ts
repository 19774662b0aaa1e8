// Claude Code's `defer` (non-interactive `-p` sessions, SPEC §12): a call that needs approval
// is submitted without waiting and the session pauses; when it is resumed, the same call
// comes back to the hook, which finds the submitted request by the call's ids.
// Invariants:
//   1. A call is found by agent, session id and tool use id together; without a tool use id
//      nothing is deferred (the hook blocks instead).
//   2. The submission is the real `run --no-wait` path (request entry, pending decision,
//      stored row), in submit-only mode: if the policy no longer says approve, nothing is
//      submitted and nothing runs inside the hook.
//   3. Finding a request never approves it: the resumed call is rewritten to `approve-run
//      wait <id>`, which verifies the decision and runs the request exactly once.
import type { Context } from '../context.js';
import { resolveAuditDbPath } from '../config/locations.js';
import type { Policy } from '../policy/types.js';
import { openAuditLog } from '../audit/log.js';
import { ensurePendingTable, findByAgentKey } from './pending-store.js';
import type { ShellCall } from './hook-input.js';
import type { AgentProtocol } from './protocols.js';

export interface DeferSetup {
  agent: AgentProtocol;
  policy: Policy;
  ctx: Context;
  /** Runs `run --no-wait --shell` in submit-only mode for the call (supplied by the command layer). */
  submitRun(call: ShellCall, key: string): Promise<{ outcome: string; requestId: string | null; message: string }>;
}

// The key a call is stored under, or null when the agent gave no ids (invariant 1).
function keyOf(agent: AgentProtocol, call: ShellCall): string | null {
  if (call.toolUseId === null || call.toolUseId === '') return null;
  return `${agent.name}:${call.sessionId ?? ''}:${call.toolUseId}`;
}

/** The find/submit pair the hook uses for deferred approvals. */
export function deferredRequests(d: DeferSetup): { find(call: ShellCall): string | null; submit(call: ShellCall): Promise<{ requestId: string } | { stop: string }> } {
  const { ctx, policy, agent } = d;
  const path = resolveAuditDbPath(ctx, undefined, policy.settings);
  return {
    find(call) {
      const key = keyOf(agent, call);
      if (key === null) return null;
      const log = openAuditLog(path, { redact: policy.settings.redact, privileged: ctx.identity.privileged });
      try {
        ensurePendingTable(log);
        const row = findByAgentKey(log, key);
        return row !== null && row.request.requester.uid === ctx.identity.requester.uid && row.request.shell === call.line ? row.request.id : null;
      } finally {
        log.close();
      }
    },
    async submit(call) {
      const key = keyOf(agent, call);
      if (key === null) return { stop: 'needs approval, and the call has no tool_use_id to resume it by' };
      const sent = await d.submitRun(call, key);
      if (sent.outcome === 'pending' && sent.requestId !== null) return { requestId: sent.requestId };
      return { stop: sent.message || `not submitted (${sent.outcome})` };
    },
  };
}
