// Shared setup for the webhook tests: a scripted approver per case, one obtainApproval call
// against it with a real audit log, and readers for the decision entries it leaves.
import { afterAll } from 'vitest';
import { obtainApproval, type ApprovalResult } from '../../src/approval/flow.js';
import type { ApprovalRequest } from '../../src/approval/request/request.js';
import type { AuditLog } from '../../src/audit/types.js';
import { serve, json, type Handler, type TestServer } from './server.js';
import { approvalInput, auditLog, context, decisionEntries, policy, request } from './world.js';

const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

// Starts a scripted approver that is closed after the file.
export async function approver(handler: Handler): Promise<TestServer> {
  const s = await serve(handler);
  servers.push(s);
  return s;
}

export interface Run {
  result: ApprovalResult;
  audit: AuditLog;
  req: ApprovalRequest;
  server: TestServer;
  stderr: string;
}

// Asks `url`'s approver about a fresh request; `script` builds the handler for that request.
export async function ask(
  script: (req: ApprovalRequest) => Handler,
  opts: { quorum?: number; approvers?: string[]; timeoutS?: number; callTimeoutS?: number; secret?: string | null; url?: (s: TestServer) => string } = {},
): Promise<Run> {
  const req = request({ quorum: opts.quorum ?? 1, approvers: opts.approvers ?? ['alice', 'bob'] }, opts.timeoutS ?? 2);
  const server = await approver(script(req));
  const secret = opts.secret === undefined ? 's3cret' : opts.secret;
  const p = policy({ webhook: { url: opts.url ? opts.url(server) : server.url, secret_env: secret === null ? null : 'HOOK_SECRET', secret_file: null, timeout_s: opts.callTimeoutS ?? 1 } });
  const ctx = context(secret === null ? {} : { HOOK_SECRET: secret });
  const audit = auditLog();
  const result = await obtainApproval(approvalInput(p, req, audit, ctx, ['webhook']));
  return { result, audit, req, server, stderr: ctx.errText() };
}

// The outcome entry's message, and the reasons of refused decisions.
export const outcomeOf = (audit: AuditLog) => decisionEntries(audit, 'outcome')[0] as { outcome: string; message: string | null };
export const refusedReasons = (audit: AuditLog) => decisionEntries(audit, 'received').filter((e) => e.accepted === false).map((e) => e.message);

// Answers every POST with 200 and `decisions(req)`.
export const answer = (decisions: (req: ApprovalRequest) => unknown[]) => (req: ApprovalRequest): Handler => (_q, res) => json(res, 200, { decisions: decisions(req) });
