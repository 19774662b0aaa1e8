// Deny rules reach the commands an unclassified program may run from its operands (SPEC §4.3
// "a deny that matches any command the request would run wins", §10 runners). Runners and
// wrappers the tables list are read with their own syntax; a program nobody classified and
// no rule names (numactl, sshpass, logsave, a site's own wrapper) may run its operands as a
// command just the same, so every tail of its arguments that starts with a word naming a
// program is matched against deny rules too.
// MUST hold:
//   1. Only deny rules are tried on these tails, and only for a command no rule matched: the
//      decision can only move from the default to deny, never towards allow.
//   2. Programs whose every option and operand form is classified (src/knowledge/tools/)
//      are not scanned: their operands are data, and their runners are actions.
import { TOOL_ENTRIES } from '../knowledge/tools/index.js';

const CLASSIFIED = new Set(TOOL_ENTRIES.flatMap((entry) => entry.programs));

/** Tails of `argv` that may be commands `argv[0]` runs, when it is not a classified tool. */
export function operandCommands(argv: readonly string[], invokedBase: string, realBase: string | null): string[][] {
  if (CLASSIFIED.has(invokedBase) || (realBase !== null && CLASSIFIED.has(realBase))) return [];
  const tails: string[][] = [];
  for (let i = 1; i < argv.length; i += 1) {
    const word = argv[i]!;
    // A program name is not an option, an assignment or empty.
    if (word === '' || word.startsWith('-') || word.includes('=')) continue;
    tails.push(argv.slice(i));
  }
  return tails;
}
