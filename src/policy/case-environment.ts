// The real-world defaults for policy test cases: the caller's cwd, host and identity, the
// context's clock and path probe, and user lookups in /etc/passwd and /etc/group.
import { readFileSync } from 'node:fs';
import type { Context } from '../context.js';
import type { Requester } from '../decide/types.js';
import { requesterLookup } from './accounts.js';
import type { CaseEnvironment } from './run-cases.js';

// A file's text, or '' when it cannot be read (then every named user is unknown: uid -1).
function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Case defaults from the context; account files are read on first use. */
export function caseEnvironment(ctx: Context): CaseEnvironment {
  let lookup: ((user: string) => Requester) | null = null;
  return {
    paths: ctx.paths,
    cwd: ctx.cwd,
    host: ctx.hostname,
    now: ctx.clock.now(),
    requester: ctx.identity.requester,
    lookupRequester(user) {
      lookup ??= requesterLookup(readText('/etc/passwd'), readText('/etc/group'));
      return lookup(user);
    },
  };
}
