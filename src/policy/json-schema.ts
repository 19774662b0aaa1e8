// policy.schema.json for editors, generated from the zod schema so the two cannot drift.
// scripts/gen-schema.mjs writes it; test/policy/schema-drift.test.ts compares.
import { z } from 'zod';
import { policySchema } from './schema.js';

/** The JSON Schema (draft 2020-12) of the policy file, as the exact text committed to the repo. */
export function renderPolicyJsonSchema(): string {
  const schema = z.toJSONSchema(policySchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
