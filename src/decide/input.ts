// The decision input for the calling user, here and now: built in one place so that `check`
// and `run` judge exactly the same request (STYLE: dry-run uses the real path).
import type { Context } from '../context.js';
import { usageError } from '../errors.js';
import type { DecisionInput } from './types.js';
import { count } from '../count.js';

/** What both `run` and `check` take from the command line to describe the request. */
export interface RequestWords {
  command: string[];
  shell: boolean;
  actor?: string;
}

/** The DecisionInput for `words`; a usage error if --shell is not given exactly one line. */
export function decisionInput(words: RequestWords, ctx: Context): DecisionInput {
  if (words.shell && words.command.length !== 1) {
    throw usageError(`--shell takes exactly one command line after -- (got ${count(words.command.length, 'word')}; quote it: -- 'a && b')`);
  }
  return {
    argv: words.command,
    shell: words.shell ? (words.command[0] ?? '') : null,
    cwd: ctx.cwd,
    requester: ctx.identity.requester,
    actor: words.actor ?? null,
    host: ctx.hostname,
    now: ctx.clock.now(),
  };
}
