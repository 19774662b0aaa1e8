// Runners that run another command as another user, group, root directory, namespace, unit or
// daemon (SPEC §10, issue 13). They are never unwrapped: like sudo, a rule must name them, and
// the command they run is observed, so deny and approve rules on it still hold. Each entry says
// where the command is in argv, with its source. Transparent runners are in ./runner-wrappers.ts.
import type { OptionSpec } from '../shell/options.js';

/** How the words after the options (and `leading` operands) run. */
export type OperandForm =
  | 'argv' // as a command: runuser -u U CMD, chroot DIR CMD
  | 'shell-line' // joined and given to `sh -c`: sg GROUP CMD
  | 'shell-args'; // as arguments to a shell: su USER -c CMD, capsh -- -c CMD

export interface ContextRunner {
  spec: OptionSpec;
  /** Operands before the command: chroot NEWROOT, sg GROUP, runuser USER (su form). */
  leading: number;
  operands: OperandForm;
  /** Options whose value is a shell command line. */
  scriptOptions?: readonly string[];
  /** Options whose value is the program run (start-stop-daemon --startas, then --exec). */
  programOptions?: readonly string[];
  /** With one of these options, `operands` is 'argv' and there is no leading operand (runuser -u). */
  argvOptions?: readonly string[];
  /** The command starts only after this word (capsh --, start-stop-daemon --). */
  after?: string;
  /** An option naming the shell of 'shell-args' (capsh --shell=PATH); default `bash`. */
  shellOption?: string;
  /** The option syntax is too large to model: every tail of argv is observed. */
  tails?: true;
  reason: string;
  source: string;
}

const SU_LIKE: OptionSpec = {
  shortValue: 'cgGswu',
  shortFlags: 'lmpPfhV',
  long: {
    command: 'required', 'session-command': 'required', group: 'required', 'supp-group': 'required', login: 'none', 'preserve-environment': 'none',
    pty: 'none', shell: 'required', 'whitelist-environment': 'required', user: 'required', fast: 'none', help: 'none', version: 'none',
  },
  abbreviations: true,
};

