// Build and package runners: npm (script-shell, exec/x), go (-exec, -toolexec, go run) and
// make's command-line variable overrides (SPEC §4.3). make's own options are in the generic
// table; make, npm and go also run recipes and scripts from files, which no static check sees.
import { GO_FLAGS, GO_SUBCOMMANDS, NPM_OPTIONS, NPM_SUBCOMMANDS, type DangerousOption } from '../../knowledge/dangerous-options.js';
import type { Escalation } from '../types.js';
import { escalationsOnly, type ToolFindings } from './findings.js';

const hit = (o: DangerousOption): Escalation => ({ reason: o.reason, cover: o.option });

/** Escalations for `npm ARGS`. */
export function npmFindings(args: readonly string[]): ToolFindings {
  const esc: Escalation[] = [];
  const sub = args.find((a) => !a.startsWith('-'));
  if (sub !== undefined && Object.hasOwn(NPM_SUBCOMMANDS, sub)) esc.push({ reason: NPM_SUBCOMMANDS[sub]!, cover: sub });
  if (sub === 'config' && !args.some((a) => ['get', 'list', 'ls'].includes(a))) esc.push({ reason: 'npm config writes config such as script-shell', cover: 'config' });
  const applies = NPM_OPTIONS.filter((o) => o.subcommands === undefined || (sub !== undefined && o.subcommands.includes(sub)));
  for (const word of args) {
    if (word === '--') break;
    const given = word.split('=')[0]!;
    for (const o of applies) {
      if (o.option.startsWith('--') ? given.length > 2 && o.option.startsWith(given) : given === o.option) esc.push(hit(o));
    }
  }
  return escalationsOnly(esc);
}

/** Escalations for `go ARGS`. */
export function goFindings(args: readonly string[]): ToolFindings {
  const esc: Escalation[] = [];
  const sub = args[0];
  if (sub !== undefined && Object.hasOwn(GO_SUBCOMMANDS, sub)) esc.push({ reason: GO_SUBCOMMANDS[sub]!, cover: sub });
  if (sub === 'env' && args.some((a) => /^--?[wu]$/.test(a))) esc.push({ reason: 'go env -w writes go config (GOFLAGS=-toolexec)', cover: 'env' });
  for (const word of args) {
    if (word === '--') break;
    const name = word.replace(/^--?/, '-').split('=')[0]!;
    if (!word.startsWith('-')) continue;
    const o = GO_FLAGS.find((flag) => flag.option === name);
    if (o !== undefined) esc.push(hit(o));
  }
  return escalationsOnly(esc);
}

/** make: `VAR=value` operands override variables used by recipes, SHELL included. */
export function makeAssignments(args: readonly string[]): Escalation[] {
  const out: Escalation[] = [];
  for (const word of args) {
    if (word === '--') break;
    if (!word.startsWith('-') && /^[^=\s]+[:+?!]?=/.test(word)) out.push({ reason: `make variable override ${word.split('=')[0]} changes what recipes run`, cover: word });
  }
  return out;
}
