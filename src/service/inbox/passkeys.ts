// Passkeys registered at enrolment (records of kind `passkey`), and the relying party the
// service is: its RP id and origin come from public_url.
// Invariants:
//   1. A passkey is stored only by a completed enrolment (./enrol.ts), keyed by its credential
//      id, and names exactly one approver; signing in with it signs in only as that approver.
//   2. These records let the inbox sign approvers in; they are never trust for a decision. A
//      host trusts only the `webauthn` entry an admin put in its policy.
import type { ServiceStorage } from '../storage/types.js';

export const PASSKEY_KIND = 'passkey';
/** Most passkeys one approver can have; also bounds the scan of listRecords. */
const MAX_LISTED = 10_000;

/** One enrolled passkey. */
export interface Passkey {
  approver: string;
  /** Credential id, base64url. */
  id: string;
  /** COSE public key, base64url. */
  public_key: string;
  counter: number;
  transports: string[];
  created_at: string;
}

/** The relying party: RP id (public_url's host name) and origin. */
export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

/** The relying party for `publicUrl`. */
export function relyingParty(publicUrl: string): RelyingParty {
  const url = new URL(publicUrl);
  return { id: url.hostname, origin: url.origin, name: `approve-run (${url.host})` };
}

/** The passkey with credential id `id`, or null. */
export async function passkeyById(storage: ServiceStorage, id: string): Promise<Passkey | null> {
  const text = await storage.getRecord(PASSKEY_KIND, id);
  return text === null ? null : (JSON.parse(text) as Passkey);
}

/** Every passkey of `approver`. */
export async function passkeysOf(storage: ServiceStorage, approver: string): Promise<Passkey[]> {
  const rows = await storage.listRecords(PASSKEY_KIND, MAX_LISTED);
  return rows.map((row) => JSON.parse(row.value) as Passkey).filter((p) => p.approver === approver);
}

/** Stores a passkey (invariant 1); false when that credential id is already enrolled. */
export function savePasskey(storage: ServiceStorage, passkey: Passkey): Promise<boolean> {
  return storage.insertRecord(PASSKEY_KIND, passkey.id, JSON.stringify(passkey), null);
}

/** Records the authenticator's counter after a sign-in. */
export async function updateCounter(storage: ServiceStorage, passkey: Passkey, counter: number): Promise<void> {
  await storage.swapRecord(PASSKEY_KIND, passkey.id, JSON.stringify(passkey), JSON.stringify({ ...passkey, counter }));
}
