// dmesg, date, hwclock: the kernel ring buffer and the clocks. Options that clear the buffer,
// change the console level or set a clock change system state (util-linux 2.38, coreutils 9.1).
import type { ToolEntry } from './types.js';

export const KERNEL_CLOCK_TOOLS: readonly ToolEntry[] = [
  {
    programs: ['dmesg'],
    source: 'dmesg(1) and `dmesg --help` (Debian package util-linux)',
    version: 'util-linux 2.38.1',
    syntax: 'getopt',
    abbreviations: true,
    options: {
      safe: `-f= --facility= -H --human -J --json -k --kernel -L? --color? -l= --level= -P --nopager -p --force-prefix
        -r --raw --noescape -S --syslog -s= --buffer-size= -u --userspace -w --follow -W --follow-new -x --decode
        -d --show-delta -e --reltime -T --ctime -t --notime --time-format= --since= --until= -h --help -V --version`,
      'reads-file': '-F= --file=',
      'changes-state': '-C --clear -c --read-clear -D --console-off -E --console-on -n= --console-level=',
    },
  },
  {
    programs: ['date'],
    source: 'date(1) and `date --help` (Debian package coreutils); GTFOBins date (-f reads a file)',
    version: 'GNU coreutils 9.1',
    syntax: 'getopt',
    abbreviations: true,
    options: {
      safe: '-d= --date= --debug -I? --iso-8601? --resolution -R --rfc-email --rfc-3339= -u --utc --universal --help --version',
      'reads-file': '-f= --file= -r= --reference=',
      'changes-state': '-s= --set=',
    },
    actions: [{ words: ['re:[^+].*'], cls: 'changes-state', reason: 'date(1): an operand MMDDhhmm[[CC]YY][.ss] sets the clock (only +FORMAT is not)' }],
  },
  {
    programs: ['hwclock'],
    source: 'hwclock(8) and `hwclock --help` (Debian package util-linux)',
    version: 'util-linux 2.38.1',
    syntax: 'getopt',
    abbreviations: true,
    options: {
      safe: `-r --show --get --predict --param-get= -u --utc -l --localtime --date= --delay= --noadjfile --test
        -v --verbose -h --help -V --version --directisa`,
      'reads-file': '-f= --rtc= --adjfile=',
      'changes-state': '--set -s --hctosys -w --systohc --systz -a --adjust --param-set= --update-drift',
    },
  },
];
