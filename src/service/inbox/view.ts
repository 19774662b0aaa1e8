// What the inbox shows of one stored request: every field of the request object as text a
// person can read (invisible characters escaped with the project's own escaping), its state,
// who has decided so far, and whether the signed-in approver may decide.
// Invariants:
//   1. The request is the host's JSON, read defensively: a missing or ill-typed field is shown
//      as such, never trusted or repaired; the hash shown is the one the host signed.
//   2. Every string shown passes through escapeInvisible (src/shell/invisible.ts); argv words
//      are quoted as the terminal prompt quotes them (src/approval/terminal/render.ts).
//   3. The approver may decide only when the request lists them and none of their users (the
//      configuration's `users`, and their own id as a user name) is the requester: the host's
//      self-approval rule (src/approval/eligibility.ts). The host decides again regardless.
import { quoteWord } from '../../approval/terminal/render.js';
import { escapeInvisible } from '../../shell/invisible.js';
import type { ServiceState } from '../state.js';
import type { StoredRequest } from '../storage/types.js';

/** One `label: value` row. */
export interface Field {
  label: string;
  value: string;
}

/** A decision as relayed (not verified by the service). */
export interface Relayed {
  approver: string;
  decision: string;
  reason: string | null;
  decided_at: string;
  kind: string;
}

export interface RequestView {
  id: string;
  hash: string;
  state: 'pending' | 'expired' | 'ended';
  outcome: string | null;
  fields: Field[];
  command: string;
  approvers: string[];
  quorum: number;
  decisions: Relayed[];
  /** Why the signed-in approver may not decide, or null. */
  barred: string | null;
  /** The request object as hashed (JCS text). */
  canonical: string;
}

type Obj = Record<string, unknown>;
const text = (v: unknown, none = '(none)'): string => (typeof v === 'string' ? escapeInvisible(v) : v === null || v === undefined ? none : escapeInvisible(JSON.stringify(v)));
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

// The confinement object as one line.
function confinement(v: unknown): string {
  if (v === null) return 'off (no sandbox: settings.confine is off)';
  if (typeof v !== 'object' || v === undefined) return '(not given)';
  const c = v as Obj;
  const writable = strings(c.writable);
  return `filesystem ${text(c.filesystem)}${writable.length > 0 ? `, writable ${writable.map(escapeInvisible).join(' ')}` : ''}, network ${text(c.network)}, terminal ${text(c.terminal)}`;
}

// The request's fields in the terminal prompt's order (SPEC §5.2), plus digests and limits.
function fieldsOf(r: Obj): Field[] {
  const requester = (r.requester ?? {}) as Obj;
  const digests = (r.digests ?? null) as Obj | null;
  const rows: Array<[string, string]> = [
    ['executable', text(r.executable, '(not resolved)')],
    ['exe sha256', digests === null ? '(not captured)' : text(digests.executable, '(not read)')],
    ['script sha256', digests === null ? '(not captured)' : text(digests.script, '(none)')],
    ['cwd', text(r.cwd)],
    ['run as', text(r.run_as)],
    ['requester', `${text(requester.user)} (uid ${text(requester.uid)})`],
    ['actor', text(r.actor, '(none given)')],
    ['host', text(r.host)],
    ['rule', strings(r.rule_ids).map(escapeInvisible).join(', ') || '(default decision)'],
    ['risk', text(r.risk, '(not set)')],
    ['reason', text(r.reason, '(none given)')],
    ['confinement', confinement(r.confine)],
    ['session', r.session_ttl_s === null ? 'approve once' : `${text(r.session_ttl_s)} s`],
    ['max runtime', `${text(r.max_runtime_s)} s`],
    ['created', text(r.created_at)],
    ['expires', text(r.expires_at)],
  ];
  return rows.map(([label, value]) => ({ label, value }));
}

// The relayed decisions, parsed for display (the service never verified them).
function relayedOf(rows: Array<{ decision: string }>): Relayed[] {
  return rows.map((row) => {
    const d = JSON.parse(row.decision) as Obj;
    const signature = typeof d.signature === 'string' ? d.signature : '';
    return {
      approver: text(d.approver), decision: text(d.decision), reason: typeof d.reason === 'string' ? escapeInvisible(d.reason) : null,
      decided_at: text(d.decided_at), kind: signature.startsWith('webauthn:') ? 'passkey' : signature.startsWith('ed25519:') ? 'key' : 'other',
    };
  });
}

/** Why `approver` may not decide on request `r` (invariant 3), or null. */
export function barredReason(s: ServiceState, r: Obj, approver: string): string | null {
  const requester = (r.requester ?? {}) as Obj;
  const users = [approver, ...(s.config.approvers[approver]?.users ?? [])];
  const self = users.some((u) => u === requester.user || u === String(requester.uid) || u === `#${String(requester.uid)}`);
  if (self) return `this is your own request (requester ${text(requester.user)}): nobody approves their own command`;
  return strings(r.approvers).includes(approver) ? null : `you (${approver}) are not among this request's approvers`;
}

/** The view of `stored` for `approver`. */
export async function viewOf(s: ServiceState, stored: StoredRequest, approver: string): Promise<RequestView> {
  const r = JSON.parse(stored.request) as Obj;
  const outcome = await s.storage.getOutcome(stored.id);
  const decisions = relayedOf(await s.storage.decisions(stored.id, 0, 1000));
  const expired = s.now() > Date.parse(stored.expires_at);
  const command = typeof r.shell === 'string' ? escapeInvisible(r.shell) : strings(r.argv).map(quoteWord).join(' ');
  let outcomeText: string | null = null;
  if (outcome !== null) {
    const o = JSON.parse(outcome.outcome) as Obj;
    outcomeText = [text(o.outcome), o.exit_code === undefined || o.exit_code === null ? '' : `exit ${text(o.exit_code)}`, typeof o.duration_ms === 'number' ? `${o.duration_ms} ms` : ''].filter((x) => x !== '').join(', ');
  }
  return {
    id: stored.id, hash: stored.request_hash, state: outcome !== null ? 'ended' : expired ? 'expired' : 'pending', outcome: outcomeText,
    fields: fieldsOf(r), command, approvers: strings(r.approvers).map(escapeInvisible), quorum: typeof r.quorum === 'number' ? r.quorum : 1,
    decisions, barred: barredReason(s, r, approver), canonical: escapeInvisible(stored.request),
  };
}
