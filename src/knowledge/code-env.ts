// Environment variables that name code or configuration (SPEC §10, issue 13): a program reads
// them to choose a pager, editor, shell, plugin, library, config or credentials file, or
// options. Like src/knowledge/sensitive-env.ts, a prefix setting one always escalates and the
// child never inherits one, whatever settings.env_keep says; unlike it, an env_keep entry that
// names one is a lint warning, not an error (these patterns are broad classes, and a policy
// that names one still loads; the name is simply never kept).
// Patterns are globs over the whole name: `*` matches any run of characters.
import type { SensitiveEnv } from './sensitive-env.js';
import { TOOL_ENTRIES } from './tools/index.js';

const E = (pattern: string, reason: string, source: string): SensitiveEnv => ({ pattern, reason, source });

export const CODE_ENV: readonly SensitiveEnv[] = [
  // pagers, editors, browsers and shells other programs spawn
  E('LESS*', 'LESS holds options (+cmd, !shell); LESSOPEN/LESSCLOSE run programs; LESSKEY*/LESSKEYIN* load key bindings that run commands', 'less(1) ENVIRONMENT VARIABLES, lesskey(1)'),
  E('MAN*', 'MANPAGER runs a pager; MANOPT holds options such as -P PAGER; MANROFFOPT passes options to groff', 'man(1) ENVIRONMENT'),
  E('*PAGER', 'a program spawned to page output (SYSTEMD_PAGER, GIT_PAGER, PSQL_PAGER)', 'systemd(1) ENVIRONMENT, git-config(1) core.pager'),
  E('*EDITOR', 'a program spawned to edit text (SYSTEMD_EDITOR, KUBE_EDITOR, GIT_EDITOR)', 'systemctl(1) edit, kubectl edit, git-var(1)'),
  E('FCEDIT', 'the editor fc runs', 'bash(1) Shell Variables'),
  E('*BROWSER', 'a program spawned to open URLs', 'git-web--browse(1)'),
  E('*ASKPASS', 'a program spawned to read a secret', 'ssh(1), sudo(8), git-credential(7) GIT_ASKPASS'),
  E('SHELL', 'the shell script(1), vi :sh, less !, flock -c and su spawn', 'script(1), flock(1), less(1)'),
  E('*_SHELL', 'a shell a tool spawns (npm_config_script_shell, CONFIG_SHELL)', 'npm-config(7), autoconf CONFIG_SHELL'),
  E('SYSTEMD_*', 'SYSTEMD_PAGER, SYSTEMD_EDITOR, SYSTEMD_LESS, SYSTEMD_PAGERSECURE change what systemctl runs', 'systemd(1) ENVIRONMENT'),
  E('*_RSH', 'a remote shell program (RSYNC_RSH, CVS_RSH)', 'rsync(1), cvs(1)'),
  E('RSYNC_*', 'RSYNC_CONNECT_PROG runs a program', 'rsync(1) ENVIRONMENT VARIABLES'),
  E('*_PROG', 'a program a tool runs', 'rsync(1) RSYNC_CONNECT_PROG'),
  E('*_COMMAND', 'a command a tool runs (GIT_SSH_COMMAND, PROMPT_COMMAND)', 'git(1), bash(1)'),
  E('*_CMD', 'a command a tool runs', 'class: named like GIT_SSH_COMMAND'),
  E('*_WRAPPER', 'a program wrapped around the real one (RUSTC_WRAPPER)', 'cargo(1) ENVIRONMENT'),
  E('*_EXTERNAL_DIFF', 'a diff program a tool runs (KUBECTL_EXTERNAL_DIFF)', 'kubectl diff'),
  E('*_HOOK*', 'a hook program or script (DOTNET_STARTUP_HOOKS)', 'dotnet startup hooks docs'),
  // configuration and credentials files
  E('KUBECONFIG', 'kubeconfig users[].user.exec runs a credential plugin', 'kubectl: client-go credential plugins'),
  E('KUBECTL_*', 'KUBECTL_EXTERNAL_DIFF and plugin settings', 'kubectl(1)'),
  E('DOCKER_*', 'DOCKER_CONFIG (credsStore runs docker-credential-*), DOCKER_HOST (another daemon), DOCKER_CERT_PATH', 'docker(1) ENVIRONMENT VARIABLES'),
  E('AWS_CONFIG_FILE', 'credential_process in the config runs a program', 'AWS CLI: sourcing credentials with an external process'),
  E('AWS_SHARED_CREDENTIALS_FILE', 'a credentials file (credential_process)', 'AWS CLI environment variables'),
  E('AWS_PROFILE', 'selects a profile, which may run credential_process', 'AWS CLI environment variables'),
  E('GOOGLE_APPLICATION_CREDENTIALS', 'executable-sourced credentials run a program', 'Google Cloud workload identity federation: executable-sourced credentials'),
  E('*_CREDENTIALS*', 'a credentials file', 'class: AWS_SHARED_CREDENTIALS_FILE, GOOGLE_APPLICATION_CREDENTIALS'),
  E('*_CONFIG*', 'points a tool at another config file (PKG_CONFIG_PATH, ANSIBLE_CONFIG, TF_CLI_CONFIG_FILE, NPM_CONFIG_USERCONFIG)', 'class; SPEC §4.3 *_CONFIG_PATH'),
  E('*CONFIG', 'a config file (KUBECONFIG, GITCONFIG)', 'class'),
  E('CONFIG_SITE', 'autoconf sources this shell file', 'autoconf manual: Site Defaults'),
  E('XDG_*', 'XDG_CONFIG_HOME/DIRS and XDG_DATA_* choose config, plugins and desktop files; XDG_RUNTIME_DIR the user\'s sockets', 'XDG Base Directory Specification'),
  E('TERMINFO*', 'ncurses reads terminal descriptions from a chosen place', 'terminfo(5) Fetching Compiled Descriptions'),
  E('TERMCAP', 'ncurses reads a chosen termcap entry', 'terminfo(5)'),
  E('OPENSSL_*', 'OPENSSL_CONF loads engines and providers (shared objects); OPENSSL_ENGINES, OPENSSL_MODULES', 'config(5ssl), openssl-env(7)'),
  E('SSL_CERT_*', 'changes which certificates are trusted', 'openssl-env(7)'),
  E('*CA_BUNDLE', 'changes which certificates are trusted (CURL_CA_BUNDLE, REQUESTS_CA_BUNDLE)', 'curl(1), python-requests docs'),
  E('*_CA_CERTS', 'changes which certificates are trusted (NODE_EXTRA_CA_CERTS)', 'node(1)'),
  E('*RC', 'an rc file a tool reads (WGETRC, PHPRC, INPUTRC, MYVIMRC)', 'wget(1), php(1), readline(3), vim(1)'),
  E('*INIT*', 'commands run at start (VIMINIT, EXINIT, LUA_INIT)', 'vim(1) VIMINIT, lua(1) LUA_INIT'),
  E('ZDOTDIR', 'zsh reads its startup files from here', 'zsh(1) STARTUP/SHUTDOWN FILES'),
  E('HISTFILE', 'a file the shell writes', 'bash(1) Shell Variables'),
  // files a tool writes or reads, named by the environment
  E('*FILE', 'a file a tool writes or reads (SSLKEYLOGFILE writes TLS keys, MYSQL_HISTFILE, LESSHISTFILE)', 'curl(1) and NSS SSLKEYLOGFILE, mysql(1), less(1)'),
  E('*HISTORY*', 'a history file a tool writes (NODE_REPL_HISTORY, PSQL_HISTORY, SQLITE_HISTORY)', 'node(1), psql(1), sqlite3(1)'),
  E('*_TRACE*', 'a trace destination, often a file (MALLOC_TRACE, GIT_TRACE=/path)', 'mtrace(3), git(1) GIT_TRACE'),
  E('*_PREFIX', 'a directory a tool writes into or loads from (GCOV_PREFIX, PYTHONUSERBASE-like prefixes)', 'gcc(1) GCOV_PREFIX'),
  // options, flags, plugins, libraries and homes
  E('*_OPTIONS', 'options a tool reads from the environment (TAR_OPTIONS, JAVA_TOOL_OPTIONS, ASAN_OPTIONS log_path)', 'tar(1) TAR_OPTIONS, JVM docs, AddressSanitizer flags'),
  E('*_OPTS', 'options a tool reads from the environment (MAVEN_OPTS, GRADLE_OPTS)', 'mvn(1), gradle docs'),
  E('*_OPT', 'options a tool reads from the environment (XZ_OPT)', 'xz(1) XZ_OPT'),
  E('*FLAGS', 'flags a build reads (MAKEFLAGS, GOFLAGS, CFLAGS -fplugin=, LDFLAGS)', 'make(1), go help environment, gcc(1) -fplugin'),
  E('GZIP', 'options gzip reads', 'gzip(1) ENVIRONMENT'),
  E('BZIP*', 'options bzip2 reads', 'bzip2(1)'),
  E('XZ_DEFAULTS', 'options xz reads', 'xz(1)'),
  E('CC', 'the C compiler a build runs', 'make(1) implicit variables'),
  E('CXX', 'the C++ compiler a build runs', 'make(1) implicit variables'),
  E('CPP', 'the preprocessor a build runs', 'make(1) implicit variables'),
  E('LD', 'the linker a build runs', 'make(1) implicit variables'),
  ...['AR', 'AS', 'FC', 'M2C', 'PC', 'CO', 'GET', 'LEX', 'YACC', 'LINT', 'MAKEINFO', 'TEX', 'TEXI2DVI', 'WEAVE', 'CWEAVE', 'TANGLE', 'CTANGLE', 'RM', 'INSTALL', 'RANLIB', 'STRIP', 'NM', 'PERL'].map((name) =>
    E(name, 'a program a build runs', 'GNU make manual, Variables Used by Implicit Rules; autoconf output variables')),
  E('*OPT', 'default options a tool reads (ZIPOPT, UNZIPOPT, ZIPINFOOPT)', 'zip(1), unzip(1) ENVIRONMENT OPTIONS'),
  E('ZIPINFO', 'default options of zipinfo (unzip -Z)', 'zipinfo(1) ENVIRONMENT OPTIONS'),
  E('*_PLUGIN*', 'plugins a tool loads (QT_PLUGIN_PATH, HELM_PLUGINS, TF_PLUGIN_CACHE_DIR)', 'Qt, helm(1), terraform docs'),
  E('*_MODULE*', 'modules a program loads (GTK_MODULES, GIO_MODULE_DIR, OPENSSL_MODULES)', 'GTK, GIO docs'),
  E('*_PRELOAD*', 'libraries loaded first', 'ld.so(8)'),
  E('*_PATH', 'a search path for code or data (LUA_PATH, QT_PLUGIN_PATH, GCONV_PATH)', 'lua(1), Qt, iconv(3)'),
  E('*PATH', 'a search path (MANPATH, CLASSPATH, INFOPATH, HGRCPATH)', 'man(1), java(1), hg(1)'),
  E('*_LIB*', 'a library search path (R_LIBS, PERL_LOCAL_LIB_ROOT)', 'R, perl local::lib'),
  E('*LIB', 'a library search path (PERLLIB, RUBYLIB)', 'perlrun(1), ruby(1)'),
  E('*HOME', 'chooses which dotfiles, toolchains or keys are used (JAVA_HOME, GNUPGHOME, CARGO_HOME, CURL_HOME)', 'java, gpg(1), cargo(1), curl(1)'),
  E('*_DIR', 'a directory a tool reads code or config from (PHP_INI_SCAN_DIR, GIO_MODULE_DIR)', 'php(1), GIO'),
  E('*_DIRS', 'directories a tool reads code or config from (TERMINFO_DIRS, XDG_CONFIG_DIRS)', 'terminfo(5), XDG'),
  E('*_FILE', 'a file a tool reads or writes (AWS_CONFIG_FILE, PIP_CONFIG_FILE)', 'class'),
  E('*_PROFILE*', 'a profile script or profiler (R_PROFILE, CORECLR_PROFILER)', 'R Startup, .NET profiling API'),
  E('*_STARTUP*', 'code run at start (PYTHONSTARTUP, DOTNET_STARTUP_HOOKS)', 'python(1), .NET'),
  // language runtimes
  E('JAVA_*', 'JVM options and home', 'JVM docs'),
  E('JDK_*', 'JDK_JAVA_OPTIONS adds JVM options', 'java(1) JDK_JAVA_OPTIONS'),
  E('DOTNET_*', '.NET startup hooks and settings', '.NET runtime configuration docs'),
  E('COMPlus_*', '.NET runtime settings', '.NET runtime configuration docs'),
  E('CORECLR_*', '.NET profiler loading', '.NET profiling API'),
  E('GEM_*', 'where ruby gems load from', 'gem(1)'),
  E('BUNDLE_*', 'bundler config (BUNDLE_GEMFILE runs a Gemfile)', 'bundle-config(1)'),
  E('PIP_*', 'pip config (index URL, config file)', 'pip docs: Environment Variables'),
  E('LUA_*', 'LUA_INIT runs code; LUA_PATH, LUA_CPATH load modules', 'lua(1)'),
  E('PHP*', 'PHPRC, PHP_INI_SCAN_DIR load ini files (auto_prepend_file)', 'php(1)'),
  E('TCL*', 'TCLLIBPATH loads packages', 'tclsh(1)'),
  E('R_*', 'R_PROFILE, R_LIBS, R_HOME load code', 'R Startup'),
  E('ELECTRON_RUN_AS_NODE', 'turns an Electron app into node', 'Electron docs'),
  E('HG*', 'HGRCPATH, HGEDITOR', 'hg(1) ENVIRONMENT'),
  E('GNUPG*', 'GNUPGHOME chooses keys and gpg.conf', 'gpg(1)'),
  E('DBUS_SESSION_BUS_ADDRESS', 'talks to the caller\'s session bus', 'dbus-daemon(1)'),
  // A variable named after a classified tool holds its default options (GZIP, LESS, MORE,
  // UNZIP) or names the program a build runs in its place (SED, AWK, GREP, MAKE).
  ...[...new Set(TOOL_ENTRIES.flatMap((entry) => entry.programs))].map((program) =>
    E(program.toUpperCase().replace(/-/g, '_'), `names the ${program} program or holds its options`, 'gzip(1) GZIP, more(1) MORE, unzip(1) UNZIP; autoconf SED, AWK, GREP')),
];
