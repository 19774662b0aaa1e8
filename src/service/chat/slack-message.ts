// The Slack messages of one request (SPEC §13): the request with a Review link (and, only
// with the opt-in, an Approve button), and the thread replies as it goes on.
// Invariants:
//   1. Text that came from a host or an approver is only ever put in plain_text objects, or in
//      `text` with `mrkdwn: false`, after escaping &, < and > as Slack asks: no command,
//      reason or approver name can mention @channel, link, or format.
//   2. Every text fits Slack's block limits (section 3000, field 2000, header 150), cut with
//      a visible note (./request-view.ts).
//   3. A relayed decision is worded as relayed and not yet verified: only the host's outcome
//      report says what happened.
import { formatDuration } from '../../approval/status.js';
import { escapeInvisible } from '../../shell/invisible.js';
import { isObject } from '../http-util.js';
import { clipText, type RequestView } from './request-view.js';

/** The action id of the opt-in Approve button. */
export const APPROVE_ACTION = 'approve_in_slack';

/** `&`, `<` and `>` escaped as Slack's message formatting asks (invariant 1). */
export function slackEscape(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// A plain_text object, escaped and cut to `max`.
const plain = (value: string, max: number) => ({ type: 'plain_text', text: clipText(slackEscape(value), max), emoji: false });

/** chat.postMessage/chat.update arguments for the request; `status` once it has ended. */
export function requestMessage(view: RequestView, o: { pageUrl: string; approveButton: boolean; status: string | null }): { text: string; blocks: unknown[] } {
  const buttons: unknown[] = [{ type: 'button', action_id: 'review', text: plain('Review', 75), url: o.pageUrl }];
  if (o.approveButton && o.status === null) {
    buttons.push({
      type: 'button', action_id: APPROVE_ACTION, style: 'primary', value: view.id, text: plain('Approve (key held by the service)', 75),
      confirm: {
        title: plain('Approve this command?', 100),
        text: plain(`The service signs with your approver key: ${view.command}`, 300),
        confirm: plain('Approve', 30), deny: plain('Cancel', 30),
      },
    });
  }
  const blocks: unknown[] = [{ type: 'header', text: plain(o.status === null ? 'Approval requested' : `Approval request: ${o.status}`, 150) }];
  if (o.status !== null) blocks.push({ type: 'section', text: plain(`Status: ${o.status}`, 3000) });
  blocks.push(
    { type: 'section', text: plain(`Command: ${view.command}`, 3000) },
    { type: 'section', fields: view.fields.map(([label, value]) => plain(`${label}: ${value}`, 2000)) },
    { type: 'section', text: plain(`Reason: ${view.reason}`, 3000) },
    { type: 'context', elements: [plain(`${view.id}: open Review for every field, digests and confinement`, 2000)] },
    { type: 'actions', block_id: `request:${view.id}`, elements: buttons },
  );
  const host = view.fields.find(([label]) => label === 'Host')?.[1] ?? '?';
  const text = clipText(slackEscape(`Approval requested on ${host}: ${view.command}${o.status === null ? '' : ` (${o.status})`}`), 3000);
  return { text, blocks };
}

/** The thread reply for a relayed decision (invariant 3). */
export function relayedText(decision: unknown): string {
  const d = isObject(decision) ? decision : {};
  const who = typeof d.approver === 'string' ? clipText(escapeInvisible(d.approver), 64) : '(unnamed)';
  const verb = d.decision === 'approve' ? 'Approval' : d.decision === 'deny' ? 'Denial' : 'Decision';
  const reason = typeof d.reason === 'string' && d.reason !== '' ? `: "${clipText(escapeInvisible(d.reason), 500)}"` : '';
  return slackEscape(`${verb} by ${who} relayed, not yet verified by the host${reason}`);
}

/** The short status of a host's outcome report (the authoritative word). */
export function outcomeStatus(outcome: unknown): string {
  const o = isObject(outcome) ? outcome : {};
  switch (o.outcome) {
    case 'ran': {
      const code = typeof o.exit_code === 'number' ? `exit code ${o.exit_code}` : 'no exit code';
      const took = typeof o.duration_ms === 'number' ? `, took ${formatDuration(Math.round(o.duration_ms / 1000))}` : '';
      return `approved and ran (${code}${took}), as the host reports`;
    }
    case 'denied':
      return 'denied, as the host reports; not run';
    case 'expired':
      return 'expired without approval, as the host reports; not run';
    case 'refused':
      return 'refused by the host; not run';
    default:
      return 'ended in an error on the host; not run';
  }
}

/** The status the service posts when a request expired and its host reported nothing. */
export const EXPIRED_UNREPORTED = 'expired: no approval and no report from the host; not run';
