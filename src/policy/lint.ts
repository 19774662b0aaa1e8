// Warnings about policies that are valid but make approval pointless (SPEC §4.5), and about
// settings that have no effect. Warnings never make a policy invalid.
import { envKeepWarning } from './env-keep.js';
import { compileNameGlob } from '../decide/glob.js';
import { PROGRAM_CLASSES, programClassOf, type ProgramClassEntry } from '../knowledge/program-classes.js';
import type { Locator, PathSegment, Warning } from './problems.js';
import type { Policy, Rule } from './types.js';

const APPROVAL_ONLY = [
  ['approvers', 'approvers'],
  ['quorum', 'quorum'],
  ['channel', 'channel'],
  ['session_ttl_s', 'session_ttl'],
] as const;

// The program class entry a command pattern can reach, or null.
function classReachedBy(pattern: string): ProgramClassEntry | null {
  if (pattern.startsWith('/') || !/[*?[\]{}]/.test(pattern)) return programClassOf(pattern);
  try {
    const matches = compileNameGlob(pattern);
    return PROGRAM_CLASSES.find((entry) => matches(entry.name)) ?? null;
  } catch {
    return null;
  }
}

// True when the rule places no limit on the arguments.
const anyArguments = (rule: Rule) => rule.match.args === null || rule.match.args.includes('**');

// Warnings for one allow rule.
function allowWarnings(rule: Rule, warn: (path: PathSegment[], message: string) => void): void {
  if (rule.match.command.includes('*')) {
    warn(['match', 'command'], `rule ${JSON.stringify(rule.id)} allows any command (command: "*"), which makes approval pointless`);
    return;
  }
  if (!anyArguments(rule)) return;
  for (const pattern of rule.match.command) {
    const hit = classReachedBy(pattern);
    if (hit === null) continue;
    const what = pattern === hit.name ? hit.name : `${pattern} (${hit.name})`;
    warn(['match', 'command'], `rule ${JSON.stringify(rule.id)} allows ${what} with any arguments, which makes approval pointless: ${hit.reason}`);
  }
}

/**
 * Lint warnings for a valid policy. `locate` maps document paths to positions (as returned
 * by validatePolicyText); without it warnings point at 1:1. `file` defaults to policy.file.
 */
export function lintPolicy(policy: Policy, locate?: Locator, file: string = policy.file): Warning[] {
  const warnings: Warning[] = [];
  const add = (path: PathSegment[], message: string, atKey = false) => {
    const { line, col } = locate?.(path, atKey) ?? { line: 1, col: 1 };
    warnings.push({ file, line, col, message });
  };
  policy.rules.forEach((rule, i) => {
    const warn = (path: PathSegment[], message: string) => add(['rules', i, ...path], message);
    if (rule.decision === 'allow') allowWarnings(rule, warn);
    if (rule.decision !== 'approve') {
      for (const [field, key] of APPROVAL_ONLY) {
        if (rule[field] !== null) add(['rules', i, key], `rule ${JSON.stringify(rule.id)}: ${key} has no effect on ${rule.decision === 'allow' ? 'an' : 'a'} ${rule.decision} rule`, true);
      }
    }
  });
  policy.settings.env_keep.forEach((entry, i) => {
    const problem = envKeepWarning(entry);
    if (problem !== null) add(['settings', 'env_keep', i], problem);
  });
  if (policy.settings.confine === 'off') {
    add(['settings', 'confine'], 'settings.confine is off: commands run without a sandbox, so an allowed command can write anywhere, reach any network and take over the terminal (SPEC §9)');
  }
  if (policy.channels.terminal?.authenticate === 'totp') {
    for (const approver of Object.values(policy.approvers)) {
      if (approver.totp === null) add(['approvers', approver.id], `approver ${JSON.stringify(approver.id)} has no totp file, so cannot approve at the terminal (authenticate: totp)`, true);
    }
  }
  return warnings;
}
