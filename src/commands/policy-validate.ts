// `approve-run policy validate [FILE]` (SPEC §2, §4.5, §4.6): prints one `file:line:col:
// message` line per problem, then lint warnings, then one line per failing inline test.
// Exit 0 valid (warnings allowed), 1 invalid or a test failed, 125 if the file cannot be read.
import { resolve } from 'node:path';
import { checkpointSyslogWarning } from '../audit/syslog.js';
import type { Context } from '../context.js';
import { resolvePolicyPath } from '../config/locations.js';
import { caseEnvironment } from '../policy/case-environment.js';
import { lintPolicy } from '../policy/lint.js';
import { validatePolicyBytes } from '../policy/load.js';
import { formatProblem, formatWarning } from '../policy/problems.js';
import { readPolicyBytes } from '../policy/read-file.js';
import { runPolicyCases, summaryLine } from '../policy/run-cases.js';

export interface PolicyValidateOptions {
  /** Policy file; default: the SPEC §3 policy location. */
  file: string | undefined;
}

// Counted noun: `1 rule`, `2 rules`.
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** Validates, lints and tests a policy file; resolves to the exit code. */
export async function runPolicyValidate(options: PolicyValidateOptions, ctx: Context): Promise<number> {
  // An explicit FILE is only read, never used to run anything, so it is fine in privileged mode.
  const path = options.file === undefined ? resolvePolicyPath(ctx, undefined) : resolve(ctx.cwd, options.file);
  const file = options.file ?? path;
  const result = validatePolicyBytes(file, readPolicyBytes(path));
  if ('problems' in result) {
    for (const problem of result.problems) ctx.stdout.write(`${formatProblem(problem)}\n`);
    return 1;
  }
  const { policy, locate } = result;
  for (const warning of lintPolicy(policy, locate, file)) ctx.stdout.write(`${formatWarning(warning)}\n`);
  const syslog = checkpointSyslogWarning(policy.settings.audit.checkpoint_key);
  if (syslog !== null) ctx.stdout.write(`${file}: warning: ${syslog}\n`);
  const results = await runPolicyCases(policy, policy.tests, caseEnvironment(ctx));
  for (const failure of results.failures) ctx.stdout.write(`${failure.line}\n`);
  if (results.failures.length > 0) {
    ctx.stdout.write(`${file}: tests: ${summaryLine(results)}\n`);
    return 1;
  }
  const approvers = Object.keys(policy.approvers).length;
  ctx.stdout.write(`${file}: valid (${count(policy.rules.length, 'rule')}, ${count(approvers, 'approver')}, ${count(results.passed, 'test')} passed)\n`);
  return 0;
}
