// Logging a privileged-mode refusal (SPEC §11): `--policy`, `--audit-db`, their variables and
// a refused subcommand under sudo end as a `refused` entry in the system log, when it can be
// opened.
// Invariants:
//   1. Only in privileged mode, and only into the system log: the one the root-owned system
//      policy names (settings.audit.db), else /var/lib/approve-run/audit.db. Nothing the caller
//      chose (flags, variables) takes part in finding it.
//   2. A log is never created for a refusal: when the system log does not exist, or cannot be
//      opened or written, the refusal stands as it was and nothing more is said.
//   3. The entry's argv goes through the log's redaction, like a request's argv.
import { existsSync } from 'node:fs';
import { openAuditLog } from '../audit/log.js';
import { resolveAuditDbPath } from '../config/locations.js';
import type { Context } from '../context.js';
import { loadPolicyFile } from '../policy/load.js';
import { trustedPolicy } from '../policy/trusted.js';
import type { Settings } from '../policy/types.js';

// The system policy's settings, or null when it cannot be loaded (invariant 1: no variable).
function systemSettings(ctx: Context): Settings | null {
  try {
    return trustedPolicy({ ...ctx, env: {} }, undefined, loadPolicyFile).settings;
  } catch {
    return null;
  }
}

/** Appends a `refused` entry for `argv` and `reason` to the system log (invariants 1-3); never throws. */
export function logRefusal(ctx: Context, argv: readonly string[], reason: string): void {
  if (!ctx.identity.privileged) return;
  try {
    const settings = systemSettings(ctx);
    const path = resolveAuditDbPath({ ...ctx, env: {} }, undefined, settings);
    if (!existsSync(path)) return;
    const log = openAuditLog(path, { redact: settings?.redact ?? [], privileged: true });
    try {
      const { user, uid } = ctx.identity.requester;
      const entry = log.prepare('refused', { requester: { user, uid }, argv: [...argv], reason });
      log.transaction(() => log.append('refused', entry));
    } finally {
      log.close();
    }
  } catch {
    // Invariant 2: the refusal is the answer; a log that cannot take it changes nothing.
  }
}
