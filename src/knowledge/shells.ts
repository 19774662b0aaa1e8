// Shells and how they are invoked (SPEC §4.3: `sh|bash|dash|zsh -c SCRIPT` in any option
// spelling). A script given with -c is parsed and judged as a shell line; the dialect says how
// strictly words are read (zsh and ksh expand more than bash, sh has no $'…').
import type { Dialect } from '../shell/word.js';

export interface ShellSyntax {
  dialect: Dialect;
  /** Single-letter options that change nothing about what runs. */
  flags: string;
  /** Long options (bash reads them before short ones); value: takes the next word. */
  long: Readonly<Record<string, boolean>>;
  /** Options that make the shell run more than the script: rc files, shopt, keyword mode. */
  escalate: Readonly<Record<string, string>>;
  source: string;
}

const BASH: ShellSyntax = {
  dialect: 'bash',
  flags: 'abefhlmnprtuvxBCDEHPT',
  long: {
    norc: false, noprofile: false, login: false, posix: false, restricted: false, verbose: false, version: false, help: false,
    noediting: false, 'dump-strings': false, 'dump-po-strings': false, 'pretty-print': false, rcfile: true, 'init-file': true, debugger: false,
  },
  escalate: {
    '-i': 'interactive shell reads ~/.bashrc and expands aliases',
    '-k': 'keyword mode turns assignments anywhere into environment',
    '-O': 'shopt option changes how the script is parsed',
    '+O': 'shopt option changes how the script is parsed',
    '--rcfile': 'reads commands from an rc file',
    '--init-file': 'reads commands from an init file',
    '--debugger': 'loads the debugger profile',
  },
  source: 'bash(1) OPTIONS and INVOCATION',
};

const POSIX: ShellSyntax = {
  dialect: 'posix',
  flags: 'aCefhlmnuvxbEV',
  long: {},
  escalate: { '-i': 'interactive shell reads $ENV' },
  source: 'dash(1) Invocation; POSIX sh',
};

const STRICT: ShellSyntax = {
  dialect: 'zsh',
  flags: 'efnuvxl',
  long: {},
  escalate: { '-i': 'interactive shell reads rc files' },
  source: 'zsh(1) INVOCATION, ksh(1): parsed with the bash grammar, so read strictly',
};

export const SHELLS: Readonly<Record<string, ShellSyntax>> = {
  bash: BASH,
  rbash: BASH,
  sh: POSIX,
  dash: POSIX,
  ash: POSIX,
  posh: POSIX,
  zsh: STRICT,
  ksh: STRICT,
  ksh93: STRICT,
  mksh: STRICT,
  pdksh: STRICT,
  yash: STRICT,
};

/** `set -o` names accepted with -o/+o without escalation. */
export const SAFE_SET_OPTIONS: readonly string[] = [
  'errexit', 'pipefail', 'nounset', 'xtrace', 'verbose', 'noglob', 'noclobber', 'noexec', 'errtrace', 'functrace',
  'posix', 'physical', 'hashall', 'braceexpand', 'allexport', 'notify', 'monitor', 'ignoreeof', 'emacs', 'vi',
];

/** Deepest `sh -c` nesting judged; anything deeper needs approval. */
export const MAX_SHELL_DEPTH = 6;
