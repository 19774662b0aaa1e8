// GNU coreutils 9.1 (Debian 12): every option of each tool's `--help` and manual page.
// Options that take a list of files to read (`--files0-from`), write output (`sort -o`), or
// run a program (`sort --compress-program`) are not safe; the rest only shape the output.
import type { ToolEntry } from './types.js';

const COREUTILS = (name: string): Pick<ToolEntry, 'programs' | 'source' | 'version' | 'syntax' | 'abbreviations'> => ({
  programs: [name],
  source: `${name}(1) and \`${name} --help\` (Debian package coreutils)`,
  version: 'GNU coreutils 9.1',
  syntax: 'getopt',
  abbreviations: true,
});

const HELP = '--help --version';

export const COREUTILS_TOOLS: readonly ToolEntry[] = [
  {
    ...COREUTILS('ls'),
    options: {
      safe: `${HELP} -a --all -A --almost-all --author -b --escape --block-size= -B --ignore-backups -c -C --color?
        -d --directory -D --dired -f -F --classify? --file-type --format= --full-time -g --group-directories-first
        -G --no-group -h --human-readable --si -H --dereference-command-line --dereference-command-line-symlink-to-dir
        --hide= --hyperlink? --indicator-style= -i --inode -I= --ignore= -k --kibibytes -l -L --dereference -m
        -n --numeric-uid-gid -N --literal -o -p -q --hide-control-chars --show-control-chars -Q --quote-name
        --quoting-style= -r --reverse -R --recursive -s --size -S --sort= --time= --time-style= -t -T= --tabsize= -u
        -U -v -w= --width= -x -X -Z --context --zero -1`,
    },
  },
  {
    ...COREUTILS('du'),
    options: {
      safe: `${HELP} -0 --null -a --all --apparent-size -B= --block-size= -b --bytes -c --total -D --dereference-args
        -d= --max-depth= -H -h --human-readable --inodes -k -L --dereference -l --count-links -m -P --no-dereference
        -S --separate-dirs --si -s --summarize -t= --threshold= --time? --time-style= --exclude= -x --one-file-system`,
      'reads-file': '--files0-from= -X= --exclude-from=',
    },
  },
  {
    ...COREUTILS('df'),
    options: {
      safe: `${HELP} -a --all -B= --block-size= -h --human-readable -H --si -i --inodes -k -l --local --no-sync --output?
        -P --portability --sync --total -t= --type= -T --print-type -x= --exclude-type= -v`,
    },
  },
  {
    ...COREUTILS('stat'),
    options: { safe: `${HELP} -L --dereference -f --file-system --cached= -c= --format= --printf= -t --terse` },
  },
  {
    ...COREUTILS('sort'),
    options: {
      safe: `${HELP} -b --ignore-leading-blanks -d --dictionary-order -f --ignore-case -g --general-numeric-sort
        -i --ignore-nonprinting -M --month-sort -h --human-numeric-sort -n --numeric-sort -R --random-sort -r --reverse
        --sort= -V --version-sort --batch-size= -c --check? -C --debug -k= --key= -m --merge -s --stable -S=
        --buffer-size= -t= --field-separator= --parallel= -u --unique -z --zero-terminated`,
      'reads-file': '--random-source= --files0-from=',
      'writes-file': '-o= --output= -T= --temporary-directory=',
      'runs-code': '--compress-program=',
    },
  },
  {
    ...COREUTILS('cat'),
    options: { safe: `${HELP} -A --show-all -b --number-nonblank -e -E --show-ends -n --number -s --squeeze-blank -t -T --show-tabs -u -v --show-nonprinting` },
  },
  {
    ...COREUTILS('head'),
    numeric: true,
    options: { safe: `${HELP} -c= --bytes= -n= --lines= -q --quiet --silent -v --verbose -z --zero-terminated` },
  },
  {
    ...COREUTILS('tail'),
    numeric: true,
    options: {
      safe: `${HELP} -c= --bytes= -f --follow? -F -n= --lines= --max-unchanged-stats= --pid= -q --quiet --silent --retry
        -s= --sleep-interval= -v --verbose -z --zero-terminated`,
    },
  },
  {
    ...COREUTILS('uname'),
    options: { safe: `${HELP} -a --all -s --kernel-name -n --nodename -r --kernel-release -v --kernel-version -m --machine -p --processor -i --hardware-platform -o --operating-system` },
  },
  {
    ...COREUTILS('id'),
    options: { safe: `${HELP} -a -Z --context -g --group -G --groups -n --name -r --real -u --user -z --zero` },
  },
];
