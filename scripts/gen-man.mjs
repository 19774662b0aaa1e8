// Writes the man pages man/approve-run.1 and man/approve-run-policy.5 from the same tables as
// `--help` (src/cli.ts, src/commands/option-tables.ts) and the policy schema
// (src/policy/schema.ts), so the pages cannot drift from the program. `--check` compares
// instead of writing and exits 1 when a committed page is stale.
//   node scripts/gen-man.mjs           # regenerate man/
//   node scripts/gen-man.mjs --check   # verify it
// An extra argument names another directory to write or check (used by the tests).
import { build } from 'esbuild';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const target = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? join(root, 'man');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// Bundles the TypeScript renderers into a temporary module and calls them.
async function render() {
  const dir = mkdtempSync(join(tmpdir(), 'approve-run-man-'));
  try {
    const outfile = join(dir, 'render.mjs');
    await build({
      stdin: {
        contents: "export { renderCommandPage } from './src/man/command-page.ts';\nexport { renderPolicyPage } from './src/man/policy-page.ts';",
        resolveDir: root,
        loader: 'ts',
      },
      bundle: true,
      format: 'esm',
      platform: 'node',
      outfile,
      banner: { js: "import { createRequire as __mk } from 'node:module'; const require = __mk(import.meta.url);" },
      logLevel: 'warning',
    });
    const { renderCommandPage, renderPolicyPage } = await import(pathToFileURL(outfile).href);
    return { 'approve-run.1': renderCommandPage(version), 'approve-run-policy.5': renderPolicyPage(version) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pages = await render();
if (process.argv.includes('--check')) {
  const stale = Object.entries(pages).filter(([name, text]) => {
    try {
      return readFileSync(join(target, name), 'utf8') !== text;
    } catch {
      return true;
    }
  });
  for (const [name] of stale) process.stderr.write(`${join(target, name)} is stale: run npm run man\n`);
  process.exit(stale.length === 0 ? 0 : 1);
}
mkdirSync(target, { recursive: true });
for (const [name, text] of Object.entries(pages)) writeFileSync(join(target, name), text);
