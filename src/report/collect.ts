// Turns the parsed entries of a period into runs, exceptions and policy changes (SPEC §14).
// Invariants:
//   1. Entries are data: any field may be missing (older logs) or of the wrong type (a log
//      that failed verification); a missing field reads as unknown, never as a good value.
//   2. Every text taken from the log passes through terminalSafe(), so invisible and BiDi
//      characters reach every rendering escaped.
//   3. A self-confirmation is never an approval: it is an exception, its run has no approvers.
//   4. The log may also be collected chunk by chunk, each where it was verified (./chunk.ts):
//      merge() then gives exactly the facts that add() of every entry, in seq order, gives.
import { commandLine, loggedText, terminalSafe } from '../audit/display.js';
import { includesRequester, loggedRoster, type RosterMember } from './roster.js';
import type { ApproverView, ExceptionKind, ExceptionView, PolicyChange, RunView } from './model.js';
import type { ChunkFacts, Deferred } from './chunk.js';
import { parseOne } from './entries.js';
import type { WitnessRefusalView } from './witness.js';

type Entry = Record<string, unknown>;

// Plain-object view of an unknown value.
const record = (value: unknown): Entry => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Entry) : {});
// Logged text, escaped; '' for missing.
const text = (value: unknown): string => terminalSafe(loggedText(value));
// Logged text or null.
const textOrNull = (value: unknown): string | null => (value === undefined || value === null ? null : text(value));
// A list of logged strings, escaped.
const texts = (value: unknown): string[] => (Array.isArray(value) ? value.map(text) : []);
// An integer or null.
const int = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) ? value : null);

const DENIALS = new Set(['denied_by_policy', 'denied_by_approver']);
const RELEASED_BY_APPROVER = new Set(['approved', 'session']);

/** What the collector keeps besides runs. */
export interface Collected {
  runs: RunView[];
  exceptions: ExceptionView[];
  changes: PolicyChange[];
  checkpoints: { seq: number; time: string; note: string }[];
  /** The last checkpoint before the period, if any. */
  checkpointBefore: { seq: number; time: string; note: string } | null;
  /** The roster in force at each run's request, by request id (null: not recorded). */
  rosterAt: Map<string, RosterMember[] | null>;
  decisionsReceived: number;
  decisionsAccepted: number;
  entries: number;
  /** Every `witness_refused` entry and the number of `witness_unreachable` ones (../witness.ts). */
  witness: { refusals: WitnessRefusalView[]; unreachable: number };
}

/** A run begun by a request entry: the run, its key in the runs map, and when it was requested. */
export interface Begun {
  key: string;
  run: RunView;
  created: number;
}

/** Where an entry's time puts it, and the run it names. */
export interface Placed {
  ts: string;
  at: number;
  inPeriod: boolean;
  /** The request id it names, as the key of the runs. */
  key: string;
}

// A number field of a parsed entry, or null.
const num = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/** Collects the report's facts from entries given in seq order. */
export class Collector {
  protected readonly runs = new Map<string, RunView>();
  protected readonly created = new Map<string, number>();
  protected readonly out: Collected = { runs: [], exceptions: [], changes: [], checkpoints: [], checkpointBefore: null, rosterAt: new Map(), decisionsReceived: 0, decisionsAccepted: 0, entries: 0, witness: { refusals: [], unreachable: 0 } };
  protected roster: RosterMember[] | null;

  constructor(
    protected readonly since: number,
    protected readonly until: number,
    currentRoster: RosterMember[] | null,
  ) {
    this.roster = currentRoster;
  }

  // Records an exception.
  protected flag(kind: ExceptionKind, seq: number, time: string, requestId: string | null, detail: string): void {
    this.out.exceptions.push({ kind, seq, time, request_id: requestId, detail });
  }

  /** The entry's time, whether it lies in the period, and the run it names. */
  protected place(entry: Entry): Placed {
    const ts = typeof entry.ts === 'string' ? entry.ts : '';
    const at = Date.parse(ts);
    return { ts, at, inPeriod: at >= this.since && at < this.until, key: loggedText(entry.request_id) };
  }

