// Passkey-signed decisions end to end (SPEC §13): a real host (the built CLI) waits on the real
// service; decisions signed by a software authenticator are posted to the service, which
// relays them. A valid one releases the host; hostile ones (what a compromised service or a
// replayer could send) are each logged with the reason and never end the wait.
import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { bindingHash, type ApprovalRequest } from '../../src/approval/request/request.js';
import { credential, ORIGIN, passkeySigned, RP_ID, type AssertionOptions } from '../approval/authenticator.js';
import { startHost, startService, type Service } from './world.js';

let svc: Service;
beforeAll(async () => {
  svc = await startService();
});
afterAll(async () => {
  await svc.stop();
});

const alicePasskey = credential('ES256');
const bobPasskey = credential('EdDSA');
const stranger = credential('ES256');
const CREDENTIAL_ID = 'YWxpY2UtcGhvbmU';

// A host policy: alice (ES256 passkey only) and bob (EdDSA passkey) may approve `touch`.
function passkeyPolicy(quorum = 1): string {
  const file = join(svc.dir, `passkey-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(file, `version: 1
settings: { default: deny, approval_timeout: 20s }
approvers:
  alice:
    users: [alice]
    webauthn: { rp_id: ${RP_ID}, origin: "${ORIGIN}", public_key: "${alicePasskey.cose}", credential_id: ${CREDENTIAL_ID} }
  bob:
    users: [bob]
    webauthn: { rp_id: ${RP_ID}, origin: "${ORIGIN}", public_key: "${bobPasskey.cose}" }
channels:
  webhook: { url: "${svc.url}/v1/requests", secret_env: APPROVE_RUN_WEBHOOK_SECRET, timeout: 5s }
rules:
  - id: touch-files
    match: { command: touch }
    decision: approve
    approvers: [alice, bob]
    quorum: ${quorum}
`);
  return file;
}

// The request the service holds for `id`, once the host has posted it.
async function stored(id: string): Promise<ApprovalRequest> {
  for (let i = 0; i < 200; i++) {
    const r = await fetch(`${svc.url}/v1/requests/${id}`);
    if (r.status === 200) return ((await r.json()) as { request: ApprovalRequest }).request;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error(`request ${id} never reached the service`);
}

// Posts `{"decision": value}` to request `id`; the service's status code.
const post = async (id: string, value: unknown) =>
  (await fetch(`${svc.url}/v1/requests/${id}/decisions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ decision: value }) })).status;

// The fields an approver signs for `request`.
const fields = (request: ApprovalRequest, approver = 'alice', decision = 'approve', over: Record<string, unknown> = {}) =>
  ({ request_id: request.id, request_hash: bindingHash(request), decision, approver, reason: 'fine by me', decided_at: new Date().toISOString(), ...over });

// The host's received-decision entries.
function received(db: string): Array<Record<string, unknown>> {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare('SELECT leaf FROM entries ORDER BY seq').all() as Array<{ leaf: string }>)
      .map((r) => JSON.parse(r.leaf) as Record<string, unknown>)
      .filter((e) => e.type === 'decision' && e.event === 'received');
  } finally {
    d.close();
  }
}

// Waits until the host has logged `n` received decisions.
async function loggedCount(db: string, n: number): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (existsSync(db) && received(db).length >= n) return;
    await new Promise((res) => setTimeout(res, 25));
  }
  throw new Error(`the host logged fewer than ${n} decisions`);
}

