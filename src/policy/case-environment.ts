// The real-world defaults for policy test cases: the caller's cwd, host and identity, the
// context's clock and path probe, and user lookups in /etc/passwd and /etc/group. Cases the
// invoker wrote themselves probe the file system with the invoker's rights in privileged mode
// (SPEC §11): whether a root-only path exists is not theirs to learn.
import { readFileSync } from 'node:fs';
import type { Context } from '../context.js';
import type { PathProbe, Requester } from '../decide/types.js';
import { asInvoker } from '../files/as-invoker.js';
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

// The context's probe, each question asked with the invoker's rights.
function invokerProbe(ctx: Context): PathProbe {
  return {
    realpath: (path) => asInvoker(ctx.identity, () => ctx.paths.realpath(path)),
    isExecutableFile: (path) => asInvoker(ctx.identity, () => ctx.paths.isExecutableFile(path)),
  };
}

/**
 * Case defaults from the context; account files are read on first use. `fromInvoker`: the
 * cases come from a file the invoker named, so the path probe runs with the invoker's rights.
 */
export function caseEnvironment(ctx: Context, fromInvoker = false): CaseEnvironment {
  let lookup: ((user: string) => Requester) | null = null;
  return {
    paths: fromInvoker && ctx.identity.privileged ? invokerProbe(ctx) : ctx.paths,
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
