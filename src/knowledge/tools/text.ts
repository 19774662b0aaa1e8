// Text tools: sed (GNU sed 4.9), awk (mawk 1.3.4 and gawk 5.2 options together), grep
// (GNU grep 3.8), rg (ripgrep 13), diff (GNU diffutils 3.8), file (file 5.44). Script and
// pattern files load code or read files; inline programs are examined by the sed and awk
// readers in src/shell/tools/.
import type { ToolEntry } from './types.js';

export const TEXT_TOOLS: readonly ToolEntry[] = [
  {
    programs: ['sed', 'gsed'],
    source: 'sed(1) and `sed --help` (Debian package sed); GTFOBins sed',
    version: 'GNU sed 4.9',
    syntax: 'getopt',
    abbreviations: true,
    options: {
      safe: `-n --quiet --silent --debug -e= --expression= --follow-symlinks -l= --line-length= --posix -E -r
        --regexp-extended -s --separate --sandbox -u --unbuffered -z --null-data --help --version`,
      'writes-file': '-i? --in-place?',
      'runs-code': '-f= --file=',
    },
  },
  {
    programs: ['awk', 'gawk', 'mawk', 'nawk'],
    source: 'gawk(1) "Options", mawk(1) and `mawk -W usage` (Debian packages gawk, mawk); GTFOBins awk',
    version: 'mawk 1.3.4 20200120; gawk 5.2.1',
    syntax: 'getopt',
    abbreviations: true,
    options: {
      safe: `-F= --field-separator= -v= --assign= -e= --source= -b --characters-as-bytes -c --traditional -C --copyright
        -g --gen-pot -h --help -L? --lint? -M --bignum -N --use-lc-numeric -n --non-decimal-data -O --optimize
        -P --posix -r --re-interval -s --no-optimize -S --sandbox -t --lint-old -V --version -k --csv -Y --i18n`,
      'writes-file': '-d? --dump-variables? -p? --profile? -o? --pretty-print?',
      'runs-code': '-f= --file= -i= --include= -l= --load= -E= --exec= -D? --debug? -W=',
    },
  },
  {
    programs: ['grep', 'egrep', 'fgrep'],
    source: 'grep(1) and `grep --help` (Debian package grep)',
    version: 'GNU grep 3.8',
    syntax: 'getopt',
    abbreviations: true,
    numeric: true,
    options: {
      safe: `-E --extended-regexp -F --fixed-strings -G --basic-regexp -P --perl-regexp -e= --regexp= -i --ignore-case -y
        --no-ignore-case -w --word-regexp -x --line-regexp -z --null-data -s --no-messages -v --invert-match -V
        --version --help -m= --max-count= -b --byte-offset -n --line-number --line-buffered -H --with-filename -h
        --no-filename --label= -o --only-matching -q --quiet --silent --binary-files= -a --text -I -d= --directories=
        -D= --devices= -r --recursive -R --dereference-recursive --include= --exclude= --exclude-dir= -L
        --files-without-match -l --files-with-matches -c --count -T --initial-tab -Z --null -B= --before-context=
        -A= --after-context= -C= --context= --group-separator= --no-group-separator --color? --colour? -U --binary`,
      'reads-file': '-f= --file= --exclude-from=',
    },
  },
  {
    programs: ['rg'],
    source: 'rg(1) and `rg --help` (Debian package ripgrep); GTFOBins-style: --pre runs a program per file',
    version: 'ripgrep 13.0.0',
    syntax: 'getopt',
    abbreviations: false,
    numeric: false,
    options: {
      safe: `-A= --after-context= -B= --before-context= --binary --block-buffered -b --byte-offset -s --case-sensitive
        --color= --colors= --column -C= --context= --context-separator= -c --count --count-matches --crlf --debug
        --dfa-size-limit= -E= --encoding= --engine= -F --fixed-strings -L --follow -g= --glob= --glob-case-insensitive
        -h --help --heading --hidden --iglob= -i --ignore-case --ignore-file-case-insensitive --include-zero
        -v --invert-match --json --line-buffered -n --line-number -x --line-regexp -M= --max-columns=
        --max-columns-preview -m= --max-count= --max-depth= --max-filesize= --mmap --multiline --multiline-dotall
        --no-config --no-ignore --no-ignore-dot --no-ignore-exclude --no-ignore-files --no-ignore-global
        --no-ignore-messages --no-ignore-parent --no-ignore-vcs --no-messages --no-mmap --no-pcre2-unicode
        --no-require-git --no-unicode -0 --null --null-data --one-file-system -o --only-matching --passthru
        --path-separator= -P --pcre2 --pcre2-version -p --pretty -q --quiet --regex-size-limit= -e= --regexp=
        -r= --replace= -z --search-zip -S --smart-case --sort= --sortr= --stats -a --text -j= --threads= --trim
        -t= --type= -T= --type-not= --type-add= --type-clear= --type-list -u --unrestricted -V --version --vimgrep
        -H --with-filename -I --no-filename -w --word-regexp -l --files-with-matches --files-without-match
        --files -U --no-heading --no-line-number -N --auto-hybrid-regex --no-auto-hybrid-regex --no-binary
        --no-block-buffered --no-column --no-context-separator --no-crlf --no-encoding --no-fixed-strings --no-follow
        --no-glob-case-insensitive --no-hidden --no-ignore-file-case-insensitive --no-include-zero
        --no-invert-match --no-json --no-line-buffered --no-max-columns-preview --no-multiline
        --no-multiline-dotall --no-one-file-system --no-pcre2 --no-search-zip --no-sort-files --no-stats
        --no-text --no-trim --sort-files --no-unicode --unicode --pcre2-unicode`,
      'reads-file': '-f= --file= --ignore-file=',
      'runs-code': '--pre= --pre-glob= --hostname-bin=',
    },
  },
  {
    programs: ['diff'],
    source: 'diff(1) and `diff --help` (Debian package diffutils); GTFOBins diff (--line-format reads files)',
    version: 'GNU diffutils 3.8',
    syntax: 'getopt',
    abbreviations: true,
    options: {
      safe: `--normal -q --brief -s --report-identical-files -c -C= --context? -u -U= --unified? -e --ed -n --rcs
        -y --side-by-side -W= --width= --left-column --suppress-common-lines -p --show-c-function -F=
        --show-function-line= --label= -t --expand-tabs -T --initial-tab --tabsize= --suppress-blank-empty -l
        --paginate -r --recursive --no-dereference -N --new-file --unidirectional-new-file --ignore-file-name-case
        --no-ignore-file-name-case -x= --exclude= -S= --starting-file= -i --ignore-case -E
        --ignore-tab-expansion -Z --ignore-trailing-space -b --ignore-space-change -w --ignore-all-space -B
        --ignore-blank-lines -I= --ignore-matching-lines= -a --text --strip-trailing-cr -D= --ifdef=
        --old-group-format= --new-group-format= --unchanged-group-format= --changed-group-format= --line-format=
        --old-line-format= --new-line-format= --unchanged-line-format= -d --minimal --horizon-lines=
        --speed-large-files --color? --palette= --help -v --version`,
      'reads-file': '-X= --exclude-from= --from-file= --to-file=',
    },
  },
  {
    programs: ['file'],
    source: 'file(1) and `file --help` (Debian package file); GTFOBins file (-f and -m print what they read)',
    version: 'file-5.44',
    syntax: 'getopt',
    abbreviations: true,
    options: {
      safe: `--help -v --version -z --uncompress -Z --uncompress-noreport -b --brief -c --checking-printout -e= --exclude=
        --exclude-quiet= -F= --separator= -i --mime --apple --extension --mime-type --mime-encoding -k --keep-going
        -l --list -L --dereference -h --no-dereference -n --no-buffer -N --no-pad -0 --print0 -p --preserve-date
        -P= --parameter= -r --raw -s --special-files -d --debug`,
      'reads-file': '-f= --files-from= -m= --magic-file=',
      'writes-file': '-C --compile',
      'runs-code': '-S --no-sandbox',
    },
  },
];
