// Decisions from a real HTTP approver on 127.0.0.1 that must not count (SPEC §5): each case
// ends "not approved" with the right outcome and a decision entry saying why.
import { describe, expect, test } from 'vitest';
import { answer, ask, outcomeOf, refusedReasons } from './hook.js';
import { keys, signed } from './world.js';

describe.concurrent('decisions that do not count never approve', () => {
  test.each([
    ['unsigned decision', answer((r) => [(({ signature: _s, ...rest }) => rest)(signed(r, 'alice'))]), /missing field signature/],
    ['signed with the wrong key', answer((r) => [signed(r, 'alice', 'approve', {}, keys.mallory.privateKey)]), /bad signature for approver alice/],
    ['unknown approver', answer((r) => [signed(r, 'zed', 'approve', {}, keys.mallory.privateKey)]), /unknown approver zed/],
    ['approver not permitted for this rule', answer((r) => [signed(r, 'carol')]), /carol may not approve this request/],
    ['wrong request id', answer((r) => [signed(r, 'alice', 'approve', { request_id: 'req_01ARZ3NDEKTSV4RRFFQ69G5FAV' })]), /request_id req_01ARZ3NDEKTSV4RRFFQ69G5FAV is not this request/],
    ['wrong request hash', answer((r) => [signed({ ...r, argv: ['systemctl', 'stop', 'nginx.service'] }, 'alice')]), /request_hash does not match/],
    ['decided_at before the request', answer((r) => [signed(r, 'alice', 'approve', { decided_at: new Date(Date.parse(r.created_at) - 60_000).toISOString() })]), /before the request was created/],
    ['decided_at after expiry', answer((r) => [signed(r, 'alice', 'approve', { decided_at: new Date(Date.parse(r.expires_at) + 60_000).toISOString() })]), /after the request expired/],
    ['a decision that is not an object', answer(() => ['approve']), /not a JSON object/],
  ])('%s', async (_name, script, why) => {
    // Generous call and approval timeouts: the decision must arrive before either, however
    // loaded the machine is.
    const run = await ask(script, { timeoutS: 4, callTimeoutS: 3 });
    expect(run.result.outcome).toBe('approver_unreachable');
    expect(refusedReasons(run.audit).join('\n')).toMatch(why);
    expect(outcomeOf(run.audit)).toMatchObject({ outcome: 'approver_unreachable' });
    expect(outcomeOf(run.audit).message).toMatch(/^no approval \(request req_\w+\): no valid approval: /);
  });

  test('self-approval: an approver whose users include the requester', async () => {
    const run = await ask(answer((r) => [signed(r, 'selfie', 'approve', {}, keys.mallory.privateKey)]), { approvers: ['alice', 'selfie'] });
    expect(run.result.outcome).toBe('approver_unreachable');
    expect(refusedReasons(run.audit)).toEqual(['self-approval: approver selfie includes the requester deploy']);
  });

  test('the same approver twice does not make a quorum of 2', async () => {
    const run = await ask(answer((r) => [signed(r, 'alice'), signed(r, 'alice')]), { quorum: 2 });
    expect(run.result.outcome).toBe('approver_unreachable');
    expect(refusedReasons(run.audit)).toEqual(['approver alice was already counted; the quorum counts distinct approvers']);
    expect(outcomeOf(run.audit).message).toMatch(/quorum of 2 not reached \(approved by alice\)/);
  });

  test('a valid deny among approvals denies', async () => {
    const run = await ask(answer((r) => [signed(r, 'alice'), signed(r, 'bob', 'deny', { reason: 'change freeze' })]));
    expect(run.result).toEqual({ outcome: 'denied_by_approver', approvers: ['bob'], message: 'change freeze' });
    expect(outcomeOf(run.audit)).toMatchObject({ outcome: 'denied_by_approver', message: 'denied by bob: change freeze' });
  });
});
