// bwrap's --json-status-fd stream: one JSON document when the namespace exists (its pid 1 as
// seen from here), another when the command exits. A stream without the second one means the
// command never ran to an exit of its own: the sandbox could not be built, or it was killed.
import type { Readable } from 'node:stream';

/** What bwrap reported. */
export interface SandboxStatus {
  /** Host pid of the namespace's pid 1; its process group is the command's. */
  childPid: number | null;
  /** The command's exit code as bwrap reports it (128+N for signal N). */
  exitCode: number | null;
}

// The integer `key` of the JSON documents in `text` (bwrap writes `{ "key": N, ... }`), once
// the number has ended: a chunk that stops inside it must not give a pid cut short.
function field(text: string, key: string): number | null {
  const found = new RegExp(`"${key}"\\s*:\\s*(\\d+)\\s*[,}]`).exec(text);
  return found?.[1] === undefined ? null : Number(found[1]);
}

/**
 * Reads `stream` until it closes; calls `onChildPid` as soon as the namespace's pid is known.
 * Chunks are taken as latin1: the fields read are ASCII digits after ASCII keys, whatever else
 * the documents hold, and no string decoder is set up for a few hundred bytes.
 */
export function readStatus(stream: Readable, onChildPid: (pid: number) => void): Promise<SandboxStatus> {
  return new Promise((resolve) => {
    let text = '';
    let childPid: number | null = null;
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (childPid === null) {
        childPid = field(text, 'child-pid');
        if (childPid !== null) onChildPid(childPid);
      }
    });
    stream.on('error', () => {});
    stream.on('close', () => resolve({ childPid, exitCode: field(text, 'exit-code') }));
  });
}
