// Writes the man pages man/approve-run.1 and man/approve-run-policy.5 from the same tables as
// `--help` (src/cli.ts, src/commands/option-tables.ts) and the policy schema
// (src/policy/schema.ts), so the pages cannot drift from the program. `--check` compares
// instead of writing and exits 1 when a committed page is stale.
//   node scripts/gen-man.mjs           # regenerate man/
//   node scripts/gen-man.mjs --check   # verify it
// An extra argument names another directory to write or check (used by the tests).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTs, root } from './load-ts.mjs';

const target = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? join(root, 'man');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// Renders both pages from the TypeScript renderers.
async function render() {
  const { renderCommandPage, renderPolicyPage } = await loadTs(
    "export { renderCommandPage } from './src/man/command-page.ts';\nexport { renderPolicyPage } from './src/man/policy-page.ts';",
  );
  return { 'approve-run.1': renderCommandPage(version), 'approve-run-policy.5': renderPolicyPage(version) };
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
