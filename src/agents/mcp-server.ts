// The MCP server (SPEC §12) on the official TypeScript SDK: tools `run_command`,
// `check_command` and `approval_status`.
// Invariants:
//   1. Every tool call is a real approve-run process (./mcp-runner.ts): the same policy,
//      approvals, confinement, supervision and audit log as `approve-run run`.
//   2. Nothing is approved here. The server never asks the client for anything (no
//      elicitation, no sampling): an approval comes only from the policy's channels, and
//      the child runs with --non-interactive, so no terminal prompt competes for the user.
//   3. A run that needs approval is submitted without waiting (`run --no-wait`) and waited
//      on for at most wait_s (`wait --timeout`); undecided, it returns `pending` with its
//      request id, and a later call with that id resumes it (it runs at most once).
//   4. Tools that can run a command are annotated destructive; check_command is read-only.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { Launcher } from './rewrite.js';
import { runApproveRun, splitResult } from './mcp-runner.js';

export interface McpSetup {
  launcher: Launcher;
  /** The directory commands run in (the server's own). */
  cwd: string;
  actor: string;
}

const REQUEST_ID = z.string().regex(/^req_[0-9A-HJKMNP-TV-Z]{26}$/);
const WAIT_S = z.number().int().min(1).max(3600).optional().describe('seconds to wait for approvers before returning pending (default 30)');
const COMMAND = {
  argv: z.array(z.string()).min(1).optional().describe('the command as an argument vector'),
  shell: z.string().min(1).optional().describe('the command as one shell line (judged by a bash grammar)'),
};

type ToolResult = { content: Array<{ type: 'text'; text: string }>; isError?: boolean };

// The tool result: the SPEC §7 JSON outcome with the command's captured output.
function resultOf(result: Record<string, unknown>, stdout: string, stderr: string): ToolResult {
  return { content: [{ type: 'text', text: JSON.stringify({ ...result, stdout, stderr }) }], isError: result.outcome === 'error' };
}

// The words after `--` for argv or a shell line, or an error text.
function commandWords(args: { argv?: string[] | undefined; shell?: string | undefined }): { flags: string[]; words: string[] } | string {
  if ((args.argv === undefined) === (args.shell === undefined)) return 'give exactly one of argv or shell';
  return args.shell !== undefined ? { flags: ['--shell'], words: [args.shell] } : { flags: [], words: args.argv ?? [] };
}

// `wait <id>` for at most waitS seconds, as a tool result.
async function waitFor(s: McpSetup, id: string, waitS: number | undefined): Promise<ToolResult> {
  const got = await runApproveRun(s.launcher, ['wait', ...policyFlag(s), '--json', '--non-interactive', '--timeout', `${waitS ?? 30}s`, id], s.cwd);
  const { result, stderr } = splitResult(got);
  return resultOf(result, got.stdout, stderr);
}

// `-p FILE` when the server was given one.
function policyFlag(s: McpSetup): string[] {
  return s.launcher.policy === undefined ? [] : ['--policy', s.launcher.policy];
}

// An error result for bad arguments.
const refused = (message: string): ToolResult => ({ content: [{ type: 'text', text: JSON.stringify({ outcome: 'error', exit_code: 125, message }) }], isError: true });

/** Registers the three tools on `server`. */
export function registerTools(server: McpServer, s: McpSetup): void {
  server.registerTool('run_command', {
    title: 'Run a command through approve-run',
    description: 'Runs a command under the approve-run policy: allowed commands run confined and logged; commands that need approval wait up to wait_s for approvers, else return outcome "pending" with a request_id to resume with approval_status or run_command(request_id). Denied commands do not run.',
    inputSchema: { ...COMMAND, reason: z.string().min(1).max(1000).describe('why the command is needed; shown to approvers'), wait_s: WAIT_S, request_id: REQUEST_ID.optional().describe('resume an earlier pending request instead') },
    annotations: { destructiveHint: true, readOnlyHint: false, idempotentHint: false, openWorldHint: true },
  }, async (args) => {
    if (args.request_id !== undefined) return waitFor(s, args.request_id, args.wait_s);
    const command = commandWords(args);
    if (typeof command === 'string') return refused(command);
    const got = await runApproveRun(s.launcher, ['run', ...policyFlag(s), ...command.flags, '--json', '--non-interactive', '--no-wait', '--actor', s.actor, '--reason', args.reason, '--', ...command.words], s.cwd);
    const { result, stderr } = splitResult(got);
    if (result.outcome === 'pending' && typeof result.request_id === 'string') return waitFor(s, result.request_id, args.wait_s);
    return resultOf(result, got.stdout, stderr);
  });
  server.registerTool('check_command', {
    title: 'Check a command against the approve-run policy',
    description: 'Shows the decision (allow, approve or deny), the matching rules and the simple commands found, without running anything.',
    inputSchema: COMMAND,
    annotations: { destructiveHint: false, readOnlyHint: true, idempotentHint: true, openWorldHint: false },
  }, async (args) => {
    const command = commandWords(args);
    if (typeof command === 'string') return refused(command);
    const got = await runApproveRun(s.launcher, ['check', ...policyFlag(s), ...command.flags, '--json', '--actor', s.actor, '--', ...command.words], s.cwd);
    if (got.code === 125) return refused(got.stderr.trim());
    return { content: [{ type: 'text', text: got.stdout.trim() }] };
  });
  server.registerTool('approval_status', {
    title: 'Resume a pending approve-run request',
    description: 'Waits up to wait_s for the decision on a pending request; once approved it runs the command (once) and returns its result, else "pending" again.',
    inputSchema: { request_id: REQUEST_ID, wait_s: WAIT_S },
    annotations: { destructiveHint: true, readOnlyHint: false, idempotentHint: false, openWorldHint: true },
  }, async (args) => waitFor(s, args.request_id, args.wait_s));
}
