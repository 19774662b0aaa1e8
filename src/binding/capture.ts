// Captures what an approval binds (SPEC §10): the digest of the executable that starts and of
// the script it runs, read once, with the bytes kept to run them (./copies.ts) and to check
// them again right before the start (./recheck.ts).
// Invariants:
//   1. `script` is the file named by a known interpreter's script operand (./script-operand.ts)
//      in any command the request runs, wrappers unwrapped; or else an executable that is
//      itself a `#!` script. Paths are taken relative to the request's cwd, as the command
//      will open them.
//   2. A script operand that cannot be read is a failure, not a null digest: otherwise a file
//      created after the approval would run unseen.
//   3. One request binds at most one script file; a request that runs several is refused.
import { resolveExecutable } from '../decide/resolve.js';
import type { PathProbe } from '../decide/types.js';
import { escapeInvisible } from '../shell/invisible.js';
import { ApproveRunError } from '../errors.js';
import { digestOf } from './digest.js';
import type { FileReader, FileSnapshot } from './file-reader.js';
import { scriptOperand } from './script-operand.js';

/** The request's `digests` field. */
export interface Digests {
  executable: string | null;
  script: string | null;
}

/** The digests and the snapshots they were computed from (executable first). */
export interface Capture {
  digests: Digests;
  files: FileSnapshot[];
}

export interface CaptureInput {
  /** Absolute path of the program that starts (argv mode: the judged real path; --shell: bash). */
  executable: string;
  /** Every simple command the request runs (Evaluation.commands). */
  commands: readonly string[][];
  cwd: string;
  securePath: string;
}

// `path` made absolute against `cwd`, without resolving symlinks (the command does that).
function absolute(path: string, cwd: string): string {
  if (path.startsWith('/')) return path;
  return cwd.endsWith('/') ? `${cwd}${path}` : `${cwd}/${path}`;
}

// True when the bytes are a `#!` script.
function isShebang(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x23 && bytes[1] === 0x21;
}

// The script path of one command (invariant 1), or null.
function scriptPathOf(argv: readonly string[], input: CaptureInput, probe: PathProbe, top: FileSnapshot, reader: FileReader): string | null {
  const operand = scriptOperand(argv);
  if (operand !== null) return absolute(operand, input.cwd);
  const found = resolveExecutable(argv[0] ?? '', input.cwd, input.securePath, probe);
  if (found === null) return null;
  if (found.real === top.real) return isShebang(top.bytes) ? top.path : null;
  return isShebang(reader.read(found.path).bytes) ? found.path : null;
}

/** Reads and hashes the executable and the script of a request (invariants 1-3). */
export function captureDigests(input: CaptureInput, reader: FileReader, probe: PathProbe): Capture {
  const top = reader.read(input.executable);
  const scripts = new Set<string>();
  for (const argv of input.commands) {
    const path = scriptPathOf(argv, input, probe, top, reader);
    if (path !== null) scripts.add(path);
  }
  if (scripts.size > 1) {
    throw new ApproveRunError('usage', `this request runs ${scripts.size} script files (${[...scripts].map(escapeInvisible).join(', ')}); one approval binds one script: run them in separate requests`);
  }
  const [scriptPath] = scripts;
  const script = scriptPath === undefined ? null : scriptPath === top.path ? top : reader.read(scriptPath);
  const files = script === null || script === top ? [top] : [top, script];
  return { digests: { executable: digestOf(top.bytes), script: script === null ? null : digestOf(script.bytes) }, files };
}
