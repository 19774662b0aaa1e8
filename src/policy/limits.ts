// Size limits for policy files, in a module of their own so the file readers can use them
// without loading the YAML parser and the schema.

/** Larger policy files are refused before parsing. */
export const MAX_POLICY_BYTES = 1024 * 1024;
