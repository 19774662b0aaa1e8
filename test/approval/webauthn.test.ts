// Passkey-signed decisions (SPEC §13), through the same parseDecision + verifyDecision every
// relayed decision goes through, with a software authenticator (./authenticator.ts). Each row
// is one way a compromised service, a replayer or a broken client could try to pass one off.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { parseDecision } from '../../src/approval/decision/decision.js';
import { bindingHash, type ApprovalRequest } from '../../src/approval/request/request.js';
import { verifyDecision } from '../../src/approval/decision/verify.js';
import { canonicalBytes, canonicalize } from '../../src/crypto/jcs.js';
import type { Approver } from '../../src/policy/types.js';
import { assertion, cbor, credential, envelope, ORIGIN, passkeySigned, RP_ID, type AssertionOptions, type Credential } from './authenticator.js';
import { policy, request, signed } from './world.js';

const es256 = credential('ES256');
const eddsa = credential('EdDSA');
const rs256 = credential('RS256');
const stranger = credential('ES256');
const passkey = (cred: Credential, over: Partial<NonNullable<Approver['webauthn']>> = {}) => ({ rp_id: RP_ID, origin: ORIGIN, public_key: cred.cose, credential_id: null, ...over });

// alice: Ed25519 key and an ES256 passkey (with a credential id); bob: an EdDSA passkey only.
function passkeyPolicy(bobKey: Credential = eddsa, aliceOver: Partial<NonNullable<Approver['webauthn']>> = {}) {
  const base = policy({});
  return policy({}, {
    approvers: {
      ...base.approvers,
      alice: { ...base.approvers.alice!, webauthn: passkey(es256, { credential_id: 'Y3JlZC1hbGljZQ', ...aliceOver }) },
      bob: { ...base.approvers.bob!, key: null, webauthn: passkey(bobKey) },
    },
  });
}

const p = passkeyPolicy();
const req = request({}, 300);
const other = request({}, 300);
const at = new Date(Date.parse(req.created_at) + 1000).toISOString();

// The decision fields (without signature) an approver would sign for `r`.
const unsigned = (r: ApprovalRequest, approver = 'alice', decision = 'approve', over: Record<string, unknown> = {}) =>
  ({ request_id: r.id, request_hash: bindingHash(r), decision, approver, reason: 'ok', decided_at: at, ...over });

// The verdict text on `value` against `req` under `pol`.
async function judge(value: unknown, pol = p, r = req): Promise<string> {
  const parsed = parseDecision(value);
  if (!parsed.ok) return `shape: ${parsed.reason}`;
  const v = await verifyDecision(parsed.decision, { policy: pol, request: r, requestHash: bindingHash(r), now: new Date(Date.parse(r.created_at) + 2000) });
  return v.accepted ? 'accepted' : v.reason;
}

// `cose` with its algorithm (label 3) replaced.
function withAlg(cose: string, alg: number): string {
  const bytes = Buffer.from(cose, 'base64url');
  const map = new Map<number, number | Buffer>();
  let i = 1;
  // Our own encoder's output: small int keys, ints or byte strings of < 65536 bytes.
  const int = (): number => { const b = bytes[i++]!; const n = b & 31; const v = n < 24 ? n : n === 24 ? bytes[i++]! : (i += 2, bytes.readUInt16BE(i - 2)); return b >> 5 === 1 ? -1 - v : v; };
  for (let k = 0; k < (bytes[0]! & 31); k++) {
    const key = int();
    if (bytes[i]! >> 5 === 2) { const b = bytes[i]!; i++; const n = b & 31; const len = n < 24 ? n : n === 24 ? bytes[i++]! : (i += 2, bytes.readUInt16BE(i - 2)); map.set(key, bytes.subarray(i, i + len)); i += len; } else map.set(key, int());
  }
  map.set(3, alg);
  return cbor(map).toString('base64url');
}

// A decision whose envelope holds `values` (already base64url strings).
const withEnvelope = (values: Record<string, string>) => ({ ...unsigned(req), signature: envelope(values) });
// A valid assertion's values for alice's decision on req, with `o`.
const values = (o: AssertionOptions = {}) => assertion(es256, createHash('sha256').update(canonicalBytes(unsigned(req))).digest(), o);
// A decision with a raw `webauthn:` body.
const rawSignature = (body: string) => ({ ...unsigned(req), signature: `webauthn:${body}` });

