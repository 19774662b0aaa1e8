// Options that make a program run other programs or write files (SPEC §4.3). One entry per
// option, each with a one-line source. The readers in src/shell/tools/ apply this table with
// each program's real option syntax; `cover` is the spelling an allow rule must name.
import type { OptionSpec } from '../shell/options.js';

export interface DangerousOption {
  /** Canonical spelling: `-exec`, `--upload-pack`, `-i`. */
  option: string;
  reason: string;
  source: string;
  /** Only for these subcommands (git, npm, go); absent: everywhere. */
  subcommands?: readonly string[];
}

export interface ToolTable {
  /** Program names (basename of argv[0]). */
  programs: readonly string[];
  /** How the program reads options: clusters, glued values, long names, abbreviations. */
  spec: OptionSpec;
  /** `-name` is read as `--name` when it names a long option (gdb's `-ex`). */
  singleDashLong?: boolean;
  /** The first word may be a cluster without a dash (tar's old style: `tar xIf prog a.tar`). */
  oldStyleFirstArg?: boolean;
  options: readonly DangerousOption[];
}

const GTFO = (name: string): string => `GTFOBins ${name}`;

export const FIND_ACTIONS: readonly DangerousOption[] = [
  { option: '-exec', reason: 'find -exec runs a program', source: `find(1) ACTIONS; ${GTFO('find')}` },
  { option: '-execdir', reason: 'find -execdir runs a program', source: 'find(1) ACTIONS' },
  { option: '-ok', reason: 'find -ok runs a program', source: 'find(1) ACTIONS' },
  { option: '-okdir', reason: 'find -okdir runs a program', source: 'find(1) ACTIONS' },
  { option: '-delete', reason: 'find -delete deletes files', source: 'find(1) ACTIONS' },
  { option: '-fprint', reason: 'find -fprint writes a file', source: 'find(1) ACTIONS' },
  { option: '-fprint0', reason: 'find -fprint0 writes a file', source: 'find(1) ACTIONS' },
  { option: '-fprintf', reason: 'find -fprintf writes a file', source: 'find(1) ACTIONS' },
  { option: '-fls', reason: 'find -fls writes a file', source: 'find(1) ACTIONS' },
];

/** git options read before the subcommand (git.c handle_options: exact spellings only). */
export const GIT_GLOBAL: readonly DangerousOption[] = [
  { option: '-c', reason: 'git -c sets config (core.pager, core.sshCommand, alias.*) that runs programs', source: 'git(1); CVE-2017-1000117 class' },
  { option: '-C', reason: 'git -C runs in another repository, with its config and hooks', source: 'git(1) -C' },
  { option: '--exec-path', reason: 'git --exec-path chooses where git subcommands are loaded from', source: 'git(1) --exec-path' },
  { option: '--git-dir', reason: 'git --git-dir uses another repository config and hooks', source: 'git(1) --git-dir' },
  { option: '--work-tree', reason: 'git --work-tree writes files in another tree', source: 'git(1) --work-tree' },
  { option: '--config-env', reason: 'git --config-env sets config from the environment', source: 'git(1) --config-env' },
  { option: '-p', reason: 'git -p runs a pager (shell escapes)', source: GTFO('git') },
  { option: '--paginate', reason: 'git --paginate runs a pager (shell escapes)', source: GTFO('git') },
];