describe('a decision signed by the approver\'s passkey', () => {
  test('releases the waiting host; the log names the passkey that signed', async () => {
    const db = join(svc.dir, 'ok.db');
    const marker = join(svc.dir, 'passkey-approved');
    const host = startHost(passkeyPolicy(), db, marker);
    const request = await stored(await host.requestId());
    expect(await post(request.id, passkeySigned(fields(request), alicePasskey))).toBe(202);
    expect(await host.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    const [entry] = received(db);
    expect(entry).toMatchObject({ accepted: true, decided_by: ['alice'], authentication: 'signature', key_id: expect.stringMatching(/^passkey:SHA256:[0-9a-f]{16}$/), credential_id: CREDENTIAL_ID });
  });

  test('a deny signed by the passkey: exit 77 with the reason', async () => {
    const db = join(svc.dir, 'deny.db');
    const host = startHost(passkeyPolicy(), db, join(svc.dir, 'never-denied'));
    const request = await stored(await host.requestId());
    expect(await post(request.id, passkeySigned(fields(request, 'bob', 'deny', { reason: 'change freeze' }), bobPasskey))).toBe(202);
    expect(await host.code).toBe(77);
    expect(host.err()).toMatch(/denied by bob: change freeze/);
  });

  test('hostile decisions are each refused with the reason logged, and the wait goes on to a valid one', async () => {
    const db = join(svc.dir, 'hostile.db');
    const marker = join(svc.dir, 'hostile-approved');
    const old = startHost(passkeyPolicy(), join(svc.dir, 'old.db'), join(svc.dir, 'old-marker'));
    const oldRequest = await stored(await old.requestId());
    const host = startHost(passkeyPolicy(), db, marker);
    const request = await stored(await host.requestId());
    const signedFor = (o: AssertionOptions = {}, over: Record<string, unknown> = {}) => passkeySigned(fields(request, 'alice', 'approve', over), alicePasskey, o);
    const replayed = passkeySigned(fields(oldRequest), alicePasskey);
    const altered = { ...request, argv: ['touch', '/etc/cron.d/evil'] };
    const hostile: Array<[unknown, RegExp]> = [
      [passkeySigned(fields(altered), alicePasskey), /request_hash does not match this request/],
      [{ ...fields(request), signature: replayed.signature }, /signed another challenge/],
      [{ ...replayed, request_id: request.id }, /signed another challenge/],
      [replayed, /request_id \S+ is not this request/],
      [signedFor({ signer: stranger }), /does not verify with the policy's public key/],
      [signedFor({ origin: 'https://approvals.example.com.evil.test' }), /origin .* is not the policy's/],
      [signedFor({ rpId: 'evil.test' }), /another relying party than rp_id/],
      [signedFor({ flags: 0x04 }), /user presence \(UP\) flag not set/],
      [signedFor({ flags: 0x01 }), /user verification \(UV\) flag not set/],
      [signedFor({ type: 'webauthn.create' }), /type is "webauthn.create"/],
      [{ ...fields(request), signature: 'webauthn:e30' }, /exactly authenticatorData, clientDataJSON and signature/],
      [{ ...fields(request), signature: 'webauthn:not base64!' }, /not canonical base64url/],
    ];
    for (const [value] of hostile) expect(await post(request.id, value)).toBe(202);
    await loggedCount(db, hostile.length);
    expect(host.err()).not.toMatch(/no approval|denied/);
    expect(await post(request.id, passkeySigned(fields(request), alicePasskey))).toBe(202);
    expect(await host.code).toBe(0);
    expect(existsSync(marker)).toBe(true);
    const log = received(db);
    expect(log).toHaveLength(hostile.length + 1);
    hostile.forEach(([, reason], i) => {
      expect(log[i]).toMatchObject({ accepted: false, outcome: 'decision_refused' });
      expect(String(log[i]!.message)).toMatch(reason);
    });
    expect(log.at(-1)).toMatchObject({ accepted: true });
    // The other host is still waiting for its own request: nothing posted here ended it.
    expect(await post(oldRequest.id, replayed)).toBe(202);
    expect(await old.code).toBe(0);
  });

  test('quorum 2 with two passkeys: one approval is not enough, the second releases', async () => {
    const db = join(svc.dir, 'quorum.db');
    const marker = join(svc.dir, 'quorum-approved');
    const host = startHost(passkeyPolicy(2), db, marker);
    const request = await stored(await host.requestId());
    expect(await post(request.id, passkeySigned(fields(request), alicePasskey))).toBe(202);
    await loggedCount(db, 1);
    expect(existsSync(marker)).toBe(false);
    expect(await post(request.id, passkeySigned(fields(request, 'bob'), bobPasskey))).toBe(202);
    expect(await host.code).toBe(0);
    expect(received(db).map((e) => e.key_id)).toEqual([expect.stringMatching(/^passkey:/), expect.stringMatching(/^passkey:/)]);
  });
});

