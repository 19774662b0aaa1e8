// A Context for in-process command tests: fixed clock, streams collected into strings, no
// file probes. Only what the audit commands read is real (the database path they are given).
import type { Context } from '../../src/context.js';
import { tempDir } from './tmp.js';

export interface CapturedContext {
  ctx: Context;
  out: () => string;
  err: () => string;
}

/** A Context whose stdout/stderr are collected; `color` and `stderrTTY` set what the streams claim. */
export function captureContext(options: { color?: boolean; stderrTTY?: boolean } = {}): CapturedContext {
  let out = '';
  let err = '';
  const ctx = {
    clock: { now: () => new Date('2026-11-22T00:00:00.000Z'), monotonicMs: () => 0 },
    stdout: { write: (t: string) => void (out += t), isTTY: options.color === true, color: options.color === true },
    stderr: { write: (t: string) => void (err += t), isTTY: options.stderrTTY === true, color: false },
    env: {},
    cwd: tempDir(),
    identity: { privileged: false, euid: 0, requester: { user: 'root', uid: 0, gid: 0, groups: [] }, home: tempDir() },
    paths: { realpath: () => null, isExecutableFile: () => false },
    hostname: 'test',
    randomBytes: (n: number) => Buffer.alloc(n),
  } as Context;
  return { ctx, out: () => out, err: () => err };
}
