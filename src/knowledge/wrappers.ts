// Transparent wrappers: programs that run another command unchanged (SPEC §4.3). Each entry is
// the wrapper's real option syntax, so the inner command is found exactly where the wrapper
// would find it. Anything the table does not describe escalates.
import type { OptionSpec } from '../shell/options.js';

/** What stands between the options and the inner command. */
export type Leading =
  | 'none'
  | 'duration' // timeout: DURATION
  | 'priority' // chrt: PRIORITY (numeric)
  | 'mask' // taskset: MASK or CPU-LIST
  | 'file'; // flock: FILE or DIRECTORY (any word)

export interface WrapperSyntax {
  spec: OptionSpec;
  leading: Leading;
  /** The leading operand comes before the options (setarch ARCH [options] [program]). */
  leadingFirst?: true;
  /** Options after which no command is run (the operands are pids, or it only prints). */
  noCommand?: readonly string[];
  /** Options that change what the inner command does or write files; escalated (cover null). */
  escalate?: Readonly<Record<string, string>>;
  /** Options escalated only when their value matches (strace -e inject=…), with the reason. */
  escalateValue?: Readonly<Record<string, readonly [RegExp, string]>>;
  /**
   * A handler for syntax the generic reader cannot express: nice's -N, env's NAME=value,
   * flock's `FILE -c CMD`, watch's `sh -c` of its joined words, script's -c and its file.
   */
  special?: 'nice' | 'env' | 'flock' | 'watch' | 'script';
  source: string;
}

export const WRAPPERS: Readonly<Record<string, WrapperSyntax>> = {
  timeout: {
    spec: {
      shortValue: 'ks',
      shortFlags: 'vfp',
      long: { 'kill-after': 'required', signal: 'required', verbose: 'none', foreground: 'none', 'preserve-status': 'none', help: 'none', version: 'none' },
      abbreviations: true,
      stopAtOperand: true,
    },
    leading: 'duration',
    noCommand: ['--help', '--version'],
    source: 'timeout(1), coreutils timeout.c getopt "+k:s:v" (9.6 adds -f, -p)',
  },
  nice: {
    spec: { shortValue: 'n', long: { adjustment: 'required', help: 'none', version: 'none' }, abbreviations: true, stopAtOperand: true },
    leading: 'none',
    special: 'nice',
    noCommand: ['--help', '--version'],
    source: 'nice(1), coreutils nice.c (also the obsolete -N / --N forms)',
  },
  nohup: {
    spec: { long: { help: 'none', version: 'none' }, abbreviations: true, stopAtOperand: true },
    leading: 'none',
    noCommand: ['--help', '--version'],
    source: 'nohup(1)',
  },
  stdbuf: {
    spec: { shortValue: 'ioe', long: { input: 'required', output: 'required', error: 'required', help: 'none', version: 'none' }, abbreviations: true, stopAtOperand: true },
    leading: 'none',
    noCommand: ['--help', '--version'],
    source: 'stdbuf(1)',
  },
  ionice: {
    spec: {
      shortValue: 'cnpPu',
      shortFlags: 'thV',
      long: { class: 'required', classdata: 'required', pid: 'required', pgid: 'required', uid: 'required', ignore: 'none', help: 'none', version: 'none' },
      abbreviations: true,
      stopAtOperand: true,
    },
    leading: 'none',
    noCommand: ['-p', '--pid', '-P', '--pgid', '-u', '--uid', '-h', '--help', '-V', '--version'],
    source: 'ionice(1), util-linux getopt "+c:n:p:P:u:tVh"',
  },
  chrt: {
    spec: {
      shortValue: 'TPD',
      shortFlags: 'abdfiormpRvhVe',
      long: {
        'all-tasks': 'none', batch: 'none', deadline: 'none', fifo: 'none', idle: 'none', other: 'none', rr: 'none', ext: 'none',
        'reset-on-fork': 'none', 'sched-runtime': 'required', 'sched-period': 'required', 'sched-deadline': 'required',
        max: 'none', pid: 'none', verbose: 'none', help: 'none', version: 'none',
      },
      abbreviations: true,
      stopAtOperand: true,
    },
    leading: 'priority',
    noCommand: ['-p', '--pid', '-m', '--max', '-h', '--help', '-V', '--version'],
    source: 'chrt(1), util-linux schedutils/chrt.c',
  },
  taskset: {
    spec: { shortFlags: 'apchV', long: { 'all-tasks': 'none', pid: 'none', 'cpu-list': 'none', help: 'none', version: 'none' }, abbreviations: true, stopAtOperand: true },
    leading: 'mask',
    noCommand: ['-p', '--pid', '-h', '--help', '-V', '--version'],
    source: 'taskset(1), util-linux getopt "+apchV"',
  },
  setsid: {
    spec: { shortFlags: 'cfwhV', long: { ctty: 'none', fork: 'none', wait: 'none', help: 'none', version: 'none' }, abbreviations: true, stopAtOperand: true },
    leading: 'none',
    noCommand: ['-h', '--help', '-V', '--version'],
    source: 'setsid(1), util-linux getopt "+cfwhV"',
  },
  time: {
    spec: {
      shortValue: 'fo',
      shortFlags: 'apqvhV',
      long: { format: 'required', output: 'required', append: 'none', portability: 'none', quiet: 'none', verbose: 'none', help: 'none', version: 'none' },
      abbreviations: true,
      stopAtOperand: true,
    },
    leading: 'none',
    noCommand: ['-h', '--help', '-V', '--version'],
    escalate: { '-o': 'time -o writes a file', '--output': 'time --output writes a file' },
    source: 'time(1) GNU time; the bash keyword accepts only -p, a subset',
  },
  command: {
    spec: { shortFlags: 'pvV', stopAtOperand: true },
    leading: 'none',
    noCommand: ['-v', '-V'],
    source: 'bash(1) SHELL BUILTIN COMMANDS: command [-pVv]',
  },
  builtin: {
    spec: { stopAtOperand: true },
    leading: 'none',
    source: 'bash(1) SHELL BUILTIN COMMANDS: builtin shell-builtin [arguments]',
  },
  exec: {
    spec: { shortValue: 'a', shortFlags: 'cl', stopAtOperand: true },
    leading: 'none',
    escalate: { '-a': 'exec -a changes the program name the command sees (multi-call programs act on it)' },
    source: 'bash(1) SHELL BUILTIN COMMANDS: exec [-cl] [-a name]',
  },
  env: {
    spec: {
      shortValue: 'uCS',
      shortFlags: 'iv0',
      long: {
        'ignore-environment': 'none', null: 'none', unset: 'required', chdir: 'required', 'split-string': 'required',
        'block-signal': 'optional', 'default-signal': 'optional', 'ignore-signal': 'optional', 'list-signal-handling': 'none',
        debug: 'none', help: 'none', version: 'none',
      },
      abbreviations: true,
      stopAtOperand: true,
    },
    leading: 'none',
    special: 'env',
    noCommand: ['--help', '--version'],
    escalate: {
      '-C': 'env -C runs the command in another directory',
      '--chdir': 'env --chdir runs the command in another directory',
      '-S': 'env -S splits a string into a new command line',
      '--split-string': 'env --split-string splits a string into a new command line',
      '--block-signal': 'env changes signal handling of the command',
      '--default-signal': 'env changes signal handling of the command',
      '--ignore-signal': 'env changes signal handling of the command',
    },
    source: 'env(1), coreutils env.c getopt "+C:iS:u:v0"',
  },
};
