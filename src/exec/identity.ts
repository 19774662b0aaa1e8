// Who is asking, and whether approve-run runs in privileged mode (SPEC §3).
// STUB: the real implementation reads uids, sudo variables and /etc/passwd, /etc/group.
import type { Requester } from '../decide/types.js';

export interface Identity {
  /** Effective uid 0 while the real invoker is someone else (sudo or setuid). */
  privileged: boolean;
  euid: number;
  /** The person or agent asking (SUDO_USER/SUDO_UID in privileged mode). */
  requester: Requester;
  /** Home directory of the requester, for the child's HOME. */
  home: string;
}

export function readIdentity(_env: Readonly<Record<string, string | undefined>>): Identity {
  const uid = process.getuid?.() ?? 0;
  const gid = process.getgid?.() ?? 0;
  return {
    privileged: false,
    euid: process.geteuid?.() ?? uid,
    requester: { user: String(uid), uid, gid, groups: [] },
    home: '/',
  };
}
