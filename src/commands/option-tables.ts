// The options of `run` and `check` (SPEC §2) as data: src/cli.ts declares them to commander
// from these tables, and the fast path (src/fast-path.ts) parses the common forms
// `approve-run [run] [run options] -- cmd` and `approve-run check [options] -- cmd` with them,
// without loading commander. Whatever the fast parser does not fully understand is left to
// commander, so messages and behaviour stay commander's.

/** Parsed `run` options plus the command after `--`. */
export interface RunOptions {
  policy?: string;
  auditDb?: string;
  reason?: string;
  actor?: string;
  timeout?: string;
  shell: boolean;
  nonInteractive: boolean;
  json: boolean;
  /** Submit the request and exit 75 with its id instead of waiting for approvers (SPEC §12). */
  noWait?: boolean;
  /** Internal: the agent call that submitted it (hooks), stored with a pending request. */
  agentKey?: string;
  /** Internal: submit only (hooks); anything but an approve decision is refused before it is logged. */
  submitOnly?: boolean;
  command: string[];
}

/** Parsed `check` options plus the command after `--`. */
export interface CheckOptions {
  policy?: string;
  actor?: string;
  shell: boolean;
  json: boolean;
  command: string[];
}

/** One option: a flag (default false) or an option taking one value (`<value>`). */
export type OptionSpec<O> =
  | { key: keyof O & string; short?: string; long: string; value: string; description: string }
  | { key: keyof O & string; short?: undefined; long: string; value?: undefined; description: string };

/** Every run option, in help order. */
export const RUN_OPTIONS: readonly OptionSpec<RunOptions>[] = [
  { key: 'policy', short: '-p', long: '--policy', value: 'file', description: 'policy file (refused in privileged mode)' },
  { key: 'auditDb', long: '--audit-db', value: 'file', description: 'audit database (refused in privileged mode)' },
  { key: 'reason', short: '-r', long: '--reason', value: 'text', description: 'why the command is needed; shown to approvers and logged' },
  { key: 'actor', long: '--actor', value: 'label', description: 'who is acting, e.g. agent:claude-code (a claim, not proof)' },
  { key: 'timeout', long: '--timeout', value: 'dur', description: 'lower the maximum runtime (90s, 15m, 2h, 1d)' },
  { key: 'shell', long: '--shell', description: 'treat the command as one shell command line' },
  { key: 'nonInteractive', long: '--non-interactive', description: 'never prompt on a terminal' },
  { key: 'json', long: '--json', description: 'print one JSON result line on stderr when done' },
  { key: 'noWait', long: '--no-wait', description: 'submit a request that needs approval and exit 75 with its id (then: approve-run wait <id>)' },
];

/** Every check option, in help order. */
export const CHECK_OPTIONS: readonly OptionSpec<CheckOptions>[] = [
  { key: 'policy', short: '-p', long: '--policy', value: 'file', description: 'policy file' },
  { key: 'actor', long: '--actor', value: 'label', description: 'actor label to judge with' },
  { key: 'shell', long: '--shell', description: 'treat the command as one shell command line' },
  { key: 'json', long: '--json', description: 'print the decision as JSON' },
];

/** The first words that name a command; any other first word means `run`. */
export const COMMAND_NAMES: ReadonlySet<string> = new Set(['run', 'check', 'policy', 'audit', 'session', 'keygen', 'config', 'serve', 'approve', 'deny', 'help', 'hook', 'mcp', 'wait', 'request']);

/** First words that ask the program itself for help or its version. */
export const HELP_WORDS: ReadonlySet<string> = new Set(['-h', '--help', '-V', '--version']);

/** The commander flags string of an option, e.g. `-p, --policy <file>`. */
export function commanderFlags<O>(spec: OptionSpec<O>): string {
  const names = spec.short === undefined ? spec.long : `${spec.short}, ${spec.long}`;
  return spec.value === undefined ? names : `${names} <${spec.value}>`;
}

