// Environment names that change which program runs or what code it loads. A prefix setting
// one of them always escalates, even when settings.env_keep lists it (SPEC §4.3).
// Patterns are globs over the whole name: `*` matches any run of characters.

export interface SensitiveEnv {
  pattern: string;
  reason: string;
  source: string;
}

export const SENSITIVE_ENV: readonly SensitiveEnv[] = [
  { pattern: 'PATH', reason: 'chooses which program a name runs', source: 'SPEC §4.3; sudoers(5) secure_path' },
  { pattern: 'LD_*', reason: 'loads shared libraries into the program', source: 'ld.so(8) LD_PRELOAD, LD_LIBRARY_PATH, LD_AUDIT' },
  { pattern: 'DYLD_*', reason: 'loads shared libraries into the program', source: 'dyld(1)' },
  { pattern: 'NODE_OPTIONS', reason: 'adds --require/--import code to node', source: 'node(1) NODE_OPTIONS' },
  { pattern: 'NODE_PATH', reason: 'redirects node module loading', source: 'node(1) NODE_PATH' },
  { pattern: 'PYTHON*', reason: 'PYTHONSTARTUP/PYTHONPATH/PYTHONHOME load other code', source: 'python(1) ENVIRONMENT' },
  { pattern: 'PERL5*', reason: 'PERL5OPT/PERL5LIB load other code', source: 'perlrun(1) ENVIRONMENT' },
  { pattern: 'PERLLIB', reason: 'redirects perl module loading', source: 'perlrun(1) ENVIRONMENT' },
  { pattern: 'RUBY*', reason: 'RUBYOPT/RUBYLIB load other code', source: 'ruby(1) ENVIRONMENT' },
  { pattern: 'GIT_*', reason: 'GIT_SSH_COMMAND, GIT_EXTERNAL_DIFF, GIT_CONFIG_* run programs', source: 'git(1) ENVIRONMENT VARIABLES' },
  { pattern: 'BASH_ENV', reason: 'bash sources this file before a script', source: 'bash(1) INVOCATION' },
  { pattern: 'BASH_FUNC_*', reason: 'exported functions shadow commands in child shells', source: 'bash(1) export -f; Shellshock CVE-2014-6271' },
  { pattern: 'ENV', reason: 'sh sources this file', source: 'dash(1), bash(1) INVOCATION' },
  { pattern: 'SHELLOPTS', reason: 'turns on shell options in child shells', source: 'bash(1) Shell Variables' },
  { pattern: 'BASHOPTS', reason: 'turns on shopt options in child shells', source: 'bash(1) Shell Variables' },
  { pattern: 'IFS', reason: 'changes word splitting', source: 'bash(1) Word Splitting' },
  { pattern: 'PS4', reason: 'expanded (with substitutions) under xtrace', source: 'bash(1) PS4; GTFOBins' },
  { pattern: 'PROMPT_COMMAND', reason: 'run before each prompt', source: 'bash(1) Shell Variables' },
  { pattern: 'CDPATH', reason: 'redirects cd', source: 'bash(1) Shell Variables' },
  { pattern: 'GLOBIGNORE', reason: 'changes glob results', source: 'bash(1) Shell Variables' },
  { pattern: 'PAGER', reason: 'program run to page output', source: 'GTFOBins (pager shell escapes)' },
  { pattern: 'MANPAGER', reason: 'program run to page output', source: 'man(1) ENVIRONMENT' },
  { pattern: 'LESSOPEN', reason: 'less runs this input preprocessor', source: 'less(1) INPUT PREPROCESSOR' },
  { pattern: 'LESSCLOSE', reason: 'less runs this postprocessor', source: 'less(1) INPUT PREPROCESSOR' },
  { pattern: 'EDITOR', reason: 'program run to edit text', source: 'SPEC §4.3; git-var(1)' },
  { pattern: 'VISUAL', reason: 'program run to edit text', source: 'SPEC §4.3; git-var(1)' },
  { pattern: 'BROWSER', reason: 'program run to open URLs', source: 'git-web--browse(1)' },
  { pattern: 'SSH_ASKPASS', reason: 'program run to read a passphrase', source: 'ssh(1) ENVIRONMENT' },
  { pattern: 'SUDO_ASKPASS', reason: 'program run to read a password', source: 'sudo(8) ENVIRONMENT' },
  { pattern: 'HOME', reason: 'chooses which dotfiles (.gitconfig, .npmrc) are read', source: 'git-config(1) FILES' },
  { pattern: 'XDG_CONFIG_HOME', reason: 'chooses which config files are read', source: 'XDG Base Directory Specification' },
  { pattern: 'JAVA_TOOL_OPTIONS', reason: 'adds -javaagent code to the JVM', source: 'JVM Tool Interface docs' },
  { pattern: '_JAVA_OPTIONS', reason: 'adds JVM options', source: 'JVM docs' },
  { pattern: 'MAKEFLAGS', reason: 'adds make options such as --eval', source: 'make(1) MAKEFLAGS' },
  { pattern: 'GOFLAGS', reason: 'adds go flags such as -toolexec', source: 'go help environment' },
  { pattern: 'npm_config_*', reason: 'sets npm config such as script-shell', source: 'npm-config(7)' },
  { pattern: 'NPM_CONFIG_*', reason: 'sets npm config such as script-shell', source: 'npm-config(7)' },
  { pattern: 'GCONV_PATH', reason: 'loads iconv modules (shared objects)', source: 'CVE-2021-4034 (pwnkit)' },
  { pattern: 'LOCPATH', reason: 'loads locale data from a chosen directory', source: 'glibc setlocale(3)' },
  { pattern: 'NLSPATH', reason: 'loads message catalogs from a chosen path', source: 'catopen(3)' },
  { pattern: '*_CONFIG_PATH', reason: 'points a tool at another config file', source: 'SPEC §4.3' },
];
