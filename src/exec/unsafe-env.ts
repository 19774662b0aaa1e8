// Environment variables a command never inherits from its caller, whatever env_keep says,
// beyond those in src/knowledge/sensitive-env.ts, and values that are never passed on.
// Each entry: name pattern (`*` = any run of characters) and why.

export interface UnsafeEnvEntry {
  pattern: string;
  reason: string;
}

/**
 * Added to knowledge/sensitive-env.ts (which the child environment also never inherits):
 * names approve-run sets itself, and names that matter for a child that runs as someone else.
 */
export const NEVER_INHERITED: readonly UnsafeEnvEntry[] = [
  { pattern: 'PATH', reason: 'set to settings.secure_path' },
  { pattern: 'HOME', reason: 'set from the target user in /etc/passwd' },
  { pattern: 'USER', reason: 'set from the target user in /etc/passwd' },
  { pattern: 'LOGNAME', reason: 'set from the target user in /etc/passwd' },
  { pattern: 'GLIBC_TUNABLES', reason: 'glibc tunables parsing (CVE-2023-4911)' },
  { pattern: 'MALLOC_*', reason: 'glibc unsecvars.h: MALLOC_TRACE writes a chosen file' },
  { pattern: 'HOSTALIASES', reason: 'glibc unsecvars.h: redirects host name lookups' },
  { pattern: 'RES_OPTIONS', reason: 'glibc unsecvars.h: changes resolver behaviour' },
  { pattern: 'LOCALDOMAIN', reason: 'glibc unsecvars.h: changes resolver search domains' },
  { pattern: 'RESOLV_HOST_CONF', reason: 'glibc unsecvars.h: reads a chosen resolver file' },
  { pattern: 'NIS_PATH', reason: 'glibc unsecvars.h: NIS+ search path' },
  { pattern: 'GETCONF_DIR', reason: 'glibc unsecvars.h: getconf runs programs from it' },
  { pattern: 'TZDIR', reason: 'glibc unsecvars.h: reads time zone files from a chosen directory' },
  { pattern: 'TMPDIR', reason: 'glibc unsecvars.h: a caller-chosen temp directory' },
  { pattern: 'PERL*', reason: 'perl: PERL5OPT, PERL5LIB, PERLLIB and PERL_* change what perl loads' },
  { pattern: '*_PAGER', reason: 'programs spawn it (SYSTEMD_PAGER, GIT_PAGER)' },
  { pattern: 'SYSTEMD_EDITOR', reason: 'systemctl edit spawns it' },
];

/**
 * Names whose values sudo's env_check also inspects: a locale or terminal name containing
 * `/` or `%` can point programs at caller-controlled files or format strings.
 */
export const PATH_FREE_VALUES: readonly UnsafeEnvEntry[] = [
  { pattern: 'LANG', reason: 'a locale name with / loads locale data from a path' },
  { pattern: 'LANGUAGE', reason: 'a locale name with / loads message catalogs from a path' },
  { pattern: 'LC_*', reason: 'a locale name with / loads locale data from a path' },
  { pattern: 'LINGUAS', reason: 'a locale name with / loads message catalogs from a path' },
  { pattern: 'TERM', reason: 'a terminal name with / loads terminfo from a path' },
  { pattern: 'COLORTERM', reason: 'sudo env_check lists it' },
];
