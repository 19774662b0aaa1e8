// End to end through each agent's documented hook semantics (test/agents/agent-sim.ts):
// real hook processes, then whatever the agent would run, run by bash. The agents run a tool
// when the hook fails open, so this shows the hook never fails open on these inputs: no
// command the policy denies (or that needs an approval nobody gave) ever runs, whatever form
// it takes, and allowed commands run supervised through approve-run.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENT_NAMES, agentWorld, markerDir, payload, react, runHook, runTool } from './agent-sim.js';

const w = agentWorld(`rules:
  - { id: reads, match: { command: [ls, echo, "true", cat] }, decision: allow }
  - { id: no-rm, match: { command: rm }, decision: deny, message: never }
  - { id: touch-needs-ok, match: { command: touch }, decision: approve, approvers: [alice] }
approvers:
  alice: { users: [alice], key: "ed25519:11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=" }
channels:
  webhook: { url: "http://127.0.0.1:9/never-answers", timeout: 1s }
`, '1s');

// Forms a denied or unapproved command can take; M is replaced by a marker path.
const HOSTILE = [
  'touch M',
  'ls; touch M',
  'ls && touch M',
  'true || touch M; touch M',
  'echo $(touch M)',
  'echo `touch M`',
  'cat <(touch M)',
  'ls\ntouch M',
  'env X=1 touch M',
  'timeout 5 touch M',
  'nice -n 5 touch M',
  'bash -c "touch M"',
  'sh -lc \'touch M\'',
  't""ouch M',
  '\\touch M',
  'x=touch; $x M',
  'eval "touch M"',
  'echo hi > M',
  'f() { touch M; }; f',
  'for i in 1; do touch M; done',
  'ls | xargs touch M',
  'find . -maxdepth 0 -exec touch M \\;',
  'rm -f M; touch M',
  "echo '; touch M'; touch M",
  '{ touch M; }',
  '(touch M)',
];

describe.each(AGENT_NAMES)('%s through the hook', (agent) => {
  it('never runs a command the policy denies or nobody approved, in any form', async () => {
    const marks = markerDir();
    // Each form is independent (its own marker), and most wait out the approval timeout: six
    // at a time keeps the test short without crowding the machine.
    const tryForm = async (form: string, i: number): Promise<void> => {
      const command = form.replaceAll('M', join(marks, `m${i}`));
      const input = payload(agent, command, w.dir);
      const hook = await runHook(w, agent, JSON.stringify(input));
      const verdict = react(agent, hook, input.tool_input as Record<string, unknown>, w.dir);
      if ('run' in verdict) {
        expect(verdict.run, `${agent} ran ${command} without approve-run`).toContain("'run' '--policy'");
        await runTool(w, verdict);
      }
    };
    for (let start = 0; start < HOSTILE.length; start += 6) {
      await Promise.all(HOSTILE.slice(start, start + 6).map((form, k) => tryForm(form, start + k)));
    }
    expect(readdirSync(marks)).toEqual([]);
  }, 600_000);

  it('runs an allowed command through approve-run', async () => {
    const input = payload(agent, 'echo visible-output && ls -d /', w.dir);
    const verdict = react(agent, await runHook(w, agent, JSON.stringify(input)), input.tool_input as Record<string, unknown>, w.dir);
    expect('run' in verdict).toBe(true);
    if (!('run' in verdict)) return;
    const ran = await runTool(w, verdict);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toBe('visible-output\n/\n');
  });

  it('hostile hook inputs are blocked, never waved through', async () => {
    const marks = markerDir();
    const m = join(marks, 'x');
    const inputs: Array<Buffer | string> = [
      JSON.stringify({ ...payload(agent, `touch ${m}`, w.dir), tool_name: 'bash' }),
      JSON.stringify(payload(agent, `touch\u200b ${m}`, w.dir)),
      JSON.stringify(payload(agent, `ls\u0000; touch ${m}`, w.dir)),
      Buffer.concat([Buffer.from(JSON.stringify(payload(agent, `touch ${m}`, w.dir)).slice(0, -3)), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]),
      `${JSON.stringify(payload(agent, `touch ${m}`, w.dir))}${' '.repeat(2 * 1024 * 1024)}`,
      '{"hook_event_name": "PreToolUse", "tool_input": {"command": "touch x"}, "tool_name": "Bash", "cwd": "/", "tool_name": "Bash"',
    ];
    for (const input of inputs) {
      const hook = await runHook(w, agent, input);
      expect(hook.code).toBe(2);
      expect(hook.stderr.trim()).not.toBe('');
    }
    expect(readdirSync(marks)).toEqual([]);
  }, 120_000);
});
