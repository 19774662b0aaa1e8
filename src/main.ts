// Entry point: the only module that ends the process. Everything else throws typed errors
// (src/errors.ts) or returns an exit code. It loads the fast path through the compile cache
// (src/config/compile-cache.ts); an invocation the fast path does not finish goes to the full
// program, which is loaded only then. In privileged mode each part's code is checked to be
// root's alone before it is loaded (src/config/code-trust.ts), after the environment is
// checked for variables that steer Node itself (src/config/runtime-env.ts).
import { dirname, join } from 'node:path';
import { checkCodeFiles, fastPathCode, mayBePrivileged, programCode } from './config/code-trust.js';
import { enableNodeCompileCache, hasNodeCompileCache, loadBundle, type LoadedBundle } from './config/compile-cache.js';
import { refuseRuntimeEnvironment } from './config/runtime-env.js';
import { exitCodeFor, messageFor } from './errors.js';
import { stdoutFailureLine, writeFailure } from './stdout-failure.js';

type FastPath = typeof import('./fast-path.js');

/** The exit code that makes an agent block the call (src/commands/hook-deadline.ts), kept here so main loads nothing more. */
const HOOK_EXIT = 2;

// The fast path: as an ES module under Node's own compile cache (Node >= 22.1: better-sqlite3
// 12 objects freed from a CommonJS module's heap can abort Node 24 at exit), else the CommonJS
// bundle through the vm.Script code cache. An agent hook loads its own, smaller bundle
// (src/hook-path.ts, CommonJS only: it holds no better-sqlite3), with the same contract.
async function loadFastPath(hook: boolean): Promise<{ fast: FastPath; bundle: LoadedBundle | null }> {
  const file = join(import.meta.dirname, hook ? 'hook.cjs' : hasNodeCompileCache() ? 'fast-path.mjs' : 'fast-path.cjs');
  if (privileged) {
    refuseRuntimeEnvironment(process.env);
    checkCodeFiles(fastPathCode(packageRoot, process.argv[1], file));
  }
  if (hasNodeCompileCache()) {
    enableNodeCompileCache(process.env);
    if (!hook) return { fast: await import('./fast-path.js'), bundle: null };
  }
  // This file only runs as the CommonJS dist/main.cjs (scripts/build.mjs): its own require()
  // resolves as the bundle's would, from the same directory.
  const bundle = loadBundle(file, process.env, require);
  return { fast: bundle.exports as FastPath, bundle };
}

/** An invocation's exit code, whether stdout may hold output still to drain, and whether it went the whole allow path. */
interface Ending {
  code: number;
  stdout: boolean;
  allowed: boolean;
}

// The invocation's ending.
async function main(argv: string[], fast: FastPath): Promise<Ending> {
  const outcome = await fast.runFast(argv);
  if ('exitCode' in outcome) return { code: outcome.exitCode, stdout: outcome.stdout, allowed: outcome.allowed };
  if (privileged) checkCodeFiles(programCode(packageRoot));
  const { runProgram } = await import('./program.js');
  return { code: await runProgram(argv, outcome.handOver), stdout: true, allowed: false };
}

// Exits with `code`, or 125 when approve-run's own output could not be written (the error
// event of a last failed write is delivered before the setImmediate that calls this).
function exitAfterOutput(code: number): void {
  const failure = writeFailure(process.stdout);
  if (failure === null) process.exit(code);
  process.stderr.write(stdoutFailureLine(failure));
  process.exit(125);
}

/** The installed package: the parent of dist/. */
const packageRoot = dirname(import.meta.dirname);
const privileged = mayBePrivileged(process.env);
let bundle: LoadedBundle | null = null;
// An agent hook blocks however it fails: these agents run the tool on any other exit code.
const hook = process.argv[2] === 'hook';
void loadFastPath(hook)
  .then((loaded) => {
    bundle = loaded.bundle;
    return main(process.argv.slice(2), loaded.fast);
  })
  .catch((error: unknown): Ending => {
    process.stderr.write(hook ? `approve-run hook: blocked: ${messageFor(error)}\n` : `approve-run: ${messageFor(error)}\n`);
    return { code: hook ? HOOK_EXIT : exitCodeFor(error), stdout: false, allowed: false };
  })
  .then(({ code, stdout, allowed }) => {
    // The code cache is best made by a run that compiled the whole allow path.
    bundle?.save(allowed);
    // Let piped stdout drain before exiting; a pending write would otherwise be cut off. A run
    // that never set stdout up has nothing pending (and skips setting it up just for this).
    if (stdout) process.stdout.write('', () => setImmediate(() => exitAfterOutput(code)));
    else process.exit(code);
  });
