// Sends checkpoint notes to syslog through /usr/bin/logger, so a copy lives outside the
// database: an attacker who rewrites the file cannot also rewrite what syslog has shipped.
// Invariants:
//   1. Only the absolute path is executed, with an empty environment and a time limit.
//   2. The message is one line: `checkpoint origin=<origin> size=<n> note=<base64 of the note>`
//      (base64 keeps the multi-line note intact; docs/VERIFY.md shows how to get it back).
//   3. A failure is reported to the caller, never thrown: the database copy is already stored.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';

export const LOGGER_PATH = '/usr/bin/logger';
export const SYSLOG_SOCKET = '/dev/log';
const TIMEOUT_MS = 5_000;

/** The syslog message for a checkpoint note. */
export function syslogMessage(origin: string, size: number, note: string): string {
  return `checkpoint origin=${origin} size=${size} note=${Buffer.from(note, 'utf8').toString('base64')}`;
}

/** Sends one message (tag approve-run, facility auth.notice); returns null or why it failed. */
export function sendToSyslog(message: string, loggerPath: string = LOGGER_PATH): string | null {
  const result = spawnSync(loggerPath, ['--socket-errors=on', '-t', 'approve-run', '-p', 'auth.notice', '--', message], {
    env: {},
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: TIMEOUT_MS,
  });
  if (result.error !== undefined) return `${loggerPath}: ${result.error.message}`;
  if (result.status !== 0) {
    const detail = result.stderr.toString().trim().split('\n')[0] ?? '';
    return `${loggerPath} exited ${result.status ?? result.signal}${detail ? `: ${detail}` : ''}`;
  }
  return null;
}

/**
 * Why checkpoint notes could not reach syslog on this host, or null; checked without sending
 * anything. `policy validate` and `audit verify` report it once, so runs need not warn.
 */
export function syslogUnreachable(loggerPath: string = LOGGER_PATH, socketPath: string = SYSLOG_SOCKET): string | null {
  try {
    accessSync(loggerPath, constants.X_OK);
  } catch {
    return `${loggerPath} is missing or not executable`;
  }
  try {
    if (!statSync(socketPath).isSocket()) return `${socketPath} is not a socket`;
  } catch {
    return `${socketPath} is missing (no syslog daemon is listening)`;
  }
  return null;
}

/** The one-line warning for a configured checkpoint key whose notes cannot reach syslog, or null. */
export function checkpointSyslogWarning(checkpointKey: string | null): string | null {
  if (checkpointKey === null || checkpointKey === '') return null;
  const problem = syslogUnreachable();
  return problem === null ? null : `settings.audit.checkpoint_key: checkpoints are stored in the audit log but cannot be sent to syslog: ${problem}`;
}
