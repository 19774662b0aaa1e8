// The witness bench (./witness.mjs) on PostgreSQL: starts a throwaway cluster
// (test/helpers/postgres.ts), runs the same 200-host load against a fresh database, and passes
// its figures on. Needs `npm run build` and Debian's postgresql (scripts/install-test-tools.sh).
// The last stdout line is a JSON object of figures.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadTs } from '../scripts/load-ts.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

try {
  const { startPostgres } = await loadTs("export { startPostgres } from './test/helpers/postgres.ts';");
  const cluster = await startPostgres();
  try {
    const db = await cluster.createDatabase();
    const r = spawnSync(process.execPath, [join(root, 'bench/witness.mjs'), '--storage', db], { cwd: root, maxBuffer: 64 << 20 });
    console.log(r.stdout.toString().trim().split('\n').pop() ?? JSON.stringify({ error: `witness.mjs exited ${r.status}` }));
  } finally {
    await cluster.stop();
  }
} catch (error) {
  console.log(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
}
