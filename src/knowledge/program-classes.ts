// Programs whose job is to run other programs or arbitrary code. An allow rule for one of them
// with unrestricted arguments makes approval pointless (SPEC §4.5); shell analysis also uses
// the shell entries to find `sh -c SCRIPT` (SPEC §4.3). One line per entry says why.

/** What makes a program able to run arbitrary code. */
export type ProgramClass = 'shell' | 'interpreter' | 'exec-wrapper' | 'privilege';

export interface ProgramClassEntry {
  name: string;
  class: ProgramClass;
  reason: string;
}

/** The table. Names are basenames as found through secure_path. */
export const PROGRAM_CLASSES: readonly ProgramClassEntry[] = [
  { name: 'sh', class: 'shell', reason: 'POSIX shell: runs any command line given with -c or on stdin' },
  { name: 'bash', class: 'shell', reason: 'GNU Bourne-again shell: runs any command line' },
  { name: 'dash', class: 'shell', reason: 'Debian Almquist shell (/bin/sh on Debian/Ubuntu)' },
  { name: 'zsh', class: 'shell', reason: 'Z shell: runs any command line' },
  { name: 'ksh', class: 'shell', reason: 'Korn shell: runs any command line' },
  { name: 'mksh', class: 'shell', reason: 'MirBSD Korn shell: runs any command line' },
  { name: 'fish', class: 'shell', reason: 'fish shell: runs any command line with -c' },
  { name: 'csh', class: 'shell', reason: 'C shell: runs any command line with -c' },
  { name: 'tcsh', class: 'shell', reason: 'TENEX C shell: runs any command line with -c' },
  { name: 'busybox', class: 'shell', reason: 'multi-call binary: `busybox sh -c` and every other applet' },
  { name: 'python', class: 'interpreter', reason: 'runs code from -c, stdin or any file' },
  { name: 'python3', class: 'interpreter', reason: 'runs code from -c, stdin or any file' },
  { name: 'python2', class: 'interpreter', reason: 'runs code from -c, stdin or any file' },
  { name: 'pypy', class: 'interpreter', reason: 'Python implementation: runs code from -c or any file' },
  { name: 'pypy3', class: 'interpreter', reason: 'Python implementation: runs code from -c or any file' },
  { name: 'perl', class: 'interpreter', reason: 'runs code from -e, stdin or any file' },
  { name: 'ruby', class: 'interpreter', reason: 'runs code from -e, stdin or any file' },
  { name: 'irb', class: 'interpreter', reason: 'interactive Ruby: evaluates anything it reads' },
  { name: 'node', class: 'interpreter', reason: 'runs code from -e/-p, stdin or any file' },
  { name: 'nodejs', class: 'interpreter', reason: 'Debian name of node' },
  { name: 'deno', class: 'interpreter', reason: 'runs code from `deno eval` or any file or URL' },
  { name: 'bun', class: 'interpreter', reason: 'runs code from -e or any file' },
  { name: 'php', class: 'interpreter', reason: 'runs code from -r, stdin or any file' },
  { name: 'lua', class: 'interpreter', reason: 'runs code from -e or any file; os.execute runs commands' },
  { name: 'luajit', class: 'interpreter', reason: 'Lua implementation: runs code from -e or any file' },
  { name: 'awk', class: 'interpreter', reason: 'awk programs run commands with system() and pipes' },
  { name: 'gawk', class: 'interpreter', reason: 'GNU awk: system(), pipes, and @load extensions' },
  { name: 'mawk', class: 'interpreter', reason: 'awk implementation: system() and pipes' },
  { name: 'nawk', class: 'interpreter', reason: 'awk implementation: system() and pipes' },
  { name: 'tclsh', class: 'interpreter', reason: 'Tcl: `exec` runs commands' },
  { name: 'wish', class: 'interpreter', reason: 'Tcl/Tk shell: `exec` runs commands' },
  { name: 'expect', class: 'interpreter', reason: 'Tcl-based: spawns and drives any program' },
  { name: 'osascript', class: 'interpreter', reason: 'AppleScript/JXA: `do shell script` runs commands' },
  { name: 'pwsh', class: 'interpreter', reason: 'PowerShell: runs any command line with -c' },
  { name: 'Rscript', class: 'interpreter', reason: 'R: runs code from -e; system() runs commands' },
  { name: 'julia', class: 'interpreter', reason: 'runs code from -e; run() runs commands' },
  { name: 'env', class: 'exec-wrapper', reason: 'runs any command, with any environment (and -S splits a string)' },
  { name: 'xargs', class: 'exec-wrapper', reason: 'runs commands built from its input at run time' },
  { name: 'parallel', class: 'exec-wrapper', reason: 'GNU parallel: runs commands built from its input through a shell' },
  { name: 'nohup', class: 'exec-wrapper', reason: 'runs any command' },
  { name: 'timeout', class: 'exec-wrapper', reason: 'runs any command with a time limit' },
  { name: 'nice', class: 'exec-wrapper', reason: 'runs any command at another priority' },
  { name: 'ionice', class: 'exec-wrapper', reason: 'runs any command at another I/O priority' },
  { name: 'chrt', class: 'exec-wrapper', reason: 'runs any command with another scheduling policy' },
  { name: 'taskset', class: 'exec-wrapper', reason: 'runs any command on chosen CPUs' },
  { name: 'stdbuf', class: 'exec-wrapper', reason: 'runs any command with other stdio buffering' },
  { name: 'setsid', class: 'exec-wrapper', reason: 'runs any command in a new session' },
  { name: 'time', class: 'exec-wrapper', reason: 'runs any command and reports its resource use' },
  { name: 'flock', class: 'exec-wrapper', reason: 'runs any command (or `sh -c` with -c) under a lock' },
  { name: 'watch', class: 'exec-wrapper', reason: 'runs its arguments through `sh -c` repeatedly' },
  { name: 'script', class: 'exec-wrapper', reason: 'runs any command line given with -c in a pty' },
  { name: 'chroot', class: 'exec-wrapper', reason: 'runs any command in another root directory' },
  { name: 'unshare', class: 'exec-wrapper', reason: 'runs any command in new namespaces' },
  { name: 'nsenter', class: 'exec-wrapper', reason: 'runs any command in another process\'s namespaces' },
  { name: 'systemd-run', class: 'exec-wrapper', reason: 'runs any command as a transient systemd unit' },
  { name: 'strace', class: 'exec-wrapper', reason: 'runs any command under tracing' },
  { name: 'ltrace', class: 'exec-wrapper', reason: 'runs any command under library tracing' },
  { name: 'gdb', class: 'exec-wrapper', reason: 'debugger: runs programs and `shell` commands' },
  { name: 'valgrind', class: 'exec-wrapper', reason: 'runs any command under instrumentation' },
  { name: 'catchsegv', class: 'exec-wrapper', reason: 'runs any command and reports crashes' },
  { name: 'dbus-run-session', class: 'exec-wrapper', reason: 'runs any command with a new session bus' },
  { name: 'xvfb-run', class: 'exec-wrapper', reason: 'runs any command with a virtual X server' },
  { name: 'ssh-agent', class: 'exec-wrapper', reason: 'runs any command with an agent' },
  { name: 'setarch', class: 'exec-wrapper', reason: 'runs any command with another personality' },
  { name: 'linux32', class: 'exec-wrapper', reason: 'setarch: runs any command' },
  { name: 'linux64', class: 'exec-wrapper', reason: 'setarch: runs any command' },
  { name: 'prlimit', class: 'exec-wrapper', reason: 'runs any command with other resource limits' },
  { name: 'systemd-inhibit', class: 'exec-wrapper', reason: 'runs any command holding an inhibitor lock' },
  { name: 'systemd-cat', class: 'exec-wrapper', reason: 'runs any command with output to the journal' },
  { name: 'chronic', class: 'exec-wrapper', reason: 'moreutils: runs any command quietly' },
  { name: 'ifne', class: 'exec-wrapper', reason: 'moreutils: runs any command if input is not empty' },
  { name: 'nocache', class: 'exec-wrapper', reason: 'runs any command without filling the page cache' },
  { name: 'perf', class: 'exec-wrapper', reason: 'perf stat/record/trace run any command' },
  { name: 'firejail', class: 'exec-wrapper', reason: 'runs any command in a sandbox profile' },
  { name: 'bwrap', class: 'exec-wrapper', reason: 'runs any command in new namespaces' },
  { name: 'fakeroot', class: 'exec-wrapper', reason: 'runs any command with a preloaded library' },
  { name: 'fakechroot', class: 'exec-wrapper', reason: 'runs any command with a preloaded library' },
  { name: 'faketime', class: 'exec-wrapper', reason: 'runs any command with a preloaded library' },
  { name: 'eatmydata', class: 'exec-wrapper', reason: 'runs any command with a preloaded library' },
  { name: 'torsocks', class: 'exec-wrapper', reason: 'runs any command with a preloaded library' },
  { name: 'proxychains', class: 'exec-wrapper', reason: 'runs any command with a preloaded library' },
  { name: 'proxychains4', class: 'exec-wrapper', reason: 'runs any command with a preloaded library' },
  { name: 'cgexec', class: 'exec-wrapper', reason: 'runs any command in chosen cgroups' },
  { name: 'tmux', class: 'exec-wrapper', reason: 'runs shell commands in a server session' },
  { name: 'screen', class: 'exec-wrapper', reason: 'runs any command in a detachable session' },
  { name: 'unbuffer', class: 'exec-wrapper', reason: 'runs any command in a pty' },
  { name: 'rlwrap', class: 'exec-wrapper', reason: 'runs any command under readline' },
  { name: 'toybox', class: 'shell', reason: 'multi-call binary: `toybox sh -c` and every other command' },
  { name: 'sudo', class: 'privilege', reason: 'runs any command as another user' },
  { name: 'doas', class: 'privilege', reason: 'OpenBSD sudo alternative: runs any command as another user' },
  { name: 'su', class: 'privilege', reason: 'runs a shell or -c command as another user' },
  { name: 'pkexec', class: 'privilege', reason: 'polkit: runs any command as another user' },
  { name: 'runuser', class: 'privilege', reason: 'runs a shell or command as another user' },
  { name: 'setpriv', class: 'privilege', reason: 'runs any command with other uid, gid and capabilities' },
  { name: 'sg', class: 'privilege', reason: 'runs a command with another group id' },
  { name: 'newgrp', class: 'privilege', reason: 'starts a shell with another group id' },
  { name: 'capsh', class: 'privilege', reason: 'runs a shell with other capabilities, uid and root' },
  { name: 'start-stop-daemon', class: 'privilege', reason: 'starts any program as a daemon, as any user' },
];

const BY_NAME = new Map(PROGRAM_CLASSES.map((entry) => [entry.name, entry]));

/**
 * The class entry for a program name or path, or null. Version suffixes are ignored, so
 * `/usr/bin/python3.12` is `python3` and `perl5.36` is `perl`.
 */
export function programClassOf(nameOrPath: string): ProgramClassEntry | null {
  const base = nameOrPath.slice(nameOrPath.lastIndexOf('/') + 1);
  const exact = BY_NAME.get(base);
  if (exact !== undefined) return exact;
  const dotted = BY_NAME.get(base.replace(/(\.[0-9]+)+$/, ''));
  if (dotted !== undefined) return dotted;
  const bare = /^(.*?[A-Za-z])-?[0-9][0-9.]*$/.exec(base)?.[1];
  return bare === undefined ? null : (BY_NAME.get(bare) ?? null);
}

/** Program names of one class, e.g. every shell. */
export function programsOfClass(cls: ProgramClass): string[] {
  return PROGRAM_CLASSES.filter((entry) => entry.class === cls).map((entry) => entry.name);
}
