// A log built from real runs for the report tests: the built CLI, a real webhook approver on
// 127.0.0.1 scripted per request, a real SQLite database, real signals. Records what was done,
// so the report's counts can be compared with it exactly. The interrupted run gets SIGINT while
// it waits for its approval (SPEC §11: decision `interrupted`); the lost run's supervisor is
// SIGKILLed while its command runs, and the next run closes it with exec_lost.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { CLI, runCli, type CliResult } from '../helpers/cli.js';
import { WRITES_TEMP } from '../helpers/settings.js';
import { tempDir } from '../helpers/tmp.js';
import { fixture } from '../run/support.js';
import { json, serve, type TestServer } from '../approval/server.js';
import { keyPair, keys, signed } from '../approval/world.js';
import type { ApprovalRequest } from '../../src/approval/request/request.js';

/** What the scripted approver answers to the next request. */
export type Answer = 'alice' | 'bob' | 'deny' | 'pending' | 'forged' | 'self' | 'down';

export interface ReportWorld {
  dir: string;
  db: string;
  policy: string;
  server: TestServer;
  /** The outcome of every run, in order. */
  outcomes: string[];
  /** The rule each run matched (null: settings.default), in order. */
  rules: (string | null)[];
  /** The request ids of the interrupted and the lost run. */
  interrupted: string;
  lost: string;
  /** Answers actually given. */
  answers: Answer[];
  sessionId: string;
  me: string;
  cli(args: string[]): Promise<CliResult>;
  close(): Promise<void>;
}

const selfKey = keyPair();

// The policy: touch/sleep need alice or bob (or selfie, whose user is the requester); find
// needs approval too; rm is denied; the sleep fixture is allowed (confined to the temporary
// directories, as test/run/lost.test.ts runs it); anything else needs approval
// (settings.default). Checkpoints are signed every few entries.
function policyText(url: string, me: string, key: string, extra: { carol?: boolean; ttl?: boolean }): string {
  return `version: 1
settings: { default: approve, approval_timeout: 5s, kill_grace: 1s, audit: { checkpoint_key: "${key}", checkpoint_interval: 8 } }
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
  - id: sleeper
    match: { command: ${fixture('sleep.mjs')} }
    decision: allow
    confine: ${WRITES_TEMP}
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
    if (answer === 'down') return json(res, 503, { error: 'maintenance' });
    return json(res, 202, { status_url: '/status/1' });
  });
  const env = { ...process.env, NO_COLOR: '1', HOOK_SECRET: 'k' };
  const cli = (args: string[]) => runCli([...args], { cwd: dir, env });
  const keygen = await cli(['keygen', '-o', join(dir, 'audit')]);
  if (keygen.code !== 0) throw new Error(`keygen failed: ${keygen.stderr}`);
  const key = join(dir, 'audit.key');
  const outcomes: string[] = [];
  const rules: (string | null)[] = [];
  const run = async (answer: Answer | null, rule: string | null, command: string[]) => {
    if (answer !== null) plan.push(answer);
    const r = await cli(['run', '--json', '-p', policy, '--audit-db', db, '--', ...command]);
    const result = JSON.parse(r.stderr.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
    outcomes.push(String(result.outcome));
    rules.push(rule);
    plan.length = 0;
    return result;
  };
  // A run as a process the test signals: `signal` once `ready()` holds.
  const signalled = async (answer: Answer | null, command: string[], ready: () => boolean, signal: NodeJS.Signals) => {
    if (answer !== null) plan.push(answer);
    const child = spawn(process.execPath, [CLI, 'run', '--json', '-p', policy, '--audit-db', db, '--', ...command], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await until(ready);
    child.kill(signal);
    const code = await exited;
    plan.length = 0;
    return { code, stderr, pid: child.pid };
  };
  writeFileSync(policy, policyText(server.url, me, key, {}));
  mkdirSync(join(dir, 'made'));
  for (let i = 0; i < 3; i++) await run('alice', 'touch-files', ['touch', join(dir, 'm1')]);
  await run('bob', 'touch-files', ['touch', join(dir, 'm2')]);
  for (let i = 0; i < 3; i++) await run(i === 1 ? 'bob' : 'alice', null, ['mkdir', '-p', join(dir, 'made', 'x')]);
  for (let i = 0; i < 3; i++) await run('alice', 'find-files', ['find', join(dir, 'made'), '-maxdepth', '0', '-exec', 'true', ';']);
  await run('deny', 'touch-files', ['sleep', '0']);
  await run(null, 'no-rm', ['rm', join(dir, 'nothing')]);
  await run('pending', 'touch-files', ['touch', join(dir, 'm3')]);
  await run('forged', 'touch-files', ['touch', join(dir, 'm5')]);
  await run('self', 'touch-files', ['touch', join(dir, 'm6')]);
  await run('down', 'touch-files', ['touch', join(dir, 'm7')]);
  // Interrupted: SIGINT once the approver holds the request (it never answers).
  const asked = answers.length;
  const interrupted = await signalled('pending', ['touch', join(dir, 'm8')], () => answers.length > asked, 'SIGINT');
  const stopped = JSON.parse(interrupted.stderr.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
  if (interrupted.code !== 130 || stopped.outcome !== 'interrupted') throw new Error(`the interrupted run exited ${interrupted.code}: ${interrupted.stderr}`);
  outcomes.push('interrupted');
  rules.push('touch-files');
  // Lost: the supervisor is SIGKILLed while its command runs (it can log nothing); the
  // orphaned command is then stopped, and the next run closes the run with exec_lost.
  const starts = () => leaves(db).filter((e) => e.type === 'exec_start');
  const started = starts().length;
  await signalled(null, [fixture('sleep.mjs'), '30000'], () => starts().length > started, 'SIGKILL');
  const orphan = starts().at(-1) as { request_id: string; pid: number };
  try {
    process.kill(orphan.pid, 'SIGKILL');
  } catch {
    // Already gone with its sandbox.
  }
  outcomes.push('allowed');
  rules.push('sleeper');
  // A policy change: carol joins, approvals open sessions; one session is then revoked.
  writeFileSync(policy, policyText(server.url, me, key, { carol: true, ttl: true }));
  const withSession = await run('bob', 'touch-files', ['touch', join(dir, 'm4')]);
  const sessionId = String(withSession.session_id);
  const revoked = await cli(['session', 'revoke', sessionId, '--audit-db', db, '-p', policy]);
  if (revoked.code !== 0) throw new Error(`session revoke failed: ${revoked.stderr}`);
  const interruptedId = String(stopped.request_id);
  return { dir, db, policy, server, outcomes, rules, interrupted: interruptedId, lost: orphan.request_id, answers, sessionId, me, cli, close: () => server.close() };
}

/** Every stored leaf of `db`, parsed (empty while the log does not exist yet). */
export function leaves(db: string): Record<string, unknown>[] {
  let handle: Database.Database;
  try {
    handle = new Database(db, { readonly: true, fileMustExist: true });
  } catch {
    return [];
  }
  try {
    return (handle.prepare('SELECT leaf FROM entries ORDER BY seq').all() as { leaf: string }[]).map((r) => JSON.parse(r.leaf) as Record<string, unknown>);
  } catch {
    return [];
  } finally {
    handle.close();
  }
}

// Resolves once `check` holds, polling every 50 ms for up to 20 s.
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!check()) throw new Error('timed out waiting');
}