  /** Adds one entry; entries outside the period count only when they belong to a run of it. */
  add(seq: number, entry: Entry): void {
    const { ts, inPeriod, key } = this.place(entry);
    if (entry.type === 'checkpoint') return this.checkpoint(seq, ts, key, loggedText(entry.note));
    if (entry.type === 'policy_loaded') this.policy(seq, ts, entry, inPeriod);
    if (entry.type === 'request') {
      if (inPeriod) this.request(seq, ts, entry);
    } else {
      const run = this.runs.get(key);
      if (run !== undefined) this.runEntry(run, seq, ts, entry);
      else if (!inPeriod) return;
      else if (entry.type === 'session_revoke') this.flag('revocation', seq, ts, null, `session ${text(entry.session_id)} revoked by ${text(entry.revoked_by)}${Array.isArray(entry.running_pids) && entry.running_pids.length > 0 ? `, running pids ${entry.running_pids.map(String).join(' ')} stopped` : ''}`);
    }
    if (inPeriod || this.runs.has(key)) this.out.entries++;
  }

  /** Notes a witness entry (every one of the log, whatever its period; ../witness.ts). */
  witnessEntry(seq: number, entry: Entry): void {
    if (entry.type === 'witness_unreachable') this.out.witness.unreachable++;
    if (entry.type !== 'witness_refused') return;
    this.out.witness.refusals.push({ seq, time: String(entry.ts), witness: String(entry.witness), status: num(entry.status), size: num(entry.size), witness_size: num(entry.witness_size) });
  }

  /** Merges the facts of the next chunk of the log (./chunk.ts), as if its entries were added here. */
  merge(facts: ChunkFacts): void {
    const start = this.roster;
    // Runs begun in the chunk and the entries it left to the merge, in seq order.
    let d = 0;
    for (const begun of facts.begun) {
      for (; d < facts.deferred.length && (facts.deferred[d] as Deferred).seq < begun.run.seq; d++) this.replay(facts.deferred[d] as Deferred);
      this.runs.set(begun.key, begun.run);
      this.out.runs.push(begun.run);
      this.out.rosterAt.set(begun.run.request_id, begun.roster < 0 ? start : (facts.rosters[begun.roster] as RosterMember[]));
      this.created.set(begun.key, begun.created);
    }
    for (; d < facts.deferred.length; d++) this.replay(facts.deferred[d] as Deferred);
    // Refusals the chunk could not judge: the roster of their runs was the one in force at its start.
    for (const { index, approver, user, uid } of facts.undecided) {
      const member = start?.find((m) => m.id === approver);
      if (member !== undefined && includesRequester(member, user, uid)) (facts.exceptions[index] as ExceptionView).kind = 'self_approval_attempt';
    }
    for (const exception of facts.exceptions) this.out.exceptions.push(exception);
    for (const refusal of facts.witness.refusals) this.out.witness.refusals.push(refusal);
    this.out.witness.unreachable += facts.witness.unreachable;
    this.out.entries += facts.entries;
    this.out.decisionsReceived += facts.decisionsReceived;
    this.out.decisionsAccepted += facts.decisionsAccepted;
  }

  // An entry a chunk left to the merge, now that the runs before the chunk are known.
  private replay(deferred: Deferred): void {
    const { seq, key } = deferred;
    if (deferred.kind === 'request') {
      if (this.runs.has(key)) this.out.entries++;
    } else if (deferred.kind === 'checkpoint') {
      this.checkpoint(seq, deferred.ts, key, deferred.note);
    } else if (deferred.always || this.runs.has(key)) {
      const entry = parseOne(deferred.leaf);
      if (typeof entry === 'string') this.unreadable(seq, entry);
      else this.add(seq, entry);
    }
  }

  // A checkpoint entry: the last before the period, or one of it (unless it names a run).
  private checkpoint(seq: number, ts: string, key: string, note: string): void {
    const at = Date.parse(ts);
    const inPeriod = at >= this.since && at < this.until;
    if (at < this.since) this.out.checkpointBefore = { seq, time: ts, note };
    const ofRun = this.runs.has(key);
    if (!ofRun && inPeriod) this.out.checkpoints.push({ seq, time: ts, note });
    if (inPeriod || ofRun) this.out.entries++;
  }

