// The decision function's input and output. `check`, `policy test` and `run` all go
// through `evaluate()` in ./evaluate.ts with these shapes.
import type { ChannelName, Confinement, Decision, Risk } from '../policy/types.js';

export interface Requester {
  user: string;
  uid: number;
  gid: number;
  /** Names of the requester's groups (primary first). */
  groups: string[];
}

export interface DecisionInput {
  /** The command as given after `--` (with `shell` set: the one-element line). */
  argv: string[];
  /** The shell line for `--shell`, else null. */
  shell: string | null;
  cwd: string;
  requester: Requester;
  actor: string | null;
  host: string;
  /** Evaluation time, for `when.time` (local time of the machine). */
  now: Date;
}

export interface RuleRef {
  id: string;
  decision: Decision;
}

export interface Evaluation {
  decision: Decision;
  /** Every rule that matched any command of the request. */
  rules: RuleRef[];
  /** Why the decision is what it is: escalations, unmatched commands, empty intersections. */
  reasons: string[];
  /** Approver ids permitted to approve (approve only; else []). */
  approvers: string[];
  quorum: number;
  channel: ChannelName[];
  session_ttl_s: number | null;
  max_runtime_s: number;
  /** The deciding rule (first by id) whose max_runtime is max_runtime_s; null: settings.max_runtime. */
  max_runtime_rule: string | null;
  risk: Risk | null;
  /** Every simple command the request would run, as argv (wrappers included). */
  commands: string[][];
  /** Real path of the top-level executable (argv mode), null in shell mode or if unresolved. */
  executable: string | null;
  /** Rule ids that decided the winning decision (empty: settings.default). */
  decided_by: string[];
  /** The deny rule's message, or a generated one; null unless denied. */
  message: string | null;
  /** User to run as, from the winning rules (privileged mode), else null. */
  run_as: string | null;
  /** The sandbox the command runs in (SPEC §9); null when denied or `settings.confine: off`. */
  confine: Confinement | null;
}

/** File-system facts the matcher needs; real ones in src/decide/resolve.ts, fakes in tests. */
export interface PathProbe {
  /** realpath(3), or null if it does not exist. */
  realpath(path: string): string | null;
  /** True if `path` is a regular file with an execute bit. */
  isExecutableFile(path: string): boolean;
  /** The file's identity (`device:inode`), or null if it does not exist; hard links share it. */
  identity?(path: string): string | null;
  /** True if anything, a dangling symlink included, is at `path` (lstat(2)); absent: assume nothing is. */
  exists?(path: string): boolean;
}
