// How the judged executable is started: directly, or, when credentials must change (run_as in
// privileged mode), through setpriv(1), because Node's spawn can set uid and gid but always
// clears the supplementary groups (SPEC §6).
// Invariants:
//   1. The executable is always the absolute real path that was judged; nothing searches PATH.
//   2. argv[0] is exactly the requested one (multi-call programs such as systemctl-as-reboot
//      and pg_wrapper dispatch on it); under setpriv a `bash -c 'exec -a'` step keeps it.
//   3. Credentials change only through absolute-path helpers; if one is missing nothing runs.
//   4. setpriv sets real and effective uid and gid and the exact supplementary group list.
//   5. A gated command line (commandLine(launch, true)) execs the command only after reading
//      the opening `y` from descriptor GATE_FD; end of stream (approve-run died), an error or
//      anything else first exits 125 without running anything. The command does not inherit
//      the descriptor. The gate is a shell step: bash's, which also keeps argv[0], or, where
//      argv[0] is the path already, GATE_SHELL's (a smaller shell: no `exec -a` is needed).
import { accessSync, constants } from 'node:fs';
import { ApproveRunError } from '../errors.js';

/** util-linux setpriv: sets uid, gid and supplementary groups, then execs. */
export const SETPRIV = '/usr/bin/setpriv';
/** Keeps argv[0] across setpriv (`exec -a`); bash is already required for --shell. */
export const EXEC_SHELL = '/bin/bash';
/** The POSIX shell of a gate that need not keep argv[0] (dash on Debian: starts in a fraction of bash's time). */
export const GATE_SHELL = '/bin/sh';

/** Unix credentials the command runs with. */
export interface ChildCredentials {
  uid: number;
  gid: number;
  /** Supplementary gids (the primary gid may be among them). */
  groups: number[];
}

export interface Launch {
  file: string;
  args: string[];
  argv0: string;
}

// Drops the shell's own PWD/OLDPWD, refuses what the new user cannot execute, then execs with
// argv[0] = $0. (bash still exports SHLVL=0; nothing of the caller's environment is added.)
const EXEC_SCRIPT =
  'unset PWD OLDPWD; [ -f "$1" ] && [ -x "$1" ] || { printf \'approve-run: %s: permission denied\\n\' "$0" >&2; exit 126; }; exec -a "$0" -- "$@"';

// True if `path` can be executed by this process.
function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// Keeps argv[0] where the exec is not ours to make (inside bwrap); the shell's own variables go,
// except PWD, which bwrap sets to the working directory for every confined command anyway.
const ARGV0_SCRIPT = 'unset OLDPWD SHLVL; exec -a "$0" -- "$@"';

/** The descriptor a gated command line reads its opening byte from (invariant 5). */
export const GATE_FD = 4;
/** What opens the gate: `y`, and the end of the line a POSIX `read` needs (bash reads one byte only). */
export const GATE_OPEN = 'y\n';
// ARGV0_SCRIPT behind the gate: one byte read (the shell variable is never exported), then
// the descriptor closed before the exec.
const GATED_SCRIPT = `unset OLDPWD SHLVL; IFS= read -r -n 1 -u ${GATE_FD} go && [ "$go" = y ] || exit 125; unset go; exec ${GATE_FD}<&-; exec -a "$0" -- "$@"`;
// The gate alone, for GATE_SHELL: one whole line that is exactly `y` (a line cut off by the end
// of the stream fails `read`), the descriptor closed, then the command with argv[0] its path.
// SHLVL and OLDPWD go as under bash, in case /bin/sh is bash; PWD stays (bwrap sets it).
const GATE_ONLY_SCRIPT = `unset OLDPWD SHLVL; IFS= read -r go <&${GATE_FD} && [ "$go" = y ] || exit 125; unset go; exec ${GATE_FD}<&-; exec "$@"`;

/** True when commandLine() keeps argv[0] through a shell step. */
export function keepsArgv0ByShell(launch: Launch): boolean {
  return launch.argv0 !== launch.file;
}

/**
 * The launch as one absolute-path command line for a program that execs it as given (bwrap):
 * argv[0] differing from the path is kept through `bash -c 'exec -a'` (invariant 2); `gated`
 * puts the command behind the gate of invariant 5, in that bash step, or in a GATE_SHELL step
 * of its own when argv[0] is the path.
 */
export function commandLine(launch: Launch, gated = false): string[] {
  if (!keepsArgv0ByShell(launch)) return gated ? [GATE_SHELL, '-c', GATE_ONLY_SCRIPT, launch.file, launch.file, ...launch.args] : [launch.file, ...launch.args];
  return [EXEC_SHELL, '--noprofile', '--norc', '-c', gated ? GATED_SCRIPT : ARGV0_SCRIPT, launch.argv0, launch.file, ...launch.args];
}

/** The program, arguments and argv[0] to spawn for `file` with `argv`, optionally as other credentials. */
export function planLaunch(file: string, argv: string[], credentials?: ChildCredentials, canExecute = executable): Launch {
  const argv0 = argv[0] ?? file;
  if (credentials === undefined) return { file, args: argv.slice(1), argv0 };
  for (const helper of [SETPRIV, EXEC_SHELL]) {
    if (!canExecute(helper)) {
      throw new ApproveRunError('internal', `run_as needs ${helper} to set the command's uid, gid and groups, and it is not available`);
    }
  }
  const groups = credentials.groups.length > 0 ? `--groups=${credentials.groups.join(',')}` : '--clear-groups';
  return {
    file: SETPRIV,
    args: [
      `--reuid=${credentials.uid}`,
      `--regid=${credentials.gid}`,
      groups,
      '--',
      EXEC_SHELL,
      '--noprofile',
      '--norc',
      '-c',
      EXEC_SCRIPT,
      argv0,
      file,
      ...argv.slice(1),
    ],
    argv0: SETPRIV,
  };
}