  // A policy version: the roster it records becomes the one later runs are checked against.
  protected policy(seq: number, ts: string, entry: Entry, inPeriod: boolean): void {
    const roster = loggedRoster(entry.approvers);
    const before = this.roster;
    if (roster !== null) this.roster = roster;
    if (!inPeriod) return;
    const ids = (r: RosterMember[] | null) => new Map((r ?? []).map((m) => [m.id, JSON.stringify([m.users, m.key_id, m.passkey_id])]));
    const [old, now] = [ids(before), ids(roster)];
    this.out.changes.push({
      seq, time: ts, file: text(entry.file), digest: text(entry.digest),
      roster: roster?.map((m) => ({ id: text(m.id), users: m.users.map(text), key_id: m.key_id })) ?? null,
      added: roster === null ? [] : [...now.keys()].filter((k) => !old.has(k)).map(text),
      removed: roster === null || before === null ? [] : [...old.keys()].filter((k) => !now.has(k)).map(text),
      changed: roster === null ? [] : [...now.keys()].filter((k) => old.has(k) && old.get(k) !== now.get(k)).map(text),
    });
  }

  // A new run from its request entry.
  protected request(seq: number, ts: string, entry: Entry): Begun {
    const request = record(entry.request);
    const id = loggedText(request.id);
    const requester = record(request.requester);
    const command = request.shell !== null && request.shell !== undefined ? text(request.shell) : terminalSafe(commandLine(request.argv));
    const rules = Array.isArray(entry.rules) ? entry.rules.map((r) => text(record(r).id)) : texts(request.rule_ids);
    const confine = 'confine' in request ? (request.confine === null ? 'off' : text(typeof request.confine === 'object' ? JSON.stringify(request.confine) : request.confine)) : null;
    const run: RunView = {
      request_id: text(id), seq, time: ts, requester: text(requester.user), requester_uid: int(requester.uid), actor: textOrNull(request.actor),
      host: textOrNull(request.host), command, rules, outcome: null, approvers: [], decisions: [], confirmed_by: null, reason: textOrNull(request.reason),
      message: null, latency_ms: null, start: null, end: null, exit_code: null, signal: null, deadline: null, timed_out: false, revoked: false, lost: false,
      session_id: null, confine,
    };
    this.runs.set(id, run);
    this.out.runs.push(run);
    this.out.rosterAt.set(run.request_id, this.roster);
    const created = Date.parse(typeof request.created_at === 'string' ? request.created_at : ts);
    this.created.set(id, created);
    return { key: id, run, created };
  }

  // An entry of a run of the period.
  protected runEntry(run: RunView, seq: number, ts: string, entry: Entry): void {
    switch (entry.type) {
      case 'decision':
        return entry.event === 'received' ? this.received(run, seq, ts, entry) : this.outcome(run, seq, ts, entry);
      case 'exec_start':
        run.start = ts;
        run.deadline = textOrNull(entry.deadline);
        if (typeof entry.session_id === 'string') run.session_id = text(entry.session_id);
        return;
      case 'exec_end':
        run.end = ts;
        run.exit_code = int(entry.exit_code);
        run.signal = textOrNull(entry.signal);
        run.timed_out = entry.timed_out === true;
        run.revoked = entry.revoked === true;
        return;
      case 'exec_lost':
        run.lost = true;
        run.end = ts;
        return this.flag('lost', seq, ts, run.request_id, `${run.command}: ${text(entry.reason) || 'the supervising process ended without logging exec_end'}`);
      case 'session_open':
        run.session_id = text(entry.session_id);
        return;
      default:
        return;
    }
  }

