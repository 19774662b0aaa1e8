// Reads and validates the service configuration (SPEC §13) the way a policy is validated:
// YAML (src/policy/yaml-source.ts) → strict zod schema → file:line:col problems
// (src/policy/problems.ts). Then, for `serve`, reads every host's secret with the trust checks.
// Invariants:
//   1. A configuration is returned only with zero problems.
//   2. The configuration file passes ./secrets.ts's owner checks: root-owned when the service
//      runs as root (so in privileged mode), never writable by group or others.
//   3. Host secrets are read only from files that pass the secret checks; no secret is taken
//      from the environment or the command line.
import { issuesFromZod } from '../policy/issues.js';
import { MAX_POLICY_BYTES } from '../policy/limits.js';
import { sortProblems, toProblems, type Problem } from '../policy/problems.js';
import { readYaml } from '../policy/yaml-source.js';
import { serviceConfigSchema, type ServiceConfigDocument } from './config-schema.js';
import { readSecret, readTrustedFile } from './secrets.js';

export type ConfigValidation = { config: ServiceConfigDocument } | { problems: Problem[] };

/** The loaded configuration plus each host's HMAC secret. */
export interface ServiceConfig extends ServiceConfigDocument {
  secrets: Map<string, string>;
}

/** Validates configuration text; `file` is how messages name it. Pure. */
export function validateServiceConfig(file: string, bytes: Buffer): ConfigValidation {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { problems: [{ file, line: 1, col: 1, message: 'the file is not valid UTF-8' }] };
  }
  if (bytes.length > MAX_POLICY_BYTES) return { problems: [{ file, line: 1, col: 1, message: `the file is larger than ${MAX_POLICY_BYTES} bytes` }] };
  const read = readYaml(file, text, 'mapping', 'a service configuration mapping (version, listen, public_url, storage, hosts, ...)');
  if ('problems' in read) return { problems: sortProblems(read.problems) };
  const { data, locate } = read.source;
  const parsed = serviceConfigSchema.safeParse(data);
  if (!parsed.success) return { problems: sortProblems(toProblems(file, issuesFromZod(parsed.error.issues, data, serviceConfigSchema), locate)) };
  return { config: parsed.data };
}

/** The configuration file's bytes, with the owner checks (invariant 2). */
export function readConfigBytes(path: string): Buffer {
  return readTrustedFile(path, `service configuration ${path}`, { secret: false, limit: MAX_POLICY_BYTES + 1 });
}

/**
 * Refuses a configuration whose storage URL holds a password (postgres://user:PASSWORD@...)
 * while group or others may read the file: it is then a secret file (invariant 3).
 */
export function checkStoragePassword(path: string, config: ServiceConfigDocument): void {
  let password = '';
  try {
    password = new URL(config.storage).password;
  } catch {
    // A URL that does not parse has no password to protect; opening the storage refuses it.
  }
  if (password !== '') readTrustedFile(path, `service configuration ${path} (its storage URL holds a password)`, { secret: true, limit: MAX_POLICY_BYTES + 1 });
}

/** Every host's secret, read with the secret checks (invariant 3). */
export function readHostSecrets(config: ServiceConfigDocument): Map<string, string> {
  const secrets = new Map<string, string>();
  for (const [host, entry] of Object.entries(config.hosts)) secrets.set(host, readSecret(entry.secret_file, `hosts.${host}.secret_file ${entry.secret_file}`));
  return secrets;
}
