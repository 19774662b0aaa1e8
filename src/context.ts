// Every side effect reaches a command through one Context (STYLE §3). `realContext()` wires
// the real clock, streams, identity and file probes; tests build their own.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { PathProbe } from './decide/types.js';
import { realPathProbe } from './decide/resolve.js';
import { readIdentity, type Identity } from './exec/identity.js';

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
}

// Streams wrapped so commands never touch process.stdout directly.
function outputFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): Output {
  const isTTY = stream.isTTY === true;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return { write: (text) => void stream.write(text), isTTY, color: isTTY && !noColor && env.TERM !== 'dumb' };
}

/** The real world: process streams, wall and monotonic clocks, the OS identity. */
export function realContext(): Context {
  const env = process.env;
  return {
    clock: { now: () => new Date(), monotonicMs: () => performance.now() },
    stdout: outputFor(process.stdout, env),
    stderr: outputFor(process.stderr, env),
    env,
    cwd: process.cwd(),
    identity: readIdentity(env),
    paths: realPathProbe,
    hostname: hostname(),
    randomBytes: (size) => randomBytes(size),
  };
}