export const CONTEXT_RUNNERS: Readonly<Record<string, ContextRunner>> = {
  runuser: {
    spec: SU_LIKE, leading: 1, operands: 'shell-args', argvOptions: ['-u', '--user'], scriptOptions: ['-c', '--command', '--session-command'],
    reason: 'runs a command as another user', source: 'runuser(1), util-linux 2.38: runuser [options] -u user [[--] command] | runuser [options] [-] [user [args]]',
  },
  sg: {
    spec: { shortValue: 'c' }, leading: 1, operands: 'shell-line', scriptOptions: ['-c'],
    reason: 'runs a command with another group', source: 'sg(1), shadow 4.13: sg [-] [group [-c] command]; the command is run by /bin/sh -c',
  },
  newgrp: {
    spec: {}, leading: 1, operands: 'argv',
    reason: 'starts a shell with another group', source: 'newgrp(1), shadow 4.13',
  },
  setpriv: {
    spec: {
      shortFlags: 'dLhV',
      long: Object.fromEntries([
        ...['ruid', 'euid', 'rgid', 'egid', 'reuid', 'regid', 'groups', 'inh-caps', 'ambient-caps', 'bounding-set', 'securebits', 'pdeathsig',
          'selinux-label', 'apparmor-profile', 'landlock-access', 'landlock-rule'].map((n) => [n, 'required'] as const),
        ...['clear-groups', 'keep-groups', 'init-groups', 'nnp', 'no-new-privs', 'reset-env', 'dump', 'list-caps', 'help', 'version'].map((n) => [n, 'none'] as const),
      ]),
      abbreviations: true,
      stopAtOperand: true,
    },
    leading: 0, operands: 'argv',
    reason: 'runs a command with other uids, gids and capabilities', source: 'setpriv(1), util-linux 2.38 setpriv --help',
  },
  capsh: {
    spec: {}, leading: 0, operands: 'shell-args', after: '--', shellOption: '--shell',
    reason: 'runs a shell with other capabilities, uid and root', source: 'capsh(1), libcap 2.66: `--` runs /bin/bash (or --shell=PATH) with the remaining arguments',
  },
  chroot: {
    spec: { long: { userspec: 'required', groups: 'required', 'skip-chdir': 'none', help: 'none', version: 'none' }, abbreviations: true, stopAtOperand: true },
    leading: 1, operands: 'argv',
    reason: 'runs a command inside another root directory, where names resolve to other files', source: 'chroot(8), coreutils 9.1: chroot [OPTION] NEWROOT [COMMAND [ARG]...]',
  },
  nsenter: {
    spec: {
      shortValue: 'tSG',
      shortOptional: 'muinpCUTrw',
      shortFlags: 'aFZhV',
      long: {
        all: 'none', target: 'required', mount: 'optional', uts: 'optional', ipc: 'optional', net: 'optional', pid: 'optional', cgroup: 'optional',
        user: 'optional', time: 'optional', setuid: 'required', setgid: 'required', 'preserve-credentials': 'none', root: 'optional', wd: 'optional',
        'no-fork': 'none', 'follow-context': 'none', help: 'none', version: 'none',
      },
      abbreviations: true,
      stopAtOperand: true,
    },
    leading: 0, operands: 'argv',
    reason: 'runs a command in another process\'s namespaces', source: 'nsenter(1), util-linux 2.38 nsenter --help',
  },
  unshare: {
    spec: {
      shortValue: 'RwSG',
      shortOptional: 'muinpUCT',
      shortFlags: 'frchV',
      long: {
        mount: 'optional', uts: 'optional', ipc: 'optional', net: 'optional', pid: 'optional', user: 'optional', cgroup: 'optional', time: 'optional',
        fork: 'none', 'map-user': 'required', 'map-group': 'required', 'map-root-user': 'none', 'map-current-user': 'none', 'map-auto': 'none',
        'map-users': 'required', 'map-groups': 'required', 'kill-child': 'optional', 'mount-proc': 'optional', propagation: 'required',
        setgroups: 'required', 'keep-caps': 'none', root: 'required', wd: 'required', setuid: 'required', setgid: 'required', monotonic: 'required',
        boottime: 'required', help: 'none', version: 'none',
      },
      abbreviations: true,
      stopAtOperand: true,
    },
    leading: 0, operands: 'argv',
    reason: 'runs a command in new namespaces', source: 'unshare(1), util-linux 2.38 unshare --help',
  },
  'systemd-run': {
    spec: {
      shortValue: 'upEMH',
      shortFlags: 'rdtPqGShV',
      long: Object.fromEntries([
        ...['unit', 'property', 'description', 'slice', 'service-type', 'uid', 'gid', 'nice', 'working-directory', 'setenv', 'machine', 'host',
          'on-active', 'on-boot', 'on-startup', 'on-unit-active', 'on-unit-inactive', 'on-calendar', 'path-property', 'socket-property',
          'timer-property'].map((n) => [n, 'required'] as const),
        ...['user', 'system', 'scope', 'slice-inherit', 'remain-after-exit', 'send-sighup', 'same-dir', 'pty', 'pipe', 'quiet', 'wait', 'collect',
          'no-block', 'no-ask-password', 'shell', 'on-clock-change', 'on-timezone-change', 'expand-environment', 'ignore-failure', 'help',
          'version'].map((n) => [n, 'none'] as const),
      ]),
      abbreviations: true,
      stopAtOperand: true,
    },
    leading: 0, operands: 'argv',
    reason: 'runs a command as a systemd unit (as root, with properties such as ExecStartPre=)', source: 'systemd-run(1), systemd 252 systemd-run --help',
  },
  perf: {
    spec: {}, leading: 1, operands: 'argv', tails: true,
    reason: 'runs a command under perf stat, record or trace', source: 'perf(1), perf-stat(1), perf-record(1): perf COMMAND [options] [command]',
  },
  firejail: {
    spec: {}, leading: 0, operands: 'argv', tails: true,
    reason: 'runs a command in a sandbox profile that can add mounts and environment', source: 'firejail(1): firejail [OPTIONS] [program and arguments]',
  },
  bwrap: {
    spec: {}, leading: 0, operands: 'argv', tails: true,
    reason: 'runs a command in new namespaces with chosen mounts', source: 'bwrap(1), bubblewrap 0.8: bwrap [OPTIONS...] [COMMAND [ARGS...]]',
  },
  fakeroot: {
    spec: { shortValue: 'lsi', shortFlags: 'uvh', long: { lib: 'required', faked: 'required', unknown: 'none', version: 'none', help: 'none' }, stopAtOperand: true },
    leading: 0, operands: 'argv', after: '--',
    reason: 'preloads a library into the command (-s/-i save and load state files)', source: 'fakeroot(1): fakeroot [-l lib] [--faked bin] [-i file] [-s file] [-u] [--] [command]',
  },
  fakechroot: {
    spec: {}, leading: 0, operands: 'argv', tails: true,
    reason: 'preloads a library into the command', source: 'fakechroot(1)',
  },
  faketime: {
    spec: { shortValue: 'mf', shortFlags: 'h', long: { exclude_monotonic: 'none', 'date-prog': 'required' }, stopAtOperand: true },
    leading: 1, operands: 'argv',
    reason: 'preloads a library into the command', source: 'faketime(1): faketime [options] timestamp program [arguments]',
  },
  eatmydata: {
    spec: { stopAtOperand: true }, leading: 0, operands: 'argv',
    reason: 'preloads a library into the command', source: 'eatmydata(1)',
  },
  torsocks: {
    spec: {}, leading: 0, operands: 'argv', tails: true,
    reason: 'preloads a library into the command', source: 'torsocks(1)',
  },
  proxychains: {
    spec: { shortValue: 'f', shortFlags: 'q', stopAtOperand: true }, leading: 0, operands: 'argv',
    reason: 'preloads a library into the command (-f reads a config file)', source: 'proxychains(1)',
  },
  proxychains4: {
    spec: { shortValue: 'f', shortFlags: 'q', stopAtOperand: true }, leading: 0, operands: 'argv',
    reason: 'preloads a library into the command (-f reads a config file)', source: 'proxychains4(1)',
  },
  cgexec: {
    spec: { shortValue: 'g', long: { sticky: 'none' }, stopAtOperand: true }, leading: 0, operands: 'argv',
    reason: 'runs a command in chosen control groups', source: 'cgexec(1), libcgroup',
  },
  tmux: {
    spec: {}, leading: 0, operands: 'shell-line', tails: true,
    reason: 'hands commands to a tmux server that outlives the request', source: 'tmux(1): new-session [shell-command], send-keys, run-shell',
  },
  screen: {
    spec: {}, leading: 0, operands: 'argv', tails: true,
    reason: 'runs a command in a detachable session that outlives the request', source: 'screen(1): screen [options] [cmd [args]]',
  },
  unbuffer: {
    spec: { shortFlags: 'p', stopAtOperand: true }, leading: 0, operands: 'argv',
    reason: 'an expect script that runs the command in a pty', source: 'unbuffer(1), expect',
  },
  rlwrap: {
    spec: {}, leading: 0, operands: 'argv', tails: true,
    reason: 'runs a command under readline, with filters that are programs', source: 'rlwrap(1): -z FILTER runs a filter program',
  },
  'start-stop-daemon': {
    spec: {
      shortValue: 'pxnugcsardNPIkORw',
      shortFlags: 'SKTHVbCmtoqv',
      long: Object.fromEntries([
        ...['pid', 'ppid', 'pidfile', 'exec', 'name', 'user', 'group', 'chuid', 'signal', 'startas', 'chroot', 'chdir', 'nicelevel', 'procsched',
          'iosched', 'umask', 'notify-timeout', 'output', 'retry'].map((n) => [n, 'required'] as const),
        ...['start', 'stop', 'status', 'help', 'version', 'background', 'notify-await', 'no-close', 'make-pidfile', 'remove-pidfile', 'test',
          'oknodo', 'quiet', 'verbose'].map((n) => [n, 'none'] as const),
      ]),
      abbreviations: true,
    },
    leading: 0, operands: 'argv', after: '--', programOptions: ['-a', '--startas', '-x', '--exec'],
    reason: 'starts a daemon (as another user, in another root)', source: 'start-stop-daemon(8), dpkg 1.21 start-stop-daemon --help; GTFOBins',
  },
};