describe('passkey-signed decisions are accepted', () => {
  test.each([
    ['ES256 (P-256)', 'alice', es256, p],
    ['EdDSA (Ed25519), an approver with no Ed25519 key', 'bob', eddsa, p],
    ['RS256 (RSA 2048)', 'bob', rs256, passkeyPolicy(rs256)],
  ] as const)('%s', async (_name, who, cred, pol) => {
    expect(await judge(passkeySigned(unsigned(req, who), cred), pol)).toBe('accepted');
  });

  test('a deny with a reason, and a non-zero or zero counter alike (synced passkeys report 0)', async () => {
    expect(await judge(passkeySigned(unsigned(req, 'alice', 'deny', { reason: 'not now' }), es256, { counter: 41 }))).toBe('accepted');
    expect(await judge(passkeySigned(unsigned(req, 'alice', 'approve', { reason: null }), es256, { counter: 0 }))).toBe('accepted');
  });

  test('the verdict names the passkey: its fingerprint and the credential id the policy gives', async () => {
    const parsed = parseDecision(passkeySigned(unsigned(req), es256));
    if (!parsed.ok) throw new Error(parsed.reason);
    const v = await verifyDecision(parsed.decision, { policy: p, request: req, requestHash: bindingHash(req), now: new Date(Date.parse(req.created_at) + 2000) });
    const fingerprint = createHash('sha256').update(Buffer.from(es256.cose, 'base64url')).digest('hex').slice(0, 16);
    expect(v).toEqual({ accepted: true, signer: { key_id: `passkey:SHA256:${fingerprint}`, credential_id: 'Y3JlZC1hbGljZQ' } });
  });

  test('alice\'s Ed25519 key keeps working beside her passkey', async () => {
    expect(await judge(signed(req, 'alice', 'approve', { decided_at: at }))).toBe('accepted');
  });
});

