// `approve-run policy test FILE [--policy P]` (SPEC §4.6): judges each case in FILE with the
// real decision function, prints one line per failing case and a summary.
// Exit 0 when all pass; 1 when any fails or FILE is malformed; 125 when a file cannot be read
// or the policy is invalid.
import { resolve } from 'node:path';
import type { Context } from '../context.js';
import { refusePrivilegedOverrides, resolvePolicyPath } from '../config/locations.js';
import { caseEnvironment } from '../policy/case-environment.js';
import { loadPolicyFile } from '../policy/load.js';
import { formatProblem } from '../policy/problems.js';
import { readPolicyBytes as readTrustedBytes } from '../config/trust.js';
import { readPolicyBytes } from '../policy/read-file.js';
import { runPolicyCases, summaryLine } from '../policy/run-cases.js';
import { validateCasesBytes } from '../policy/test-cases.js';

export interface PolicyTestOptions {
  /** The test-case file. */
  file: string;
  /** Policy to test; default: the SPEC §3 policy location. */
  policy: string | undefined;
}

/** Runs a test-case file against a policy; resolves to the exit code. */
export async function runPolicyTest(options: PolicyTestOptions, ctx: Context): Promise<number> {
  // Under sudo a chosen policy is refused before anything is read (SPEC §3).
  refusePrivilegedOverrides(ctx, { policy: options.policy });
  // FILE is read with the invoker's rights in privileged mode (SPEC §11), and so are the
  // paths its cases name.
  const parsed = validateCasesBytes(options.file, readPolicyBytes(resolve(ctx.cwd, options.file), ctx.identity, 'test-case file'));
  if ('problems' in parsed) {
    for (const problem of parsed.problems) ctx.stdout.write(`${formatProblem(problem)}\n`);
    return 1;
  }
  const policyPath = resolvePolicyPath(ctx, options.policy);
  const policyBytes = ctx.identity.privileged ? readTrustedBytes(policyPath, ctx.identity) : readPolicyBytes(policyPath, ctx.identity);
  const policy = loadPolicyFile(options.policy ?? policyPath, policyBytes);
  const results = await runPolicyCases(policy, parsed.cases, caseEnvironment(ctx, true));
  for (const failure of results.failures) ctx.stdout.write(`${failure.line}\n`);
  ctx.stdout.write(`${summaryLine(results)}\n`);
  return results.failures.length === 0 ? 0 : 1;
}
