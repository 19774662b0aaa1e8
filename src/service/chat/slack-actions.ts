// `POST /v1/slack/actions`, Slack's interactivity endpoint (SPEC §13), and the opt-in
// in-Slack Approve button.
// Invariants:
//   1. The v0 signature (./slack-signature.ts) is checked on the raw bytes before anything
//      is parsed: missing, malformed, wrong or stale is 401; a replayed call is 409.
//   2. Only a Slack user mapped in `slack.approve_in_slack` can make the service sign, and
//      only for the approver it is mapped to. Without the opt-in nothing is ever signed.
//   3. The service signs only what the host would accept from that approver: the request is
//      still open and not expired, its `approvers` list the approver, and none of the
//      approver's `users` is the requester (no self-approval, as src/approval/eligibility.ts).
//      The host checks all of it again against its own policy.
//   4. The decision is bound to the hash recomputed from the stored request (SPEC §5), and
//      goes through the same storage as every relayed decision.
//   5. Signed calls are answered 200 quickly (Slack's three seconds); what happened is told
//      to the clicking user in an ephemeral message, never through a URL from the payload.
import type { Context, Hono } from 'hono';
import { isRequesterAmong } from '../../approval/eligibility.js';
import { bindingHash, type ApprovalRequest } from '../../approval/request/request.js';
import { canonicalize } from '../../crypto/jcs.js';
import { signDecision } from '../client.js';
import { isObject, refuse, REQUEST_ID } from '../http-util.js';
import type { ServiceState } from '../state.js';
import type { SlackSettings } from './settings.js';
import { APPROVE_ACTION } from './slack-message.js';
import { checkSlackSignature, SLACK_MAX_SKEW_S } from './slack-signature.js';

// The opt-in approval (invariants 2-4); what to tell the user.
async function approveInSlack(s: ServiceState, slack: SlackSettings, user: string, id: string): Promise<string> {
  const entry = slack.inSlack.get(user);
  if (entry === undefined) return 'This service holds no approver key for your Slack account: open Review to decide with your passkey or key.';
  const stored = REQUEST_ID.test(id) ? await s.storage.getRequest(id) : null;
  if (stored === null) return `No request ${id.slice(0, 40)} on this service.`;
  const request = JSON.parse(stored.request) as ApprovalRequest;
  if (bindingHash(request) !== stored.request_hash) return `Request ${id} is not stored intact; not signed.`;
  if ((await s.storage.getOutcome(id)) !== null) return `Request ${id} has already ended; not signed.`;
  if (!(s.now() <= Date.parse(request.expires_at))) return `Request ${id} has expired; not signed.`;
  if (!Array.isArray(request.approvers) || !request.approvers.includes(entry.approver)) return `${entry.approver} may not approve request ${id}; not signed.`;
  if (!isObject(request.requester) || typeof request.requester.user !== 'string' || typeof request.requester.uid !== 'number' || isRequesterAmong({ users: [...entry.users] }, request.requester)) {
    s.log(`slack: self-approval refused: ${entry.approver} (Slack user ${user}) on ${id}`);
    return `Self-approval: ${entry.approver} includes the requester of ${id}; not signed.`;
  }
  const decision = signDecision({
    request, requestHash: stored.request_hash, decision: 'approve', approver: entry.approver,
    reason: `approved in Slack by ${user} (key held by the approval service)`, key: entry.key, now: new Date(s.now()),
  });
  const result = await s.storage.addDecision(id, canonicalize(decision), new Date(s.now()).toISOString());
  if (!result.stored) return result.reason === 'duplicate' ? 'Already relayed.' : `Not relayed (${result.reason}).`;
  s.log(`slack: approval signed for ${entry.approver} by Slack user ${user} on ${id} (key held by the service)`);
  return `Approval signed for ${entry.approver} and relayed; the host verifies it against its policy.`;
}

// The first action of a block_actions payload with our approve action id, if any.
function approveAction(payload: Record<string, unknown>): { user: string; id: string } | null {
  if (payload.type !== 'block_actions' || !Array.isArray(payload.actions) || !isObject(payload.user) || typeof payload.user.id !== 'string') return null;
  const action = payload.actions.find((a: unknown) => isObject(a) && a.action_id === APPROVE_ACTION) as Record<string, unknown> | undefined;
  return action === undefined || typeof action.value !== 'string' ? null : { user: payload.user.id.slice(0, 40), id: action.value.slice(0, 80) };
}

// POST /v1/slack/actions.
async function postAction(c: Context, s: ServiceState): Promise<Response> {
  const slack = s.chat?.settings.slack ?? null;
  if (slack === null || s.chat === null) return refuse(c, 404, 'not found');
  const raw = Buffer.from(await c.req.arrayBuffer());
  const auth = checkSlackSignature({ timestamp: c.req.header('x-slack-request-timestamp'), signature: c.req.header('x-slack-signature') }, raw, slack.signingSecret, s.now());
  if (!auth.ok) {
    s.log(`slack: action refused: ${auth.reason}`);
    return refuse(c, 401, auth.reason);
  }
  if (!(await s.storage.claimNonce(`#slack:${auth.timestamp}:${auth.mac}`, (auth.timestamp + 2 * SLACK_MAX_SKEW_S) * 1000))) return refuse(c, 409, 'replayed Slack call');
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') return refuse(c, 415, 'Content-Type must be application/x-www-form-urlencoded');
  let payload: unknown;
  try {
    payload = JSON.parse(new URLSearchParams(raw.toString('utf8')).get('payload') ?? '');
  } catch {
    return refuse(c, 400, 'expected payload=<JSON>');
  }
  if (!isObject(payload)) return refuse(c, 400, 'expected payload=<JSON object>');
  const action = approveAction(payload);
  // Anything else (the Review link's click, other interactions) is acknowledged and ignored.
  if (action === null) return c.body(null, 200);
  const chat = s.chat;
  const told = await approveInSlack(s, slack, action.user, action.id).catch((error: unknown) => {
    s.log(`slack: approve failed: ${error instanceof Error ? error.message : String(error)}`);
    return 'Not signed: the service failed; see its log.';
  });
  chat.ephemeral(action.id, action.user, told);
  return c.body(null, 200);
}

/** Adds Slack's interactivity endpoint to `app`. */
export function slackRoutes(app: Hono, s: ServiceState): void {
  app.post('/v1/slack/actions', (c) => postAction(c, s));
}
