// Where the policy and the audit log live (SPEC §3).
// Invariants:
//   1. In privileged mode the caller cannot choose either file: --policy, --audit-db,
//      $APPROVE_RUN_POLICY and $APPROVE_RUN_AUDIT_DB are refused (the variables if set at all,
//      even empty), before anything is read.
//   2. In privileged mode no environment variable takes part in choosing a path (no XDG_*).
//   3. Every returned path is absolute; relative choices are resolved against the caller's cwd.
import { isAbsolute, join, resolve } from 'node:path';
import type { Context } from '../context.js';
import { privilegedRefusal } from '../errors.js';
import type { Settings } from '../policy/types.js';

export const SYSTEM_POLICY_PATH = '/etc/approve-run/policy.yaml';
export const SYSTEM_AUDIT_DB_PATH = '/var/lib/approve-run/audit.db';

/** The caller's own choices of files, from flags; the variables are read from ctx.env. */
export interface FileOverrides {
  policy?: string | undefined;
  auditDb?: string | undefined;
}

/** Throws a usage error (exit 125) if a privileged caller tries to pick its own policy or log. */
export function refusePrivilegedOverrides(ctx: Pick<Context, 'identity' | 'env'>, flags: FileOverrides): void {
  if (!ctx.identity.privileged) return;
  const refused = (what: string) =>
    privilegedRefusal(`${what} is refused in privileged mode: the policy and the audit log are fixed by the administrator`);
  if (flags.policy !== undefined) throw refused('--policy');
  if (flags.auditDb !== undefined) throw refused('--audit-db');
  if (ctx.env.APPROVE_RUN_POLICY !== undefined) throw refused('$APPROVE_RUN_POLICY');
  if (ctx.env.APPROVE_RUN_AUDIT_DB !== undefined) throw refused('$APPROVE_RUN_AUDIT_DB');
}

// A non-empty variable's value; an empty one counts as unset, as XDG does.
function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** The policy file to use: --policy, $APPROVE_RUN_POLICY, /etc/approve-run/policy.yaml. */
export function resolvePolicyPath(ctx: Pick<Context, 'identity' | 'env' | 'cwd'>, flag: string | undefined): string {
  refusePrivilegedOverrides(ctx, { policy: flag });
  if (ctx.identity.privileged) return SYSTEM_POLICY_PATH;
  const chosen = flag ?? nonEmpty(ctx.env.APPROVE_RUN_POLICY);
  return chosen === undefined ? SYSTEM_POLICY_PATH : resolve(ctx.cwd, chosen);
}

/** The audit database: --audit-db, $APPROVE_RUN_AUDIT_DB, settings.audit.db, then the default. */
export function resolveAuditDbPath(
  ctx: Pick<Context, 'identity' | 'env' | 'cwd'>,
  flag: string | undefined,
  settings: Settings | null,
): string {
  refusePrivilegedOverrides(ctx, { auditDb: flag });
  const chosen = ctx.identity.privileged ? undefined : (flag ?? nonEmpty(ctx.env.APPROVE_RUN_AUDIT_DB));
  if (chosen !== undefined) return resolve(ctx.cwd, chosen);
  const configured = settings?.audit.db ?? null;
  if (configured !== null) return resolve('/', configured);
  return defaultAuditDbPath(ctx);
}

/** /var/lib/approve-run/audit.db for root, else $XDG_STATE_HOME/approve-run/audit.db. */
export function defaultAuditDbPath(ctx: Pick<Context, 'identity' | 'env'>): string {
  if (ctx.identity.euid === 0) return SYSTEM_AUDIT_DB_PATH;
  return join(userStateHome(ctx), 'approve-run', 'audit.db');
}

// $XDG_STATE_HOME when absolute (the XDG spec ignores relative values), else ~/.local/state.
function userStateHome(ctx: Pick<Context, 'identity' | 'env'>): string {
  const xdg = ctx.identity.privileged ? undefined : nonEmpty(ctx.env.XDG_STATE_HOME);
  return xdg !== undefined && isAbsolute(xdg) ? xdg : join(ctx.identity.home, '.local', 'state');
}
