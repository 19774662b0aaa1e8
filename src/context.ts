// Every side effect reaches a command through one Context (STYLE §3). `realContext()` wires
// the real clock, streams, identity and file probes; tests build their own.
import type { FileReader } from './binding/file-reader.js';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { isatty } from 'node:tty';
import { monotonicMs } from './clock.js';
import type { PathProbe } from './decide/types.js';
import { realPathProbe } from './decide/resolve.js';
import { readIdentity, type Identity } from './exec/identity.js';
import { readPreferences, type Preferences } from './config/preferences.js';
import { watchWrites } from './stdout-failure.js';

export interface Clock {
  now(): Date;
  /** Monotonic milliseconds, for durations and deadlines. */
  monotonicMs(): number;
}

export interface Output {
  write(text: string): void;
  readonly isTTY: boolean;
  /** Colour only on a TTY, and never with NO_COLOR or a user preference against it. */
  readonly color: boolean;
}

export interface Context {
  clock: Clock;
  stdout: Output;
  stderr: Output;
  /** The caller's raw environment. Read only to locate files (SPEC §3) and in identity; never passed to children. */
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  identity: Identity;
  paths: PathProbe;
  hostname: string;
  randomBytes(size: number): Buffer;
  /** The user's preferences (labels and display only; never part of a decision). */
  preferences?: Preferences;
  /** Reads the files an approval binds (SPEC §10); default: src/binding/file-reader.ts. */
  files?: FileReader;
  /** The process exits when the command is done (the CLI), so audit logs may be left to the exit (OpenAuditOptions.untilExit). */
  exitsAfterCommand?: boolean;
}

let stdoutMade = false;

/** Whether an Output of this process has set up process.stdout (which may then need draining before exit). */
export function stdoutInUse(): boolean {
  return stdoutMade;
}

/** process.stdout, for approve-run's own output, with its write errors kept (src/stdout-failure.ts). */
export function ourStdout(): NodeJS.WriteStream {
  stdoutMade = true;
  return watchWrites(process.stdout);
}

// Streams wrapped so commands never touch process.stdout directly. NO_COLOR always wins; the
// `color` preference can turn colour off, or on when not on a terminal.
function outputFor(fd: 1 | 2, env: NodeJS.ProcessEnv, preference: Preferences['color']): Output {
  // The stream is made on the first write: an allowed run that prints nothing never sets one up.
  const stream = () => (fd === 2 ? process.stderr : ourStdout());
  const isTTY = isatty(fd);
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  const auto = isTTY && env.TERM !== 'dumb';
  const wanted = preference === 'always' ? true : preference === 'never' ? false : auto;
  return { write: (text) => void stream().write(text), isTTY, color: wanted && !noColor };
}

/** The real world: process streams, wall and monotonic clocks, the OS identity. */
export function realContext(): Context {
  const env = process.env;
  const identity = readIdentity(env);
  const warn = (message: string) => void process.stderr.write(`approve-run: warning: ${message}\n`);
  const preferences = readPreferences({ identity, env }, warn);
  const { color } = preferences;
  return {
    clock: { now: () => new Date(), monotonicMs },
    stdout: outputFor(1, env, color),
    stderr: outputFor(2, env, color),
    env,
    cwd: process.cwd(),
    identity,
    paths: realPathProbe,
    hostname: hostname(),
    randomBytes: (size) => randomBytes(size),
    preferences,
    exitsAfterCommand: true,
  };
}
