// Every entry of the dangerous-option table, flattened for checks on its sources.
import { FIND_ACTIONS, GIT_GLOBAL, GIT_OPTIONS, GO_FLAGS, NPM_OPTIONS, TOOL_TABLES, type DangerousOption } from '../../src/knowledge/dangerous-options.js';

export const DANGEROUS_SOURCES: readonly DangerousOption[] = [
  ...FIND_ACTIONS, ...GIT_GLOBAL, ...GIT_OPTIONS, ...GO_FLAGS, ...NPM_OPTIONS, ...TOOL_TABLES.flatMap((t) => t.options),
];
