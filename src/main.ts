// Entry point: the only module that ends the process. Everything else throws typed errors
// (src/errors.ts) or returns an exit code. It loads the fast path through the compile cache
// (src/config/compile-cache.ts); an invocation the fast path does not finish goes to the full
// program, which is loaded only then.
import { fileURLToPath } from 'node:url';
import { enableNodeCompileCache, hasNodeCompileCache, loadBundle, type LoadedBundle } from './config/compile-cache.js';
import { exitCodeFor, messageFor } from './errors.js';

type FastPath = typeof import('./fast-path.js');

// The fast path: as an ES module under Node's own compile cache (Node >= 22.1: better-sqlite3
// 12 objects freed from a CommonJS module's heap can abort Node 24 at exit), else the CommonJS
// bundle through the vm.Script code cache.
async function loadFastPath(): Promise<{ fast: FastPath; bundle: LoadedBundle | null }> {
  if (hasNodeCompileCache()) {
    enableNodeCompileCache(process.env);
    return { fast: await import('./fast-path.js'), bundle: null };
  }
  const bundle = loadBundle(fileURLToPath(new URL('./fast-path.cjs', import.meta.url)), process.env);
  return { fast: bundle.exports as FastPath, bundle };
}

// The invocation's exit code.
async function main(argv: string[], fast: FastPath): Promise<number> {
  const outcome = await fast.runFast(argv);
  if ('exitCode' in outcome) return outcome.exitCode;
  const { runProgram } = await import('./program.js');
  return runProgram(argv, outcome.handOver);
}

let bundle: LoadedBundle | null = null;
void loadFastPath()
  .then((loaded) => {
    bundle = loaded.bundle;
    return main(process.argv.slice(2), loaded.fast);
  })
  .catch((error: unknown) => {
    process.stderr.write(`approve-run: ${messageFor(error)}\n`);
    return exitCodeFor(error);
  })
  .then((code) => {
    bundle?.save();
    // Let piped stdout drain before exiting; a pending write would otherwise be cut off.
    process.stdout.write('', () => process.exit(code));
  });
