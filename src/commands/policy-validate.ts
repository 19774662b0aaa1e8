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
import { formatProblem, formatWarning, type Locator, type Problem } from '../policy/problems.js';
import type { Policy } from '../policy/types.js';
import { readPolicyBytes as readTrustedBytes } from '../config/trust.js';
import { readPolicyBytes } from '../policy/read-file.js';
import { reachFindings } from '../policy/reach-lint.js';
import { runPolicyCases, summaryLine } from '../policy/run-cases.js';
import { count } from '../count.js';

export interface PolicyValidateOptions {
  /** Policy file; default: the SPEC §3 policy location. */
  file: string | undefined;
}

// Passkeys whose COSE key is unusable (algorithm, curve, point), at the key's line and column.
async function passkeyProblems(policy: Policy, locate: Locator, file: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const approver of Object.values(policy.approvers)) {
    if (approver.webauthn === null) continue;
    const { coseKeyProblem } = await import('../approval/decision/webauthn-key.js');
    const problem = await coseKeyProblem(approver.webauthn.public_key);
    if (problem !== null) problems.push({ file, ...locate(['approvers', approver.id, 'webauthn', 'public_key'], false), message: `approvers.${approver.id}.webauthn: ${problem}` });
  }
  return problems;
}


/** Validates, lints and tests a policy file; resolves to the exit code. */
export async function runPolicyValidate(options: PolicyValidateOptions, ctx: Context): Promise<number> {
  // An explicit FILE is only read, never used to run anything, so it is fine in privileged
  // mode, read with the invoker's rights (SPEC §11); the default policy with the trust checks.
  const named = options.file !== undefined;
  const path = options.file === undefined ? resolvePolicyPath(ctx, undefined) : resolve(ctx.cwd, options.file);
  const file = options.file ?? path;
  const bytes = named || !ctx.identity.privileged ? readPolicyBytes(path, ctx.identity) : readTrustedBytes(path, ctx.identity);
  const result = validatePolicyBytes(file, bytes);
  if ('problems' in result) {
    for (const problem of result.problems) ctx.stdout.write(`${formatProblem(problem)}\n`);
    return 1;
  }
  const { policy, locate } = result;
  const reach = reachFindings(policy, locate, file);
  reach.errors.push(...(await passkeyProblems(policy, locate, file)));
  for (const problem of reach.errors) ctx.stdout.write(`${formatProblem(problem)}\n`);
  for (const warning of [...lintPolicy(policy, locate, file), ...reach.warnings]) ctx.stdout.write(`${formatWarning(warning)}\n`);
  const syslog = checkpointSyslogWarning(policy.settings.audit.checkpoint_key);
  if (syslog !== null) ctx.stdout.write(`${file}: warning: ${syslog}\n`);
  if (reach.errors.length > 0) return 1;
  const results = await runPolicyCases(policy, policy.tests, caseEnvironment(ctx, named));
  for (const failure of results.failures) ctx.stdout.write(`${failure.line}\n`);
  if (results.failures.length > 0) {
    ctx.stdout.write(`${file}: tests: ${summaryLine(results)}\n`);
    return 1;
  }
  const approvers = Object.keys(policy.approvers).length;
  ctx.stdout.write(`${file}: valid (${count(policy.rules.length, 'rule')}, ${count(approvers, 'approver')}, ${count(results.passed, 'test')} passed)\n`);
  return 0;
}
