// Who is asking, and whether approve-run runs in privileged mode (SPEC §3).
// Invariants:
//   1. Privileged mode = effective uid 0 while the real invoker is someone else: the real uid
//      is not 0 (setuid), or SUDO_UID names a non-root user (sudo sets both real and effective
//      uid to 0, so the variable is the only trace of the invoker).
//   2. With a non-root real uid the kernel's answer wins; SUDO_* variables are then ignored,
//      since a setuid caller controls its environment.
//   3. In privileged mode SUDO_UID must be a plain decimal uid present in /etc/passwd, and
//      SUDO_USER, when set, must be that uid's name; anything else stops approve-run.
//   4. Names, groups and the home directory come from /etc/passwd and /etc/group, never from
//      HOME, USER, LOGNAME or any other variable.
import { ApproveRunError } from '../errors.js';
import type { Requester } from '../decide/types.js';
import { groupName, memberGids, parseId, readUserDb, userByUid, type PasswdEntry, type UserDb } from './userdb.js';

export interface Identity {
  /** Effective uid 0 while the real invoker is someone else (sudo or setuid). */
  privileged: boolean;
  euid: number;
  /** The person or agent asking (SUDO_USER/SUDO_UID in privileged mode). */
  requester: Requester;
  /** Home directory of the requester, for the child's HOME. */
  home: string;
  /**
   * In privileged mode, the invoker's own credentials: files the invoker names are opened
   * with them (src/files/). Absent outside privileged mode.
   */
  invoker?: InvokerCredentials;
}

/** The uid, gid and supplementary gids a privileged process takes on to act as its invoker. */
export interface InvokerCredentials {
  uid: number;
  gid: number;
  groups: number[];
}

/** The process facts identity is derived from; `readIdentity` gathers the real ones. */
export interface ProcessFacts {
  uid: number;
  euid: number;
  gid: number;
  /** Supplementary gids of this process (getgroups(2)). */
  groups: number[];
  env: Readonly<Record<string, string | undefined>>;
  db: UserDb;
}

// Stops approve-run: the invoker cannot be established.
function badInvoker(message: string): ApproveRunError {
  return new ApproveRunError('internal', `privileged mode: ${message}`);
}

// The invoking user named by sudo, validated against the user database.
function sudoInvoker(env: ProcessFacts['env'], db: UserDb): PasswdEntry | null {
  const text = env.SUDO_UID;
  if (text === undefined) return null;
  const uid = parseId(text);
  if (uid === null) throw badInvoker(`SUDO_UID ${JSON.stringify(text)} is not a uid`);
  if (uid === 0) return null;
  const entry = userByUid(db, uid);
  if (entry === null) throw badInvoker(`SUDO_UID ${uid} has no entry in /etc/passwd`);
  const name = env.SUDO_USER;
  if (name !== undefined && name !== entry.name) {
    throw badInvoker(`SUDO_USER ${JSON.stringify(name)} does not match SUDO_UID ${uid} (${entry.name})`);
  }
  return entry;
}

// Gid list without duplicates, primary first.
function uniqueGids(primary: number, rest: number[]): number[] {
  const gids = [primary];
  for (const gid of rest) if (!gids.includes(gid)) gids.push(gid);
  return gids;
}

/** Derives the identity from process facts; pure. Throws ApproveRunError('internal'). */
export function identityFromFacts(facts: ProcessFacts): Identity {
  const { uid, euid, db } = facts;
  if (euid === 0 && uid !== 0) {
    const entry = userByUid(db, uid);
    if (entry === null) throw badInvoker(`real uid ${uid} has no entry in /etc/passwd`);
    // setuid: the kernel's real ids and groups are the invoker's own.
    return privilegedAs(entry, euid, db, { uid, gid: facts.gid, groups: uniqueGids(facts.gid, facts.groups) });
  }
  if (euid === 0) {
    const invoker = sudoInvoker(facts.env, db);
    if (invoker !== null) return privilegedAs(invoker, euid, db, null);
  }
  const entry = userByUid(db, uid);
  const gids = uniqueGids(facts.gid, facts.groups);
  return {
    privileged: false,
    euid,
    requester: { user: entry?.name ?? String(uid), uid, gid: facts.gid, groups: gids.map((g) => groupName(db, g)) },
    home: entry?.home ?? '/',
  };
}

// The identity of an invoker running approve-run with root's effective uid; `kernel` holds
// the real credentials of a setuid start (sudo leaves none, so the user database gives them).
function privilegedAs(entry: PasswdEntry, euid: number, db: UserDb, kernel: InvokerCredentials | null): Identity {
  const gids = memberGids(db, entry);
  return {
    privileged: true,
    euid,
    requester: { user: entry.name, uid: entry.uid, gid: entry.gid, groups: gids.map((g) => groupName(db, g)) },
    home: entry.home,
    invoker: kernel ?? { uid: entry.uid, gid: entry.gid, groups: gids },
  };
}

/** Reads the real process credentials and user database. Throws ApproveRunError('internal'). */
export function readIdentity(env: Readonly<Record<string, string | undefined>>): Identity {
  if (process.getuid === undefined || process.geteuid === undefined || process.getgid === undefined) {
    throw new ApproveRunError('internal', 'approve-run needs a POSIX system (no uid on this platform)');
  }
  return identityFromFacts({
    uid: process.getuid(),
    euid: process.geteuid(),
    gid: process.getgid(),
    groups: process.getgroups?.() ?? [],
    env,
    db: readUserDb(),
  });
}