/** git subcommand options (parse-options accepts unique abbreviations, e.g. --upload-pac). */
export const GIT_OPTIONS: readonly DangerousOption[] = [
  { option: '--upload-pack', reason: 'git --upload-pack runs a program', source: 'git-fetch(1), git-clone(1), git-ls-remote(1)' },
  { option: '--receive-pack', reason: 'git --receive-pack runs a program', source: 'git-push(1)' },
  { option: '--exec', reason: 'git --exec runs a program', source: 'git-push(1), git-archive(1), git-rebase(1) --exec' },
  { option: '--ext-diff', reason: 'git --ext-diff runs the external diff program', source: 'git-diff(1)' },
  { option: '--output', reason: 'git --output writes a file', source: 'git-diff(1), git-archive(1)' },
  { option: '--open-files-in-pager', reason: 'git grep -O runs a pager program', source: 'git-grep(1)' },
  { option: '--output-directory', reason: 'git format-patch -o writes files', source: 'git-format-patch(1)' },
  { option: '--template', reason: 'git --template installs hooks that run', source: 'git-clone(1), git-init(1)' },
  { option: '--config', reason: 'git clone --config sets config that runs programs', source: 'git-clone(1)' },
  { option: '--extcmd', reason: 'git difftool --extcmd runs a program', source: 'git-difftool(1)' },
  { option: '--to-cmd', reason: 'git send-email --to-cmd runs a program', source: 'git-send-email(1)' },
  { option: '--cc-cmd', reason: 'git send-email --cc-cmd runs a program', source: 'git-send-email(1)' },
  { option: '--sendmail-cmd', reason: 'git send-email --sendmail-cmd runs a program', source: 'git-send-email(1)' },
  { option: '--smtp-server', reason: 'git send-email --smtp-server may name a program', source: 'git-send-email(1)' },
  { option: '-O', reason: 'git -O runs a pager program (grep) or reads an order file', source: 'git-grep(1) -O' },
  { option: '-x', reason: 'git rebase -x runs a command', source: 'git-rebase(1)', subcommands: ['rebase'] },
  { option: '-u', reason: 'git -u names the upload-pack program', source: 'git-clone(1), git-ls-remote(1)', subcommands: ['clone', 'ls-remote', 'fetch-pack'] },
  { option: '-c', reason: 'git clone -c sets config that runs programs', source: 'git-clone(1)', subcommands: ['clone'] },
  { option: '-o', reason: 'git -o writes files', source: 'git-archive(1), git-format-patch(1)', subcommands: ['archive', 'format-patch'] },
  { option: '-x', reason: 'git difftool -x runs a program', source: 'git-difftool(1)', subcommands: ['difftool'] },
];

/** git subcommands that run programs by design. */
export const GIT_SUBCOMMANDS: Readonly<Record<string, string>> = {
  difftool: 'git difftool runs external diff tools (git-difftool(1))',
  mergetool: 'git mergetool runs external merge tools (git-mergetool(1))',
  'filter-branch': 'git filter-branch runs shell filters (git-filter-branch(1))',
  instaweb: 'git instaweb starts a web server and browser (git-instaweb(1))',
  'web--browse': 'git web--browse runs a browser program (git-web--browse(1))',
  hook: 'git hook run runs repository hooks (git-hook(1))',
  'cvsimport': 'git cvsimport runs cvs programs (git-cvsimport(1))',
  'archimport': 'git archimport runs tla programs (git-archimport(1))',
};

/** Subcommand forms that run programs: `submodule foreach`, `bisect run`. */
export const GIT_SUBCOMMAND_ACTIONS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  submodule: { foreach: 'git submodule foreach runs a command (git-submodule(1))' },
  bisect: { run: 'git bisect run runs a command (git-bisect(1))' },
};

