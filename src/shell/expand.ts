// Expands a request into every simple command it would run, with the escalations that stop an
// allow rule from covering it silently (SPEC §4.3, §4.4). The argv path never loads the bash
// parser; a shell line or a `sh -c` does, on first use.
// MUST hold:
//   1. Every command the request runs is a candidate; none is dropped for any reason.
//   2. Invisible or control characters anywhere in a candidate's argv or environment escalate
//      with cover null.
//   3. Any failure is thrown as ApproveRunError, never turned into a result.
import { ApproveRunError } from '../errors.js';
import type { Settings } from '../policy/types.js';
import { dedupe, type Analysis } from './analysis.js';
import { analyseCommand } from './command.js';
import { findInvisible } from './invisible.js';
import type { Candidate, Expansion } from './types.js';

export { escapeInvisible, findInvisible } from './invisible.js';

// Adds an escalation to each candidate whose argv or environment holds an invisible character.
function escalateInvisible(candidates: readonly Candidate[]): void {
  for (const candidate of candidates) {
    const texts = [...candidate.argv, ...candidate.env.flat()];
    for (const text of texts) {
      const found = findInvisible(text);
      if (found === null) continue;
      candidate.escalations.push({ reason: `invisible or control character in argv: ${found}`, cover: null });
      break;
    }
  }
}

// The analysis context: settings plus lazy access to the shell-line judge.
function analysisFor(settings: Settings): Analysis {
  const an: Analysis = {
    settings,
    async script(text, dialect, depth) {
      const { analyseLine } = await import('./line.js');
      return analyseLine(text, an, dialect, depth);
    },
  };
  return an;
}

/** Every simple command the request would run, with escalations and request-level reasons. */
export async function expandRequest(input: { argv: string[]; shell: string | null }, settings: Settings): Promise<Expansion> {
  if (!input.argv.every((word) => typeof word === 'string') || (input.shell !== null && typeof input.shell !== 'string')) {
    throw new ApproveRunError('usage', 'the command must be a list of strings');
  }
  const an = analysisFor(settings);
  let expansion: Expansion;
  try {
    if (input.shell !== null) expansion = await an.script(input.shell, 'bash', 0);
    else if (input.argv.length === 0) expansion = { candidates: [], reasons: ['empty command'] };
    else expansion = await analyseCommand([...input.argv], [], an, 0);
  } catch (error) {
    if (error instanceof ApproveRunError) throw error;
    throw new ApproveRunError('internal', `shell analysis failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  escalateInvisible(expansion.candidates);
  return dedupe(expansion);
}
