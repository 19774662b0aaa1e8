// A confined run's own streams (src/sandbox/terminal.ts, src/sandbox/status.ts): with real
// bwrap, a run whose descriptors are passed on as they are never sets up approve-run's
// stdout or stderr, and bwrap's status is read whole however its bytes are cut into chunks.
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { start } from '../../src/exec/spawn.js';
import { readStatus } from '../../src/sandbox/status.js';
import { relay } from '../../src/sandbox/terminal.js';
import { tempDir } from '../helpers/tmp.js';

const restores: Array<() => void> = [];
afterEach(() => {
  for (const restore of restores.splice(0)) restore();
});

// Counts reads of process[name] (a lazy getter in Node) by approve-run's code (src/) until the
// test ends; the test runner's own reads are not counted.
function countReads(name: 'stdout' | 'stderr'): { reads: number } {
  const descriptor = Object.getOwnPropertyDescriptor(process, name);
  if (descriptor?.get === undefined) throw new Error(`process.${name} is not a getter here`);
  const counter = { reads: 0 };
  const get = descriptor.get;
  const fromSource = () => (new Error().stack ?? '').split('\n').some((line) => line.includes('/src/'));
  Object.defineProperty(process, name, {
    ...descriptor,
    get: () => {
      if (fromSource()) counter.reads += 1;
      return get.call(process);
    },
  });
  restores.push(() => Object.defineProperty(process, name, descriptor));
  return counter;
}

describe("a confined run's streams", () => {
  it('never asks for process.stdout or process.stderr when the command holds the descriptors itself', async () => {
    const stdout = countReads('stdout');
    const stderr = countReads('stderr');
    const dir = tempDir();
    // terminal: inherit, so every slot is passed on whatever the test runner's descriptors are.
    const started = start({ file: '/usr/bin/true', argv: ['/usr/bin/true'], env: { PATH: '/usr/bin:/bin' }, cwd: dir, sandbox: { confine: { filesystem: 'read-only', writable: [], network: 'none', terminal: 'inherit' }, overlays: [] } }, () => {});
    const code = await new Promise((resolve) => started.child.on('exit', resolve));
    await Promise.all([started.status, ...started.relays]);
    expect(code).toBe(0);
    expect({ stdout: stdout.reads, stderr: stderr.reads }).toEqual({ stdout: 0, stderr: 0 });
  });

  it('asks for the stream only when there is a pipe to relay, and copies it', async () => {
    let asked = 0;
    const chunks: string[] = [];
    const to = () => {
      asked += 1;
      return { write: (chunk: Buffer) => chunks.push(chunk.toString()) } as unknown as NodeJS.WritableStream;
    };
    await relay(null, to);
    expect(asked).toBe(0);
    const pipe = new PassThrough();
    const done = relay(pipe, to);
    pipe.end('output');
    pipe.destroy();
    await done;
    expect({ asked, text: chunks.join('') }).toEqual({ asked: 1, text: 'output' });
  });

  it('reads the status however it is cut, bytes that are not ASCII included', async () => {
    const text = '{ "child-pid": 4242, "mnt-namespace": 4026531841, "note": "\u00e9\u20ac" }\n{ "exit-code": 3 }\n';
    const stream = new PassThrough();
    const pids: number[] = [];
    const status = readStatus(stream, (pid) => pids.push(pid));
    // One byte at a time: every key and number is split somewhere.
    for (const byte of Buffer.from(text, 'utf8')) stream.write(Buffer.from([byte]));
    stream.end();
    stream.destroy();
    expect(await status).toEqual({ childPid: 4242, exitCode: 3 });
    expect(pids).toEqual([4242]);
  });
});
