// What every `audit ...` command needs first: refusing caller-chosen files in privileged mode,
// the policy's settings where they matter, and the audit database's path (SPEC §3).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { LogMissingError, openAuditReader, type AuditReader } from '../audit/read.js';
import { refusePrivilegedOverrides, resolveAuditDbPath, resolvePolicyPath } from '../config/locations.js';
import type { Context } from '../context.js';
import { auditError, usageError } from '../errors.js';
import { readNamedFile } from '../files/input-file.js';
import { loadPolicyFile } from '../policy/load.js';
import { trustedPolicy } from '../policy/trusted.js';
import type { Settings } from '../policy/types.js';

/** Flags shared by the audit commands. */
export interface AuditFileFlags {
  auditDb?: string;
  policy?: string;
}

/**
 * In privileged mode the caller may not choose the policy or the log (SPEC §3): each such flag
 * or variable is refused (exit 125). (Files named with -o are written with the caller's own
 * rights instead: src/files/output-file.ts.)
 */
export function refuseCallerChoices(ctx: Context, flags: AuditFileFlags): void {
  refusePrivilegedOverrides(ctx, flags);
}

/**
 * The policy's settings: from -p or $APPROVE_RUN_POLICY (which must load), else from the
 * default policy when it exists. `required` makes a missing default policy an error too.
 * The file goes through the same trust checks as for a run.
 */
export function loadAuditSettings(ctx: Context, flags: AuditFileFlags, required: boolean): Settings | null {
  const explicit = flags.policy !== undefined || (ctx.env.APPROVE_RUN_POLICY ?? '') !== '';
  const file = resolvePolicyPath(ctx, flags.policy);
  if (!explicit && !required && !existsSync(file)) return null;
  return trustedPolicy(ctx, flags.policy, loadPolicyFile).settings;
}

/**
 * Settings (only when they can matter for the log's location, or when -p is given) and the
 * database path: --audit-db, $APPROVE_RUN_AUDIT_DB, settings.audit.db, the default.
 */
export function locateAuditDb(ctx: Context, flags: AuditFileFlags): { path: string; settings: Settings | null } {
  const dbChosen = flags.auditDb !== undefined || (ctx.env.APPROVE_RUN_AUDIT_DB ?? '') !== '';
  const settings = dbChosen && flags.policy === undefined ? null : loadAuditSettings(ctx, flags, false);
  return { path: resolveAuditDbPath(ctx, flags.auditDb, settings), settings };
}

/** Larger files named with --key, --trusted or --previous are refused. */
const MAX_NAMED_BYTES = 64 * 1024;

/** A file named on the command line (`flag`), read with the invoker's rights (SPEC §11). */
export function readNamed(ctx: Context, flag: string, path: string): string {
  return readNamedFile({ path: resolve(ctx.cwd, path), what: flag, limit: MAX_NAMED_BYTES, fail: usageError }, ctx.identity).toString('utf8');
}

/** Opens the log for reading; a missing log is an audit error (exit 125) naming it. */
export function openLogForReading(path: string): AuditReader {
  try {
    return openAuditReader(path);
  } catch (error) {
    if (error instanceof LogMissingError) throw auditError(error.message, error);
    throw error;
  }
}
