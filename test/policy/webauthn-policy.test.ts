// `approvers.<id>.webauthn` in a policy (SPEC §13): `policy validate` (the built CLI) accepts a
// passkey-only approver and refuses each malformed part at its own file:line:col.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cbor, credential } from '../approval/authenticator.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const es256 = credential('ES256').cose;
const eddsa = credential('EdDSA').cose;
const rs256 = credential('RS256').cose;
const good = `{ rp_id: approvals.example.com, origin: "https://approvals.example.com", public_key: "${es256}" }`;

// Validates a policy whose alice approver is `alice` (YAML flow mapping); stdout and code.
async function validate(alice: string): Promise<{ out: string; code: number | null }> {
  const file = join(dir, `p-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `version: 1\napprovers:\n  alice: ${alice}\nchannels:\n  webhook: { url: "https://approvals.example.com/v1/requests" }\nrules:\n  - { id: r, match: { command: touch }, decision: approve, approvers: [alice] }\n`);
  const r = await runCli(['policy', 'validate', file]);
  return { out: r.stdout.replaceAll(file, 'P'), code: r.code };
}

describe('policy validate: approvers.<id>.webauthn', () => {
  test.each([
    ['an ES256 passkey only', `{ users: [alice], webauthn: ${good} }`],
    ['an EdDSA passkey with a credential id', `{ webauthn: { rp_id: example.com, origin: "https://approvals.example.com", public_key: "${eddsa}", credential_id: YWxpY2U } }`],
    ['an RS256 passkey beside an Ed25519 key', `{ key: "ed25519:${Buffer.alloc(32, 7).toString('base64')}", webauthn: { rp_id: localhost, origin: "http://localhost:8787", public_key: "${rs256}" } }`],
  ])('%s is valid', async (_name, alice) => {
    const r = await validate(alice);
    expect(r.out).toMatch(/P: valid \(1 rule, 1 approver/);
    expect(r.code).toBe(0);
  });

  const cose = (m: Map<number, number | Buffer>) => cbor(m).toString('base64url');
  test.each([
    ['neither key nor webauthn', '{ users: [alice] }', /^P:3:10: approvers\.alice: an approver needs key \(ed25519\) or webauthn/],
    ['an unknown field', `{ webauthn: { rp_id: a.example, origin: "https://a.example", public_key: "${es256}", counter: 0 } }`, /^P:3:\d+: approvers\.alice\.webauthn\.counter: unknown key "counter"/],
    ['a missing public_key', '{ webauthn: { rp_id: a.example, origin: "https://a.example" } }', /^P:3:\d+: approvers\.alice\.webauthn: missing required key "public_key"/],
    ['an rp_id with a scheme', `{ webauthn: { rp_id: "https://a.example", origin: "https://a.example", public_key: "${es256}" } }`, /^P:3:\d+: approvers\.alice\.webauthn\.rp_id: rp_id must be a lower-case host name/],
    ['an rp_id with a port', `{ webauthn: { rp_id: "a.example:443", origin: "https://a.example", public_key: "${es256}" } }`, /rp_id must be a lower-case host name/],
    ['a plain-HTTP origin off loopback', `{ webauthn: { rp_id: a.example, origin: "http://a.example", public_key: "${es256}" } }`, /origin must be https:\/\//],
    ['an origin with a path', `{ webauthn: { rp_id: a.example, origin: "https://a.example/inbox", public_key: "${es256}" } }`, /origin must be exactly scheme:\/\/host\[:port\]/],
    ['an origin with a trailing slash', `{ webauthn: { rp_id: a.example, origin: "https://a.example/", public_key: "${es256}" } }`, /origin must be exactly/],
    ['an origin outside rp_id', `{ webauthn: { rp_id: a.example, origin: "https://a.example.evil.test", public_key: "${es256}" } }`, /^P:3:\d+: approvers\.alice\.webauthn\.origin: origin https:\/\/a\.example\.evil\.test is not on rp_id a\.example/],
    ['an origin on a look-alike suffix', `{ webauthn: { rp_id: example.com, origin: "https://badexample.com", public_key: "${es256}" } }`, /is not on rp_id example\.com/],
    ['a public_key in standard base64', `{ webauthn: { rp_id: a.example, origin: "https://a.example", public_key: "${Buffer.from(es256, 'base64url').toString('base64')}" } }`, /public_key (must be base64url|is not canonical)/],
    ['a public_key that is no CBOR map', `{ webauthn: { rp_id: a.example, origin: "https://a.example", public_key: "${Buffer.from('hello').toString('base64url')}" } }`, /public_key is not a COSE key \(a CBOR map\)/],
    ['a huge public_key', `{ webauthn: { rp_id: a.example, origin: "https://a.example", public_key: "o${'A'.repeat(3999)}" } }`, /public_key is longer than 2048 bytes/],
    ['a padded credential_id', `{ webauthn: { rp_id: a.example, origin: "https://a.example", public_key: "${es256}", credential_id: "YWxpY2U=" } }`, /credential_id must be base64url/],
    ['a SHA-1 RSA key (RS1)', `{ webauthn: { rp_id: a.example, origin: "https://a.example", public_key: "${cose(new Map<number, number | Buffer>([[1, 3], [3, -65535], [-1, Buffer.alloc(256, 0xc1)], [-2, Buffer.from([1, 0, 1])]]))}" } }`, /^P:3:\d+: approvers\.alice\.webauthn: public_key: algorithm -65535 is not accepted/],
    ['an ES256 key on another curve', `{ webauthn: { rp_id: a.example, origin: "https://a.example", public_key: "${cose(new Map<number, number | Buffer>([[1, 2], [3, -7], [-1, 2], [-2, Buffer.alloc(48, 1)], [-3, Buffer.alloc(48, 2)]]))}" } }`, /an ES256 key must be an EC2 key on P-256/],
    ['an ES256 point off the curve', `{ webauthn: { rp_id: a.example, origin: "https://a.example", public_key: "${cose(new Map<number, number | Buffer>([[1, 2], [3, -7], [-1, 1], [-2, Buffer.alloc(32, 1)], [-3, Buffer.alloc(32, 2)]]))}" } }`, /not a valid public key/],
    ['a short RSA modulus', `{ webauthn: { rp_id: a.example, origin: "https://a.example", public_key: "${cose(new Map<number, number | Buffer>([[1, 3], [3, -257], [-1, Buffer.alloc(128, 0xc1)], [-2, Buffer.from([1, 0, 1])]]))}" } }`, /at least 2048 bits/],
  ])('%s is refused at its line and column', async (_name, alice, expected) => {
    const r = await validate(alice);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(expected);
  });
});
