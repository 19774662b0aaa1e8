// Runners that run a command unchanged with one setting changed: personality (setarch),
// resource limits (prlimit), an inhibitor lock, journal output, quiet output (SPEC §10). Read
// as transparent wrappers (src/shell/wrapper.ts); part of RUNNER_WRAPPERS (./runner-wrappers.ts).
import type { WrapperSyntax } from './wrappers.js';

const HELP = { help: 'none', version: 'none' } as const;

export const SETTING_WRAPPERS: Readonly<Record<string, WrapperSyntax>> = {
  setarch: {
    spec: {
      shortFlags: 'BFILRSTXZ3vhV',
      long: {
        '32bit': 'none', 'fdpic-funcptrs': 'none', 'short-inode': 'none', 'addr-compat-layout': 'none', 'addr-no-randomize': 'none',
        'whole-seconds': 'none', 'sticky-timeouts': 'none', 'read-implies-exec': 'none', 'mmap-page-zero': 'none', '3gb': 'none',
        '4gb': 'none', 'uname-2.6': 'none', verbose: 'none', list: 'none', ...HELP,
      },
      abbreviations: true,
      stopAtOperand: true,
    },
    leading: 'file',
    leadingFirst: true,
    noCommand: ['--list', '-h', '--help', '-V', '--version'],
    source: 'setarch(8), util-linux 2.38: setarch [arch] [options] [program [argument...]] (no program: $SHELL, an interactive shell)',
  },
  linux32: {
    spec: {
      shortFlags: 'BFILRSTXZ3vhV',
      long: {
        '32bit': 'none', 'fdpic-funcptrs': 'none', 'short-inode': 'none', 'addr-compat-layout': 'none', 'addr-no-randomize': 'none',
        'whole-seconds': 'none', 'sticky-timeouts': 'none', 'read-implies-exec': 'none', 'mmap-page-zero': 'none', '3gb': 'none',
        '4gb': 'none', 'uname-2.6': 'none', verbose: 'none', list: 'none', ...HELP,
      },
      abbreviations: true,
      stopAtOperand: true,
    },
    leading: 'none',
    noCommand: ['--list', '-h', '--help', '-V', '--version'],
    source: 'setarch(8): linux32 is setarch with the arch in its name',
  },
  linux64: {
    spec: {
      shortFlags: 'BFILRSTXZ3vhV',
      long: {
        '32bit': 'none', 'fdpic-funcptrs': 'none', 'short-inode': 'none', 'addr-compat-layout': 'none', 'addr-no-randomize': 'none',
        'whole-seconds': 'none', 'sticky-timeouts': 'none', 'read-implies-exec': 'none', 'mmap-page-zero': 'none', '3gb': 'none',
        '4gb': 'none', 'uname-2.6': 'none', verbose: 'none', list: 'none', ...HELP,
      },
      abbreviations: true,
      stopAtOperand: true,
    },
    leading: 'none',
    noCommand: ['--list', '-h', '--help', '-V', '--version'],
    source: 'setarch(8): linux64 is setarch with the arch in its name',
  },
  prlimit: {
    spec: {
      shortValue: 'po',
      shortOptional: 'cdefilmnqrstuvxy',
      shortFlags: 'hV',
      long: Object.fromEntries([
        ...['core', 'data', 'nice', 'fsize', 'sigpending', 'memlock', 'rss', 'nofile', 'msgqueue', 'rtprio', 'stack', 'cpu', 'nproc', 'as', 'locks', 'rttime'].map((n) => [n, 'optional'] as const),
        ['pid', 'required'] as const, ['output', 'required'] as const, ['noheadings', 'none'] as const, ['raw', 'none'] as const, ['verbose', 'none'] as const,
        ['help', 'none'] as const, ['version', 'none'] as const,
      ]),
      abbreviations: true,
      stopAtOperand: true,
    },
    leading: 'none',
    noCommand: ['-p', '--pid', '-h', '--help', '-V', '--version'],
    source: 'prlimit(1), util-linux 2.38: prlimit [options] [--resource[=limits]] [command]; -p changes another process',
  },
  'systemd-inhibit': {
    spec: { long: { what: 'required', who: 'required', why: 'required', mode: 'required', list: 'none', 'no-pager': 'none', 'no-legend': 'none', ...HELP }, stopAtOperand: true },
    leading: 'none',
    noCommand: ['--list', '--help', '--version'],
    source: 'systemd-inhibit(1), systemd 252',
  },
  'systemd-cat': {
    spec: { shortValue: 'tp', long: { identifier: 'required', priority: 'required', 'stderr-priority': 'required', 'level-prefix': 'required', namespace: 'required', ...HELP }, abbreviations: true, stopAtOperand: true },
    leading: 'none',
    noCommand: ['--help', '--version'],
    source: 'systemd-cat(1), systemd 252: output goes to the journal',
  },
  chronic: {
    spec: { shortFlags: 'ev', stopAtOperand: true },
    leading: 'none',
    source: 'chronic(1), moreutils 0.67',
  },
  ifne: {
    spec: { shortFlags: 'n', stopAtOperand: true },
    leading: 'none',
    source: 'ifne(1), moreutils 0.67',
  },
  nocache: {
    spec: { shortValue: 'n', stopAtOperand: true },
    leading: 'none',
    source: 'nocache(1)',
  },
};
