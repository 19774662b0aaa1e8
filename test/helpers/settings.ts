// Default policy settings for tests that build policies or expansions by hand.
import { tmpdir } from 'node:os';
import { DEFAULT_ENV_KEEP, DEFAULT_SECURE_PATH, type Settings } from '../../src/policy/types.js';

export const settings: Settings = {
  default: 'deny',
  approval_timeout_s: 300,
  max_runtime_s: 3600,
  kill_grace_s: 10,
  require_reason: false,
  secure_path: DEFAULT_SECURE_PATH,
  env_keep: [...DEFAULT_ENV_KEEP],
  redact: [],
  audit: { db: null, checkpoint_key: null, checkpoint_interval: 1 },
  confine: 'required',
};

/**
 * A rule's `confine:` for test commands that write into the tests' temporary directories
 * (tempDir()): read-only as allow rules are, with those directories writable (SPEC §9).
 */
export const WRITES_TEMP = `{ filesystem: read-only, writable: ["${tmpdir()}/approve-run-*"] }`;
