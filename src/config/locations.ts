// STUB: where the policy and the audit log live (SPEC §3).
import type { Context } from '../context.js';
import type { Settings } from '../policy/types.js';

/** The policy file to use: --policy, $APPROVE_RUN_POLICY, /etc/approve-run/policy.yaml. */
export function resolvePolicyPath(ctx: Context, flag: string | undefined): string {
  return flag ?? ctx.env.APPROVE_RUN_POLICY ?? '/etc/approve-run/policy.yaml';
}

/** The audit database: --audit-db, $APPROVE_RUN_AUDIT_DB, settings.audit.db, then the default. */
export function resolveAuditDbPath(ctx: Context, flag: string | undefined, settings: Settings | null): string {
  return flag ?? ctx.env.APPROVE_RUN_AUDIT_DB ?? settings?.audit.db ?? `${ctx.identity.home}/.local/state/approve-run/audit.db`;
}
