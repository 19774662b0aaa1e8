// The MCP server through the SDK's own client over stdio (StdioClientTransport): it lists the
// tools, and runs allowed, denied and approved (pending, then resumed) commands; a real
// approver on 127.0.0.1 signs the approval. Nothing but the protocol reaches stdout: the
// client would fail on anything else.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI } from '../helpers/cli.js';
import { agentWorld } from './agent-sim.js';
import { startApprover, type Approver } from './approver.js';

let approver: Approver;
let client: Client;
let counts = '';
let script = '';

beforeAll(async () => {
  approver = await startApprover();
  const w = agentWorld('');
  script = join(w.dir, 'count.mjs');
  counts = join(w.dir, 'counts');
  writeFileSync(script, `#!/usr/bin/env node\nimport { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(counts)}, 'ran\\n');\nconsole.log('counted');\n`);
  chmodSync(script, 0o755);
  const body = readFileSync(w.policy, 'utf8');
  writeFileSync(w.policy, `${body}approvers:
  alice: { users: [alice], key: "${approver.key}" }
channels:
  webhook: { url: "${approver.url}", timeout: 5s }
rules:
  - { id: reads, match: { command: [echo, ls] }, decision: allow }
  - { id: no-rm, match: { command: rm }, decision: deny, message: never }
  - { id: counted, match: { command: "${script}" }, decision: approve, approvers: [alice], channel: webhook }
`);
  const transport = new StdioClientTransport({ command: process.execPath, args: [CLI, 'mcp', '-p', w.policy], cwd: w.dir, env: w.env, stderr: 'pipe' });
  client = new Client({ name: 'approve-run-test', version: '1.0.0' });
  await client.connect(transport);
}, 60_000);
afterAll(async () => {
  await client?.close();
  await approver.close();
});

// The JSON text of a tool result.
async function call(name: string, args: Record<string, unknown>): Promise<Record<string, unknown>> {
  const r = (await client.callTool({ name, arguments: args })) as { content: Array<{ type: string; text: string }> };
  return JSON.parse(r.content[0]!.text);
}

const ran = (): number => (existsSync(counts) ? readFileSync(counts, 'utf8').split('\n').length - 1 : 0);

describe('approve-run mcp', () => {
  it('lists the three tools, the ones that can run a command annotated destructive', async () => {
    const { tools } = await client.listTools();
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    expect(Object.keys(byName).sort()).toEqual(['approval_status', 'check_command', 'run_command']);
    expect(byName.run_command!.annotations?.destructiveHint).toBe(true);
    expect(byName.approval_status!.annotations?.destructiveHint).toBe(true);
    expect(byName.check_command!.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
  });

  it('runs an allowed command, its output captured in the result (not on the protocol stream)', async () => {
    const r = await call('run_command', { shell: 'echo from-the-command', reason: 'test' });
    expect(r).toMatchObject({ outcome: 'allowed', exit_code: 0, stdout: 'from-the-command\n' });
  }, 60_000);

  it('denies a denied command, which does not run', async () => {
    const r = await call('run_command', { argv: ['rm', '-rf', '/nonexistent-dir'], reason: 'test' });
    expect(r).toMatchObject({ outcome: 'denied_by_policy', exit_code: 77 });
    expect(await call('check_command', { shell: 'ls && rm -rf /' })).toMatchObject({ decision: 'deny' });
  }, 60_000);

  it('returns pending for a command nobody approved yet; approval_status resumes it once approved, and it runs once', async () => {
    const first = await call('run_command', { argv: [script], reason: 'count', wait_s: 1 });
    expect(first).toMatchObject({ outcome: 'pending', exit_code: 75 });
    const id = first.request_id as string;
    expect(ran()).toBe(0);
    approver.decide(id, 'approve');
    const resumed = await call('approval_status', { request_id: id, wait_s: 10 });
    expect(resumed).toMatchObject({ outcome: 'approved', exit_code: 0, request_id: id, stdout: 'counted\n' });
    expect(ran()).toBe(1);
    const again = await call('run_command', { request_id: id, reason: 'again' });
    expect(again).toMatchObject({ outcome: 'error' });
    expect(ran()).toBe(1);
  }, 120_000);

  it('refuses arguments that are neither argv nor a shell line, or a malformed request id', async () => {
    expect(await call('run_command', { reason: 'x' })).toMatchObject({ outcome: 'error' });
    const bad = (await client.callTool({ name: 'approval_status', arguments: { request_id: 'req_../../etc' } })) as { isError?: boolean };
    expect(bad.isError).toBe(true);
  });
});
