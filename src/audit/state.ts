// The log's state file, `<db>.state` (SPEC §8, §11): the log id and the last tree head a writer
// saw (its size and the hash of its last entry), kept beside the database so that a database
// that lost entries, was replaced by an older copy, or lost its schema is refused instead of
// silently continued or started afresh.
// Invariants:
//   1. A new log is never started where a state file exists: a database without a log, with
//      another log id, with fewer entries, or with another entry at the recorded head is refused.
//   2. The file is replaced atomically (a new file written and fsynced, then renamed), mode
//      0600; in privileged mode an existing one must be a regular file owned by root and not
//      writable by group or others.
//   3. The recorded size only grows: a writer that finds a larger one leaves it in place.
//   4. A state file that cannot be read or parsed is an error, never taken as "no state".
import { closeSync, constants, fsyncSync, lstatSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

/** What the state file records. */
export interface LogState {
  log_id: string;
  /** Entries in the log when it was written. */
  size: number;
  /** Hex hash of entry size-1 (64 zeros for an empty log): it commits to every entry before. */
  head: string;
}

/** What a database holds, as far as the comparison needs. */
export interface LogFacts {
  /** Null when the database has no log (no schema). */
  logId: string | null;
  size: number;
  /** The stored hash of entry `seq`, or null when there is none. */
  hashAt: (seq: number) => Buffer | null;
}

/** The state file of the database at `dbPath`. */
export function statePath(dbPath: string): string {
  return `${dbPath}.state`;
}

// Throws unless `value` has the shape of a LogState.
function checkShape(value: unknown): LogState {
  const v = value as Partial<LogState> | null;
  if (v === null || typeof v !== 'object' || typeof v.log_id !== 'string' || v.log_id === '') throw new Error('no log id');
  if (typeof v.size !== 'number' || !Number.isSafeInteger(v.size) || v.size < 0) throw new Error('no valid size');
  if (typeof v.head !== 'string' || !/^[0-9a-f]{64}$/.test(v.head)) throw new Error('no valid head hash');
  return { log_id: v.log_id, size: v.size, head: v.head };
}

/** Reads the state file; null when it does not exist. Throws naming the file otherwise. */
export function readState(file: string, privileged: boolean): LogState | null {
  let text: string;
  try {
    const stats = lstatSync(file);
    if (!stats.isFile()) throw new Error('it is not a regular file');
    if (privileged) {
      const euid = process.geteuid?.() ?? 0;
      if (stats.uid !== euid) throw new Error(`it is not owned by uid ${euid}`);
      if ((stats.mode & 0o022) !== 0) throw new Error('it is writable by group or others');
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`cannot use audit state file ${file}: ${(error as Error).message}`);
  }
  try {
    return checkShape(JSON.parse(text));
  } catch (error) {
    throw new Error(`audit state file ${file} is damaged: ${(error as Error).message}`);
  }
}

/** Why the database does not continue the recorded state, naming both files; null when it does. */
export function stateProblem(dbPath: string, state: LogState, facts: LogFacts): string | null {
  const file = statePath(dbPath);
  if (facts.logId === null) return `audit database ${dbPath} holds no log, but ${file} records log ${state.log_id} with ${state.size} entries`;
  if (facts.logId !== state.log_id) return `audit database ${dbPath} holds log ${facts.logId}, but ${file} records log ${state.log_id}`;
  if (facts.size < state.size) {
    return `audit database ${dbPath} holds ${facts.size} entries, but ${file} records ${state.size}: entries ${facts.size}..${state.size - 1} are missing`;
  }
  if (state.size > 0 && facts.hashAt(state.size - 1)?.toString('hex') !== state.head) {
    return `audit entry ${state.size - 1} in ${dbPath} is not the one ${file} records: the database was replaced or rewritten`;
  }
  return null;
}

/** Writes the state file atomically (0600), unless the one there already records a larger log. */
export function writeState(file: string, state: LogState, privileged: boolean): void {
  const current = readState(file, privileged);
  if (current !== null && current.log_id === state.log_id && current.size >= state.size) return;
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    writeSync(fd, `${JSON.stringify(state)}\n`);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkSync(temp);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(temp, file);
  } catch (error) {
    unlinkSync(temp);
    throw error;
  }
}