  // A decision as received from an approver or the terminal, accepted or refused.
  protected received(run: RunView, seq: number, ts: string, entry: Entry): void {
    this.out.decisionsReceived++;
    const approver = texts(entry.decided_by)[0] ?? '';
    const accepted = entry.accepted === true && entry.outcome !== 'decision_refused';
    if (accepted) this.out.decisionsAccepted++;
    const signed = record(Array.isArray(entry.decisions) ? entry.decisions[0] : undefined);
    const view: ApproverView = {
      approver, decision: textOrNull(entry.decision), accepted, channel: textOrNull(entry.channel), authentication: textOrNull(entry.authentication),
      key_id: textOrNull(entry.key_id), reason: accepted ? textOrNull(signed.reason) : `refused: ${text(entry.message)}`,
    };
    run.decisions.push(view);
    if (accepted || entry.outcome === 'confirmation_accepted') return;
    const why = text(entry.message);
    // An approver whose users include the requester is a self-approval attempt whatever the
    // refusal said first (an ineligible approver is refused as not permitted for the request).
    const self = /self-approval/i.test(why) || this.isRequesters(run, approver);
    const kind: ExceptionKind = self === true ? 'self_approval_attempt' : /signature|request_hash|request_id/i.test(why) ? 'forged_decision' : 'refused_decision';
    this.flag(kind, seq, ts, run.request_id, `${approver || 'unknown approver'} over ${view.channel ?? 'unknown channel'}: ${why}`);
    if (self === null) this.undecided(run, approver);
  }

  /** Whether the roster at the run's request has `approver` among the requester's users (null: not known here). */
  protected isRequesters(run: RunView, approver: string): boolean | null {
    const member = (this.out.rosterAt.get(run.request_id) ?? null)?.find((m) => m.id === approver);
    return member !== undefined && includesRequester(member, run.requester, run.requester_uid);
  }

  /** The exception just flagged is a self-approval attempt if isRequesters() turns out true. */
  protected undecided(_run: RunView, _approver: string): void {}

  // The run's outcome.
  protected outcome(run: RunView, seq: number, ts: string, entry: Entry): void {
    const outcome = text(entry.outcome);
    run.outcome = outcome;
    run.message = textOrNull(entry.message);
    run.confirmed_by = textOrNull(entry.confirmed_by);
    run.approvers = run.confirmed_by === null ? texts(entry.approvers) : [];
    if (typeof entry.session_id === 'string') run.session_id = text(entry.session_id);
    const created = this.created.get(loggedText(entry.request_id));
    if (RELEASED_BY_APPROVER.has(outcome) && run.approvers.length > 0 && outcome === 'approved' && created !== undefined && Number.isFinite(created)) {
      run.latency_ms = Math.max(0, Date.parse(ts) - created);
    }
    const detail = `${run.command}${run.message ? ` — ${run.message}` : ''}`;
    if (DENIALS.has(outcome)) this.flag('denial', seq, ts, run.request_id, detail);
    else if (outcome === 'approval_expired') this.flag('expiry', seq, ts, run.request_id, detail);
    else if (outcome === 'approver_unreachable') this.flag('unreachable', seq, ts, run.request_id, detail);
    else if (outcome === 'interrupted') this.flag('interrupted', seq, ts, run.request_id, detail);
    if (run.confirmed_by !== null) this.flag('self_confirmation', seq, ts, run.request_id, `${run.command}: confirmed by the requester ${run.confirmed_by} at an unauthenticated terminal, no approver`);
  }

  /** Flags an entry that could not be read as JSON (only in a log that fails verification). */
  unreadable(seq: number, error: string): void {
    this.flag('unreadable_entry', seq, '', null, text(error));
  }

  /**
   * The facts collected; revoked runs and runs without confinement are flagged here, once
   * each. A policy deny has no confinement by construction (it never runs): not an exception.
   */
  finish(): Collected {
    for (const run of this.out.runs) {
      if (run.revoked) this.flag('revocation', run.seq, run.end ?? run.time, run.request_id, `${run.command}: stopped by a session revocation`);
      if (run.confine === 'off' && run.outcome === 'denied_by_policy') run.confine = 'none (denied)';
      if (run.confine === 'off') this.flag('confinement_off', run.seq, run.time, run.request_id, `${run.command}: the request was made with settings.confine off`);
    }
    this.out.exceptions.sort((a, b) => a.seq - b.seq);
    return this.out;
  }
}
