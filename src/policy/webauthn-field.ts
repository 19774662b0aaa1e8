// The `approvers.<id>.webauthn` field (SPEC §13): the approver's passkey as the host trusts it.
// Each part is checked here, at its own line and column; the COSE key's content (algorithm,
// curve, point) is checked by `policy validate` (src/approval/decision/webauthn-key.ts), since
// decoding it needs the WebAuthn library, which an ordinary policy load never loads.
import { z } from 'zod';

/** Hosts whose plain-HTTP origin browsers treat as secure (WebAuthn works there). */
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const RP_ID = new RegExp(`^(?=.{1,253}$)${LABEL}(?:\\.${LABEL})*$`);
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** Largest COSE public key accepted (an RSA-4096 key is about 540 bytes). */
export const MAX_COSE_BYTES = 2048;
/** WebAuthn credential ids are at most 1023 bytes. */
const MAX_CREDENTIAL_ID_BYTES = 1023;

// A problem with a base64url (unpadded, canonical) value of at most `max` bytes, or null.
function base64urlProblem(value: string, what: string, max: number): string | null {
  if (!BASE64URL.test(value)) return `${what} must be base64url (A-Z a-z 0-9 - _, no padding)`;
  const bytes = Buffer.from(value, 'base64url');
  if (bytes.toString('base64url') !== value) return `${what} is not canonical base64url`;
  if (bytes.length > max) return `${what} is longer than ${max} bytes`;
  return null;
}

// The origin's problem: an https origin (or http on loopback) with nothing after the host.
function originProblem(origin: string): string | null {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return `origin ${JSON.stringify(origin)} is not a URL`;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) return 'origin must be https:// (http:// only on localhost)';
  if (url.origin !== origin) return `origin must be exactly scheme://host[:port], as the browser reports it (${JSON.stringify(url.origin)})`;
  return null;
}

const rpId = z.string().regex(RP_ID, 'rp_id must be a lower-case host name, without scheme or port (e.g. approvals.example.com)');
const origin = z.string().superRefine((value, ctx) => {
  const problem = originProblem(value);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});
const coseKey = z.string().superRefine((value, ctx) => {
  const problem = base64urlProblem(value, 'public_key', MAX_COSE_BYTES);
  // A COSE key is a CBOR map: major type 5 in the first byte.
  const first = problem === null ? (Buffer.from(value, 'base64url')[0] ?? 0) : 0;
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  else if (first >> 5 !== 5) ctx.addIssue({ code: 'custom', message: 'public_key is not a COSE key (a CBOR map), as enrolment prints it' });
});
const credentialId = z.string().superRefine((value, ctx) => {
  const problem = base64urlProblem(value, 'credential_id', MAX_CREDENTIAL_ID_BYTES);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

/** `{rp_id, origin, public_key, credential_id?}`; the origin's host must be rp_id or under it. */
export const webauthnCredential = z
  .strictObject({
    rp_id: rpId.describe('WebAuthn relying party id: the approval service\'s host name (or a parent domain of it)'),
    origin: origin.describe('The approval service\'s origin as the browser reports it: https://host[:port] (its public_url)'),
    public_key: coseKey.describe('The passkey\'s COSE public key, base64url, as enrolment prints it (ES256, EdDSA or RS256)'),
    credential_id: credentialId.optional().describe('The passkey\'s credential id, base64url: names it in the audit log and report'),
  })
  .superRefine((w, ctx) => {
    if (originProblem(w.origin) !== null || !RP_ID.test(w.rp_id)) return;
    const host = new URL(w.origin).hostname;
    if (host !== w.rp_id && !host.endsWith(`.${w.rp_id}`)) {
      ctx.addIssue({ code: 'custom', message: `origin ${w.origin} is not on rp_id ${w.rp_id} or a host under it, so no browser would sign for it`, path: ['origin'] });
    }
  });
