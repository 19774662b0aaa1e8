// Decision checks of SPEC §5, one row per way a decision can fail, plus the tally rules.
import { describe, expect, test } from 'vitest';
import { parseDecision, signedBytes, type SignedDecision } from '../../src/approval/decision/decision.js';
import { bindingHash } from '../../src/approval/request/request.js';
import { parsePublicKey, verifySignature } from '../../src/approval/decision/signature.js';
import { tally, type AcceptedDecision } from '../../src/approval/decision/tally.js';
import { parseTimestamp, verifyDecision } from '../../src/approval/decision/verify.js';
import { keys, policy, request, signed } from './world.js';

const p = policy({});
const req = request({}, 300);
const hash = bindingHash(req);
const at = (offsetMs: number) => new Date(Date.parse(req.created_at) + offsetMs).toISOString();

// Runs one received value through shape and verification checks.
async function judge(value: unknown, now = new Date(Date.parse(req.created_at) + 1000)): Promise<string> {
  const parsed = parseDecision(value);
  if (!parsed.ok) return `shape: ${parsed.reason}`;
  const verdict = await verifyDecision(parsed.decision, { policy: p, request: req, requestHash: hash, now });
  return verdict.accepted ? 'accepted' : verdict.reason;
}

describe('verifyDecision', () => {
  const ok = { decided_at: at(1000) };
  test.each([
    ['a valid approval', signed(req, 'alice', 'approve', ok), /^accepted$/],
    ['a valid deny', signed(req, 'bob', 'deny', ok), /^accepted$/],
    ['no reason field at all', signed(req, 'alice', 'approve', { ...ok, reason: undefined }), /^accepted$/],
    ['a null reason', signed(req, 'alice', 'approve', { ...ok, reason: null }), /^accepted$/],
    ['unsigned', (() => { const { signature: _s, ...rest } = signed(req, 'alice', 'approve', ok); return rest; })(), /missing field signature/],
    ['signed by the wrong key', signed(req, 'alice', 'approve', ok, keys.mallory.privateKey), /bad signature for approver alice/],
    ['signature of another decision', { ...signed(req, 'alice', 'deny', ok), decision: 'approve' }, /bad signature/],
    ['garbage signature', { ...signed(req, 'alice', 'approve', ok), signature: 'ed25519:AAAA' }, /bad signature/],
    ['an unknown approver', signed(req, 'dave', 'approve', ok), /unknown approver dave/],
    ['an approver not permitted for this request', signed(req, 'carol', 'approve', ok), /carol may not approve this request/],
    ['self-approval', signed({ ...req, approvers: [...req.approvers] }, 'selfie', 'approve', ok, keys.mallory.privateKey), /may not approve|self-approval/],
    ['another request id', signed(req, 'alice', 'approve', { ...ok, request_id: 'req_OTHER' }), /request_id req_OTHER is not this request/],
    ['another request hash', signed(req, 'alice', 'approve', { ...ok, request_hash: `sha256:${'0'.repeat(64)}` }), /request_hash does not match/],
    ['decided before the request existed', signed(req, 'alice', 'approve', { decided_at: at(-1000) }), /before the request was created/],
    ['decided after it expired', signed(req, 'alice', 'approve', { decided_at: at(301_000) }), /after the request expired/],
    ['a decided_at that is not a time', signed(req, 'alice', 'approve', { decided_at: 'yesterday' }), /not a valid timestamp/],
    ['an impossible date', signed(req, 'alice', 'approve', { decided_at: '2026-02-31T00:00:00Z' }), /not a valid timestamp/],
    ['an unknown decision word', signed(req, 'alice', 'allow' as 'approve', ok), /neither "approve" nor "deny"/],
    ['an extra field', signed(req, 'alice', 'approve', { ...ok, scope: 'all' }), /unknown field "scope"/],
    ['a number where a string belongs', signed(req, 'alice', 'approve', { ...ok, request_id: 7 }), /request_id is not a string/],
    ['not an object', ['approve'], /not a JSON object/],
    ['null', null, /not a JSON object/],
    ['a lone surrogate', { ...signed(req, 'alice', 'approve', ok), reason: 'x\uD800' }, /not valid Unicode/],
    ['an empty approver', signed(req, '', 'approve', ok), /field approver is empty/],
    ['a huge reason', { ...signed(req, 'alice', 'approve', ok), reason: 'x'.repeat(5000) }, /reason is longer than 2000/],
  ])('%s', async (_name, value, expected) => {
    expect(await judge(value)).toMatch(expected);
  });

  test('self-approval is refused even when the request lists the approver', async () => {
    const selfReq = { ...req, approvers: ['alice', 'selfie'] };
    const d = parseDecision(signed(selfReq, 'selfie', 'approve', { decided_at: at(1000), request_hash: bindingHash(selfReq) }, keys.mallory.privateKey));
    expect(d.ok).toBe(true);
    if (!d.ok) return;
    const v = await verifyDecision(d.decision, { policy: p, request: selfReq, requestHash: bindingHash(selfReq), now: new Date(Date.parse(req.created_at) + 1000) });
    expect(v).toEqual({ accepted: false, reason: 'self-approval: approver selfie includes the requester deploy', signer: { key_id: expect.stringMatching(/^SHA256:[0-9a-f]{16}$/) } });
  });

  test('a decision that arrives after expiry is refused even if decided in time', async () => {
    expect(await judge(signed(req, 'alice', 'approve', { decided_at: at(1000) }), new Date(Date.parse(req.expires_at) + 1))).toMatch(/arrived after the request expired/);
  });

  test('an approver whose policy key is malformed never verifies', async () => {
    const broken = policy({}, { approvers: { ...p.approvers, alice: { ...p.approvers.alice!, key: 'ed25519:short' } } });
    const d = parseDecision(signed(req, 'alice', 'approve', { decided_at: at(1000) }));
    if (!d.ok) throw new Error('shape');
    expect(await verifyDecision(d.decision, { policy: broken, request: req, requestHash: hash, now: new Date(Date.parse(req.created_at) + 1) })).toEqual({ accepted: false, reason: 'approver alice has no valid ed25519 key in the policy', signer: null });
  });
});

