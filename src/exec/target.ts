// Whom the command runs as (SPEC §4 rule run_as, §6).
// Invariants:
//   1. Only privileged mode changes users: the target is the rule's run_as, default root, and
//      must exist in /etc/passwd; its groups are what initgroups(3) would give it.
//   2. Outside privileged mode the command runs as the requester; a run_as naming anyone else
//      cannot be honoured and stops approve-run (exit 125) rather than silently running as
//      the wrong user.
//   3. Credentials are switched only when the process does not already hold the target's:
//      under sudo to root they already are root's; a setuid start always switches.
import { ApproveRunError } from '../errors.js';
import type { Identity } from './identity.js';
import type { ChildCredentials } from './launch.js';
import { memberGids, userByName, type UserDb } from './userdb.js';

export interface RunTarget {
  user: string;
  uid: number;
  home: string;
  /** Set when the child must get these credentials instead of approve-run's own. */
  credentials: ChildCredentials | null;
}

/** The real uid of this process, for deciding whether credentials must change. */
export interface ProcessIds {
  uid: number;
  euid: number;
}

/**
 * Resolves the user the command runs as; throws ApproveRunError('policy') when impossible.
 * `db` may be a reader: the user database is then read only in privileged mode, the only
 * mode that looks users up.
 */
export function resolveRunTarget(identity: Identity, runAs: string | null, db: UserDb | (() => UserDb), ids: ProcessIds): RunTarget {
  if (!identity.privileged) {
    if (runAs !== null && runAs !== identity.requester.user) {
      throw new ApproveRunError(
        'policy',
        `the policy says to run this as ${runAs}, which needs privileged mode (approve-run started by sudo); refusing to run it as ${identity.requester.user}`,
      );
    }
    return { user: identity.requester.user, uid: identity.requester.uid, home: identity.home, credentials: null };
  }
  const name = runAs ?? 'root';
  const users = typeof db === 'function' ? db() : db;
  const entry = userByName(users, name);
  if (entry === null) throw new ApproveRunError('policy', `run_as user ${name} does not exist in /etc/passwd`);
  const alreadyThere = entry.uid === ids.uid && ids.uid === ids.euid;
  return {
    user: entry.name,
    uid: entry.uid,
    home: entry.home,
    credentials: alreadyThere ? null : { uid: entry.uid, gid: entry.gid, groups: memberGids(users, entry) },
  };
}
