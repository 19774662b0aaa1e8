// A confined command's sandbox built ahead of its run (src/exec/spawn.ts invariant 7): bwrap
// sets up namespaces and mounts while approve-run writes the audit entries that must be durable
// before the command starts; the command waits at the gate of its command line meanwhile.
// Invariants:
//   1. The gate opens only through release(), which runChild calls once `onStart` (exec_start)
//      returned; abandon() closes it unwritten and kills bwrap, whose pid 1 dies with it.
//   2. Only a confined launch without credentials is built ahead; its command line is gated
//      (./launch.ts invariant 5) whether or not a shell step keeps argv[0].
//   3. Anything unusual means no sandbox ahead: the run then starts the usual way, and any
//      failure is reported there.
import { Writable } from 'node:stream';
import { GATE_FD, GATE_OPEN } from './launch.js';
import { signalProcess } from './group.js';
import { assertExecutable } from './preflight.js';
import { start, type Prestarted, type StartOptions } from './spawn.js';

/**
 * Builds the sandbox of a confined command ahead of its run, its command waiting at the gate.
 * Null when that cannot be done: unconfined, run_as credentials, or bwrap could not be started
 * (invariants 2 and 3).
 */
export function prestart(options: StartOptions): Prestarted | null {
  if (options.sandbox === undefined || options.credentials !== undefined) return null;
  assertExecutable(options.file, options.argv[0] ?? options.file);
  let group: number | null = null;
  let listener: ((pid: number) => void) | null = null;
  const onGroup = (pid: number) => {
    group = pid;
    listener?.(pid);
  };
  const started = start(options, onGroup, true);
  const { child } = started;
  const gate = child.stdio[GATE_FD];
  if (child.pid === undefined || !(gate instanceof Writable)) {
    child.once('error', () => {});
    return null;
  }
  gate.on('error', () => {}); // bwrap gone before the gate opened: its status tells why
  let settled = false;
  return {
    attach: (onGroup) => {
      listener = onGroup;
      if (group !== null) onGroup(group);
      return started;
    },
    release: () => {
      if (settled) return;
      settled = true;
      gate.end(GATE_OPEN);
    },
    abandon: () => {
      if (settled) return;
      settled = true;
      gate.destroy();
      signalProcess(child.pid ?? 0, 'SIGKILL'); // its pid 1 dies with it (--die-with-parent)
      if (group !== null) signalProcess(group, 'SIGKILL');
    },
  };
}
