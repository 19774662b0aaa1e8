// obtainApproval's decisions before any approver is asked (SPEC §5, §5.2, §7): no permitted
// approver, unusable channels, unauthenticated terminals where they cannot prove anything,
// and failures of approve-run itself, which throw instead of becoming an outcome.
import { describe, expect, test } from 'vitest';
import { obtainApproval } from '../../src/approval/flow.js';
import { exitCodeFor } from '../../src/errors.js';
import type { Channels } from '../../src/policy/types.js';
import type { RequestFields } from '../../src/approval/request/request.js';
import { approvalInput, auditLog, context, decisionEntries, policy, request } from './world.js';

// Runs obtainApproval with the given channels and request fields; returns result and log.
async function attempt(channels: Partial<Channels>, wanted: Array<'webhook' | 'terminal'>, over: Partial<RequestFields> = {}, opts: { nonInteractive?: boolean; privileged?: boolean } = {}) {
  const audit = auditLog();
  const req = request(over, 1);
  const ctx = context({}, opts.privileged ?? false);
  const result = await obtainApproval(approvalInput(policy(channels), req, audit, ctx, wanted, opts.nonInteractive ?? false));
  return { result, outcome: decisionEntries(audit, 'outcome')[0] as Record<string, unknown> };
}

const terminalNone: Partial<Channels> = { terminal: { authenticate: 'none' } };

describe('obtainApproval before asking anyone', () => {
  test('only the requester among the approvers: denied by policy (no permitted approver)', async () => {
    const { result, outcome } = await attempt(terminalNone, ['terminal'], { approvers: ['selfie'] });
    expect(result).toEqual({ outcome: 'denied_by_policy', message: 'no permitted approver (self-approval: approver selfie includes the requester deploy)' });
    expect(outcome).toMatchObject({ outcome: 'denied_by_policy', decided_by: ['restart-web'], message: expect.stringMatching(/^denied by restart-web: no permitted approver/) });
  });

  test('a quorum larger than the permitted approvers: denied by policy', async () => {
    const { result } = await attempt(terminalNone, ['terminal'], { approvers: ['alice', 'selfie'], quorum: 2 });
    expect(result.outcome).toBe('denied_by_policy');
  });

  test.each<[string, Partial<Channels>, Array<'webhook' | 'terminal'>, Partial<RequestFields>, { nonInteractive?: boolean; privileged?: boolean }, RegExp]>([
    ['--non-interactive with the terminal channel', terminalNone, ['terminal'], {}, { nonInteractive: true }, /terminal: not available with --non-interactive/],
    ['an unauthenticated terminal in privileged mode', terminalNone, ['terminal'], {}, { privileged: true }, /terminal: an unauthenticated terminal cannot approve in privileged mode/],
    ['an unauthenticated terminal for a quorum of 2', terminalNone, ['terminal'], { quorum: 2 }, {}, /terminal: an unauthenticated terminal answer cannot count toward a quorum of 2/],
    ['a rule channel the policy does not configure', {}, ['webhook'], {}, {}, /webhook: no webhook channel in the policy/],
    ['no channel configured at all', {}, [], {}, {}, /no approval channel is configured/],
    ['a webhook url that is not a URL', { webhook: { url: 'not a url', secret_env: null, secret_file: null, timeout_s: 1 } }, ['webhook'], {}, {}, /webhook: the webhook url is not a valid URL/],
  ])('%s: approver_unreachable, never approved', async (_name, channels, wanted, over, opts, why) => {
    const { result, outcome } = await attempt(channels, wanted, over, opts);
    expect(result.outcome).toBe('approver_unreachable');
    expect(result).toMatchObject({ message: expect.stringMatching(why) });
    expect(outcome).toMatchObject({ outcome: 'approver_unreachable', message: expect.stringMatching(why) });
  });

  test('an audit log that cannot be written is a failure of approve-run (throws, exit 125)', async () => {
    const audit = auditLog();
    const req = request({ approvers: ['selfie'] });
    audit.close();
    const error = await obtainApproval(approvalInput(policy(terminalNone), req, audit, context(), ['terminal'])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(exitCodeFor(error)).toBe(125);
  });
});
