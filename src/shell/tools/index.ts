// Chooses the program-specific reader for a command (by the basename of argv[0]), adds what the
// option classification finds (src/knowledge/tools/), and merges it all. Detection goes by name
// even for path-qualified programs (`./find`), so a renamed copy is never read more leniently
// than the real one.
import { awkFindings } from './awk.js';
import { classifiedFindings } from './classify.js';
import { contextRunnerFindings, contextRunnerFor } from './context-runners.js';
import { findFindings } from './find.js';
import { escalationsOnly, NO_FINDINGS, type ToolFindings } from './findings.js';
import { gitFindings } from './git.js';
import { interpreterFindings } from './interpreter.js';
import { privilegeFindings } from './privilege.js';
import { goFindings, makeAssignments, npmFindings } from './runners.js';
import { sedFindings } from './sed.js';
import { sshFindings } from './ssh.js';
import { tableEscalations, toolTableFor } from './table.js';
import { parallelFindings, xargsFindings } from './xargs.js';

const AWKS = new Set(['awk', 'gawk', 'mawk', 'nawk', 'original-awk', 'busybox-awk', 'goawk']);
const SEDS = new Set(['sed', 'gsed']);

// Findings from the reader dedicated to `name`, if any.
function dedicated(name: string, args: readonly string[]): ToolFindings | null {
  if (name === 'find' || name === 'gfind') return findFindings(args);
  if (name === 'git') return gitFindings(args);
  if (SEDS.has(name)) return sedFindings(args);
  if (AWKS.has(name)) return awkFindings(name, args);
  if (name === 'ssh' || name === 'scp' || name === 'sftp') return sshFindings(name, args);
  if (name === 'npm') return npmFindings(args);
  if (name === 'go') return goFindings(args);
  if (name === 'xargs') return xargsFindings(args);
  if (name === 'parallel') return parallelFindings(args);
  const runner = contextRunnerFor(name);
  if (runner !== undefined) return contextRunnerFindings(runner, args);
  return privilegeFindings(name, args) ?? interpreterFindings(name, args);
}

/** Everything known about what `name ARGS` runs or writes besides itself. */
export function toolFindings(name: string, args: readonly string[]): ToolFindings {
  const own = dedicated(name, args) ?? NO_FINDINGS;
  const table = toolTableFor(name);
  const extra = table === undefined ? [] : tableEscalations(table, args);
  if (name === 'make' || name === 'gmake') extra.push(...makeAssignments(args));
  // The classification (every option known, SPEC §10) adds what the readers above did not name.
  const named = new Set([...own.escalations, ...extra].map((e) => e.cover));
  const classified = classifiedFindings(name, args);
  for (const escalation of classified.escalations) if (!named.has(escalation.cover)) extra.push(escalation);
  const observed = [...own.observed, ...classified.observed];
  if (extra.length === 0 && observed.length === own.observed.length) return own;
  return { ...own, observed, escalations: [...own.escalations, ...escalationsOnly(extra).escalations] };
}
