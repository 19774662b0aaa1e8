// Shell builtins and keywords that change how later commands are found, parsed or run, or
// that run text as commands (SPEC §4.4: eval, source, aliases, functions). In a shell line
// each one needs approval; quoting the name does not stop bash from running the builtin.

export const STATE_BUILTINS: Readonly<Record<string, string>> = {
  eval: 'eval runs text as a new command line (bash(1) eval)',
  source: 'source runs commands from a file (bash(1) source)',
  '.': '. runs commands from a file (bash(1) .)',
  alias: 'alias changes what later names run (bash(1) ALIASES)',
  unalias: 'unalias changes what later names run (bash(1) ALIASES)',
  hash: 'hash -p makes a name run another program (bash(1) hash)',
  enable: 'enable -f loads a shared object as a builtin (bash(1) enable)',
  set: 'set changes shell options; set -k turns later words into environment (bash(1) set)',
  shopt: 'shopt changes parsing (extglob, expand_aliases) of later lines (bash(1) shopt)',
  trap: 'trap runs commands on signals or exit (bash(1) trap)',
  cd: 'cd changes the directory later commands run in',
  pushd: 'pushd changes the directory later commands run in',
  popd: 'popd changes the directory later commands run in',
  export: 'export changes the environment of later commands',
  declare: 'declare changes variables of later commands',
  typeset: 'typeset changes variables of later commands',
  local: 'local changes variables',
  readonly: 'readonly changes variables',
  unset: 'unset changes variables or functions',
  read: 'read assigns variables from input (read PATH)',
  mapfile: 'mapfile assigns variables and can run a callback (-C)',
  readarray: 'readarray assigns variables and can run a callback (-C)',
  getopts: 'getopts assigns variables',
  let: 'let evaluates arithmetic (array subscripts can run commands)',
  fc: 'fc edits and re-runs commands from history',
  history: 'history reads or writes history files',
  bind: 'bind -x binds keys to commands',
  complete: 'complete -C registers a command to run',
  compgen: 'compgen -C runs a command',
  coproc: 'coproc runs a command in the background with pipes',
  setopt: 'setopt changes zsh options', // zsh
  unsetopt: 'unsetopt changes zsh options', // zsh
  emulate: 'emulate changes zsh parsing', // zsh
  zmodload: 'zmodload loads zsh modules', // zsh
  autoload: 'autoload defines functions from files', // zsh
  noglob: 'noglob is a zsh precommand modifier', // zsh
  nocorrect: 'nocorrect is a zsh precommand modifier', // zsh
  repeat: 'repeat is a zsh loop', // zsh
  foreach: 'foreach is a zsh loop', // zsh
  functions: 'functions edits zsh functions', // zsh
  sched: 'sched runs commands later (zsh)', // zsh
};

/** Builtins that only count when used with an option that assigns: `printf -v NAME`. */
export const ASSIGNING_OPTIONS: Readonly<Record<string, string>> = {
  printf: '-v',
};

/**
 * Builtins some of whose words bash evaluates as arithmetic or as `NAME[SUBSCRIPT]`, where
 * `$(…)` and backquotes run even inside single quotes (SPEC §10). The value says which words:
 * `all` (every argument), or the option whose value is a name (`printf -v NAME`). Sources:
 * bash(1) SHELL BUILTIN COMMANDS and ARITHMETIC EVALUATION; bash 5.2 runs `test -v 'a[$(id)]'`,
 * `printf -v`, `declare -i`, `declare -n` and `[[ ]]` subscripts; older versions also `unset`,
 * `read`, `mapfile`, `local` (assoc_expand_once, bash 5.0 CHANGES).
 */
export const EVALUATING_BUILTINS: Readonly<Record<string, 'all' | `-${string}`>> = {
  test: '-v',
  '[': '-v',
  declare: 'all',
  typeset: 'all',
  local: 'all',
  export: 'all',
  readonly: 'all',
  read: 'all',
  mapfile: 'all',
  readarray: 'all',
  printf: '-v',
  wait: '-p',
  getopts: 'all',
  unset: 'all',
  let: 'all',
  shift: 'all',
  caller: 'all',
  return: 'all',
  exit: 'all',
  break: 'all',
  continue: 'all',
};
