// A small world for approval tests: a policy with approvers and their keys, requests, signed
// decisions, a real SQLite audit log in a temp dir, and a context with a captured stderr.
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { join } from 'node:path';
import { openAuditLog } from '../../src/audit/log.js';
import type { AuditLog } from '../../src/audit/types.js';
import { canonicalBytes } from '../../src/crypto/jcs.js';
import type { Context } from '../../src/context.js';
import type { Evaluation } from '../../src/decide/types.js';
import type { ApprovalInput } from '../../src/approval/flow.js';
import { bindingHash, buildRequest, type ApprovalRequest, type RequestFields } from '../../src/approval/request/request.js';
import { randomBytes } from 'node:crypto';
import type { Approver, Channels, Policy } from '../../src/policy/types.js';
import { DEFAULT_ENV_KEEP, DEFAULT_SECURE_PATH } from '../../src/policy/types.js';
import { tempDir } from '../helpers/tmp.js';

export interface KeyPair {
  privateKey: KeyObject;
  /** `ed25519:<base64 raw>` as written in a policy. */
  text: string;
}

/** A fresh Ed25519 key pair. */
export function keyPair(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x as string, 'base64url');
  return { privateKey, text: `ed25519:${raw.toString('base64')}` };
}

export const keys = { alice: keyPair(), bob: keyPair(), carol: keyPair(), mallory: keyPair() };

/** Approvers alice, bob, carol (with keys) and `deploy-self`, whose user is the requester. */
export function approvers(): Record<string, Approver> {
  const a = (id: string, users: string[], key: string, totp: string | null = null): Approver => ({ id, name: null, users, key, webauthn: null, totp });
  return {
    alice: a('alice', ['alice'], keys.alice.text),
    bob: a('bob', ['bob'], keys.bob.text),
    carol: a('carol', ['carol'], keys.carol.text),
    selfie: a('selfie', ['deploy'], keys.mallory.text),
  };
}

/** A normalised policy with one approve rule `restart-web` and the given channels. */
export function policy(channels: Partial<Channels>, extra: Partial<Policy> = {}): Policy {
  return {
    version: 1,
    settings: {
      default: 'deny', approval_timeout_s: 2, max_runtime_s: 60, kill_grace_s: 1, require_reason: false,
      secure_path: DEFAULT_SECURE_PATH, env_keep: DEFAULT_ENV_KEEP, redact: [], audit: { db: null, checkpoint_key: null, checkpoint_interval: 1, witness: null }, confine: 'required',
    },
    approvers: approvers(),
    groups: { sre: ['alice', 'bob'] },
    channels: { webhook: null, terminal: null, ...channels },
    rules: [{
      id: 'restart-web', description: null, match: { command: ['systemctl'], args: null, options: [] }, when: null,
      decision: 'approve', approvers: ['group:sre'], quorum: 1, channel: null, session_ttl_s: 900, max_runtime_s: 120,
      risk: 'high', message: null, run_as: null, confine: null,
    }],
    tests: [],
    file: '/etc/approve-run/policy.yaml',
    digest: 'sha256:00',
    ...extra,
  };
}

/** Request fields for `systemctl restart nginx.service` by `deploy`. */
export function fields(over: Partial<RequestFields> = {}): RequestFields {
  return {
    argv: ['systemctl', 'restart', 'nginx.service'], shell: null, executable: '/usr/bin/systemctl', cwd: '/srv/app',
    run_as: 'root', requester: { user: 'deploy', uid: 1001 }, actor: 'agent:test', host: 'web-1', reason: 'apply config',
    rule_ids: ['restart-web'], risk: 'high', approvers: ['alice', 'bob'], quorum: 1, session_ttl_s: 900, max_runtime_s: 120,
    confine: { filesystem: 'read-write', writable: [], network: 'host', terminal: 'none' },
    digests: { executable: `sha256:${'ab'.repeat(32)}`, script: null },
    ...over,
  };
}

/** A request created now, expiring after `timeoutS`. */
export function request(over: Partial<RequestFields> = {}, timeoutS = 2, now = new Date()): ApprovalRequest {
  return buildRequest(fields(over), now, timeoutS, randomBytes);
}

/** A decision on `req` signed with `key` (default: the approver's own), after `patch`. */
export function signed(
  req: ApprovalRequest,
  approver: string,
  decision: 'approve' | 'deny' = 'approve',
  patch: Record<string, unknown> = {},
  key: KeyObject = keys[approver as keyof typeof keys]?.privateKey ?? keys.mallory.privateKey,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    request_id: req.id, request_hash: bindingHash(req), decision, approver, reason: `${decision} by ${approver}`,
    decided_at: new Date().toISOString(), ...patch,
  };
  for (const [k, v] of Object.entries(body)) if (v === undefined) delete body[k];
  return { ...body, signature: `ed25519:${sign(null, canonicalBytes(body), key).toString('base64')}` };
}

/** A real audit log in a fresh temp dir. */
export function auditLog(): AuditLog {
  return openAuditLog(join(tempDir(), 'audit.db'), { redact: [], privileged: false });
}

/** Every entry of the log as parsed leaves. */
export function entries(audit: AuditLog): Array<Record<string, unknown>> {
  return (audit.db.prepare('SELECT leaf FROM entries ORDER BY seq').all() as Array<{ leaf: string }>).map((r) => JSON.parse(r.leaf) as Record<string, unknown>);
}

/** `decision` entries with the given event (`received` or `outcome`). */
export function decisionEntries(audit: AuditLog, event: string): Array<Record<string, unknown>> {
  return entries(audit).filter((e) => e.type === 'decision' && e.event === event);
}

export interface TestContext extends Context {
  errText(): string;
}

/** A real-clock context whose stderr is captured (not a TTY). */
export function context(env: Record<string, string> = {}, privileged = false): TestContext {
  let err = '';
  return {
    clock: { now: () => new Date(), monotonicMs: () => performance.now() },
    stdout: { write: () => {}, isTTY: false, color: false },
    stderr: { write: (t: string) => void (err += t), isTTY: false, color: false },
    env,
    cwd: '/srv/app',
    identity: { privileged, euid: privileged ? 0 : 1001, requester: { user: 'deploy', uid: 1001, gid: 1001, groups: ['deploy'] }, home: '/home/deploy' },
    paths: { realpath: (p) => p, isExecutableFile: () => true },
    hostname: 'web-1',
    randomBytes: (n) => randomBytes(n),
    errText: () => err,
  } as TestContext;
}

/** An evaluation that requires approval by `approvers` over `channel`. */
export function evaluation(req: ApprovalRequest, channel: Evaluation['channel']): Evaluation {
  return {
    decision: 'approve', rules: [{ id: 'restart-web', decision: 'approve' }], reasons: [], approvers: req.approvers, quorum: req.quorum,
    channel, session_ttl_s: req.session_ttl_s, max_runtime_s: req.max_runtime_s, max_runtime_rule: null, risk: req.risk, commands: [req.argv],
    executable: req.executable, decided_by: ['restart-web'], message: null, run_as: null, confine: req.confine,
  };
}

/** Everything obtainApproval needs, for one request. */
export function approvalInput(p: Policy, req: ApprovalRequest, audit: AuditLog, ctx: Context, channel: Evaluation['channel'], nonInteractive = false): ApprovalInput {
  return { policy: p, evaluation: evaluation(req, channel), request: req, requestHash: bindingHash(req), audit, ctx, nonInteractive };
}