/** Tools read with the generic getopt reader; any listed option escalates. */
export const TOOL_TABLES: readonly ToolTable[] = [
  {
    programs: ['sort'],
    spec: { shortValue: 'kotTS', long: { output: 'required', 'compress-program': 'required', key: 'required', 'field-separator': 'required', 'temporary-directory': 'required', 'buffer-size': 'required', 'files0-from': 'required', 'random-source': 'required', 'batch-size': 'required', parallel: 'required', sort: 'required' }, abbreviations: true },
    options: [
      { option: '-o', reason: 'sort -o writes a file', source: `sort(1); ${GTFO('sort')}` },
      { option: '--output', reason: 'sort --output writes a file', source: 'sort(1)' },
      { option: '--compress-program', reason: 'sort --compress-program runs a program', source: 'sort(1)' },
    ],
  },
  {
    programs: ['tar', 'gtar'],
    oldStyleFirstArg: true,
    spec: { shortValue: 'fCIFgKLNTVXbH', long: { 'checkpoint-action': 'required', 'to-command': 'required', 'use-compress-program': 'required', 'rsh-command': 'required', 'rmt-command': 'required', 'info-script': 'required', 'new-volume-script': 'required', 'index-file': 'required', file: 'required', directory: 'required', checkpoint: 'optional' }, abbreviations: true },
    options: [
      { option: '--checkpoint-action', reason: 'tar --checkpoint-action=exec runs a program', source: `tar(1); ${GTFO('tar')}; Juranic 2014 "Unix wildcards gone wild"` },
      { option: '--to-command', reason: 'tar --to-command runs a program', source: 'tar(1)' },
      { option: '-I', reason: 'tar -I runs a compression program', source: `tar(1); ${GTFO('tar')}` },
      { option: '--use-compress-program', reason: 'tar --use-compress-program runs a program', source: 'tar(1)' },
      { option: '--rsh-command', reason: 'tar --rsh-command runs a program', source: `tar(1); ${GTFO('tar')}` },
      { option: '--rmt-command', reason: 'tar --rmt-command runs a program', source: 'tar(1)' },
      { option: '-F', reason: 'tar -F runs a volume script', source: 'tar(1) --info-script' },
      { option: '--info-script', reason: 'tar --info-script runs a program', source: 'tar(1)' },
      { option: '--new-volume-script', reason: 'tar --new-volume-script runs a program', source: 'tar(1)' },
      { option: '--index-file', reason: 'tar --index-file writes a file', source: 'tar(1)' },
    ],
  },
  {
    programs: ['zip'],
    spec: { shortValue: 'bnOtxi', long: { 'unzip-command': 'required', test: 'none', 'output-file': 'required' }, abbreviations: true },
    options: [
      { option: '-T', reason: 'zip -T runs an unzip program to test', source: `zip(1); ${GTFO('zip')}` },
      { option: '-TT', reason: 'zip -TT runs a chosen program', source: `zip(1); ${GTFO('zip')}` },
      { option: '--test', reason: 'zip --test runs an unzip program', source: 'zip(1)' },
      { option: '--unzip-command', reason: 'zip --unzip-command runs a chosen program', source: 'zip(1)' },
    ],
  },
  {
    programs: ['rsync'],
    spec: { shortValue: 'eBfMT@', long: { rsh: 'required', 'rsync-path': 'required', 'remote-option': 'required', 'log-file': 'required', 'write-batch': 'required', 'only-write-batch': 'required', filter: 'required', exclude: 'required', include: 'required', 'temp-dir': 'required' }, abbreviations: true },
    options: [
      { option: '-e', reason: 'rsync -e runs a remote-shell program', source: `rsync(1); ${GTFO('rsync')}` },
      { option: '--rsh', reason: 'rsync --rsh runs a remote-shell program', source: 'rsync(1)' },
      { option: '--rsync-path', reason: 'rsync --rsync-path runs a program on the other side', source: 'rsync(1)' },
      { option: '-M', reason: 'rsync -M passes options to the remote rsync', source: 'rsync(1) --remote-option' },
      { option: '--remote-option', reason: 'rsync --remote-option passes options to the remote rsync', source: 'rsync(1)' },
      { option: '--log-file', reason: 'rsync --log-file writes a file', source: 'rsync(1)' },
      { option: '--write-batch', reason: 'rsync --write-batch writes a file', source: 'rsync(1)' },
      { option: '--only-write-batch', reason: 'rsync --only-write-batch writes a file', source: 'rsync(1)' },
    ],
  },
  {
    programs: ['rg'],
    spec: { shortValue: 'eEfgjmMtTABC', long: { pre: 'required', 'hostname-bin': 'required', 'pre-glob': 'required', regexp: 'required', file: 'required', glob: 'required' }, abbreviations: true },
    options: [
      { option: '--pre', reason: 'rg --pre runs a preprocessor program on every file', source: 'rg(1) --pre' },
      { option: '--hostname-bin', reason: 'rg --hostname-bin runs a program', source: 'rg(1) --hostname-bin' },
    ],
  },
  {
    programs: ['make', 'gmake'],
    spec: { shortValue: 'CfIjlOoWE', long: { eval: 'required', file: 'required', makefile: 'required', directory: 'required', 'include-dir': 'required', 'old-file': 'required', 'what-if': 'required', 'new-file': 'required', 'assume-old': 'required', 'assume-new': 'required', jobs: 'optional' }, abbreviations: true },
    options: [
      { option: '--eval', reason: 'make --eval adds rules that run commands', source: `make(1); ${GTFO('make')}` },
      { option: '-E', reason: 'make -E adds rules that run commands', source: 'make(1) -E (--eval)' },
      { option: '-f', reason: 'make -f runs recipes from another makefile', source: 'make(1)' },
      { option: '--file', reason: 'make --file runs recipes from another makefile', source: 'make(1)' },
      { option: '--makefile', reason: 'make --makefile runs recipes from another makefile', source: 'make(1)' },
      { option: '-C', reason: 'make -C runs recipes from another directory', source: 'make(1)' },
      { option: '--directory', reason: 'make --directory runs recipes from another directory', source: 'make(1)' },
      { option: '-I', reason: 'make -I changes which makefiles are included', source: 'make(1)' },
      { option: '--include-dir', reason: 'make --include-dir changes which makefiles are included', source: 'make(1)' },
    ],
  },
  {
    programs: ['curl'],
    spec: { shortValue: 'oKDcdHXuUeAbTxrwCEFm', long: { output: 'required', config: 'required', 'dump-header': 'required', 'cookie-jar': 'required', trace: 'required', 'trace-ascii': 'required', 'output-dir': 'required', 'remote-name': 'none', 'remote-name-all': 'none' }, abbreviations: false },
    options: [
      { option: '-o', reason: 'curl -o writes a file', source: `curl(1); ${GTFO('curl')}` },
      { option: '--output', reason: 'curl --output writes a file', source: 'curl(1)' },
      { option: '-O', reason: 'curl -O writes a file', source: 'curl(1)' },
      { option: '--remote-name', reason: 'curl --remote-name writes a file', source: 'curl(1)' },
      { option: '--remote-name-all', reason: 'curl --remote-name-all writes files', source: 'curl(1)' },
      { option: '--output-dir', reason: 'curl --output-dir writes files', source: 'curl(1)' },
      { option: '-K', reason: 'curl -K reads options from a file', source: 'curl(1)' },
      { option: '--config', reason: 'curl --config reads options from a file', source: 'curl(1)' },
      { option: '-D', reason: 'curl -D writes a file', source: 'curl(1)' },
      { option: '--dump-header', reason: 'curl --dump-header writes a file', source: 'curl(1)' },
      { option: '-c', reason: 'curl -c writes a cookie file', source: 'curl(1)' },
      { option: '--cookie-jar', reason: 'curl --cookie-jar writes a file', source: 'curl(1)' },
      { option: '--trace', reason: 'curl --trace writes a file', source: 'curl(1)' },
      { option: '--trace-ascii', reason: 'curl --trace-ascii writes a file', source: 'curl(1)' },
    ],
  },
  {
    programs: ['wget'],
    spec: { shortValue: 'OoaePiBtTwQUl', long: { 'output-document': 'required', 'output-file': 'required', 'append-output': 'required', execute: 'required', 'directory-prefix': 'required', 'use-askpass': 'required', config: 'required' }, abbreviations: true },
    options: [
      { option: '-O', reason: 'wget -O writes a file', source: `wget(1); ${GTFO('wget')}` },
      { option: '--output-document', reason: 'wget --output-document writes a file', source: 'wget(1)' },
      { option: '-o', reason: 'wget -o writes a log file', source: 'wget(1)' },
      { option: '--output-file', reason: 'wget --output-file writes a file', source: 'wget(1)' },
      { option: '-e', reason: 'wget -e runs wgetrc commands', source: 'wget(1)' },
      { option: '--execute', reason: 'wget --execute runs wgetrc commands', source: 'wget(1)' },
      { option: '--use-askpass', reason: 'wget --use-askpass runs a program', source: 'wget(1)' },
      { option: '--config', reason: 'wget --config reads another wgetrc', source: 'wget(1)' },
    ],
  },
  {
    programs: ['less', 'more'],
    spec: { shortValue: 'oObhjkpPtTxyz#', long: { 'log-file': 'required', 'LOG-FILE': 'required' }, abbreviations: true },
    options: [
      { option: '-o', reason: 'less -o writes a log file', source: `less(1); ${GTFO('less')}` },
      { option: '-O', reason: 'less -O writes a log file', source: 'less(1)' },
      { option: '--log-file', reason: 'less --log-file writes a file', source: 'less(1)' },
      { option: '--LOG-FILE', reason: 'less --LOG-FILE writes a file', source: 'less(1)' },
    ],
  },
  {
    programs: ['man'],
    spec: { shortValue: 'PHCMSmeLpRrEI', long: { pager: 'required', html: 'optional', config: 'required', preprocessor: 'required' }, abbreviations: true },
    options: [
      { option: '-P', reason: 'man -P runs a pager program', source: `man(1); ${GTFO('man')}` },
      { option: '--pager', reason: 'man --pager runs a program', source: 'man(1)' },
      { option: '-H', reason: 'man -H runs a browser program', source: 'man(1)' },
      { option: '--html', reason: 'man --html runs a browser program', source: 'man(1)' },
      { option: '-C', reason: 'man -C reads another config file', source: 'man(1)' },
      { option: '--config-file', reason: 'man --config-file reads another config file', source: 'man(1)' },
      { option: '-p', reason: 'man -p runs preprocessors', source: 'man(1)' },
      { option: '--preprocessor', reason: 'man --preprocessor runs preprocessors', source: 'man(1)' },
    ],
  },
  {
    programs: ['vi', 'vim', 'nvim', 'view', 'vimdiff', 'ex'],
    spec: { shortValue: 'ScuUiTtqwWr', long: { cmd: 'required' }, abbreviations: false },
    options: [
      { option: '-c', reason: 'vim -c runs editor commands (:!sh)', source: GTFO('vim') },
      { option: '--cmd', reason: 'vim --cmd runs editor commands', source: GTFO('vim') },
      { option: '-S', reason: 'vim -S sources a script', source: 'vim(1)' },
      { option: '-u', reason: 'vim -u loads another vimrc', source: 'vim(1)' },
    ],
  },
  {
    programs: ['gdb'],
    singleDashLong: true,
    spec: { shortValue: 'xp', long: { ex: 'required', iex: 'required', x: 'required', ix: 'required', 'eval-command': 'required', command: 'required', 'init-command': 'required', 'init-eval-command': 'required' }, abbreviations: true },
    options: [
      { option: '--ex', reason: 'gdb -ex runs debugger commands (shell)', source: GTFO('gdb') },
      { option: '--iex', reason: 'gdb -iex runs debugger commands', source: 'gdb(1)' },
      { option: '--eval-command', reason: 'gdb --eval-command runs debugger commands', source: 'gdb(1)' },
      { option: '-x', reason: 'gdb -x runs a command file', source: 'gdb(1)' },
      { option: '--x', reason: 'gdb -x runs a command file', source: 'gdb(1)' },
      { option: '--command', reason: 'gdb --command runs a command file', source: 'gdb(1)' },
    ],
  },
];

