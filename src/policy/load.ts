// Reads and validates a policy file (SPEC §4): YAML → plain data → zod schema → cross-checks →
// normalised `Policy`. Pure: the caller supplies the bytes. Every problem carries file, line
// and column; validation collects all of them rather than stopping at the first.
// Invariants (MUST hold):
//   1. A policy is returned only when there are zero problems; any problem means no policy.
//   2. Every pattern, regex, duration and time window in a returned policy has been compiled
//      or parsed once, with the same code the decision function uses.
//   3. Every approver or group a rule names exists, and every quorum can be met.
//   4. The digest covers the exact bytes read, so the audit log names what was enforced.
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { policyError } from '../errors.js';
import { MAX_POLICY_BYTES } from './limits.js';
import { crossCheck } from './cross-check.js';
import { issuesFromZod } from './issues.js';
import { normalisePolicy } from './normalise.js';
import { formatProblem, sortProblems, toProblems, type Locator, type Problem } from './problems.js';
import { policySchema } from './schema.js';
import type { Policy } from './types.js';
import { readYaml } from './yaml-source.js';

export { MAX_POLICY_BYTES };

export type PolicyValidation = { policy: Policy; locate: Locator } | { problems: Problem[] };

// Drops repeated problems (same place, same message).
function unique(problems: Problem[]): Problem[] {
  const lines = problems.map(formatProblem);
  return problems.filter((_, i) => lines.indexOf(lines[i] ?? '') === i);
}

// Position of the first byte that is not valid UTF-8, as a problem.
function utf8Problem(file: string, bytes: Buffer): Problem | null {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return null;
  } catch {
    const text = bytes.toString('utf8');
    const index = Math.max(0, text.indexOf('\uFFFD'));
    const before = text.slice(0, index);
    const line = before.split('\n').length;
    return { file, line, col: index - before.lastIndexOf('\n'), message: 'the file is not valid UTF-8' };
  }
}

// The shared core: `text` is `bytes` decoded; `file` is how messages name the file.
function validate(file: string, text: string, bytes: Buffer): PolicyValidation {
  if (bytes.length > MAX_POLICY_BYTES) return { problems: [{ file, line: 1, col: 1, message: `the file is larger than ${MAX_POLICY_BYTES} bytes` }] };
  const read = readYaml(file, text, 'mapping', 'a policy mapping (version, settings, approvers, rules, ...)');
  if ('problems' in read) return { problems: sortProblems(read.problems) };
  const { data, locate } = read.source;
  const parsed = policySchema.safeParse(data);
  const issues = [...(parsed.success ? [] : issuesFromZod(parsed.error.issues, data, policySchema)), ...crossCheck(data)];
  if (!parsed.success || issues.length > 0) return { problems: unique(sortProblems(toProblems(file, issues, locate))) };
  const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
  return { policy: normalisePolicy(parsed.data, resolve(file), digest, file, locate), locate };
}

/** Validates policy text, collecting every problem. Pure apart from resolving `file` to an absolute path. */
export function validatePolicyText(file: string, text: string): PolicyValidation {
  return validate(file, text, Buffer.from(text, 'utf8'));
}

/** Validates a policy file's bytes (must be UTF-8; a BOM is ignored); the digest covers the exact bytes. */
export function validatePolicyBytes(file: string, bytes: Buffer): PolicyValidation {
  const bad = utf8Problem(file, bytes);
  if (bad !== null) return { problems: [bad] };
  return validate(file, new TextDecoder('utf-8').decode(bytes), bytes);
}

// The ApproveRunError for a failed validation: first problem, and how many more.
function failure(problems: Problem[]): Error {
  const [first] = problems;
  const more = problems.length - 1;
  const tail = more === 0 ? '' : ` (and ${more} more problem${more === 1 ? '' : 's'})`;
  return policyError(`${first === undefined ? 'invalid policy' : formatProblem(first)}${tail}`);
}

/**
 * Parses and validates policy text.
 * @throws ApproveRunError('policy') with `file:line:col: message` of the first problem.
 */
export function loadPolicyText(file: string, text: string): Policy {
  const result = validatePolicyText(file, text);
  if ('problems' in result) throw failure(result.problems);
  return result.policy;
}

/**
 * Parses and validates a policy file's bytes, read by the caller from `path`.
 * @throws ApproveRunError('policy') with `file:line:col: message` of the first problem.
 */
export function loadPolicyFile(path: string, bytes: Buffer): Policy {
  const result = validatePolicyBytes(path, bytes);
  if ('problems' in result) throw failure(result.problems);
  return result.policy;
}
