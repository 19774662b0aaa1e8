// find: actions that run programs or write files (SPEC §4.3), and the commands -exec runs.
// find reads its expression word by word with no abbreviations or clusters, so an action is
// exactly one argv word; any word equal to one escalates (even one used as a test's value,
// which only errs on the side of approval).
import { FIND_ACTIONS } from '../../knowledge/dangerous-options.js';
import type { Escalation } from '../types.js';
import type { ToolFindings } from './findings.js';

const RUNS = new Set(['-exec', '-execdir', '-ok', '-okdir']);

/** Escalations and inner commands for `find ARGS`. */
export function findFindings(args: readonly string[]): ToolFindings {
  const escalations: Escalation[] = [];
  const inner: string[][] = [];
  const seen = new Set<string>();
  for (let i = 0; i < args.length; i += 1) {
    const word = args[i]!;
    const entry = FIND_ACTIONS.find((action) => action.option === word);
    if (entry === undefined) continue;
    if (!seen.has(entry.option)) escalations.push({ reason: entry.reason, cover: entry.option });
    seen.add(entry.option);
    if (!RUNS.has(word)) continue;
    const end = args.findIndex((w, k) => k > i && (w === ';' || w === '+'));
    const command = args.slice(i + 1, end === -1 ? args.length : end);
    if (command.length > 0) inner.push(command);
    else escalations.push({ reason: `find ${word} without a command`, cover: null });
    if (end === -1) escalations.push({ reason: `find ${word} is not terminated by ';' or '+'`, cover: null });
    i = end === -1 ? args.length : end;
  }
  return { escalations, inner, observed: [], scripts: [] };
}
