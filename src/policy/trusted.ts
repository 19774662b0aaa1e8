// The one way every command obtains the policy it enforces (SPEC §3, §4): locate the file,
// read it through the trust checks, then use the cached compiled form when it was made from
// exactly those bytes by this build (./cache.ts), else run the full loader and cache its result.
import { resolvePolicyPath } from '../config/locations.js';
import { readPolicyBytes } from '../config/trust.js';
import type { Context } from '../context.js';
import { BUILD_ID } from '../build-id.js';
import { policyCacheLocation, policyDigest, readCachedPolicy, writeCachedPolicy } from './cache.js';
import type { Policy } from './types.js';

/** Parses and validates a policy file's bytes read from `path` (src/policy/load.ts). */
export type PolicyLoader<R extends Policy | Promise<Policy>> = (path: string, bytes: Buffer) => R;

/** The full loader, imported only when the cache cannot answer, so a hit never loads YAML or the schema. */
export async function loadPolicyLazily(path: string, bytes: Buffer): Promise<Policy> {
  const { loadPolicyFile } = await import('./load.js');
  return loadPolicyFile(path, bytes);
}

/**
 * The policy for this caller: `--policy`, `$APPROVE_RUN_POLICY` or the system file (refusing
 * caller choices in privileged mode), read with the trust checks of src/config/trust.ts.
 * `load` runs only on a cache miss; with a synchronous loader the result is synchronous.
 * `build` is the build id entries must carry (null: no cache).
 * @throws ApproveRunError (exit 125) for a refused, unreadable or invalid policy.
 */
export function trustedPolicy(ctx: Pick<Context, 'identity' | 'env' | 'cwd'>, flag: string | undefined, load: PolicyLoader<Policy>, build?: string | null): Policy;
export function trustedPolicy(
  ctx: Pick<Context, 'identity' | 'env' | 'cwd'>,
  flag: string | undefined,
  load: PolicyLoader<Promise<Policy>>,
  build?: string | null,
): Promise<Policy>;
export function trustedPolicy(
  ctx: Pick<Context, 'identity' | 'env' | 'cwd'>,
  flag: string | undefined,
  load: PolicyLoader<Policy | Promise<Policy>>,
  build: string | null = BUILD_ID,
): Policy | Promise<Policy> {
  const path = resolvePolicyPath(ctx, flag);
  const bytes = readPolicyBytes(path, ctx.identity);
  if (build === null) return load(path, bytes);
  const location = policyCacheLocation(ctx.identity, ctx.env);
  const key = { path, digest: policyDigest(bytes), build };
  const cached = readCachedPolicy(location, key);
  if (cached !== null) return cached;
  const store = (policy: Policy): Policy => {
    writeCachedPolicy(location, key, policy);
    return policy;
  };
  const loaded = load(path, bytes);
  return loaded instanceof Promise ? loaded.then(store) : store(loaded);
}
