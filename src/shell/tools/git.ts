// git: global options (exact spellings, before the subcommand), subcommand options (unique
// abbreviations accepted: --upload-pac), ext:: transports, and subcommands that run programs
// (SPEC §4.3). When unsure, escalate.
import {
  GIT_GLOBAL, GIT_OPTIONS, GIT_SUBCOMMAND_ACTIONS, GIT_SUBCOMMANDS, type DangerousOption,
} from '../../knowledge/dangerous-options.js';
import type { Escalation } from '../types.js';
import { escalationsOnly, type ToolFindings } from './findings.js';

/** Global options that take the next word as their value (git.c handle_options). */
const GLOBAL_VALUE = new Set(['-c', '-C', '--git-dir', '--work-tree', '--namespace', '--config-env', '--super-prefix', '--attr-source']);
const GLOBAL_FLAGS = new Set([
  '-p', '--paginate', '-P', '--no-pager', '--no-replace-objects', '--no-lazy-fetch', '--bare', '--literal-pathspecs',
  '--glob-pathspecs', '--noglob-pathspecs', '--icase-pathspecs', '--no-optional-locks', '--no-advice', '-h', '--help',
  '-v', '--version', '--html-path', '--man-path', '--info-path', '--exec-path',
]);
/** Exact option spellings that are safe although they prefix a dangerous one. */
const SAFE_EXACT = new Set(['--to', '--cc']);
/** Short letters that take the rest of their cluster as a value (commit -m"msg"). */
const STOP_LETTERS = new Set(['m', 'F', 'S', 'G']);
/** Read-only forms of git config. */
const CONFIG_READS = new Set(['--get', '--get-all', '--get-regexp', '--get-urlmatch', '--list', '-l', 'get', 'list', '--get-color', '--get-colorbool']);

const hit = (o: DangerousOption): Escalation => ({ reason: o.reason, cover: o.option });

// Reads global options; returns the index of the subcommand (or args.length).
function readGlobals(args: readonly string[], esc: Escalation[]): number {
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-')) {
    const word = args[i]!;
    const name = word.includes('=') ? word.slice(0, word.indexOf('=')) : word;
    const danger = GIT_GLOBAL.find((o) => o.option === name);
    if (danger !== undefined) esc.push(hit(danger));
    if (GLOBAL_VALUE.has(word)) i += 2;
    else if (GLOBAL_VALUE.has(name) || GLOBAL_FLAGS.has(name) || name === '--list-cmds') i += 1;
    else {
      esc.push({ reason: `git: unknown global option ${word}`, cover: null });
      i += 1;
    }
  }
  return i;
}

// Options of the subcommand `sub` that appear in `words`.
function subcommandHits(sub: string, words: readonly string[]): Escalation[] {
  const applies = GIT_OPTIONS.filter((o) => o.subcommands === undefined || o.subcommands.includes(sub));
  const out: Escalation[] = [];
  for (const word of words) {
    if (/^ext::/i.test(word)) out.push({ reason: 'git ext:: transport runs a program', cover: word });
    if (word.startsWith('--') && word.length > 2) {
      const given = word.split('=')[0]!;
      if (given.startsWith('--no-') || SAFE_EXACT.has(given)) continue;
      const exact = applies.find((o) => o.option === given);
      if (exact !== undefined) out.push(hit(exact));
      else for (const o of applies) if (o.option.startsWith('--') && o.option.startsWith(given)) out.push(hit(o));
    } else if (/^-[^-]/.test(word)) {
      for (const letter of word.slice(1)) {
        const o = applies.find((entry) => entry.option === `-${letter}`);
        if (o !== undefined) out.push(hit(o));
        if (STOP_LETTERS.has(letter)) break;
      }
    }
  }
  return out;
}

/** Escalations for `git ARGS`. */
export function gitFindings(args: readonly string[]): ToolFindings {
  const esc: Escalation[] = [];
  const at = readGlobals(args, esc);
  const sub = args[at];
  if (sub === undefined) return escalationsOnly(esc);
  const rest = args.slice(at + 1);
  if (Object.hasOwn(GIT_SUBCOMMANDS, sub)) esc.push({ reason: GIT_SUBCOMMANDS[sub]!, cover: sub });
  const actions = Object.hasOwn(GIT_SUBCOMMAND_ACTIONS, sub) ? GIT_SUBCOMMAND_ACTIONS[sub]! : {};
  for (const [action, reason] of Object.entries(actions)) if (rest.includes(action)) esc.push({ reason, cover: action });
  if (sub === 'config' && !rest.some((w) => CONFIG_READS.has(w))) {
    const key = rest.find((w) => !w.startsWith('-')) ?? null;
    esc.push({ reason: 'git config writes configuration (aliases, pagers and hooks run programs)', cover: key });
  }
  esc.push(...subcommandHits(sub, rest));
  return escalationsOnly(esc);
}
