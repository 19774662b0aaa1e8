// Writes policy.schema.json from the zod policy schema (src/policy/schema.ts), so the shipped
// JSON Schema and the validator cannot drift. `--check` compares instead of writing and exits 1
// when the committed file is stale.
//   node scripts/gen-schema.mjs           # regenerate policy.schema.json
//   node scripts/gen-schema.mjs --check   # verify it
// An extra argument names another file to write or check (used by the tests).
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? join(root, 'policy.schema.json');

// Bundles the TypeScript renderer into a temporary module and calls it.
async function render() {
  const dir = mkdtempSync(join(tmpdir(), 'approve-run-schema-'));
  try {
    const outfile = join(dir, 'render.mjs');
    await build({
      stdin: { contents: "export { renderPolicyJsonSchema } from './src/policy/json-schema.ts';", resolveDir: root, loader: 'ts' },
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile,
      logLevel: 'warning',
    });
    const { renderPolicyJsonSchema } = await import(pathToFileURL(outfile).href);
    return renderPolicyJsonSchema();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const text = await render();
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    current = '';
  }
  if (current !== text) {
    console.error(`${target} is out of date; run: node scripts/gen-schema.mjs`);
    process.exit(1);
  }
} else {
  writeFileSync(target, text);
}
