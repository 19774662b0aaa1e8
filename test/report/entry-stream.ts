// Random streams of audit entries for the report's collector, as stored leaves: every kind of
// entry the collector reads, with the fields an older or tampered log may hold instead (missing,
// mistyped, escaped ids that collide, entries outside the period that name runs of it, rosters
// that change, unreadable leaves). Seeded, so a failing stream can be replayed.
import { prng } from '../helpers/prng.js';
import type { RosterMember } from '../../src/report/roster.js';

/** The period the streams are collected over, in epoch ms. */
export const PERIOD = { since: Date.parse('2026-12-01T10:00:00.000Z'), until: Date.parse('2026-12-01T12:00:00.000Z') };

const TIMES: unknown[] = ['2026-12-01T09:59:59.999Z', '2026-12-01T10:00:00.000Z', '2026-12-01T10:30:00.000Z', '2026-12-01T11:00:00.000Z', '2026-12-01T11:59:59.999Z', '2026-12-01T12:00:00.000Z', '2026-12-02T08:00:00.000Z', 'soon', 5, undefined];
// Ids whose escaped text collides ('req_\u200b' is shown as the literal 'req_\\u{200B}'), and ids that are not strings.
const IDS: unknown[] = ['req_a', 'req_b', 'req_c', 'req_d', 'req_e', 'req_\u200b', 'req_\\u{200B}', '', undefined, 7, { non_utf8: 'req_a' }];
const USERS: [string, number | null][] = [['dev', 1000], ['ops', 1001], ['alice', 1002], ['dev', null]];
const MEMBERS = [
  { id: 'alice', users: ['alice'], key_id: 'SHA256:a' },
  { id: 'bob', users: ['bob', 'dev'], key_id: 'SHA256:b' },
  { id: 'uid', users: ['#1001'], key_id: null },
  { id: 'carol', users: ['carol'], key_id: 'SHA256:c', passkey_id: 'passkey:SHA256:p' },
];
const APPROVERS = ['alice', 'bob', 'uid', 'carol', 'mallory', ''];
const MESSAGES = ['self-approval is not allowed', 'bad signature', 'request_hash differs', 'not permitted for the request', 'ok', 'late\u202e'];
const OUTCOMES = ['approved', 'session', 'denied_by_policy', 'denied_by_approver', 'approval_expired', 'approver_unreachable', 'interrupted', 'allowed', 7];
const TYPES = ['request', 'request', 'request', 'decision', 'decision', 'decision', 'exec_start', 'exec_end', 'exec_end', 'exec_lost', 'session_open', 'session_revoke', 'checkpoint', 'checkpoint', 'policy_loaded', 'witness_refused', 'witness_unreachable', 'other', 'unreadable'];

/** `count` stored leaves (their text), drawn from `seed`. */
export function entryStream(seed: number, count: number): string[] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const maybe = (p: number) => random() < p;
  const roster = () => (maybe(0.15) ? (maybe(0.5) ? undefined : [1, 2]) : MEMBERS.filter(() => maybe(0.7)));
  const leaves: string[] = [];
  for (let seq = 0; seq < count; seq++) {
    const type = pick(TYPES);
    const base: Record<string, unknown> = { v: 1, seq, ts: pick(TIMES), type };
    // Any entry may name a run, even those that normally do not.
    if (type !== 'request' ? maybe(0.85) || type === 'decision' : maybe(0.1)) base.request_id = pick(IDS);
    if (type === 'unreadable') {
      leaves.push(pick(['{"ts":', '[1]', '"text"', '{"type":"request",}']));
      continue;
    }
    const [user, uid] = pick(USERS);
    const more: Record<string, unknown> = {};
    if (type === 'request') {
      const confine = pick([undefined, null, { network: 'none' }, 'default']);
      more.request = { id: pick(IDS), argv: maybe(0.9) ? ['touch', pick(['/tmp/x', 'a b', '\u200b'])] : 'no', shell: maybe(0.1) ? 'echo $HOME' : null, requester: maybe(0.9) ? { user, uid } : null, actor: pick([null, 'agent:ci']), host: 'h', reason: pick([null, 'deploy', 3]), rule_ids: ['r1'], created_at: pick(TIMES), ...(confine === undefined ? {} : { confine }) };
      if (maybe(0.8)) more.rules = [{ id: pick(['r1', 'r2']), decision: 'approve' }];
    } else if (type === 'decision' && maybe(0.5)) {
      const approver = pick(APPROVERS);
      Object.assign(more, { event: 'received', decided_by: [approver], decision: pick(['approve', 'deny']), accepted: maybe(0.5), outcome: pick(['decision_accepted', 'decision_refused', 'confirmation_accepted']), channel: pick(['webhook', null]), authentication: 'signature', message: pick(MESSAGES), decisions: [{ approver, reason: 'fine' }] });
      if (maybe(0.5)) more.key_id = 'SHA256:k';
    } else if (type === 'decision') {
      Object.assign(more, { event: 'outcome', outcome: pick(OUTCOMES), approvers: APPROVERS.filter(() => maybe(0.3)), message: pick([null, 'why']), session_id: pick([null, 'ses_1']) });
      if (maybe(0.1)) more.confirmed_by = user;
    } else if (type === 'exec_start') {
      Object.assign(more, { deadline: pick(TIMES), session_id: pick([undefined, 'ses_2']) });
    } else if (type === 'exec_end') {
      Object.assign(more, { exit_code: pick([0, 1, '0', null]), signal: pick([null, 'SIGTERM']), timed_out: maybe(0.2), revoked: maybe(0.2) ? true : 'yes' });
    } else if (type === 'exec_lost') {
      more.reason = pick(['', 'the supervisor ended']);
    } else if (type === 'session_open' || type === 'session_revoke') {
      Object.assign(more, { session_id: 'ses_3', revoked_by: { user }, running_pids: pick([[], [4, 5]]) });
    } else if (type === 'checkpoint') {
      more.note = pick(['note a\n', { non_utf8: 'n' }, undefined]);
    } else if (type === 'policy_loaded') {
      Object.assign(more, { file: '/etc/p.yaml', digest: `sha256:${seq}`, approvers: roster() });
    } else if (type === 'witness_refused') {
      Object.assign(more, { witness: 'w', status: 409, size: seq, witness_size: pick([null, 3]) });
    }
    leaves.push(JSON.stringify({ ...base, ...more }));
  }
  return leaves;
}

/** A roster for the start of a stream (the current policy's), or null. */
export function startRoster(seed: number): RosterMember[] | null {
  return seed % 3 === 0 ? null : MEMBERS.slice(seed % 4).map((m) => ({ passkey_id: null, ...m }));
}
