// Actions named by operands of a classified tool (src/knowledge/tools/, `actions`): verbs that
// change state or run an editor, verbs that run another command, and operand forms such as a
// time to set or a file URL (SPEC §10). Used only by classify.ts.
// MUST hold:
//   1. An action escalates with its class whatever the options around it: the operands are
//      the ones the tool's own option syntax leaves (values of options are not operands).
//   2. An action that runs another command reports that command, so deny rules see it.
//   3. A pattern (`re:`) is matched against the whole word, in any case.
import type { ToolAction, ToolEntry } from '../../knowledge/tools/types.js';
import type { Escalation } from '../types.js';

const PATTERNS = new Map<string, RegExp>();

const CLASS_TEXT: Readonly<Record<ToolAction['cls'], string>> = {
  'reads-file': 'reads a file (reads-file)',
  'writes-file': 'writes a file (writes-file)',
  'runs-code': 'loads or runs code (runs-code)',
  'changes-state': 'changes system state (changes-state)',
};

// True when `operand` stands for the action word `word`.
function wordMatches(word: string, operand: string, prefixes: boolean): boolean {
  if (word.startsWith('re:')) {
    let pattern = PATTERNS.get(word);
    if (pattern === undefined) {
      pattern = new RegExp(`^(?:${word.slice(3)})$`, 'is');
      PATTERNS.set(word, pattern);
    }
    return pattern.test(operand);
  }
  return operand === word || (prefixes && operand.length > 0 && word.startsWith(operand));
}

export interface ActionFindings {
  escalations: Escalation[];
  /** Commands the tool runs (invariant 2). */
  observed: string[][];
}

// The first index where `action` matches `operands`, or -1.
function matchAt(action: ToolAction, operands: readonly string[], prefixes: boolean): number {
  const starts = action.anywhere === true ? operands.map((_o, i) => i) : [0];
  for (const start of starts) {
    if (action.words.every((word, k) => operands[start + k] !== undefined && wordMatches(word, operands[start + k]!, prefixes))) return start;
  }
  return -1;
}

/**
 * What the actions of `entry` find in `words`, whose operands (the words its option syntax
 * leaves) are at the indices `at`. A command run by an action is the rest of `words` as written.
 */
export function actionFindings(entry: ToolEntry, program: string, words: readonly string[], at: readonly number[]): ActionFindings {
  const operands = at.map((i) => words[i]!);
  const out: ActionFindings = { escalations: [], observed: [] };
  for (const action of entry.actions ?? []) {
    const start = matchAt(action, operands, entry.verbPrefixes === true);
    if (start === -1) continue;
    const end = start + action.words.length;
    const last = action.words[action.words.length - 1]!;
    const cover = last.startsWith('re:') ? operands[end - 1]! : last;
    out.escalations.push({ reason: `${program} ${cover} ${CLASS_TEXT[action.cls]}: ${action.reason}`, cover });
    // Every place the command may start (`ip -all netns exec CMD` has no NAME), so a deny
    // rule on it holds wherever it starts.
    for (let k = 0; k <= (action.runsAfter ?? -1); k += 1) {
      const from = at[end + k];
      if (from !== undefined) out.observed.push(words.slice(from));
    }
  }
  return out;
}
