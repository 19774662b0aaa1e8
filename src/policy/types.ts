// Normalised policy, as produced by the loader (src/policy/load.ts) and consumed by the
// decision function (src/decide). Plain data only, so it can be cached and serialised.
// Durations are whole seconds; list-or-scalar YAML fields are always lists here.

export type Decision = 'allow' | 'approve' | 'deny';
export type DefaultDecision = 'deny' | 'approve';
export type Risk = 'low' | 'medium' | 'high' | 'critical';
export type ChannelName = 'webhook' | 'terminal';

/** Severity order used everywhere decisions are combined: deny > approve > allow. */
export const DECISION_RANK: Record<Decision, number> = { allow: 0, approve: 1, deny: 2 };
export const RISK_RANK: Record<Risk, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export interface AuditSettings {
  db: string | null;
  checkpoint_key: string | null;
  /** A run signs a checkpoint once at least this many entries follow the last one. */
  checkpoint_interval: number;
  /** The witness URL checkpoints are submitted to (SPEC §15), or null. */
  witness: string | null;
}

/** `settings.confine` (SPEC §9): whether runs are sandboxed; `off` is linted. */
export type ConfineSetting = 'required' | 'off';
export type FilesystemMode = 'read-only' | 'read-write';
export type NetworkMode = 'host' | 'none';
export type TerminalMode = 'none' | 'inherit';

/** A rule's `confine:` as written; null fields take the defaults of SPEC §9. */
export interface RuleConfine {
  filesystem: FilesystemMode | null;
  /** Absolute path globs, writable even under read-only. */
  writable: string[] | null;
  network: NetworkMode | null;
  terminal: TerminalMode | null;
}

/** The confinement a run gets: every field decided. */
export interface Confinement {
  filesystem: FilesystemMode;
  writable: string[];
  network: NetworkMode;
  terminal: TerminalMode;
}

export interface Settings {
  default: DefaultDecision;
  approval_timeout_s: number;
  max_runtime_s: number;
  kill_grace_s: number;
  require_reason: boolean;
  secure_path: string;
  env_keep: string[];
  redact: string[];
  audit: AuditSettings;
  confine: ConfineSetting;
}

export interface Approver {
  id: string;
  name: string | null;
  users: string[];
  /** `ed25519:<base64 raw 32-byte key>`, or null for an approver with a passkey only. */
  key: string | null;
  /** The approver's passkey (SPEC §13), or null. */
  webauthn: WebauthnCredential | null;
  totp: string | null;
}

/** A passkey as the host trusts it: decisions signed with it verify against these. */
export interface WebauthnCredential {
  rp_id: string;
  /** `https://host[:port]`, exactly as the browser reports it in clientDataJSON. */
  origin: string;
  /** COSE public key, base64url. */
  public_key: string;
  /** Credential id, base64url, or null when the policy does not name it. */
  credential_id: string | null;
}

export interface WebhookChannel {
  /** The first (or only) URL. */
  url: string;
  /** Further replicas of the same approval service, tried in order when one fails (`url: [a, b]`). */
  fallback_urls?: string[];
  secret_env: string | null;
  /** File holding the HMAC secret (read with the trust checks of src/config/trust.ts). */
  secret_file: string | null;
  timeout_s: number;
}

export interface TerminalChannel {
  authenticate: 'none' | 'totp';
}

export interface Channels {
  webhook: WebhookChannel | null;
  terminal: TerminalChannel | null;
}

export interface RuleMatch {
  /** Bare names, absolute paths or globs over the name; `"*"` means any. */
  command: string[];
  /** Token patterns for argv[1..]; null means any arguments. */
  args: string[] | null;
  /** Options that must all be present anywhere. */
  options: string[];
}

export interface RuleWhen {
  user: string[] | null;
  group: string[] | null;
  actor: string[] | null;
  host: string[] | null;
  cwd: string[] | null;
  time: string[] | null;
}

export interface Rule {
  id: string;
  description: string | null;
  match: RuleMatch;
  when: RuleWhen | null;
  decision: Decision;
  /** Raw references: approver ids or `group:<name>`. */
  approvers: string[] | null;
  quorum: number | null;
  channel: ChannelName[] | null;
  session_ttl_s: number | null;
  max_runtime_s: number | null;
  risk: Risk | null;
  message: string | null;
  /** User the command runs as in privileged mode (default root). */
  run_as: string | null;
  /** How far the command is confined (SPEC §9); null: the defaults. */
  confine: RuleConfine | null;
}

export interface PolicyTestCase {
  command: string[] | null;
  shell: string | null;
  user: string | null;
  actor: string | null;
  cwd: string | null;
  expect: Decision;
  /** Where the case was written, for `file:line:col` in failure lines. */
  where: string;
}

export interface Policy {
  version: 1;
  settings: Settings;
  approvers: Record<string, Approver>;
  groups: Record<string, string[]>;
  channels: Channels;
  rules: Rule[];
  tests: PolicyTestCase[];
  /** Absolute path of the file it was loaded from. */
  file: string;
  /** `sha256:<hex>` of the file's bytes. */
  digest: string;
}

export const DEFAULT_SECURE_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
export const DEFAULT_ENV_KEEP = ['TERM', 'LANG', 'LC_*', 'TZ', 'NO_COLOR'];
