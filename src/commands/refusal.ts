// The one place a privileged-mode refusal is turned into a `refused` entry (SPEC §11), for the
// full program's error path and for the commands that end their own errors (run, wait). The
// logger (./refusal-log.ts, with the policy loader) is imported only for a refusal; in the fast
// bundle that import hands the run over to the full program, before anything is logged.
import type { Context } from '../context.js';
import { ApproveRunError, messageFor } from '../errors.js';

/** True for a caller's choice refused in privileged mode (src/errors.ts privilegedRefusal). */
export function isRefusal(error: unknown): error is ApproveRunError {
  return error instanceof ApproveRunError && error.refusal;
}

/** Logs `error` as a `refused` entry when it is a privileged-mode refusal; otherwise does nothing. */
export async function logIfRefusal(ctx: Context, error: unknown): Promise<void> {
  if (!isRefusal(error)) return;
  const { logRefusal } = await import('./refusal-log.js');
  logRefusal(ctx, process.argv.slice(2), messageFor(error));
}