// Reads `words` as options of `table` into `into`, as commander would; false on anything else
// (an unknown or malformed option, a stray word, a missing value).
function readOptions<O>(words: readonly string[], table: readonly OptionSpec<O>[], into: Record<string, unknown>): boolean {
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (!word.startsWith('-') || word === '-') return false;
    const long = word.startsWith('--');
    const eq = long ? word.indexOf('=') : -1;
    const name = long ? (eq === -1 ? word : word.slice(0, eq)) : word.slice(0, 2);
    const attached = long ? (eq === -1 ? null : word.slice(eq + 1)) : word.length > 2 ? word.slice(2) : null;
    const spec = table.find((s) => s.long === name || s.short === name);
    if (spec === undefined) return false;
    if (spec.value === undefined) {
      if (attached !== null) return false;
      into[spec.key] = true;
      continue;
    }
    const value = attached ?? words[++i];
    if (value === undefined) return false;
    into[spec.key] = value;
  }
  return true;
}

/** Parsed `hook <agent>` options. */
export interface HookOptions {
  agent: string;
  policy?: string;
  /** Claude Code non-interactive mode: defer approvals instead of waiting in the tool call. */
  defer: boolean;
  /** Rewrite to `sudo -n <approve-run>` (privileged deployments). */
  sudo: boolean;
  deadline?: string;
}

/** Every hook option, in help order. */
export const HOOK_OPTIONS: readonly OptionSpec<HookOptions>[] = [
  { key: 'policy', short: '-p', long: '--policy', value: 'file', description: 'policy file (refused in privileged mode)' },
  { key: 'defer', long: '--defer', description: 'Claude Code -p: defer calls that need approval; a resumed call runs once approved' },
  { key: 'sudo', long: '--sudo', description: 'rewrite commands to run through sudo -n approve-run (privileged deployments)' },
  { key: 'deadline', long: '--deadline', value: 'dur', description: 'answer (or block) within this time (default 20s)' },
];

/** A command line the fast path can take: `run` or `check` with their options, or a hook (with the input it read). */
export type FastCommand =
  | { name: 'run'; options: RunOptions }
  | { name: 'check'; options: CheckOptions }
  | { name: 'hook'; options: HookOptions; input: Buffer; startedMs: number };

/** Parses `hook <agent> [hook options]` as commander would, or null (then commander handles it). */
export function parseFastHook(argv: readonly string[]): HookOptions | null {
  const [first, agent, ...rest] = argv;
  if (first !== 'hook' || agent === undefined || agent.startsWith('-') || rest.includes('--')) return null;
  const options: HookOptions = { agent, defer: false, sudo: false };
  return readOptions(rest, HOOK_OPTIONS, options as unknown as Record<string, unknown>) ? options : null;
}

/**
 * Parses `[run] [run options] -- <command...>` or `check [check options] -- <command...>` as
 * commander would, or returns null for anything else (another command, help, an unknown or
 * malformed option, a stray word, no `--`, nothing after it): commander then handles it.
 */
export function parseFastCommand(argv: readonly string[]): Exclude<FastCommand, { name: 'hook' }> | null {
  const dash = argv.indexOf('--');
  if (dash === -1 || dash === argv.length - 1) return null;
  const head = argv.slice(0, dash);
  const command = argv.slice(dash + 1);
  const first = head[0];
  if (first === 'check') {
    const options: CheckOptions = { shell: false, json: false, command };
    return readOptions(head.slice(1), CHECK_OPTIONS, options as unknown as Record<string, unknown>) ? { name: 'check', options } : null;
  }
  if (first !== undefined && first !== 'run' && (COMMAND_NAMES.has(first) || HELP_WORDS.has(first))) return null;
  const options: RunOptions = { shell: false, nonInteractive: false, json: false, noWait: false, command };
  const words = first === 'run' ? head.slice(1) : head;
  return readOptions(words, RUN_OPTIONS, options as unknown as Record<string, unknown>) ? { name: 'run', options } : null;
}