/** npm options (nopt accepts unique abbreviations: --script-sh). */
export const NPM_OPTIONS: readonly DangerousOption[] = [
  { option: '--script-shell', reason: 'npm --script-shell chooses the program that runs scripts', source: 'npm-config(7) script-shell' },
  { option: '--node-options', reason: 'npm --node-options adds node options such as --require', source: 'npm-config(7) node-options' },
  { option: '--userconfig', reason: 'npm --userconfig reads another config (script-shell, hooks)', source: 'npm-config(7)' },
  { option: '--globalconfig', reason: 'npm --globalconfig reads another config', source: 'npm-config(7)' },
  { option: '--call', reason: 'npm exec --call runs a command line', source: 'npm-exec(1)', subcommands: ['exec', 'x'] },
  { option: '-c', reason: 'npm exec -c runs a command line', source: 'npm-exec(1)', subcommands: ['exec', 'x'] },
];

/** npm subcommands that run arbitrary programs or write config. */
export const NPM_SUBCOMMANDS: Readonly<Record<string, string>> = {
  exec: 'npm exec runs a package binary, downloading it if needed (npm-exec(1))',
  x: 'npm x runs a package binary, downloading it if needed (npm-exec(1))',
  explore: 'npm explore runs a shell in a package directory (npm-explore(1))',
  edit: 'npm edit runs an editor (npm-edit(1))',
  set: 'npm set writes config such as script-shell (npm-config(1))',
};

