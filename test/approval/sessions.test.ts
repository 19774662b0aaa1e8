// Sessions (SPEC §5.3): reuse of an identical request inside the window, expiry, what is not
// covered, approve-once, and revocation reaching a running supervisor.
import { afterAll, describe, expect, test } from 'vitest';
import { obtainApproval } from '../../src/approval/flow.js';
import { type RequestFields } from '../../src/approval/request/request.js';
import { revokeSession } from '../../src/approval/session/revoke.js';
import { liveSupervisors, stopRevocationWatch, watchRevocation } from '../../src/approval/session/revocation.js';
import { allSessions, ensureApprovalTables } from '../../src/approval/session/sessions.js';
import type { AuditLog } from '../../src/audit/types.js';
import type { Context } from '../../src/context.js';
import { runSessionList, runSessionRevoke } from '../../src/commands/session.js';
import { captureContext } from '../helpers/context.js';
import { json, serve, type TestServer } from './server.js';
import { approvalInput, auditLog, context, decisionEntries, entries, policy, request, signed } from './world.js';

let server: TestServer;
const hooked: string[] = [];
afterAll(async () => server?.close());

// An approver that approves everything as alice, recording each request id it was asked about.
async function approving(): Promise<TestServer> {
  server ??= await serve((_q, res, body) => {
    const { request: req } = JSON.parse(body) as { request: Parameters<typeof signed>[0] };
    hooked.push(req.id);
    json(res, 200, { decisions: [signed(req, 'alice', 'approve', { decided_at: req.created_at })] });
  });
  return server;
}

// A context whose clock runs `offsetMs` ahead of real time.
function later(offsetMs: number): Context {
  const ctx = context();
  return { ...ctx, clock: { now: () => new Date(Date.now() + offsetMs), monotonicMs: () => performance.now() } };
}

// Asks for approval of a request built with `over`, at clock offset `offsetMs`.
async function ask(audit: AuditLog, over: Partial<RequestFields> = {}, offsetMs = 0, p = policy({})) {
  const s = await approving();
  const pol = { ...p, channels: { ...p.channels, webhook: { url: s.url, secret_env: null, secret_file: null, timeout_s: 1 } } };
  const ctx = later(offsetMs);
  const req = request(over, 5, ctx.clock.now());
  const asked = hooked.length;
  const result = await obtainApproval(approvalInput(pol, req, audit, ctx, ['webhook']));
  return { result, req, askedApprover: hooked.length > asked };
}

