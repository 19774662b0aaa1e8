// The shape of a tool's option classification (SPEC §4.3, §10). Every option a tool's manual
// or `--help` lists is in exactly one class; the matcher reads argv with the tool's own syntax
// and escalates every option that is not `safe`, and every option the table does not know.
// Adding a tool is a data change: one entry in a file of this folder, listed in `index.ts`.

/** What an option can do besides what the command is known for. */
export type OptionClass = 'safe' | 'reads-file' | 'writes-file' | 'runs-code' | 'changes-state';

export const OPTION_CLASSES: readonly OptionClass[] = ['safe', 'reads-file', 'writes-file', 'runs-code', 'changes-state'];

/**
 * Spellings per class, separated by spaces. A spelling is the option as written, with a mark
 * for its value: `-n` or `--all` take none; `-n=` or `--lines=` take one (glued, after `=`,
 * or as the next word); `-i?` or `--color?` take one only glued or after `=`;
 * `-b#` takes one glued, after `=`, or as the next word when that word is an integer; `-d=~@` takes one,
 * and its class applies only when the value holds the text after `~`, in any case (curl's `-d @file`,
 * kubectl's `-o jsonpath-file=PATH`); with any other value it is safe. A
 * spelling ending in `*` stands for every word that starts with it (dpkg's `--force-*`). `-?`
 * alone is the help letter `?`.
 */
export type OptionTable = Partial<Record<OptionClass, string>>;

/**
 * How the tool reads argv:
 * `getopt` — GNU getopt_long: short clusters (`-la`), glued values (`-n5`), `--name=value`;
 * `single-dash` — whole words `-name` (find, ip, go's flag package), values after `=` or next;
 * `git` — git.c's exact global options, then parse-options for the subcommand.
 */
export type OptionSyntax = 'getopt' | 'single-dash' | 'git';

/**
 * An action named by operands rather than options (SPEC §10): a verb that changes state
 * (`timedatectl set-time`), runs an editor (`systemctl edit`) or runs another command
 * (`ip netns exec NAME CMD`), or an operand form (`date MMDDhhmm` sets the clock, `curl
 * file:///etc/shadow` reads a file). Never `safe`.
 */
export interface ToolAction {
  /**
   * Operand words from the first operand on, in order: a literal (abbreviated where the entry
   * has `verbPrefixes`), or `re:` and a regular expression the whole word must match, in any case.
   */
  words: readonly string[];
  cls: Exclude<OptionClass, 'safe'>;
  /** `words` (one pattern) may match any operand, not only the first (curl's URLs). */
  anywhere?: boolean;
  /** After `words`, this many operands, then the command the tool runs (`ip netns exec NAME`). */
  runsAfter?: number;
  /** Why, with the source. */
  reason: string;
}

export interface ToolEntry {
  /** Program names (basename of argv[0]) this entry classifies. */
  programs: readonly string[];
  /** Where the classification comes from: man page, `--help`, Debian package, URL. */
  source: string;
  /** The version whose options were classified. */
  version: string;
  syntax: OptionSyntax;
  /** Unique prefixes of long options are accepted (getopt_long, parse-options, ip). */
  abbreviations: boolean;
  /** `-NUM` is an option (head -5, git log -3, grep -2). */
  numeric?: boolean;
  /** `--name` is read like `-name` (go's flag package). */
  doubleDash?: boolean;
  /** Options end at the first operand (ip, and globals before a subcommand). */
  stopAtOperand?: boolean;
  /** Options whose value runs to a terminator word (find -exec … ;). */
  terminated?: readonly string[];
  /** A whole word such as `-TT` is one option when listed, else a cluster (zip, unzip). */
  wholeWords?: boolean;
  /** Words starting with `+` are commands run at start (less `+cmd`), of this class. */
  plusCommand?: OptionClass;
  /** The first word may be a cluster without a dash (tar's old style: `tar xzf a.tgz`). */
  oldStyleFirstArg?: boolean;
  /** Options (and their classes) read anywhere on the line. */
  options: OptionTable;
  /**
   * Tools with subcommands: the table of each classified subcommand (its own options, read
   * together with `options`). Options of a subcommand not listed are checked against
   * `options` only, and a subcommand's unknown options escalate only where it is listed.
   */
  subcommands?: Readonly<Record<string, OptionTable>>;
  /** `options` are read only before the subcommand (git, docker), not after it. */
  globalsBeforeSubcommand?: boolean;
  /** `--no-NAME` is the negation of a known `--NAME` and is safe (git parse-options). */
  negations?: boolean;
  /** Actions named by operands (verbs and operand forms) that are not safe. */
  actions?: readonly ToolAction[];
  /** An operand may abbreviate an action word (ip's `ip n e NAME` is `ip netns exec NAME`). */
  verbPrefixes?: boolean;
}