/** go build flags (the flag package: -name, --name, -name=value; no abbreviations). */
export const GO_FLAGS: readonly DangerousOption[] = [
  { option: '-exec', reason: 'go -exec runs test or run binaries through a program', source: 'go help run; go help test' },
  { option: '-toolexec', reason: 'go -toolexec runs a program for every tool invocation', source: 'go help build' },
  { option: '-vettool', reason: 'go vet -vettool runs a program', source: 'go help vet' },
  { option: '-o', reason: 'go -o writes a file', source: 'go help build' },
  { option: '-C', reason: 'go -C builds another module', source: 'go help build' },
  { option: '-overlay', reason: 'go -overlay replaces source files', source: 'go help build' },
];

/** go subcommands that run code by design. */
export const GO_SUBCOMMANDS: Readonly<Record<string, string>> = {
  run: 'go run compiles and runs a program (go help run)',
  generate: 'go generate runs commands from //go:generate lines (go help generate)',
  tool: 'go tool runs a tool program (go help tool)',
};

/** xargs and parallel build command lines from their input (SPEC §4.3). */
export const DYNAMIC_RUNNERS: Readonly<Record<string, string>> = {
  xargs: 'xargs builds commands from its input (xargs(1))',
  parallel: 'parallel builds commands from its input and runs them through a shell (parallel(1))',
};
