// ps, top (procps-ng 4.0.2), ip, ss (iproute2 6.1.0): reading system state is their job.
// Batch files, filter files and dumps read or write files; ss -K closes sockets.
import type { ToolEntry } from './types.js';

export const SYSTEM_INFO_TOOLS: readonly ToolEntry[] = [
  {
    programs: ['ps'],
    source: 'ps(1) and `ps --help all` (Debian package procps); BSD-style words (`aux`) are all display options',
    version: 'procps-ng 4.0.2',
    syntax: 'getopt',
    abbreviations: false,
    options: {
      safe: `-A -e -a -d -N --deselect -C= -G= --Group= -g= --group= -p= --pid= --ppid= -q= --quick-pid= -s= --sid= -t= --tty=
        -u= --user= -U= --User= -F -f -H -j -l -M -Z -O= -o= --format= -P -y --context --headers --no-headers --cols=
        --columns= --width= --rows= --lines= -L -m -T -c -V --version -w -x -k= --sort= --forest --cumulative --info
        --help -h`,
    },
    // BSD-style words are operands to this reader; `e` among them prints every process's
    // environment (/proc/PID/environ, which only its owner and root may read).
    actions: [{ words: ['re:[a-z]*e[a-z]*'], anywhere: true, cls: 'reads-file', reason: 'ps(1) e: shows the environment of every process, secrets included' }],
  },
  {
    programs: ['top'],
    source: 'top(1) and `top --help` (Debian package procps)',
    version: 'procps-ng 4.0.2',
    syntax: 'getopt',
    abbreviations: true,
    options: {
      safe: `-b --batch-mode -c --cmdline-toggle -d= --delay= -E= --scale-summary-mem= -e= --scale-task-mem= -H
        --threads-show -i --idle-toggle -n= --iterations= -O --list-fields -o= --sort-override= -p= --pid= -S
        --accum-time-toggle -s --secure-mode -U= --filter-any-user= -u= --filter-only-euser= -w? --width? -1
        --single-cpu-toggle -h --help -V --version`,
    },
  },
  {
    programs: ['ip'],
    source: 'ip(8) and `ip -help` (Debian package iproute2); options are whole words, unique prefixes accepted',
    version: 'iproute2 6.1.0',
    syntax: 'single-dash',
    abbreviations: true,
    stopAtOperand: true,
    options: {
      safe: `-V -Version -s -stats -statistics -d -details -r -resolve -h -human -human-readable -iec -j -json -p -pretty
        -f= -family= -4 -6 -M -B -0 -l= -loops= -br -brief -o -oneline -t -timestamp -ts -tshort -rc= -rcvbuf= -n=
        -netns= -N -Numeric -a -all -c? -color? -echo -help -force`,
      'runs-code': '-b= -batch=',
    },
    verbPrefixes: true,
    actions: [
      { words: ['netns', 'exec'], runsAfter: 1, cls: 'runs-code', reason: 'ip-netns(8): ip netns exec NAME cmd runs any command' },
      { words: ['vrf', 'exec'], runsAfter: 1, cls: 'runs-code', reason: 'ip-vrf(8): ip vrf exec NAME cmd runs any command' },
    ],
  },
  {
    programs: ['ss'],
    source: 'ss(8) and `ss --help` (Debian package iproute2)',
    version: 'iproute2 6.1.0',
    syntax: 'getopt',
    abbreviations: true,
    options: {
      safe: `-h --help -V --version -n --numeric -r --resolve -a --all -l --listening -o --options -e --extended -m
        --memory -p --processes -T --threads -i --info --tipcinfo -s --summary --tos --cgroup -b --bpf -E --events
        -Z --context -z --contexts -N= --net= -4 --ipv4 -6 --ipv6 -0 --packet -t --tcp -M --mptcp -S --sctp -u --udp
        -d --dccp -w --raw -x --unix --tipc --vsock --xdp -f= --family= -H --no-header -O --oneline --inet-sockopt
        -A= --query= --socket=`,
      'reads-file': '-F= --filter=',
      'writes-file': '-D= --diag=',
      'changes-state': '-K --kill',
    },
  },
];
