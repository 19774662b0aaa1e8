// The approver's policy entry printed after enrolment (SPEC §13): what an admin pastes under
// `approvers:` in each host's policy so the host verifies this passkey's decisions.
import type { Passkey, RelyingParty } from './passkeys.js';

/** The YAML lines for `passkey`'s approver; values as JSON strings (valid YAML scalars). */
export function policyEntry(passkey: Passkey, rp: RelyingParty): string {
  const q = (text: string): string => JSON.stringify(text);
  return [
    `  ${passkey.approver}:`,
    `    # keep this approver's users (and key, for approve-run approve) beside webauthn`,
    `    webauthn:`,
    `      rp_id: ${q(rp.id)}`,
    `      origin: ${q(rp.origin)}`,
    `      public_key: ${q(passkey.public_key)}`,
    `      credential_id: ${q(passkey.id)}`,
    '',
  ].join('\n');
}