describe('session reuse', () => {
  test('an identical request inside the window reuses the session and is logged with its id', async () => {
    const audit = auditLog();
    const first = await ask(audit);
    expect(first.result).toMatchObject({ outcome: 'approved', sessionExpiresAt: expect.any(Date) });
    const second = await ask(audit, {}, 60_000);
    expect(second.askedApprover).toBe(false);
    const sessionId = first.result.outcome === 'approved' ? first.result.sessionId : '';
    expect(second.result).toMatchObject({ outcome: 'session', sessionId, approvers: ['alice'] });
    const out = decisionEntries(audit, 'outcome').at(-1);
    expect(out).toMatchObject({ outcome: 'session', session_id: sessionId, request_id: second.req.id });
    const open = entries(audit).filter((e) => e.type === 'session_open');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ session_id: sessionId, once: false, binding: { argv: ['systemctl', 'restart', 'nginx.service'], cwd: '/srv/app' } });
  });

  test('after the session expires, the approver is asked again', async () => {
    const audit = auditLog();
    await ask(audit, { session_ttl_s: 60 });
    const after = await ask(audit, { session_ttl_s: 60 }, 61_000);
    expect(after.askedApprover).toBe(true);
    expect(after.result.outcome).toBe('approved');
  });

  test.each<[string, Partial<RequestFields>]>([
    ['another cwd', { cwd: '/srv/other' }],
    ['another argument', { argv: ['systemctl', 'restart', 'apache2.service'] }],
    ['one more argument', { argv: ['systemctl', 'restart', 'nginx.service', '--now'] }],
    ['another executable', { executable: '/tmp/systemctl' }],
    ['another run_as', { run_as: 'www-data' }],
    ['another requester', { requester: { user: 'ci', uid: 1002 } }],
    ['the same words as a shell line', { shell: 'systemctl restart nginx.service', executable: null }],
  ])('%s is not covered', async (_name, over) => {
    const audit = auditLog();
    await ask(audit);
    const other = await ask(audit, over, 1000);
    expect(other.askedApprover).toBe(true);
    expect(other.result.outcome).toBe('approved');
  });

  test('without a session_ttl the approval covers this run only', async () => {
    const audit = auditLog();
    const first = await ask(audit, { session_ttl_s: null });
    expect(first.result).toMatchObject({ outcome: 'approved', sessionExpiresAt: null });
    expect(allSessions(audit)[0]).toMatchObject({ once: true });
    const again = await ask(audit, { session_ttl_s: null }, 1000);
    expect(again.askedApprover).toBe(true);
  });

  test('a shorter session_ttl in the policy today shortens an older session', async () => {
    const audit = auditLog();
    await ask(audit, { session_ttl_s: 900 });
    expect((await ask(audit, { session_ttl_s: 60 }, 30_000)).result.outcome).toBe('session');
    expect((await ask(audit, { session_ttl_s: 60 }, 90_000)).askedApprover).toBe(true);
  });

  test('a higher quorum today is not met by an older session', async () => {
    const audit = auditLog();
    await ask(audit);
    const stricter = await ask(audit, { quorum: 2 }, 1000);
    expect(stricter.askedApprover).toBe(true);
  });

  test('an approver removed from the rule no longer carries the session', async () => {
    const audit = auditLog();
    await ask(audit);
    const moved = await ask(audit, { approvers: ['bob'] }, 1000);
    expect(moved.askedApprover).toBe(true);
  });

  test('a revoked session is never reused, and revoking is logged once', async () => {
    const audit = auditLog();
    const first = await ask(audit);
    const id = first.result.outcome === 'approved' ? first.result.sessionId : '';
    expect(revokeSession(audit, id, { user: 'root', uid: 0 }, new Date())).toMatchObject({ already: false });
    expect(revokeSession(audit, id, { user: 'root', uid: 0 }, new Date())).toMatchObject({ already: true });
    expect(revokeSession(audit, 'ses_NOPE', { user: 'root', uid: 0 }, new Date())).toBeNull();
    expect(entries(audit).filter((e) => e.type === 'session_revoke')).toEqual([expect.objectContaining({ session_id: id, revoked_by: { user: 'root', uid: 0 } })]);
    expect((await ask(audit, {}, 1000)).askedApprover).toBe(true);
  });
});

describe('revocation reaches a running supervisor', () => {
  test('session revoke aborts the watch signal at once (SIGUSR2 nudge)', async () => {
    const audit = auditLog();
    const first = await ask(audit);
    const id = first.result.outcome === 'approved' ? first.result.sessionId : '';
    const signal = watchRevocation(audit, id);
    expect(signal.aborted).toBe(false);
    expect(liveSupervisors(audit, id)).toEqual([process.pid]);
    const aborted = new Promise<number>((resolve) => signal.addEventListener('abort', () => resolve(performance.now())));
    const t0 = performance.now();
    const result = revokeSession(audit, id, { user: 'root', uid: 0 }, new Date());
    expect(result?.signalled).toEqual([process.pid]);
    expect((await aborted) - t0).toBeLessThan(900);
    expect((signal.reason as Error).message).toBe(`session ${id} was revoked`);
    stopRevocationWatch(signal);
  });

  test('without a nudge the periodic re-read still ends the run', async () => {
    const audit = auditLog();
    const first = await ask(audit);
    const id = first.result.outcome === 'approved' ? first.result.sessionId : '';
    const signal = watchRevocation(audit, id);
    audit.db.prepare('UPDATE sessions SET revoked_at = ? WHERE id = ?').run(new Date().toISOString(), id);
    await new Promise((resolve) => signal.addEventListener('abort', resolve));
    expect(signal.aborted).toBe(true);
    stopRevocationWatch(signal);
  });

  test('a run registered after the revocation is aborted immediately', async () => {
    const audit = auditLog();
    const first = await ask(audit);
    const id = first.result.outcome === 'approved' ? first.result.sessionId : '';
    revokeSession(audit, id, { user: 'root', uid: 0 }, new Date());
    const signal = watchRevocation(audit, id);
    expect(signal.aborted).toBe(true);
    stopRevocationWatch(signal);
  });

  test('a stale supervisor row (pid reused or gone) is never signalled', () => {
    const audit = auditLog();
    ensureApprovalTables(audit);
    audit.db.exec("INSERT INTO sessions VALUES ('ses_X','h','{}','[]','req','[]',0,'2020-01-01T00:00:00.000Z','2999-01-01T00:00:00.000Z',NULL)");
    audit.db.prepare('INSERT INTO session_runs VALUES (?, ?, ?, ?)').run('ses_X', process.pid, '1', '2020-01-01T00:00:00.000Z');
    audit.db.prepare('INSERT INTO session_runs VALUES (?, ?, ?, ?)').run('ses_X', 999_999_999, '1', '2020-01-01T00:00:00.000Z');
    expect(liveSupervisors(audit, 'ses_X')).toEqual([]);
    expect(revokeSession(audit, 'ses_X', { user: 'root', uid: 0 }, new Date())?.signalled).toEqual([]);
  });
});