describe('a compromised service, a replayer or a broken client is refused, and the reason says why', () => {
  const good = passkeySigned(unsigned(req), es256);
  const deny = passkeySigned(unsigned(req, 'alice', 'deny'), es256);
  const forOther = passkeySigned(unsigned(other), es256);
  test.each([
    // Binding: what was signed is not this decision on this request.
    ['the service altered the request (the host hashes its own)', passkeySigned(unsigned(req, 'alice', 'approve', { request_hash: bindingHash({ ...req, argv: ['rm', '-rf', '/'] }) }), es256), /request_hash does not match/],
    ['the service altered the decision after signing (deny made approve)', { ...deny, decision: 'approve' }, /signed another challenge/],
    ['the service changed the reason', { ...good, reason: 'changed' }, /signed another challenge/],
    ['a replayed assertion made for another decision', { ...unsigned(req), signature: deny.signature }, /signed another challenge/],
    ['an assertion for another request, relabelled', { ...unsigned(req), signature: forOther.signature }, /signed another challenge/],
    ['a valid decision on another request (swapped request id)', forOther, /request_id \S+ is not this request/],
    ['the request id swapped after signing', { ...good, request_id: other.id }, /signed another challenge/],
    ['signed with a key that is not enrolled', passkeySigned(unsigned(req), es256, { signer: stranger }), /does not verify/],
    ['bob\'s passkey claiming to be alice', passkeySigned(unsigned(req), eddsa), /bad passkey signature for approver alice/],
    ['a passkey signature for an approver without a passkey', passkeySigned(unsigned(req, 'carol'), es256), /approver carol has no passkey \(webauthn\)/],
    ['an Ed25519 signature for a passkey-only approver', signed(req, 'bob', 'approve', { decided_at: at }), /approver bob has no valid ed25519 key/],
    // Client data and authenticator data.
    ['another origin', passkeySigned(unsigned(req), es256, { origin: 'https://evil.example.com' }), /origin "https:\/\/evil\.example\.com" is not the policy's/],
    ['a sub-domain origin', passkeySigned(unsigned(req), es256, { origin: 'https://x.approvals.example.com' }), /is not the policy's/],
    ['another RP id', passkeySigned(unsigned(req), es256, { rpId: 'example.com' }), /another relying party/],
    ['user presence missing', passkeySigned(unsigned(req), es256, { flags: 0x04 }), /user presence \(UP\)/],
    ['user verification missing', passkeySigned(unsigned(req), es256, { flags: 0x01 }), /user verification \(UV\)/],
    ['no flags at all', passkeySigned(unsigned(req), es256, { flags: 0 }), /user presence/],
    ['a registration, not an assertion', passkeySigned(unsigned(req), es256, { type: 'webauthn.create' }), /type is "webauthn.create"/],
    ['no type', passkeySigned(unsigned(req), es256, { extra: { type: undefined } }), /type is missing/],
    ['made in a cross-origin frame', passkeySigned(unsigned(req), es256, { extra: { crossOrigin: true } }), /cross-origin/],
    ['attested-data flag without the data', passkeySigned(unsigned(req), es256, { flags: 0x45 }), /webauthn assertion refused/],
    ['trailing bytes after authenticatorData', withEnvelope({ ...values(), authenticatorData: Buffer.concat([Buffer.from(values().authenticatorData, 'base64url'), Buffer.from('xx')]).toString('base64url') }), /refused|does not verify/],
    ['a truncated authenticatorData', withEnvelope({ ...values(), authenticatorData: Buffer.alloc(36).toString('base64url') }), /shorter than 37 bytes/],
    ['a garbage signature', withEnvelope({ ...values(), signature: Buffer.from('not a DER signature').toString('base64url') }), /refused|does not verify/],
    ['clientDataJSON that is not JSON', withEnvelope({ ...values(), clientDataJSON: Buffer.from('{"type":').toString('base64url') }), /clientDataJSON is not JSON/],
    ['clientDataJSON that is an array', withEnvelope({ ...values(), clientDataJSON: Buffer.from('[1]').toString('base64url') }), /clientDataJSON is not a JSON object/],
    // The envelope.
    ['an envelope that is not base64url', rawSignature('!!!'), /not canonical base64url/],
    ['a padded envelope', rawSignature(`${Buffer.from(canonicalize(values())).toString('base64url')}=`), /not canonical base64url/],
    ['standard base64 instead of base64url', rawSignature(Buffer.from(`${canonicalize(values())}??>`).toString('base64')), /not canonical base64url|JSON/],
    ['an empty envelope', rawSignature(''), /not canonical base64url/],
    ['an envelope that is not JSON', rawSignature(Buffer.from('hello').toString('base64url')), /does not hold JSON/],
    ['an envelope holding an array', rawSignature(Buffer.from('[]').toString('base64url')), /does not hold a JSON object/],
    ['a missing field', withEnvelope({ authenticatorData: values().authenticatorData, clientDataJSON: values().clientDataJSON }), /exactly authenticatorData/],
    ['an extra field', withEnvelope({ ...values(), userHandle: 'YWxpY2U' }), /exactly authenticatorData/],
    ['a field in standard base64', withEnvelope({ ...values(), signature: `${Buffer.from(values().signature, 'base64url').toString('base64')}` }), /exactly authenticatorData|canonical/],
    ['a field that is a number', rawSignature(Buffer.from(JSON.stringify({ ...values(), signature: 7 })).toString('base64url')), /exactly authenticatorData/],
    ['an envelope that is JSON but not JCS', rawSignature(Buffer.from(JSON.stringify(values(), null, 1)).toString('base64url')), /not the JCS serialisation/],
    ['duplicate keys in the envelope', rawSignature(Buffer.from(canonicalize(values()).replace('{', `{"signature":"AAAA",`)).toString('base64url')), /not the JCS serialisation|exactly/],
    ['a huge signature', rawSignature('A'.repeat(9000)), /shape: field signature is longer than 8192/],
    ['huge client data', withEnvelope({ ...values(), clientDataJSON: Buffer.from(JSON.stringify({ pad: 'x'.repeat(7000) })).toString('base64url') }), /shape: field signature is longer/],
  ])('%s', async (_name, value, expected) => {
    expect(await judge(value)).toMatch(expected);
  });

  test.each([
    ['malformed CBOR', '_w'],
    ['a CBOR map that is no COSE key', Buffer.from([0xa1, 0x01, 0x02]).toString('base64url')],
    ['ES256 coordinates under another algorithm (ES384)', withAlg(es256.cose, -35)],
    ['an RSA key with SHA-1 (RS1)', withAlg(rs256.cose, -65535)],
    ['an ES256 point off the curve', (() => { const b = Buffer.from(es256.cose, 'base64url'); b.writeUInt8(b.readUInt8(b.length - 1) ^ 1, b.length - 1); return b.toString('base64url'); })()],
  ])('a policy passkey that is %s never verifies', async (_name, cose) => {
    expect(await judge(passkeySigned(unsigned(req), es256), passkeyPolicy(eddsa, { public_key: cose }))).toMatch(/bad passkey signature for approver alice: (the policy's passkey: public_key|webauthn assertion refused)/);
  });

  test('the policy\'s origin and rp id are what count, not the assertion\'s', async () => {
    const moved = passkeyPolicy(eddsa, { rp_id: 'example.com', origin: 'https://example.com' });
    expect(await judge(passkeySigned(unsigned(req), es256), moved)).toMatch(/origin "https:\/\/approvals\.example\.com" is not the policy's https:\/\/example\.com/);
    expect(await judge(passkeySigned(unsigned(req), es256, { origin: 'https://example.com' }), moved)).toMatch(/another relying party than rp_id example\.com/);
    expect(await judge(passkeySigned(unsigned(req), es256, { origin: 'https://example.com', rpId: 'example.com' }), moved)).toBe('accepted');
  });
});
