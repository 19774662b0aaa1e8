// Entry point: the only module that ends the process. Everything else throws typed errors
// (src/errors.ts) or returns an exit code.
import { runCli } from './cli.js';
import { exitCodeFor, messageFor } from './errors.js';

let code: number;
try {
  code = await runCli(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`approve-run: ${messageFor(error)}\n`);
  code = exitCodeFor(error);
}
// Let piped stdout drain before exiting; a pending write would otherwise be cut off.
process.stdout.write('', () => process.exit(code));
