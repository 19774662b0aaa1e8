// The local user database: /etc/passwd and /etc/group, parsed by small pure functions.
// Invariants:
//   1. A line that is not exactly well-formed is skipped whole; no field is ever guessed.
//   2. Ids are plain decimal (no sign, no leading zero, no exponent) and fit a uid_t below -1.
//   3. Names never contain whitespace, control characters or a leading `+`/`-` (NIS syntax).
//   4. Lookups return the FIRST matching entry, as getpwuid(3)/getpwnam(3) do.
import { readFileSync } from 'node:fs';
import { ApproveRunError } from '../errors.js';

export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
  shell: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

export interface UserDb {
  users: PasswdEntry[];
  groups: GroupEntry[];
}

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,255}\$?$/;
const ID = /^(0|[1-9][0-9]{0,9})$/;
const MAX_ID = 4_294_967_294; // (uid_t)-1 is "no change" to the kernel, never an identity
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A decimal id as the kernel would accept it, or null. */
export function parseId(text: string): number | null {
  if (!ID.test(text)) return null;
  const value = Number(text);
  return value <= MAX_ID ? value : null;
}

/** True for a user or group name that is safe to match and to print. */
export function isValidName(text: string): boolean {
  return NAME.test(text);
}

// The non-comment lines of a colon-separated database, with their fields.
function records(text: string, fieldCount: number): string[][] {
  const rows: string[][] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#') || CONTROL.test(line)) continue;
    const fields = line.split(':');
    if (fields.length === fieldCount) rows.push(fields);
  }
  return rows;
}

/** Parses /etc/passwd text; malformed lines are skipped. */
export function parsePasswd(text: string): PasswdEntry[] {
  const entries: PasswdEntry[] = [];
  for (const [name = '', , uidText = '', gidText = '', , home = '', shell = ''] of records(text, 7)) {
    const uid = parseId(uidText);
    const gid = parseId(gidText);
    if (!isValidName(name) || uid === null || gid === null || !home.startsWith('/')) continue;
    entries.push({ name, uid, gid, home, shell });
  }
  return entries;
}

/** Parses /etc/group text; malformed lines are skipped, invalid member names dropped. */
export function parseGroup(text: string): GroupEntry[] {
  const entries: GroupEntry[] = [];
  for (const [name = '', , gidText = '', memberText = ''] of records(text, 4)) {
    const gid = parseId(gidText);
    if (!isValidName(name) || gid === null) continue;
    const members = memberText === '' ? [] : memberText.split(',').filter(isValidName);
    entries.push({ name, gid, members });
  }
  return entries;
}

/** The first passwd entry with this uid. */
export function userByUid(db: UserDb, uid: number): PasswdEntry | null {
  return db.users.find((u) => u.uid === uid) ?? null;
}

/** The first passwd entry with this name. */
export function userByName(db: UserDb, name: string): PasswdEntry | null {
  return db.users.find((u) => u.name === name) ?? null;
}

/** The name of a gid, or the gid in decimal when the group file does not know it. */
export function groupName(db: UserDb, gid: number): string {
  return db.groups.find((g) => g.gid === gid)?.name ?? String(gid);
}

/** A user's gids as initgroups(3) would set them: the primary gid first, then memberships. */
export function memberGids(db: UserDb, user: PasswdEntry): number[] {
  const gids = [user.gid];
  for (const group of db.groups) {
    if (group.members.includes(user.name) && !gids.includes(group.gid)) gids.push(group.gid);
  }
  return gids;
}

/** Reads the real /etc/passwd and /etc/group; throws ApproveRunError('internal') if unreadable. */
export function readUserDb(passwdPath = '/etc/passwd', groupPath = '/etc/group'): UserDb {
  return { users: parsePasswd(readDatabase(passwdPath)), groups: parseGroup(readDatabase(groupPath)) };
}

// Without the user database no identity can be established, so nothing may run.
function readDatabase(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ApproveRunError('internal', `cannot read ${path} (${code})`, { cause: error });
  }
}
