// The auditor's report as data (SPEC §14): what `audit report --format json` prints and what
// the HTML, Markdown and OSCAL renderings are drawn from, field for field.
import type { VerifyReport } from '../audit/verify/report.js';
import type { WitnessView } from './witness.js';

/** A checkpoint note as found in the log. */
export interface CheckpointView {
  seq: number;
  time: string;
  /** Entries the signed tree covers. */
  size: number | null;
  /** Base64 root hash of that tree. */
  root: string | null;
  note: string;
}

/** The verification that opens the report. */
export interface VerificationView extends VerifyReport {
  /** Whether checkpoint signatures were checked against --key. */
  key_checked: boolean;
  /** Fingerprint of --key, or null. */
  key_id: string | null;
  /** The --trusted note's tree size, or null without --trusted. */
  trusted_size: number | null;
  /** --previous: the previous report's end checkpoint, and whether the log still holds it. */
  previous: { size: number | null; ok: boolean; code: string | null; message: string | null } | null;
  /** True only when the log verified and, with --previous, still holds the previous tree. */
  intact: boolean;
}

/** One approver's part in a run. */
export interface ApproverView {
  approver: string;
  decision: string | null;
  accepted: boolean;
  channel: string | null;
  authentication: string | null;
  /** Short fingerprint of the approver's Ed25519 key or credential id, when known. */
  key_id: string | null;
  reason: string | null;
}

/** One privileged run (request, decision, start, end) of the period. */
export interface RunView {
  request_id: string;
  seq: number;
  time: string;
  requester: string;
  requester_uid: number | null;
  actor: string | null;
  host: string | null;
  /** The command, invisible and control characters escaped. */
  command: string;
  rules: string[];
  outcome: string | null;
  /** Approvers whose approval counted. */
  approvers: string[];
  /** Every decision received for the run. */
  decisions: ApproverView[];
  /** The requester, when a self-confirmation released the run (never an approval). */
  confirmed_by: string | null;
  reason: string | null;
  message: string | null;
  /** Milliseconds from the request to its approval, for runs an approver released. */
  latency_ms: number | null;
  start: string | null;
  end: string | null;
  exit_code: number | null;
  signal: string | null;
  deadline: string | null;
  timed_out: boolean;
  revoked: boolean;
  lost: boolean;
  session_id: string | null;
  /** `off` when confinement was off, the confinement as JSON, `none (denied)` for a policy deny (never run), or null when not recorded (older logs). */
  confine: string | null;
}

export type ExceptionKind =
  | 'denial'
  | 'expiry'
  | 'unreachable'
  | 'refused_decision'
  | 'forged_decision'
  | 'self_approval_attempt'
  | 'self_confirmation'
  | 'interrupted'
  | 'lost'
  | 'revocation'
  | 'confinement_off'
  | 'unreadable_entry';

/** An event an auditor must look at. */
export interface ExceptionView {
  kind: ExceptionKind;
  seq: number;
  time: string;
  request_id: string | null;
  detail: string;
}

/** One separation-of-duties check: an approval against the requester. */
export interface DutyCheck {
  request_id: string;
  requester: string;
  approver: string;
  /** pass: none of the approver's users is the requester; fail: one is; unknown: no roster. */
  result: 'pass' | 'fail' | 'unknown';
  detail: string;
}

/** A policy version seen in the period, with its roster when the entry records one. */
export interface PolicyChange {
  seq: number;
  time: string;
  file: string;
  digest: string;
  roster: { id: string; users: string[]; key_id: string | null }[] | null;
  added: string[];
  removed: string[];
  changed: string[];
}

/** Count of something by label, for charts and tables. */
export type Tally = { label: string; count: number }[];

export interface ReportData {
  format_version: 1;
  generated_at: string;
  log: { path: string; log_id: string | null; entries: number };
  period: { since: string | null; until: string };
  verification: VerificationView;
  checkpoints: { start: CheckpointView | null; end: CheckpointView | null };
  /** The witness's cosignatures and refusals (SPEC §15). */
  witness: WitnessView;
  runs: RunView[];
  separation_of_duties: { ok: boolean; checked: number; passed: number; failed: number; unknown: number; checks: DutyCheck[] };
  exceptions: ExceptionView[];
  changes: PolicyChange[];
  counts: {
    entries_in_period: number;
    runs: number;
    outcomes: Record<string, number>;
    exceptions: Record<string, number>;
    decisions_received: number;
    decisions_accepted: number;
    policy_versions: number;
  };
  charts: { decisions_per_day: Tally; latency: Tally; top_rules: Tally; top_requesters: Tally };
  controls: ControlRow[];
}

/** One row of the control mapping. */
export interface ControlRow {
  framework: 'SOC 2' | 'NIST SP 800-53 / FedRAMP';
  control: string;
  title: string;
  sections: string[];
  how: string;
}
