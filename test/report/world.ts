// A log built from real runs for the report tests: the built CLI, a real webhook approver on
// 127.0.0.1 scripted per request, a real SQLite database. Records what was done, so the
// report's counts can be compared with it exactly.
import { mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { json, serve, type TestServer } from '../approval/server.js';
import { keyPair, keys, signed } from '../approval/world.js';
import type { ApprovalRequest } from '../../src/approval/request/request.js';

/** What the scripted approver answers to the next request. */
export type Answer = 'alice' | 'bob' | 'deny' | 'pending' | 'forged' | 'self';

export interface ReportWorld {
  dir: string;
  db: string;
  policy: string;
  server: TestServer;
  /** The outcome of every run, in order. */
  outcomes: string[];
  /** Answers actually given. */
  answers: Answer[];
  sessionId: string;
  me: string;
  cli(args: string[]): Promise<CliResult>;
  close(): Promise<void>;
}

const selfKey = keyPair();

// The policy: touch/sleep need alice or bob (or selfie, whose user is the requester); find
// needs approval too; rm is denied; anything else needs approval (settings.default).
function policyText(url: string, me: string, extra: { carol?: boolean; ttl?: boolean }): string {
  return `version: 1
settings: { default: approve, approval_timeout: 2s, kill_grace: 1s }
approvers:
  alice: { users: [alice], key: "${keys.alice.text}" }
  bob: { users: [bob], key: "${keys.bob.text}" }
  selfie: { users: [${me}], key: "${selfKey.text}" }
${extra.carol ? `  carol: { users: [carol], key: "${keys.carol.text}" }\n` : ''}channels:
  webhook: { url: "${url}", secret_env: HOOK_SECRET, timeout: 1s }
rules:
  - id: touch-files
    match: { command: [touch, sleep] }
    decision: approve
    approvers: [alice, bob, selfie${extra.carol ? ', carol' : ''}]
    channel: webhook
${extra.ttl ? '    session_ttl: 10m\n' : ''}  - id: find-files
    match: { command: find }
    decision: approve
    approvers: [alice, bob]
    channel: webhook
  - id: no-rm
    match: { command: rm }
    decision: deny
`;
}

/** Builds the log: see the list of runs below. */
export async function buildWorld(): Promise<ReportWorld> {
  const dir = tempDir();
  const db = join(dir, 'audit.db');
  const policy = join(dir, 'policy.yaml');
  const me = userInfo().username;
  const plan: Answer[] = [];
  const answers: Answer[] = [];
  const server = await serve((q, res, body) => {
    if (q.method !== 'POST') return json(res, 202, {});
    const { request } = JSON.parse(body) as { request: ApprovalRequest };
    const answer = plan.shift() ?? 'pending';
    answers.push(answer);
    if (answer === 'alice' || answer === 'bob') return json(res, 200, { decisions: [signed(request, answer)] });
    if (answer === 'deny') return json(res, 200, { decision: signed(request, 'bob', 'deny', { reason: 'change freeze' }) });
    if (answer === 'forged') return json(res, 200, { decisions: [signed(request, 'alice', 'approve', {}, keys.mallory.privateKey)] });
    if (answer === 'self') return json(res, 200, { decisions: [signed(request, 'selfie', 'approve', {}, selfKey.privateKey)] });
    return json(res, 202, { status_url: '/status/1' });
  });
  const env = { ...process.env, NO_COLOR: '1', HOOK_SECRET: 'k' };
  const cli = (args: string[]) => runCli([...args], { cwd: dir, env });
  const outcomes: string[] = [];
  const run = async (answer: Answer | null, command: string[]) => {
    if (answer !== null) plan.push(answer);
    const r = await cli(['run', '--json', '-p', policy, '--audit-db', db, '--', ...command]);
    const result = JSON.parse(r.stderr.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    outcomes.push(String(result.outcome));
    plan.length = 0;
    return result;
  };
  writeFileSync(policy, policyText(server.url, me, {}));
  mkdirSync(join(dir, 'made'));
  for (let i = 0; i < 3; i++) await run('alice', ['touch', join(dir, 'm1')]);
  await run('bob', ['touch', join(dir, 'm2')]);
  for (let i = 0; i < 3; i++) await run(i === 1 ? 'bob' : 'alice', ['mkdir', '-p', join(dir, 'made', 'x')]);
  for (let i = 0; i < 3; i++) await run('alice', ['find', join(dir, 'made'), '-maxdepth', '0', '-exec', 'true', ';']);
  await run('deny', ['sleep', '0']);
  await run(null, ['rm', join(dir, 'nothing')]);
  await run('pending', ['touch', join(dir, 'm3')]);
  await run('forged', ['touch', join(dir, 'm5')]);
  await run('self', ['touch', join(dir, 'm6')]);
  // A policy change: carol joins, approvals open sessions; one session is then revoked.
  writeFileSync(policy, policyText(server.url, me, { carol: true, ttl: true }));
  const withSession = await run('bob', ['touch', join(dir, 'm4')]);
  const sessionId = String(withSession.session_id);
  const revoked = await cli(['session', 'revoke', sessionId, '--audit-db', db, '-p', policy]);
  if (revoked.code !== 0) throw new Error(`session revoke failed: ${revoked.stderr}`);
  return { dir, db, policy, server, outcomes, answers, sessionId, me, cli, close: () => server.close() };
}
