// Sending a request to its approvers without waiting (`run --no-wait`, SPEC §12): one POST
// to the webhook, and the status URL it answers with is stored for `wait`.
// Invariants:
//   1. Called after the request, its `pending` decision entry and its stored row are durable.
//   2. Nothing here approves anything: whatever the webhook answers, the decision is picked up
//      and verified by `wait` through the same approval flow as `run`.
//   3. A failed POST leaves the request pending with no status URL; `wait` POSTs it again
//      (the same request, the same binding hash).
import type { AuditLog } from '../audit/types.js';
import type { Context } from '../context.js';
import type { Evaluation } from '../decide/types.js';
import type { Policy } from '../policy/types.js';
import type { ApprovalRequest } from '../approval/request/request.js';
import { setStatusUrl } from './pending-store.js';

export interface Submit {
  policy: Policy;
  evaluation: Evaluation;
  request: ApprovalRequest;
  requestHash: string;
  log: AuditLog;
  ctx: Context;
}

/** Posts the request to the webhook when the rule may use it; returns a line about what happened. */
export async function submitForLater(s: Submit): Promise<string> {
  const { requestedChannels, webhookSettings } = await import('../approval/plan.js');
  const { submitRequest } = await import('../approval/webhook/webhook.js');
  const { ctx, request } = s;
  const input = { policy: s.policy, evaluation: s.evaluation, request, requestHash: s.requestHash, audit: s.log, ctx, nonInteractive: true };
  if (!requestedChannels(input).includes('webhook')) return 'no webhook for this rule: `wait` asks its channels';
  const deadlineMs = ctx.clock.monotonicMs() + Math.max(0, Date.parse(request.expires_at) - ctx.clock.now().getTime());
  const settings = webhookSettings(input, deadlineMs);
  if (typeof settings === 'string') return `webhook: ${settings}`;
  const sent = await submitRequest(settings, new AbortController().signal);
  if (sent.kind === 'status') {
    setStatusUrl(s.log, request.id, sent.url.href, ctx.clock.now());
    return 'sent to the webhook';
  }
  return sent.kind === 'answered' ? 'the webhook answered at once: `wait` asks it again' : `webhook: ${sent.message} (\`wait\` sends it again)`;
}
