// less (590), more (util-linux 2.38.1) and man (man-db 2.11.2): pagers run shell commands
// by design; options that load lesskey files, log to files or choose another pager are not
// safe, nor are less's `+cmd` initial commands.
import type { ToolEntry } from './types.js';

export const PAGER_TOOLS: readonly ToolEntry[] = [
  {
    programs: ['less'],
    source: 'less(1) OPTIONS and `less --help` (Debian package less); GTFOBins less',
    version: 'less 590',
    syntax: 'getopt',
    abbreviations: true,
    numeric: true,
    plusCommand: 'runs-code',
    options: {
      safe: `-? --help -a --search-skip-screen -A --SEARCH-SKIP-SCREEN -b= --buffers= -B --auto-buffers -c --clear-screen
        -d --dumb -D= --color= -e -E --quit-at-eof --QUIT-AT-EOF -f --force -F --quit-if-one-screen -g --hilite-search
        -G --HILITE-SEARCH -h= --max-back-scroll= -i --ignore-case -I --IGNORE-CASE -j= --jump-target= -J
        --status-column -K --quit-on-intr -L --no-lessopen -m -M --long-prompt --LONG-PROMPT -n -N --line-numbers
        --LINE-NUMBERS -p= --pattern= -P= --prompt= -q -Q --quiet --QUIET --silent --SILENT -r -R --raw-control-chars
        --RAW-CONTROL-CHARS -s --squeeze-blank-lines -S --chop-long-lines -u -U --underline-special
        --UNDERLINE-SPECIAL -V --version -w --hilite-unread -W --HILITE-UNREAD -x= --tabs= -X --no-init -y=
        --max-forw-scroll= -z= --window= -"= --quotes= -~ --tilde -#= --shift= --file-size --follow-name --incsearch
        --line-num-width= --mouse --no-keypad --no-histdups --rscroll= --save-marks --status-col-width=
        --use-backslash --use-color --wheel-lines= --exit-follow-on-close --header= --no-number-headers
        --no-search-headers --redraw-on-quit --search-options= --show-preproc-errors --proc-backspace
        --proc-return --proc-tab --intr=`,
      'reads-file': '-t= --tag= -T= --tag-file=',
      'writes-file': '-o= --log-file= -O= --LOG-FILE=',
      'runs-code': '-k= --lesskey-file= --lesskey-src= --lesskey-content=',
    },
  },
  {
    programs: ['more'],
    source: 'more(1) and `more --help` (Debian package util-linux); GTFOBins more',
    version: 'util-linux 2.38.1',
    syntax: 'getopt',
    abbreviations: true,
    numeric: true,
    options: {
      safe: `-d --silent -f --logical -l --no-pause -c --print-over -p --clean-print -e --exit-on-eof -s --squeeze
        -u --plain -n= --lines= -h --help -V --version`,
    },
  },
  {
    programs: ['man'],
    source: 'man(1) and `man --help` (Debian package man-db); GTFOBins man',
    version: 'man-db 2.11.2',
    syntax: 'getopt',
    abbreviations: true,
    options: {
      safe: `-d --debug -D --default --warnings? -f --whatis -k --apropos -K --global-apropos -w --where --path --location
        -W --where-cat --location-cat -R= --recode= -L= --locale= -m= --systems= -S= -s= --sections= -e=
        --extension= -i --ignore-case -I --match-case --regex --wildcard --names-only -a --all --no-subpages -r=
        --prompt= -7 --ascii -E= --encoding= --no-hyphenation --nh --no-justification --nj -t --troff -T?
        --troff-device? -Z --ditroff -? --help --usage -V --version`,
      'reads-file': '-l --local-file -M= --manpath=',
      'writes-file': '-c --catman',
      'runs-code': '-C= --config-file= -P= --pager= -H? --html? -X? --gxditview? -p= --preprocessor=',
      'changes-state': '-u --update',
    },
  },
];
