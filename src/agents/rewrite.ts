// The command an agent's shell tool runs instead of the one the model wrote: the same line,
// handed whole to `approve-run run --shell`, which decides again, asks approvers, confines,
// supervises and logs it (SPEC §12).
// Invariants:
//   1. Every word is single-quoted for a POSIX shell; a `'` inside becomes `'\''`. Nothing in
//      the line can end the quoting, so the agent's shell passes the line through untouched.
//   2. The program is named by absolute paths (the Node binary and approve-run's own entry),
//      never looked up through the agent's PATH; with sudo, by sudo's absolute path.
//   3. A line with a NUL cannot be an argument and is refused, never truncated.

/** How the rewritten command reaches approve-run. */
export interface Launcher {
  /** Absolute path of the Node binary running approve-run (process.execPath). */
  node: string;
  /** Absolute path of approve-run's entry (the installed bin, as invoked). */
  entry: string;
  /** Run it as `/usr/bin/sudo -n <entry>` (privileged deployments: sudoers names the entry). */
  sudo: boolean;
  /** The policy the hook was given with -p (absolute), passed on so both judge alike. */
  policy?: string;
}

/** Absolute path of sudo used for privileged rewrites. */
export const SUDO_PATH = '/usr/bin/sudo';

/** One word, single-quoted for a POSIX shell (invariant 1). */
export function shellQuote(word: string): string {
  if (word.includes('\0')) throw new Error('a NUL byte cannot be passed as an argument');
  return `'${word.replaceAll("'", "'\\''")}'`;
}

/** The words that start approve-run (invariant 2). */
export function programWords(l: Launcher): string[] {
  if (!l.entry.startsWith('/') || !l.node.startsWith('/')) throw new Error('approve-run must be named by absolute paths');
  return l.sudo ? [SUDO_PATH, '-n', l.entry] : [l.node, l.entry];
}

/** `<approve-run> run --shell --non-interactive --actor <actor> -- '<line>'`, quoted. */
export function runLine(l: Launcher, actor: string, line: string): string {
  const policy = l.policy === undefined ? [] : ['--policy', l.policy];
  return [...programWords(l), 'run', ...policy, '--shell', '--non-interactive', '--actor', actor, '--', line].map(shellQuote).join(' ');
}

/** `<approve-run> wait <request-id>`, quoted: picks up a deferred request's decision and runs it once. */
export function waitLine(l: Launcher, requestId: string): string {
  const policy = l.policy === undefined ? [] : ['--policy', l.policy];
  return [...programWords(l), 'wait', ...policy, requestId].map(shellQuote).join(' ');
}
