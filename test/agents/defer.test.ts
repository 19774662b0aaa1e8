// Claude Code's `defer` (non-interactive -p): a call that needs approval is submitted and
// deferred; the resumed call is rewritten to `approve-run wait <id>`, which runs it once the
// real 127.0.0.1 approver has approved. Real hook processes, real bash, a real audit log.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentWorld, payload, react, runHook, runTool, type AgentWorld } from './agent-sim.js';
import { startApprover, type Approver } from './approver.js';

let approver: Approver;
let w: AgentWorld;
let script = '';
let counts = '';
beforeAll(async () => {
  approver = await startApprover();
  w = agentWorld('');
  script = join(w.dir, 'count.mjs');
  counts = join(w.dir, 'counts');
  writeFileSync(script, `#!/usr/bin/env node\nimport { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(counts)}, 'ran\\n');\n`);
  chmodSync(script, 0o755);
  writeFileSync(w.policy, `${readFileSync(w.policy, 'utf8')}approvers:
  alice: { users: [alice], key: "${approver.key}" }
channels:
  webhook: { url: "${approver.url}", timeout: 5s }
rules:
  - { id: counted, match: { command: "${script}" }, decision: approve, approvers: [alice], channel: webhook }
`);
});
afterAll(() => approver.close());

const ran = (): number => (existsSync(counts) ? readFileSync(counts, 'utf8').split('\n').length - 1 : 0);

describe('hook claude-code --defer', () => {
  it('defers a call needing approval, and the resumed call runs it once, after the approval', async () => {
    const input: Record<string, unknown> = { ...payload('claude-code', script, w.dir), tool_use_id: 'toolu_defer_1', session_id: 'session-1' };
    const first = await runHook(w, 'claude-code', JSON.stringify(input), ['--defer']);
    expect(first.code).toBe(0);
    const out = JSON.parse(first.stdout).hookSpecificOutput;
    expect(out.permissionDecision).toBe('defer');
    const id = /req_[0-9A-Z]{26}/.exec(out.permissionDecisionReason)?.[0] ?? '';
    expect(approver.posted.has(id)).toBe(true);
    expect(ran()).toBe(0);

    approver.decide(id, 'approve');
    const resumed = await runHook(w, 'claude-code', JSON.stringify(input), ['--defer']);
    const verdict = react('claude-code', resumed, input.tool_input as Record<string, unknown>, w.dir);
    expect('run' in verdict && verdict.run).toContain(`'wait' '--policy' '${w.policy}' '${id}'`);
    if (!('run' in verdict)) return;
    expect((await runTool(w, verdict)).code).toBe(0);
    expect(ran()).toBe(1);
    expect((await runTool(w, verdict)).code).toBe(125);
    expect(ran()).toBe(1);
  }, 120_000);

  it('another call (another tool_use_id) does not pick up the deferred request', async () => {
    const input = { ...payload('claude-code', script, w.dir), tool_use_id: 'toolu_defer_2', session_id: 'session-1' };
    const first = JSON.parse((await runHook(w, 'claude-code', JSON.stringify(input), ['--defer'])).stdout).hookSpecificOutput;
    const other = JSON.parse((await runHook(w, 'claude-code', JSON.stringify({ ...input, tool_use_id: 'toolu_other' }), ['--defer'])).stdout).hookSpecificOutput;
    expect(first.permissionDecision).toBe('defer');
    expect(other.permissionDecision).toBe('defer');
    expect(other.permissionDecisionReason).not.toBe(first.permissionDecisionReason);
  }, 120_000);

  it('a deferral that cannot finish within the deadline (approver never answers the POST) blocks with exit 2', async () => {
    const hanging = await startApprover({ hang: true });
    try {
      writeFileSync(w.policy, readFileSync(w.policy, 'utf8').replace(approver.url, hanging.url));
      const input = { ...payload('claude-code', script, w.dir), tool_use_id: 'toolu_defer_3' };
      const started = Date.now();
      const r = await runHook(w, 'claude-code', JSON.stringify(input), ['--defer', '--deadline', '2s']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain("deadline of 2s");
      expect(Date.now() - started).toBeLessThan(15_000);
    } finally {
      writeFileSync(w.policy, readFileSync(w.policy, 'utf8').replace(hanging.url, approver.url));
      await hanging.close();
    }
  }, 60_000);
});
