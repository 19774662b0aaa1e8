// Acting with the invoker's rights in privileged mode (SPEC §11): a file the invoker names on
// the command line is opened the way the invoker could open it, so root's rights never reach
// its content, and every error is the one the invoker would see.
// Invariants:
//   1. In privileged mode `act` runs with the invoker's supplementary groups, effective gid and
//      effective uid (set in that order, since setgroups needs root), and root's are restored,
//      in the reverse order, before the call returns or throws.
//   2. Outside privileged mode `act` runs unchanged, with the caller's own rights.
//   3. Unknown invoker credentials, or a switch that fails, stop the call before `act` runs. A
//      restore that fails throws; the process then keeps only the invoker's rights.
//   4. `act` is synchronous: nothing else runs while the rights are switched (glibc applies
//      the ids to every thread, so libuv's pool never acts as root meanwhile either).
import { ApproveRunError } from '../errors.js';
import type { Identity } from '../exec/identity.js';

// The internal failure that stops a switch.
function switchFailed(what: string, error: unknown): ApproveRunError {
  return new ApproveRunError('internal', `cannot ${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/** Runs `act` with the invoker's rights in privileged mode, else as is (invariants 1-4). */
export function asInvoker<T>(identity: Pick<Identity, 'privileged' | 'invoker'>, act: () => T): T {
  if (!identity.privileged) return act();
  const invoker = identity.invoker;
  if (invoker === undefined || process.seteuid === undefined || process.setegid === undefined || process.setgroups === undefined) {
    throw new ApproveRunError('internal', 'privileged mode: the invoker\'s credentials are unknown, so no file named by the invoker is opened');
  }
  const egid = process.getegid?.() ?? 0;
  const groups = process.getgroups?.() ?? [];
  try {
    process.setgroups(invoker.groups);
    process.setegid(invoker.gid);
    process.seteuid(invoker.uid);
  } catch (error) {
    restore(egid, groups);
    throw switchFailed("take on the invoker's rights", error);
  }
  let result: T;
  try {
    result = act();
  } finally {
    restore(egid, groups);
  }
  if (result instanceof Promise) throw new ApproveRunError('internal', 'internal error: asInvoker() needs a synchronous action');
  return result;
}

// Takes back root's ids (invariant 1, reverse order).
function restore(egid: number, groups: number[]): void {
  try {
    process.seteuid?.(0);
    process.setegid?.(egid);
    process.setgroups?.(groups);
  } catch (error) {
    throw switchFailed("restore root's rights", error);
  }
}
