// `run --no-wait`, then a real approver on 127.0.0.1 approves, then `wait` runs the request
// exactly once (SPEC §12): real CLI processes, a real SQLite audit log, a real HTTP approver.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonResult, SECURE_PATH, world, type World } from '../run/support.js';
import { runCli } from '../helpers/cli.js';
import { startApprover, type Approver } from './approver.js';

let approver: Approver;
beforeAll(async () => {
  approver = await startApprover();
});
afterAll(() => approver.close());

// A world whose one rule needs alice's approval to run `count.mjs`, which appends a line.
function countingWorld(risk = 'high'): { w: World; script: string; counted: () => number } {
  const w = world('version: 1\n');
  const script = join(w.dir, 'count.mjs');
  const counts = join(w.dir, 'counts');
  writeFileSync(script, `#!/usr/bin/env node\nimport { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(counts)}, 'ran\\n');\n`);
  chmodSync(script, 0o755);
  writeFileSync(w.policy, policyYaml(script, risk));
  return { w, script, counted: () => (existsSync(counts) ? readFileSync(counts, 'utf8').split('\n').length - 1 : 0) };
}

function policyYaml(script: string, risk: string): string {
  return `version: 1
settings: { default: deny, secure_path: "${SECURE_PATH}", approval_timeout: 1m }
approvers:
  alice: { users: [alice], key: "${approver.key}" }
channels:
  webhook: { url: "${approver.url}", timeout: 5s }
rules:
  - { id: counted, match: { command: "${script}" }, decision: approve, approvers: [alice], channel: webhook, risk: ${risk} }
`;
}

// `wait` (or `request ...`) with the world's policy and log.
const cli = (w: World, args: string[]) => runCli([...args, '-p', w.policy, '--audit-db', w.db], { cwd: w.dir, env: w.env });

describe('run --no-wait and wait', () => {
  it('submits and exits 75 pending; once approved, wait runs it exactly once, and a second wait does not', async () => {
    const { w, script, counted } = countingWorld();
    const submitted = await w.run(['--no-wait', '--json', '--', script]);
    expect(submitted.code).toBe(75);
    const pending = jsonResult(submitted.stderr);
    expect(pending).toMatchObject({ outcome: 'pending', exit_code: 75 });
    const id = pending.request_id as string;
    expect(id).toMatch(/^req_/);
    expect(approver.posted.has(id)).toBe(true);
    expect(counted()).toBe(0);

    const listed = await cli(w, ['request', 'list', '--json']);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ request_id: id, state: 'pending' }]);

    const waiting = cli(w, ['wait', id, '--json', '--non-interactive']);
    setTimeout(() => approver.decide(id, 'approve'), 300);
    const waited = await waiting;
    expect(waited.code).toBe(0);
    expect(jsonResult(waited.stderr)).toMatchObject({ outcome: 'approved', exit_code: 0, request_id: id, approvers: ['alice'] });
    expect(counted()).toBe(1);

    const again = await cli(w, ['wait', id, '--json', '--non-interactive']);
    expect(again.code).toBe(125);
    expect(again.stderr).toContain('it is not run again');
    expect(counted()).toBe(1);
    const shown = await cli(w, ['request', 'show', id, '--json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ state: 'finished', outcome: 'approved' });
    const types = w.entries().map((e) => e.type);
    expect(types.filter((t) => t === 'exec_start')).toHaveLength(1);
    const outcomes = w.entries().filter((e) => e.type === 'decision').map((e) => e.outcome);
    expect([outcomes[0], outcomes.at(-1)]).toEqual(['pending', 'approved']);
  });

  it('two waits racing on one approved request start the command once', async () => {
    const { w, script, counted } = countingWorld();
    const id = jsonResult((await w.run(['--no-wait', '--json', '--', script])).stderr).request_id as string;
    approver.decide(id, 'approve');
    const both = await Promise.all([cli(w, ['wait', id, '--non-interactive']), cli(w, ['wait', id, '--non-interactive'])]);
    expect(both.map((r) => r.code).sort()).toEqual([0, 125]);
    expect(counted()).toBe(1);
  });

  it('a policy that no longer decides the same refuses the request (77), and nothing runs', async () => {
    const { w, script, counted } = countingWorld('high');
    const id = jsonResult((await w.run(['--no-wait', '--json', '--', script])).stderr).request_id as string;
    approver.decide(id, 'approve');
    writeFileSync(w.policy, policyYaml(script, 'low'));
    const waited = await cli(w, ['wait', id, '--non-interactive']);
    expect(waited.code).toBe(77);
    expect(waited.stderr).toContain('risk changed');
    expect(counted()).toBe(0);
  });

  it('an approver’s deny ends the request: 77, nothing runs, and it cannot be waited on again', async () => {
    const { w, script, counted } = countingWorld();
    const id = jsonResult((await w.run(['--no-wait', '--json', '--', script])).stderr).request_id as string;
    approver.decide(id, 'deny');
    expect((await cli(w, ['wait', id, '--non-interactive'])).code).toBe(77);
    expect((await cli(w, ['wait', id, '--non-interactive'])).code).toBe(125);
    expect(counted()).toBe(0);
  });

  it('wait --timeout gives up with 75 and leaves the request pending; unknown and malformed ids are refused', async () => {
    const { w, script, counted } = countingWorld();
    const id = jsonResult((await w.run(['--no-wait', '--json', '--', script])).stderr).request_id as string;
    const early = await cli(w, ['wait', id, '--timeout', '1s', '--json', '--non-interactive']);
    expect(early.code).toBe(75);
    expect(jsonResult(early.stderr)).toMatchObject({ outcome: 'pending' });
    expect(JSON.parse((await cli(w, ['request', 'show', id, '--json'])).stdout)).toMatchObject({ state: 'pending' });
    expect((await cli(w, ['wait', 'req_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z'])).code).toBe(125);
    expect((await cli(w, ['wait', "req_'; rm -rf /"])).code).toBe(125);
    expect(counted()).toBe(0);
  });
});
