// `approve-run policy suggest [--since DUR] [--min-approvals N]` (SPEC §14): reads the audit
// log and prints proposed rules as YAML for review. It never edits the policy.
import type { Context } from '../context.js';
import { auditError, usageError } from '../errors.js';
import { parseDuration } from '../policy/duration.js';
import { loadPolicyFile } from '../policy/load.js';
import { trustedPolicy } from '../policy/trusted.js';
import { locateAuditDb, openLogForReading, refuseCallerChoices, type AuditFileFlags } from './audit-target.js';

export interface PolicySuggestOptions extends AuditFileFlags {
  since: string;
  minApprovals: string;
}

/** Prints the proposals; resolves to 0. */
export async function runPolicySuggest(options: PolicySuggestOptions, ctx: Context): Promise<number> {
  refuseCallerChoices(ctx, options);
  if (!/^[1-9][0-9]{0,5}$/.test(options.minApprovals)) throw usageError(`--min-approvals: expected a positive whole number, got ${JSON.stringify(options.minApprovals)}`);
  let sinceS: number;
  try {
    sinceS = parseDuration(options.since);
  } catch (error) {
    throw usageError(`--since: ${(error as Error).message}`);
  }
  const policy = trustedPolicy(ctx, options.policy, loadPolicyFile);
  const { path } = locateAuditDb(ctx, options);
  const { suggest } = await import('../report/suggest.js');
  const reader = openLogForReading(path);
  try {
    const entries = (function* () {
      for (const [, leaf] of reader.leaves()) {
        const entry: unknown = JSON.parse(leaf);
        if (entry !== null && typeof entry === 'object') yield entry as Record<string, unknown>;
      }
    })();
    ctx.stdout.write(await suggest(policy, entries, ctx.clock.now().getTime() - sinceS * 1000, Number(options.minApprovals), ctx.paths));
    return 0;
  } catch (error) {
    throw auditError(`cannot read audit log ${path}: ${(error as Error).message}`, error);
  } finally {
    reader.close();
  }
}
