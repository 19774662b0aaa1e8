// Global options of tools that take them before a subcommand (SPEC §4.1): rule `args` are
// matched after these are removed (`git -C . push --force` matches `[push, "**"]`). The full
// argv is still used for `options` checks and for escalations (SPEC §4.3), so removing an
// option here never hides it from the dangerous-option table.
// An option missing here is simply not removed: the rule's `args` then see it and an allow
// rule does not match (fail closed).

/**
 * How an option takes a value:
 * `none` — a flag; `required` — `--opt VALUE` or `--opt=VALUE` (`-o VALUE`, and `-oVALUE`
 * where clusters are allowed); `equals` — only `--opt=VALUE` carries one, bare `--opt` is a flag.
 */
export type OptionValue = 'none' | 'required' | 'equals';

export interface GlobalOption {
  /** Every spelling, e.g. `['-C']` or `['-n', '--namespace']`. */
  names: string[];
  value: OptionValue;
}

export interface ToolGlobalOptions {
  /** Basename of the program. */
  tool: string;
  /** Where the list comes from. */
  source: string;
  /**
   * `exact`: each option is one whole token (git's own parser: no clusters, `-Cdir` is unknown).
   * `getopt`: short options cluster (`-qH host`, `-nfoo`), `--long=value` accepted for all.
   */
  syntax: 'exact' | 'getopt';
  /** True when the options may appear anywhere before `--`, not only before the subcommand. */
  anywhere: boolean;
  options: GlobalOption[];
}

const flag = (...names: string[]): GlobalOption => ({ names, value: 'none' });
const valued = (...names: string[]): GlobalOption => ({ names, value: 'required' });
const equals = (...names: string[]): GlobalOption => ({ names, value: 'equals' });

/** The table. */
export const GLOBAL_OPTIONS: readonly ToolGlobalOptions[] = [
  {
    tool: 'git',
    source: 'git(1) "OPTIONS" and handle_options() in git.c (git 2.4x)',
    syntax: 'exact',
    anywhere: false,
    options: [
      valued('-C'),
      valued('-c'),
      valued('--config-env'),
      valued('--git-dir'),
      valued('--work-tree'),
      valued('--namespace'),
      valued('--super-prefix'),
      valued('--attr-source'),
      equals('--exec-path'),
      equals('--list-cmds'),
      flag('-p', '--paginate'),
      flag('-P', '--no-pager'),
      flag('--bare'),
      flag('--no-replace-objects'),
      flag('--no-lazy-fetch'),
      flag('--no-optional-locks'),
      flag('--no-advice'),
      flag('--literal-pathspecs'),
      flag('--glob-pathspecs'),
      flag('--noglob-pathspecs'),
      flag('--icase-pathspecs'),
    ],
  },
  {
    tool: 'docker',
    source: 'docker(1) / `docker --help` "Global Options" (Docker CLI 2x, cobra/pflag parsing)',
    syntax: 'getopt',
    anywhere: false,
    options: [
      valued('--config'),
      valued('-c', '--context'),
      flag('-D', '--debug'),
      valued('-H', '--host'),
      valued('-l', '--log-level'),
      flag('--tls'),
      valued('--tlscacert'),
      valued('--tlscert'),
      valued('--tlskey'),
      flag('--tlsverify'),
    ],
  },
  {
    tool: 'kubectl',
    source: '`kubectl options` (kubectl 1.3x, cobra/pflag parsing)',
    syntax: 'getopt',
    anywhere: false,
    options: [
      valued('-n', '--namespace'),
      valued('--context'),
      valued('--kubeconfig'),
      valued('--cluster'),
      valued('--user'),
      valued('-s', '--server'),
      valued('--as'),
      valued('--as-group'),
      valued('--as-uid'),
      valued('--cache-dir'),
      valued('--certificate-authority'),
      valued('--client-certificate'),
      valued('--client-key'),
      valued('--password'),
      valued('--username'),
      valued('--token'),
      valued('--tls-server-name'),
      valued('--request-timeout'),
      valued('--profile'),
      valued('--profile-output'),
      valued('-v', '--v'),
      valued('--vmodule'),
      valued('--log-flush-frequency'),
      flag('--insecure-skip-tls-verify'),
      flag('--match-server-version'),
      flag('--disable-compression'),
      flag('--warnings-as-errors'),
    ],
  },
  {
    tool: 'npm',
    source: 'npm-config(7) "Shorthands and Other CLI Niceties" and config definitions (npm 10)',
    syntax: 'getopt',
    anywhere: false,
    options: [
      valued('--prefix', '-C'),
      valued('-w', '--workspace'),
      flag('--workspaces'),
      flag('--include-workspace-root'),
      flag('-g', '--global'),
      valued('--loglevel'),
      flag('-s', '--silent'),
      flag('-q', '--quiet'),
      flag('-d', '--verbose'),
      flag('--no-color'),
      flag('-y', '--yes'),
      valued('--userconfig'),
      valued('--globalconfig'),
      valued('--cache'),
      valued('--registry'),
    ],
  },
  {
    tool: 'systemctl',
    source: 'systemctl(1) "OPTIONS" (systemd 25x, getopt_long: options may follow the verb)',
    syntax: 'getopt',
    anywhere: true,
    options: [
      flag('--user'),
      flag('--system'),
      valued('-H', '--host'),
      valued('-M', '--machine'),
      flag('--no-pager'),
      flag('-q', '--quiet'),
      flag('--no-legend'),
      valued('--legend'),
      flag('--plain'),
      flag('-l', '--full'),
      flag('--no-ask-password'),
      flag('--no-block'),
      flag('--wait'),
      flag('--no-wall'),
      flag('--no-warn'),
      flag('--show-types'),
      flag('--value'),
    ],
  },
];

/** The entry for a program basename, or null. */
export function globalOptionsFor(tool: string): ToolGlobalOptions | null {
  return GLOBAL_OPTIONS.find((entry) => entry.tool === tool) ?? null;
}