describe('session list and revoke show a requester only their own sessions (SPEC §11)', () => {
  // Two approved sessions in one log: deploy's (uid 1001) and mallory's (uid 1002).
  async function twoRequesters() {
    const audit = auditLog();
    const mine = await ask(audit);
    const theirs = await ask(audit, { requester: { user: 'mallory', uid: 1002 }, argv: ['systemctl', 'stop', 'nginx.service'] });
    const id = (r: typeof mine) => (r.result.outcome === 'approved' ? r.result.sessionId : '');
    return { audit, mine: id(mine), theirs: id(theirs) };
  }

  // A captured context for `uid`: euid 0 and privileged for sudo, else that user's own euid.
  function as(uid: number, privileged: boolean) {
    const captured = captureContext();
    captured.ctx.identity = { privileged, euid: privileged ? 0 : uid, requester: { user: uid === 0 ? 'root' : 'deploy', uid, gid: uid, groups: [] }, home: '/nonexistent' };
    return captured;
  }

  test('a non-root requester lists and revokes their own only; another\'s session is answered as a missing one', async () => {
    const { audit, mine, theirs } = await twoRequesters();
    const deploy = as(1001, false);
    expect(await runSessionList({ json: true, all: true, auditDb: audit.path }, deploy.ctx)).toBe(0);
    expect((JSON.parse(deploy.out()) as Array<{ id: string }>).map((s) => s.id)).toEqual([mine]);
    const refused = await runSessionRevoke({ id: theirs, auditDb: audit.path }, deploy.ctx).catch((error: unknown) => error);
    expect((refused as Error).message).toBe(`no session ${theirs} of yours in audit log ${audit.path}`);
    const missing = await runSessionRevoke({ id: 'ses_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z', auditDb: audit.path }, deploy.ctx).catch((error: unknown) => error);
    expect((missing as Error).message.replace('ses_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z', theirs)).toBe((refused as Error).message);
    expect(allSessions(audit).find((s) => s.id === theirs)?.revoked_at).toBeNull();
    expect(await runSessionRevoke({ id: mine, auditDb: audit.path }, deploy.ctx)).toBe(0);
    expect(allSessions(audit).find((s) => s.id === mine)?.revoked_at).not.toBeNull();
  });

  test('root itself (not under sudo) lists and revokes any', async () => {
    const { audit, mine, theirs } = await twoRequesters();
    const root = as(0, false);
    expect(await runSessionList({ json: true, all: true, auditDb: audit.path }, root.ctx)).toBe(0);
    expect((JSON.parse(root.out()) as Array<{ id: string }>).map((s) => s.id).sort()).toEqual([mine, theirs].sort());
    expect(await runSessionRevoke({ id: theirs, auditDb: audit.path }, root.ctx)).toBe(0);
  });
});
