// Who the approvers were: the roster recorded in `policy_loaded` entries (or, for older logs
// that did not record one, the current policy's), with a short key fingerprint per approver.
import { keyId, passkeyId } from '../crypto/key-id.js';
import type { Approver } from '../policy/types.js';

export { keyId };

/** One approver as the report knows them. */
export interface RosterMember {
  id: string;
  users: string[];
  key_id: string | null;
  /** Fingerprint of the approver's passkey (`passkey:SHA256:…`), or null. */
  passkey_id: string | null;
}

/** The roster of a policy, as `policy_loaded` records it. */
export function rosterOf(approvers: Record<string, Approver>): RosterMember[] {
  return Object.values(approvers).map((a) => ({ id: a.id, users: [...a.users], key_id: keyId(a.key), passkey_id: a.webauthn === null ? null : `passkey:${passkeyId(a.webauthn.public_key)}` }));
}

/** The roster a logged `policy_loaded` entry records, or null (older entries, malformed). */
export function loggedRoster(value: unknown): RosterMember[] | null {
  if (!Array.isArray(value)) return null;
  const members: RosterMember[] = [];
  for (const item of value) {
    if (item === null || typeof item !== 'object') return null;
    const { id, users, key_id, passkey_id } = item as Record<string, unknown>;
    if (typeof id !== 'string' || !Array.isArray(users)) return null;
    members.push({ id, users: users.map(String), key_id: typeof key_id === 'string' ? key_id : null, passkey_id: typeof passkey_id === 'string' ? passkey_id : null });
  }
  return members;
}

/** Whether one of the member's users is the requester (by name, uid or #uid), as eligibility checks it. */
export function includesRequester(member: RosterMember, user: string, uid: number | null): boolean {
  return member.users.some((u) => u === user || (uid !== null && (u === String(uid) || u === `#${uid}`)));
}
