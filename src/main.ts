// Entry point: the only module that ends the process. Everything else throws typed errors
// (src/errors.ts) or returns an exit code. It turns on V8's compile cache where Node has one
// and a trusted directory exists, then loads the fast path, which runs allowed commands itself
// and hands anything else to the full program.
import { enableCompileCache } from './config/compile-cache.js';
import { exitCodeFor, messageFor } from './errors.js';

// The invocation's exit code.
async function main(): Promise<number> {
  enableCompileCache(process.env);
  const { runFastOrFull } = await import('./fast-path.js');
  return runFastOrFull(process.argv.slice(2));
}

void main()
  .catch((error: unknown) => {
    process.stderr.write(`approve-run: ${messageFor(error)}\n`);
    return exitCodeFor(error);
  })
  // Let piped stdout drain before exiting; a pending write would otherwise be cut off.
  .then((code) => process.stdout.write('', () => process.exit(code)));