describe('signature helpers', () => {
  test('verify the JCS bytes without the signature, and nothing else', () => {
    const value = signed(req, 'alice') as unknown as SignedDecision;
    const key = parsePublicKey(keys.alice.text);
    expect(key).not.toBeNull();
    expect(verifySignature(key!, signedBytes(value), value.signature)).toBe(true);
    expect(verifySignature(key!, Buffer.concat([signedBytes(value), Buffer.from(' ')]), value.signature)).toBe(false);
    expect(verifySignature(key!, signedBytes(value), value.signature.replace('ed25519:', 'rsa:'))).toBe(false);
  });
  test.each(['', 'ed25519:', 'ed25519:!!!!', `ed25519:${Buffer.alloc(31).toString('base64')}`, `ssh-ed25519:${Buffer.alloc(32).toString('base64')}`])('rejects key %j', (text) => {
    expect(parsePublicKey(text)).toBeNull();
  });
});

describe('parseTimestamp', () => {
  test.each([
    ['2026-11-21T12:00:00Z', Date.UTC(2026, 10, 21, 12)],
    ['2026-11-21T12:00:00.123Z', Date.UTC(2026, 10, 21, 12, 0, 0, 123)],
    ['2026-11-21T13:00:00+01:00', Date.UTC(2026, 10, 21, 12)],
    ['2026-11-21 12:00:00Z', null],
    ['2026-11-21T24:00:00Z', null],
    ['2026-11-21T12:00:00', null],
    ['1763726400', null],
  ])('%s', (text, expected) => {
    expect(parseTimestamp(text)).toBe(expected);
  });
});

describe('tally', () => {
  const d = (approver: string, decision: 'approve' | 'deny'): AcceptedDecision => ({ approver, decision, reason: null, channel: 'webhook', authentication: 'signature', signed: null, allowsSession: true });
  test('any valid deny denies, whatever the approvals', () => {
    expect(tally([d('alice', 'approve'), d('bob', 'deny')], 1)).toMatchObject({ state: 'denied', by: { approver: 'bob' } });
  });
  test('the quorum counts distinct approvers', () => {
    expect(tally([d('alice', 'approve'), d('alice', 'approve')], 2)).toEqual({ state: 'pending', approvers: ['alice'] });
    expect(tally([d('alice', 'approve'), d('bob', 'approve')], 2)).toMatchObject({ state: 'approved', approvers: ['alice', 'bob'] });
  });
  test('nothing is pending, not approved', () => {
    expect(tally([], 1).state).toBe('pending');
  });
});
