// The tally of a self-confirmation (an unauthenticated terminal answer): never an approver,
// never toward a quorum; it releases a request only where one answer is all that is asked.
import { describe, expect, it } from 'vitest';
import { isConfirmation, tally, type AcceptedDecision } from '../../src/approval/decision/tally.js';

const confirmation: AcceptedDecision = { approver: 'terminal', decision: 'approve', reason: null, channel: 'terminal', authentication: 'none', signed: null, allowsSession: false };
const byTotp = (approver: string): AcceptedDecision => ({ approver, decision: 'approve', reason: null, channel: 'terminal', authentication: 'totp', signed: null, allowsSession: true });

describe('self-confirmation in the tally', () => {
  it('is a confirmation, not an approval by "terminal"', () => {
    expect(isConfirmation(confirmation)).toBe(true);
    expect(isConfirmation(byTotp('alice'))).toBe(false);
    expect(tally([confirmation], 1)).toEqual({ state: 'confirmed', by: confirmation });
  });

  it('never counts toward a quorum of 2, alone or beside an approver', () => {
    expect(tally([confirmation], 2)).toEqual({ state: 'pending', approvers: [] });
    expect(tally([confirmation, byTotp('alice')], 2)).toEqual({ state: 'pending', approvers: ['alice'] });
    expect(tally([confirmation, confirmation], 2)).toEqual({ state: 'pending', approvers: [] });
  });

  it('gives way to approvers who reach the quorum, who alone are named', () => {
    const alice = byTotp('alice');
    expect(tally([confirmation, alice], 1)).toEqual({ state: 'approved', approvers: ['alice'], decisions: [alice] });
  });

  it('an unauthenticated deny still denies (fail closed)', () => {
    const deny: AcceptedDecision = { ...confirmation, decision: 'deny' };
    expect(tally([byTotp('alice'), deny], 2)).toEqual({ state: 'denied', by: deny });
  });
});
