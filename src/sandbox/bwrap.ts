// The bubblewrap command line for one run (SPEC §9): a pure function of the confinement and
// the run's facts, so what a sandbox allows can be read and tested without starting one.
// Invariants:
//   1. bwrap is always /usr/bin/bwrap, never found through PATH.
//   2. Every run gets its own PID namespace (--unshare-pid) that dies with approve-run
//      (--die-with-parent), a fresh /proc, and a new session (--new-session): the command
//      never has a controlling terminal, so TIOCSTI cannot push input into the caller's shell.
//   3. read-only: the whole tree is bound read-only, /dev is a minimal private one (no disks),
//      /tmp is a private empty tmpfs; only the given existing writable paths are bound
//      read-write; the working directory and the executable, if under /tmp, are shown
//      read-only. As root the capabilities that could undo that are dropped (CAP_DROPS).
//   4. read-write: the real file system and /dev, still in its own PID namespace.
//   5. network none: a network namespace of its own, with only its loopback interface.
//   6. Overlays come last, so `source`'s bytes are what the command sees at `target`.
import type { Confinement } from '../policy/types.js';

/** Absolute path of bubblewrap (Debian package `bubblewrap`). */
export const BWRAP = '/usr/bin/bwrap';

/**
 * Capabilities a read-only run as root loses, each because it could undo the read-only view
 * or reach the machine around it.
 */
export const CAP_DROPS = [
  'CAP_SYS_ADMIN', // mount -o remount,rw /, new mounts and namespaces
  'CAP_MKNOD', // a block device node in a writable path would reach the raw disk
  'CAP_SYS_RAWIO', // raw I/O ports and /dev/mem-style access
  'CAP_SYS_MODULE', // loading kernel modules
  'CAP_SYS_BOOT', // reboot and kexec
  'CAP_SYS_TIME', // setting the system clock
  'CAP_NET_ADMIN', // changing interfaces, routes and the firewall of the host network
  'CAP_BPF', // loading BPF programs into the kernel
] as const;

/** A file the command sees at `target` with the bytes of `source` (read-only). */
export interface Overlay {
  source: string;
  target: string;
}

/** Everything the bwrap command line depends on. */
export interface SandboxRun {
  confine: Confinement;
  /** `confine.writable` expanded against existing paths (./writable.ts). */
  writablePaths: string[];
  overlays: Overlay[];
  /** Working directory of the command. */
  cwd: string;
  /** The judged executable: under /tmp it is shown read-only, so what was judged can run. */
  executable: string;
  /** Descriptor (in bwrap) that receives its JSON status: the namespace's pid, the exit code. */
  statusFd: number;
  /** True when running with root's capabilities: read-only runs then drop CAP_DROPS. */
  asRoot: boolean;
  /** The program and its arguments, as bwrap executes them (command[0] is an absolute path). */
  command: string[];
}

// The binds that make the file system view.
function fileSystemArgs(run: SandboxRun): string[] {
  if (run.confine.filesystem === 'read-write') return ['--bind', '/', '/', '--dev-bind', '/dev', '/dev', '--proc', '/proc'];
  const args = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--tmpfs', '/tmp'];
  // A working directory or executable hidden by the private /tmp is shown read-only, so the
  // command can start there and what was judged is what runs.
  for (const path of new Set([run.cwd, run.executable])) if (path.startsWith('/tmp/')) args.push('--ro-bind', path, path);
  // --bind-try: a path removed since it was expanded is skipped, as a missing one is.
  for (const path of run.writablePaths) args.push('--bind-try', path, path);
  if (run.asRoot) for (const cap of CAP_DROPS) args.push('--cap-drop', cap);
  return args;
}

/** The arguments to give BWRAP (after its path) for this run. */
export function bwrapArgs(run: SandboxRun): string[] {
  const args = ['--unshare-pid', '--die-with-parent', '--new-session', ...fileSystemArgs(run)];
  if (run.confine.network === 'none') args.push('--unshare-net');
  for (const overlay of run.overlays) args.push('--ro-bind', overlay.source, overlay.target);
  args.push('--chdir', run.cwd, '--json-status-fd', String(run.statusFd), '--', ...run.command);
  return args;
}
