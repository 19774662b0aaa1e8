// The run options of SPEC §2 as one table: src/cli.ts declares them to commander from it, and
// the fast path (src/fast-path.ts) parses the common form `approve-run [run options] -- cmd`
// with it, without loading commander. Anything the fast parser does not fully understand is
// left to commander, so messages and behaviour stay commander's.

/** Parsed run options (the `run` command's flags plus the command after `--`). */
export interface RunOptions {
  policy?: string;
  auditDb?: string;
  reason?: string;
  actor?: string;
  timeout?: string;
  shell: boolean;
  nonInteractive: boolean;
  json: boolean;
  command: string[];
}

type ValueKey = 'policy' | 'auditDb' | 'reason' | 'actor' | 'timeout';
type FlagKey = 'shell' | 'nonInteractive' | 'json';

/** One run option: a flag (default false) or an option taking one value (`<value>`). */
export type RunOptionSpec =
  | { key: ValueKey; short?: string; long: string; value: string; description: string }
  | { key: FlagKey; short?: undefined; long: string; value?: undefined; description: string };

/** Every run option, in help order. */
export const RUN_OPTIONS: readonly RunOptionSpec[] = [
  { key: 'policy', short: '-p', long: '--policy', value: 'file', description: 'policy file (refused in privileged mode)' },
  { key: 'auditDb', long: '--audit-db', value: 'file', description: 'audit database (refused in privileged mode)' },
  { key: 'reason', short: '-r', long: '--reason', value: 'text', description: 'why the command is needed; shown to approvers and logged' },
  { key: 'actor', long: '--actor', value: 'label', description: 'who is acting, e.g. agent:claude-code (a claim, not proof)' },
  { key: 'timeout', long: '--timeout', value: 'dur', description: 'lower the maximum runtime (90s, 15m, 2h, 1d)' },
  { key: 'shell', long: '--shell', description: 'treat the command as one shell command line' },
  { key: 'nonInteractive', long: '--non-interactive', description: 'never prompt on a terminal' },
  { key: 'json', long: '--json', description: 'print one JSON result line on stderr when done' },
];

/** The commander flags string of an option, e.g. `-p, --policy <file>`. */
export function commanderFlags(spec: RunOptionSpec): string {
  const names = spec.short === undefined ? spec.long : `${spec.short}, ${spec.long}`;
  return spec.value === undefined ? names : `${names} <${spec.value}>`;
}

const BY_NAME = new Map<string, RunOptionSpec>();
for (const spec of RUN_OPTIONS) {
  BY_NAME.set(spec.long, spec);
  if (spec.short !== undefined) BY_NAME.set(spec.short, spec);
}

/** The first words that name a command; any other first word means `run`. */
export const COMMAND_NAMES: ReadonlySet<string> = new Set(['run', 'check', 'policy', 'audit', 'session', 'keygen', 'config', 'help']);

/** First words that ask the program itself for help or its version. */
export const HELP_WORDS: ReadonlySet<string> = new Set(['-h', '--help', '-V', '--version']);

// Splits `--name=value` and `-Xvalue` into the option and its attached value.
function split(word: string): { name: string; attached: string | null } {
  if (word.startsWith('--')) {
    const eq = word.indexOf('=');
    return eq === -1 ? { name: word, attached: null } : { name: word.slice(0, eq), attached: word.slice(eq + 1) };
  }
  return word.length > 2 ? { name: word.slice(0, 2), attached: word.slice(2) } : { name: word, attached: null };
}

/**
 * Parses `[run] [run options] -- <command...>` as commander would, or returns null when the
 * words hold anything else (another command, help, an unknown or malformed option, a stray
 * word, no `--`, nothing after it): commander then handles them, errors included.
 */
export function parseFastRun(argv: readonly string[]): RunOptions | null {
  const dash = argv.indexOf('--');
  if (dash === -1 || dash === argv.length - 1) return null;
  const head = argv.slice(0, dash);
  const first = head[0];
  if (first !== undefined && first !== 'run' && (COMMAND_NAMES.has(first) || HELP_WORDS.has(first))) return null;
  const options: RunOptions = { shell: false, nonInteractive: false, json: false, command: argv.slice(dash + 1) };
  for (let i = first === 'run' ? 1 : 0; i < head.length; i++) {
    const word = head[i] ?? '';
    if (!word.startsWith('-') || word === '-') return null;
    const { name, attached } = split(word);
    const spec = BY_NAME.get(name);
    if (spec === undefined) return null;
    if (spec.value === undefined) {
      if (attached !== null) return null;
      options[spec.key] = true;
      continue;
    }
    const value = attached ?? head[++i];
    if (value === undefined) return null;
    options[spec.key] = value;
  }
  return options;
}
