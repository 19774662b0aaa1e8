// Each agent's documented hook contract as data: the event and shell tool names it sends, and
// the JSON it reads back (test/agents/fixtures/ holds the documented samples with their
// sources). Only what each agent honours is used:
//   - Claude Code PreToolUse: permissionDecision allow|deny|ask|defer, updatedInput replaces
//     the whole tool input; `defer` pauses a non-interactive (-p) session.
//   - Codex PreToolUse: deny, or allow only together with updatedInput (a bare allow or an
//     ask is reported as unsupported and the tool runs anyway).
//   - Gemini CLI BeforeTool: decision deny with a reason, or allow with
//     hookSpecificOutput.tool_input, which is merged over the model's arguments.

/** The agents with a hook. */
export type AgentName = 'claude-code' | 'codex' | 'gemini';

/** The answers the hook gives; `rewrite` carries the replacement tool input. */
export type HookAnswer =
  | { kind: 'deny'; reason: string }
  | { kind: 'rewrite'; toolInput: Record<string, unknown>; reason: string }
  | { kind: 'defer'; reason: string };

export interface AgentProtocol {
  name: AgentName;
  /** The actor label the rewritten run claims (`when.actor` can match it). */
  actor: string;
  event: string;
  /** The shell tool's names as the agent sends them in `tool_name`. */
  tools: readonly string[];
  /** The tool argument naming the directory the command runs in, when the tool has one. */
  directoryKey: string | null;
  /** Whether the agent documents `defer`. */
  canDefer: boolean;
  /** The stdout JSON for an answer. */
  render(answer: HookAnswer): Record<string, unknown>;
}

// Claude Code's and Codex's shared `hookSpecificOutput` form.
function preToolUse(answer: HookAnswer): Record<string, unknown> {
  const out: Record<string, unknown> = { hookEventName: 'PreToolUse', permissionDecision: answer.kind === 'rewrite' ? 'allow' : answer.kind, permissionDecisionReason: answer.reason };
  if (answer.kind === 'rewrite') out.updatedInput = answer.toolInput;
  return { hookSpecificOutput: out };
}

// Gemini CLI's top-level decision, with the merged tool input for a rewrite.
function beforeTool(answer: HookAnswer): Record<string, unknown> {
  if (answer.kind === 'deny') return { decision: 'deny', reason: answer.reason };
  if (answer.kind === 'defer') throw new Error('Gemini CLI has no deferred decision');
  return { decision: 'allow', reason: answer.reason, hookSpecificOutput: { tool_input: answer.toolInput } };
}

/** The three agents' contracts. */
export const AGENTS: Readonly<Record<AgentName, AgentProtocol>> = {
  'claude-code': { name: 'claude-code', actor: 'agent:claude-code', event: 'PreToolUse', tools: ['Bash'], directoryKey: null, canDefer: true, render: preToolUse },
  codex: { name: 'codex', actor: 'agent:codex', event: 'PreToolUse', tools: ['Bash'], directoryKey: null, canDefer: false, render: preToolUse },
  gemini: { name: 'gemini', actor: 'agent:gemini', event: 'BeforeTool', tools: ['run_shell_command'], directoryKey: 'dir_path', canDefer: false, render: beforeTool },
};

/** The protocol for a name given on the command line, or null. */
export function agentNamed(name: string): AgentProtocol | null {
  return Object.hasOwn(AGENTS, name) ? AGENTS[name as AgentName] : null;
}
