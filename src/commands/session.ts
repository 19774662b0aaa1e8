// `approve-run session list [--json] [--all]` and `approve-run session revoke <id>` (SPEC §5.3):
// sessions live in the audit database, so both take --audit-db and -p like `audit ...`.
// A requester lists and revokes their own sessions only; root itself (not under sudo) sees and
// revokes any (SPEC §11). Another requester's session is answered as a missing one.
import { existsSync } from 'node:fs';
import { openAuditLog } from '../audit/log.js';
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import { locateAuditDb, refuseCallerChoices, type AuditFileFlags } from './audit-target.js';

export interface SessionListOptions extends AuditFileFlags {
  json: boolean;
  /** Also expired, revoked and single-run sessions. */
  all: boolean;
}

export interface SessionRevokeOptions extends AuditFileFlags {
  id: string;
}

const SESSION_ID = /^ses_[0-9A-HJKMNP-TV-Z]{26}$/;

// The requester whose sessions alone this caller may see and revoke; null for root itself.
function onlyOf(ctx: Context): number | null {
  return ctx.identity.privileged || ctx.identity.euid !== 0 ? ctx.identity.requester.uid : null;
}

/** Lists sessions: by default the usable ones and any with a command still running. */
export async function runSessionList(options: SessionListOptions, ctx: Context): Promise<number> {
  refuseCallerChoices(ctx, options);
  const { path } = locateAuditDb(ctx, options);
  const { readSessions, sessionTable } = await import('../approval/session/session-view.js');
  const now = ctx.clock.now();
  const owner = onlyOf(ctx);
  const views = readSessions(path, now)
    .filter((v) => owner === null || v.requester.uid === owner)
    .filter((v) => options.all || v.status === 'active' || v.running_pids.length > 0);
  ctx.stdout.write(options.json ? `${JSON.stringify(views)}\n` : sessionTable(views, now));
  return 0;
}

/** Revokes one session and stops the commands running under it. */
export async function runSessionRevoke(options: SessionRevokeOptions, ctx: Context): Promise<number> {
  refuseCallerChoices(ctx, options);
  if (!SESSION_ID.test(options.id)) throw usageError(`not a session id: ${JSON.stringify(options.id).slice(0, 80)} (expected ses_ and 26 characters)`);
  const { path, settings } = locateAuditDb(ctx, options);
  if (!existsSync(path)) throw usageError(`no session ${options.id}: audit log ${path} does not exist`);
  const { revokeSession } = await import('../approval/session/revoke.js');
  const { commandText } = await import('../approval/session/session-view.js');
  const log = openAuditLog(path, { redact: settings?.redact ?? [], privileged: ctx.identity.privileged });
  try {
    const { user, uid } = ctx.identity.requester;
    const result = revokeSession(log, options.id, { user, uid }, ctx.clock.now(), onlyOf(ctx));
    if (result === null) throw usageError(`no session ${options.id} of yours in audit log ${path}`);
    const what = commandText(result.session.binding);
    if (result.already) {
      ctx.stdout.write(`session ${options.id} was already revoked at ${result.session.revoked_at ?? '?'} (${what})\n`);
      return 0;
    }
    const n = result.signalled.length;
    // Only a live supervisor can have a command running: confined runs end with their
    // approve-run (SPEC §9), so with none alive there is nothing to stop, and none is claimed.
    const running = n > 0 ? `stopping ${n} running command${n === 1 ? '' : 's'}` : 'no run under it was still going, so none was stopped';
    ctx.stdout.write(`revoked ${options.id} (${what}); ${running}\n`);
    return 0;
  } finally {
    log.close();
  }
}
