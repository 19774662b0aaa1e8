// Real `approve-run hook <agent>` processes fed each agent's documented payloads
// (test/agents/fixtures/, each with its source): the documented answer for deny, allow and
// approve; exit 2 with a message for malformed input, an unknown tool, an internal error and
// the time limit; hostile payloads.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { AGENT_NAMES, agentWorld, fixture, payload, runHook, type AgentName } from './agent-sim.js';

const w = agentWorld(`rules:
  - { id: reads, match: { command: [ls, echo, "true"] }, decision: allow }
  - { id: no-rm, match: { command: rm }, decision: deny, message: rm is never allowed here }
  - { id: restart, match: { command: systemctl }, decision: approve, approvers: [alice] }
approvers:
  alice: { users: [alice], key: "ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=" }
channels:
  webhook: { url: "http://127.0.0.1:9/never-called", timeout: 1s }
`);
const send = (agent: AgentName, command: string, extra: Record<string, unknown> = {}) => runHook(w, agent, JSON.stringify(payload(agent, command, w.dir, extra)));

// The command an answer rewrites the call to, per agent.
function rewrittenCommand(agent: AgentName, out: Record<string, unknown>): string {
  if (agent === 'gemini') return ((out.hookSpecificOutput as Record<string, unknown>).tool_input as Record<string, string>).command!;
  return ((out.hookSpecificOutput as Record<string, unknown>).updatedInput as Record<string, string>).command!;
}

describe.each(AGENT_NAMES)('hook %s', (agent) => {
  const documented = fixture(agent).outputs;

  it('denies with the policy reason, in the documented deny shape', async () => {
    const r = await send(agent, 'ls && rm -rf /srv/data');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    if (agent === 'gemini') {
      expect(Object.keys(out)).toEqual(Object.keys(documented.deny!));
      expect(out).toEqual({ decision: 'deny', reason: 'approve-run: denied by no-rm: rm is never allowed here' });
    } else {
      expect(Object.keys(out.hookSpecificOutput).sort()).toEqual(Object.keys((documented.deny as { hookSpecificOutput: object }).hookSpecificOutput).sort());
      expect(out.hookSpecificOutput).toMatchObject({ hookEventName: 'PreToolUse', permissionDecision: 'deny', permissionDecisionReason: 'approve-run: denied by no-rm: rm is never allowed here' });
    }
  });

  it.each([
    ['allowed', 'ls -la && echo "it\'s $x"'],
    ['needing approval', 'systemctl restart nginx'],
  ])('rewrites a command %s to run through approve-run run --shell, quoted exactly', async (_what, command) => {
    const r = await send(agent, command, agent === 'gemini' ? { description: 'keep me' } : {});
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const line = rewrittenCommand(agent, out);
    expect(line.startsWith(`'${process.execPath}' '${CLI}' 'run' '--policy' '${w.policy}' '--shell' '--non-interactive' '--actor' 'agent:${agent}' '--' `)).toBe(true);
    if (agent === 'gemini') expect(out).toMatchObject({ decision: 'allow', hookSpecificOutput: { tool_input: { description: 'keep me' } } });
    else expect(out.hookSpecificOutput.permissionDecision).toBe('allow');
    // The agent's shell hands the line back byte for byte.
    const { execFileSync } = await import('node:child_process');
    const echoed = execFileSync('/bin/bash', ['-c', `printf '%s\\0' ${line}`]).toString().split('\0');
    expect(echoed.at(-2)).toBe(command);
  });

  it.each([
    ['malformed JSON', '{"tool_name": "Bash", '],
    ['a JSON array', '[]'],
    ['empty input', ''],
    ['non-UTF-8 bytes', Buffer.concat([Buffer.from('{"hook_event_name":"PreToolUse","tool_name":"Bash","cwd":"/","tool_input":{"command":"ls '), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')])],
    ['a huge payload', JSON.stringify({ ...fixture(agent).input, tool_input: { command: `echo ${'a'.repeat(2 * 1024 * 1024)}` } })],
  ])('blocks %s with exit 2 and a message, nothing on stdout', async (_what, input) => {
    const r = await runHook(w, agent, input);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^approve-run hook: blocked: .+\n$/);
  });

  it.each([
    ['an unknown tool', { tool_name: 'Write' }],
    ['another event', { hook_event_name: 'PostToolUse' }],
    ['a relative cwd', { cwd: 'relative/dir' }],
    ['a command that is not a string', { tool_input: { command: ['rm', '-rf', '/'] } }],
  ])('blocks %s with exit 2', async (_what, over) => {
    const r = await runHook(w, agent, JSON.stringify({ ...payload(agent, 'ls', w.dir), ...over }));
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
  });

  it.each([
    ['a zero-width space', 'ls\u200b -la'],
    ['a BiDi override', 'echo \u202Efdp.exe'],
    ['an escape sequence', 'ls \u001b[2K'],
    ['a NUL', 'ls\u0000; rm -rf /'],
    ['an unpaired surrogate', 'ls \ud800'],
  ])('blocks a command holding %s with exit 2', async (_what, command) => {
    const r = await send(agent, command);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('blocked');
  });

  it('blocks on an internal error (an unreadable policy) with exit 2', async () => {
    const r = await runHook({ ...w, policy: `${w.dir}/missing.yaml` }, agent, JSON.stringify(payload(agent, 'ls', w.dir)));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.yaml');
  });

  it('answers within its deadline: input that never ends is blocked with exit 2', async () => {
    const started = Date.now();
    const child = spawn(process.execPath, [CLI, 'hook', agent, '-p', w.policy, '--deadline', '1s'], { cwd: w.dir, env: w.env, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.write('{"hook_event_name":');
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.stdin.destroy();
    expect(code).toBe(2);
    expect(stderr).toContain("deadline of 1s");
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('hook usage', () => {
  it('an unknown agent name is exit 2', async () => {
    const r = await runHook(w, 'cursor', JSON.stringify(payload('claude-code', 'ls', w.dir)));
    expect(r.code).toBe(2);
  });

  it('--defer is refused for an agent without deferred decisions', async () => {
    const r = await runHook(w, 'codex', JSON.stringify(payload('codex', 'systemctl restart nginx', w.dir)), ['--defer']);
    expect(r.code).toBe(2);
  });
});
