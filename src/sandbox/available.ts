// Fail closed when the sandbox cannot be had (SPEC §9): checked before anything is logged as
// started, so a run that would go unconfined never starts.
import { accessSync, constants, statSync } from 'node:fs';
import { BWRAP } from './bwrap.js';

/** Why no sandbox can be built here, as one line naming the setting; null when bwrap is usable. */
export function sandboxUnavailable(canExecute: (path: string) => boolean = executableFile): string | null {
  if (canExecute(BWRAP)) return null;
  return `cannot confine the command: ${BWRAP} is missing or not executable (install bubblewrap: apt-get install bubblewrap); the policy requires a sandbox for every run (settings.confine: required)`;
}

/** The one line for a sandbox bwrap could not build (namespaces refused, a bind that failed). */
export function sandboxFailed(bwrapExit: number | null): string {
  const how = bwrapExit === null ? 'was killed' : `exited ${bwrapExit}`;
  return `cannot confine the command: bwrap ${how} before the command ran (its message is above; are namespaces refused?); nothing ran. The policy requires a sandbox (settings.confine: required)`;
}

// True for an executable regular file.
function executableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
