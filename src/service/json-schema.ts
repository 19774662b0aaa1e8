// service.schema.json for editors, generated from the zod schema so the two cannot drift.
// scripts/gen-schema.mjs writes it; test/service/schema-drift.test.ts compares.
import { z } from 'zod';
import { serviceConfigSchema } from './config-schema.js';

/** The JSON Schema (draft 2020-12) of the service configuration, as the committed text. */
export function renderServiceJsonSchema(): string {
  const schema = z.toJSONSchema(serviceConfigSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' });
  return `${JSON.stringify(schema, null, 2)}\n`;
}
