// Which program a request starts, and with which argv (SPEC §4.1, §4.4, §6).
// Invariants:
//   1. argv mode starts exactly the real path the decision resolved (through secure_path, never
//      the caller's PATH); a command it could not resolve never starts (126/127).
//   2. A shell line runs as `bash --noprofile --norc -c LINE`, bash found through secure_path.
//   3. Both are checked for executability here, before approvers are asked.
import type { PathProbe } from '../decide/types.js';
import { ApproveRunError } from '../errors.js';
import { assertExecutable, explainUnresolved } from './preflight.js';

export interface Program {
  /** Absolute real path to execute. */
  file: string;
  /** argv, argv[0] as requested (or `bash` for a shell line). */
  argv: string[];
}

export interface ProgramRequest {
  /** argv after `--`; for a shell line, the one-element line. */
  argv: string[];
  shell: string | null;
  /** The decision's resolved executable (argv mode). */
  executable: string | null;
  cwd: string;
  securePath: string;
}

/** The real path of `bash` in secure_path; throws 127 if there is none. */
export function findShell(securePath: string, paths: PathProbe): string {
  for (const dir of securePath.split(':')) {
    if (!dir.startsWith('/')) continue;
    const candidate = `${dir.replace(/\/+$/, '')}/bash`;
    if (!paths.isExecutableFile(candidate)) continue;
    const real = paths.realpath(candidate);
    if (real !== null) return real;
  }
  throw new ApproveRunError('not_found', 'bash: not found in secure_path (needed for --shell)');
}

/** The program to start for a request; throws ApproveRunError 126/127 when it cannot start. */
export function programFor(request: ProgramRequest, paths: PathProbe): Program {
  if (request.shell !== null) {
    const file = findShell(request.securePath, paths);
    assertExecutable(file, 'bash');
    return { file, argv: ['bash', '--noprofile', '--norc', '-c', request.shell] };
  }
  const name = request.argv[0] ?? '';
  if (request.executable === null) explainUnresolved(name, request.cwd, request.securePath);
  assertExecutable(request.executable, name);
  return { file: request.executable, argv: request.argv };
}
