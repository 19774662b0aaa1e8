// Looks up a requester (uid, gid, group names) in /etc/passwd and /etc/group text, for policy
// test cases that name a `user`. Pure over the file contents the caller reads.
import type { Requester } from '../decide/types.js';

interface PasswdEntry {
  uid: number;
  gid: number;
}

// name → uid/gid from passwd(5) lines.
function parsePasswd(text: string): Map<string, PasswdEntry> {
  const users = new Map<string, PasswdEntry>();
  for (const line of text.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name === undefined || name === '' || name.startsWith('#') || users.has(name)) continue;
    if (!/^\d+$/.test(uid ?? '') || !/^\d+$/.test(gid ?? '')) continue;
    users.set(name, { uid: Number(uid), gid: Number(gid) });
  }
  return users;
}

// [name, gid, members] from group(5) lines.
function parseGroups(text: string): { name: string; gid: number; members: string[] }[] {
  const groups: { name: string; gid: number; members: string[] }[] = [];
  for (const line of text.split('\n')) {
    const [name, , gid, members] = line.split(':');
    if (name === undefined || name === '' || name.startsWith('#') || !/^\d+$/.test(gid ?? '')) continue;
    groups.push({ name, gid: Number(gid), members: (members ?? '').split(',').filter((m) => m !== '') });
  }
  return groups;
}

/**
 * A lookup from user name to Requester. Unknown users get uid and gid -1 and no groups, so
 * `when.group` never matches them.
 */
export function requesterLookup(passwdText: string, groupText: string): (user: string) => Requester {
  const users = parsePasswd(passwdText);
  const groups = parseGroups(groupText);
  return (user) => {
    const entry = users.get(user);
    if (entry === undefined) return { user, uid: -1, gid: -1, groups: [] };
    const primary = groups.find((g) => g.gid === entry.gid)?.name;
    const others = groups.filter((g) => g.members.includes(user) && g.name !== primary).map((g) => g.name);
    return { user, uid: entry.uid, gid: entry.gid, groups: [...(primary === undefined ? [] : [primary]), ...new Set(others)] };
  };
}
