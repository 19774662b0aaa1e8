// Default policy settings for tests that build policies or expansions by hand.
import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
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
  audit: { db: null, checkpoint_key: null, checkpoint_interval: 1, witness: null },
  confine: 'required',
};

const CHECKOUT = resolve(import.meta.dirname, '../..');
const TMP = resolve(tmpdir());
/** The running Node's installation (bin/node and its libraries), for `#!/path/to/node` fixtures. */
const NODE_HOME = resolve(dirname(process.execPath), '..');
const underTmp = (path: string): boolean => path.startsWith(`${TMP}/`);

/**
 * A rule's `confine:` for test commands that write into the tests' temporary directories
 * (tempDir()): read-only as allow rules are, with those directories writable (SPEC §9). A
 * checkout under the temporary directory (as a CI clone may be) would be hidden by the
 * sandbox's private /tmp, so it is bound too, for the fixtures and modules the commands load; so
 * is a Node installation there (CI's Node 22 and 24), which fixtures name as their interpreter.
 */
export const WRITES_TEMP = `{ filesystem: read-only, writable: ${JSON.stringify([`${TMP}/approve-run-*`, ...[CHECKOUT, NODE_HOME].filter(underTmp)])} }`;
