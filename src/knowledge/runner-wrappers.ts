// Runners that run another command unchanged in the same user, root and namespaces (SPEC §10,
// issue 13): read as transparent wrappers with their real option syntax, like timeout. Each
// entry's `escalate` lists the options that write files, change what the inner command does,
// or act on other processes; an option the entry does not know escalates (src/shell/wrapper.ts).
// Runners that change user, root, namespaces or service context are in ./context-runners.ts.
import { SETTING_WRAPPERS } from './setting-wrappers.js';
import type { WrapperSyntax } from './wrappers.js';

const HELP = { help: 'none', version: 'none' } as const;

export const RUNNER_WRAPPERS: Readonly<Record<string, WrapperSyntax>> = {
  ...SETTING_WRAPPERS,
  flock: {
    spec: {
      shortValue: 'wE',
      shortFlags: 'sexnuoFhV',
      long: {
        shared: 'none', exclusive: 'none', unlock: 'none', nonblock: 'none', nb: 'none', timeout: 'required', wait: 'required',
        'conflict-exit-code': 'required', close: 'none', 'no-fork': 'none', verbose: 'none', ...HELP,
      },
      abbreviations: true,
      stopAtOperand: true,
    },
    leading: 'file',
    special: 'flock',
    noCommand: ['-h', '--help', '-V', '--version'],
    source: 'flock(1), util-linux 2.38 flock.c getopt "+sexnoFuw:E:hV"; FILE -c CMD runs CMD through the shell',
  },
  watch: {
    spec: {
      shortValue: 'nq',
      shortOptional: 'd',
      shortFlags: 'bceghptwxvr',
      long: {
        beep: 'none', color: 'none', 'no-color': 'none', differences: 'optional', errexit: 'none', chgexit: 'none', equexit: 'required',
        interval: 'required', precise: 'none', 'no-title': 'none', 'no-wrap': 'none', exec: 'none', 'no-rerun': 'none', ...HELP,
      },
      abbreviations: true,
      stopAtOperand: true,
    },
    leading: 'none',
    special: 'watch',
    noCommand: ['-h', '--help', '-v', '--version'],
    source: 'watch(1), procps-ng 4.0 watch.c getopt "+bced::ghq:n:prtwvx"; without -x the words are joined and run by sh -c',
  },
  strace: {
    spec: {
      shortValue: 'abeEIoOpPsSuUX',
      shortFlags: 'AcCdDfFhikqrtTvVwxyzZn',
      long: {
        trace: 'required', signal: 'required', status: 'required', abbrev: 'required', verbose: 'required', raw: 'required', read: 'required',
        write: 'required', 'follow-forks': 'none', 'output-separately': 'none', summary: 'none', 'summary-only': 'none', 'seccomp-bpf': 'none',
        'string-limit': 'required', 'decode-fds': 'optional', 'syscall-times': 'optional', 'absolute-timestamps': 'optional', 'relative-timestamps': 'optional',
        'no-abbrev': 'none', 'always-show-pid': 'none', 'decode-pids': 'optional', 'quiet': 'optional', 'silent': 'optional', 'columns': 'required',
        output: 'required', attach: 'required', user: 'required', env: 'required', inject: 'required', fault: 'required', 'detach-on': 'required',
        'kill-on-exit': 'none', 'trace-path': 'required', 'stack-trace': 'none', daemonize: 'optional', ...HELP,
      },
      abbreviations: true,
      stopAtOperand: true,
    },
    leading: 'none',
    noCommand: ['-p', '--attach', '-h', '--help', '-V', '--version'],
    escalate: {
      '-o': 'strace -o writes a file', '--output': 'strace --output writes a file',
      '-u': 'strace -u runs the command as another user', '--user': 'strace --user runs the command as another user',
      '-E': 'strace -E sets the command\'s environment', '--env': 'strace --env sets the command\'s environment',
      '-p': 'strace -p attaches to another process', '--attach': 'strace --attach attaches to another process',
      '--inject': 'strace --inject changes what system calls do', '--fault': 'strace --fault changes what system calls do',
      '-b': 'strace -b detaches from the command', '--detach-on': 'strace --detach-on detaches from the command',
      '-D': 'strace -D runs the tracer detached', '--daemonize': 'strace --daemonize runs the tracer detached',
      '--kill-on-exit': 'strace --kill-on-exit kills other processes',
    },
    escalateValue: { '-e': [/^(inject|fault|delay|poke|kvm)=/, 'strace -e inject/fault/delay/poke changes what system calls do'] },
    source: 'strace(1) 6.1, strace --help; GTFOBins strace',
  },
  ltrace: {
    spec: {
      shortValue: 'AaDeFlnopsuwx',
      shortFlags: 'bcCfhiLrStTV',
      long: { align: 'required', config: 'required', output: 'required', library: 'required', demangle: 'none', indent: 'required', ...HELP },
      abbreviations: true,
      stopAtOperand: true,
    },
    leading: 'none',
    noCommand: ['-p', '-h', '--help', '-V', '--version'],
    escalate: {
      '-o': 'ltrace -o writes a file', '--output': 'ltrace --output writes a file', '-u': 'ltrace -u runs the command as another user',
      '-p': 'ltrace -p attaches to another process', '-F': 'ltrace -F reads a config file', '--config': 'ltrace --config reads a config file',
    },
    source: 'ltrace(1) 0.7.3, getopt "+cfhiLrStTVb:A:a:D:e:F:l:n:o:p:s:u:x:w:"',
  },
  valgrind: {
    spec: {
      shortFlags: 'qvh',
      long: {
        tool: 'required', quiet: 'none', verbose: 'none', 'trace-children': 'required', 'child-silent-after-fork': 'required',
        'track-fds': 'required', 'time-stamp': 'required', 'error-exitcode': 'required', 'exit-on-first-error': 'required',
        'leak-check': 'required', 'show-leak-kinds': 'required', 'errors-for-leak-kinds': 'required', 'track-origins': 'required',
        'num-callers': 'required', 'show-reachable': 'required', 'undef-value-errors': 'required', 'error-limit': 'required',
        'show-error-list': 'required', 'keep-debuginfo': 'required', 'demangle': 'required', ...HELP,
      },
      stopAtOperand: true,
    },
    leading: 'none',
    noCommand: ['-h', '--help', '--version'],
    source: 'valgrind(1) 3.19 "basic user options"; every other option (--log-file, --xml-file, --vgdb*, --db-command, --suppressions) escalates as unknown',
  },
  script: {
    spec: {
      shortValue: 'BcEIOomT',
      shortOptional: 't',
      shortFlags: 'aefqVh',
      long: {
        append: 'none', 'log-io': 'required', command: 'required', echo: 'required', 'return': 'none', flush: 'none', force: 'none',
        'log-in': 'required', 'log-out': 'required', 'logging-format': 'required', quiet: 'none', 'log-timing': 'required', timing: 'optional', ...HELP,
      },
      abbreviations: true,
    },
    leading: 'none',
    special: 'script',
    noCommand: ['-h', '--help', '-V', '--version'],
    escalate: {
      '-B': 'script -B writes a file', '--log-io': 'script --log-io writes a file', '-I': 'script -I writes a file', '--log-in': 'script --log-in writes a file',
      '-O': 'script -O writes a file', '--log-out': 'script --log-out writes a file', '-T': 'script -T writes a file', '--log-timing': 'script --log-timing writes a file',
    },
    escalateValue: { '-t': [/./, 'script -tFILE writes a file'], '--timing': [/./, 'script --timing=FILE writes a file'] },
    source: 'script(1), util-linux 2.38 script.c getopt "aB:c:eE:fI:O:o:qm:T:t::Vh"; -c runs through $SHELL -c (the child gets no SHELL: /bin/sh)',
  },
  catchsegv: {
    spec: { stopAtOperand: true },
    leading: 'none',
    source: 'catchsegv(1), glibc debug/catchsegv.sh: catchsegv PROGRAM [ARGS]',
  },
  'dbus-run-session': {
    spec: { long: { 'config-file': 'required', 'dbus-daemon': 'required', ...HELP }, stopAtOperand: true },
    leading: 'none',
    noCommand: ['--help', '--version'],
    escalate: {
      '--config-file': 'dbus-run-session --config-file configures a bus daemon (it can start services)',
      '--dbus-daemon': 'dbus-run-session --dbus-daemon runs another program as the bus',
    },
    source: 'dbus-run-session(1), dbus 1.14',
  },
  'xvfb-run': {
    spec: {
      shortValue: 'efnpsw',
      shortFlags: 'ahl',
      long: {
        'auto-servernum': 'none', 'error-file': 'required', 'auth-file': 'required', 'server-num': 'required', 'listen-tcp': 'none',
        'xauth-protocol': 'required', 'server-args': 'required', wait: 'required', 'auto-display': 'none', help: 'none',
      },
      stopAtOperand: true,
    },
    leading: 'none',
    noCommand: ['-h', '--help'],
    escalate: {
      '-e': 'xvfb-run -e writes a file', '--error-file': 'xvfb-run --error-file writes a file', '-f': 'xvfb-run -f writes a file',
      '--auth-file': 'xvfb-run --auth-file writes a file', '-s': 'xvfb-run -s passes options to Xvfb (-logfile, -fp)',
      '--server-args': 'xvfb-run --server-args passes options to Xvfb (-logfile, -fp)',
    },
    source: 'xvfb-run(1), Debian xvfb-run getopt "+ae:f:hn:lp:s:w:"',
  },
  'ssh-agent': {
    spec: { shortValue: 'aEOPt', shortFlags: 'cDdks', stopAtOperand: true },
    leading: 'none',
    noCommand: ['-k', '-d', '-D'],
    escalate: {
      '-a': 'ssh-agent -a creates a socket at a chosen path', '-P': 'ssh-agent -P allows loading PKCS#11 providers',
      '-O': 'ssh-agent -O changes what the agent may load',
    },
    source: 'ssh-agent(1), OpenSSH 9.2 getopt "cDdksE:a:O:P:t:"',
  },
};
