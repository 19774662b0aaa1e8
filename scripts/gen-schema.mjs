// Writes policy.schema.json from the zod policy schema (src/policy/schema.ts), and
// service.schema.json from the service configuration schema (src/service/config-schema.ts), so
// the shipped JSON Schemas and the validators cannot drift. `--check` compares instead of
// writing and exits 1 when a committed file is stale.
//   node scripts/gen-schema.mjs           # regenerate both
//   node scripts/gen-schema.mjs --check   # verify both
// An extra argument names another file to write or check instead (used by the tests); with
// `--service` that file gets the service schema, otherwise the policy schema.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTs, root } from './load-ts.mjs';

const explicit = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
const service = process.argv.includes('--service');

// Renders both schemas from the TypeScript renderers.
async function render() {
  const { renderPolicyJsonSchema, renderServiceJsonSchema } = await loadTs(
    "export { renderPolicyJsonSchema } from './src/policy/json-schema.ts';\nexport { renderServiceJsonSchema } from './src/service/json-schema.ts';",
  );
  return { policy: renderPolicyJsonSchema(), service: renderServiceJsonSchema() };
}

const rendered = await render();
const targets = explicit !== undefined
  ? [[explicit, service ? rendered.service : rendered.policy]]
  : [[join(root, 'policy.schema.json'), rendered.policy], [join(root, 'service.schema.json'), rendered.service]];
let stale = false;
for (const [target, text] of targets) {
  if (!process.argv.includes('--check')) {
    writeFileSync(target, text);
    continue;
  }
  let current = '';
  try {
    current = readFileSync(target, 'utf8');
  } catch {
    current = '';
  }
  if (current !== text) {
    console.error(`${target} is out of date; run: node scripts/gen-schema.mjs`);
    stale = true;
  }
}
if (stale) process.exit(1);
