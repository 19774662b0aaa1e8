// `approve-run approve|deny <request-id> --key FILE [--as ID] [--reason TEXT] --server URL
// [-p POLICY]` (SPEC §13): fetch the request from the approval service, show it, sign the
// decision with the approver's Ed25519 key and post it through the service.
// Invariants:
//   1. In privileged mode (SPEC §11) the --key file and the -p policy are opened with the
//      invoker's rights (src/files/input-file.ts): a regular file of at most MAX_KEY_BYTES, never
//      a FIFO, a device or a file only root may read; every refusal is one line.
//   2. What is signed is bound to the request shown (src/service/client.ts invariant 1).
//   3. Without --as, the approver is the one entry of -p POLICY whose key is this key's
//      public half; none or several is a usage error, never a guess.
import { resolve } from 'node:path';
import type { KeyObject } from 'node:crypto';
import { renderRequest } from '../approval/terminal/render.js';
import type { Context } from '../context.js';
import { formatPublicKey, KeyFormatError, parsePrivateKey, privateKeyFromSeed, rawPublicKey } from '../crypto/ed25519.js';
import { ApproveRunError, usageError } from '../errors.js';
import { escapeInvisible } from '../shell/invisible.js';
import { readNamedFile } from '../files/input-file.js';

export interface ApproveOptions {
  decision: 'approve' | 'deny';
  id: string;
  key?: string;
  as?: string;
  reason?: string;
  server?: string;
  policy?: string;
}

const APPROVER_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
/** A PKCS#8 PEM Ed25519 key is about 120 bytes; anything much larger is not a key. */
const MAX_KEY_BYTES = 16 * 1024;

// The private key in `path`, read as the invoker (invariant 1): PKCS#8 PEM (keygen) or a
// base64 32-byte seed.
function readKey(path: string, ctx: Context): KeyObject {
  const text = readNamedFile({ path, what: '--key', limit: MAX_KEY_BYTES, fail: usageError }, ctx.identity).toString('utf8');
  try {
    if (text.includes('-----BEGIN')) return parsePrivateKey(text);
    return privateKeyFromSeed(Buffer.from(text.trim(), 'base64'));
  } catch (error) {
    throw usageError(`key ${path}: ${error instanceof KeyFormatError ? error.message : 'not an Ed25519 private key'}`);
  }
}

// The approver id: --as, or the single policy approver holding this key (invariant 3).
async function approverFor(options: ApproveOptions, key: KeyObject, ctx: Context): Promise<string> {
  if (options.as !== undefined) {
    if (!APPROVER_ID.test(options.as)) throw usageError(`--as ${JSON.stringify(options.as)} is not an approver id`);
    return options.as;
  }
  if (options.policy === undefined) throw usageError('give --as <approver-id>, or -p POLICY naming exactly one approver with this key');
  const { readPolicyBytes } = await import('../policy/read-file.js');
  const { loadPolicyFile } = await import('../policy/load.js');
  const path = resolve(ctx.cwd, options.policy);
  const policy = loadPolicyFile(options.policy, readPolicyBytes(path, ctx.identity));
  const line = formatPublicKey(rawPublicKey(key));
  const ids = Object.values(policy.approvers).filter((a) => a.key === line).map((a) => a.id);
  if (ids.length !== 1) throw usageError(`${options.policy} names ${ids.length === 0 ? 'no approver' : `${ids.length} approvers (${ids.join(', ')})`} with this key; give --as`);
  return ids[0] as string;
}

// The --server URL, http(s) only.
function serverUrl(text: string | undefined): URL {
  if (text === undefined) throw usageError('give --server URL (the approval service\'s public_url)');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`--server ${JSON.stringify(text)} is not a URL`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') throw usageError('--server must be an http(s) URL without credentials');
  return url;
}

/** Signs and posts one decision; resolves to 0 when the service took it. */
export async function runApprove(options: ApproveOptions, ctx: Context): Promise<number> {
  if (options.key === undefined) throw usageError('give --key FILE (your Ed25519 private key)');
  const server = serverUrl(options.server);
  const key = readKey(resolve(ctx.cwd, options.key), ctx);
  const approver = await approverFor(options, key, ctx);
  const { fetchRequest, postDecision, signDecision } = await import('../service/client.js');
  const fetched = await fetchRequest(server, options.id);
  if ('problem' in fetched) throw new ApproveRunError('internal', `cannot fetch request ${escapeInvisible(options.id)}: ${fetched.problem}`);
  ctx.stdout.write(renderRequest(fetched.request, ctx.clock.now()));
  ctx.stdout.write(`  ${'hash'.padEnd(11)} ${fetched.requestHash}\n`);
  const decision = signDecision({ ...fetched, decision: options.decision, approver, reason: options.reason ?? null, key, now: ctx.clock.now() });
  const problem = await postDecision(server, decision);
  if (problem !== null) throw new ApproveRunError('internal', `the service did not take the decision: ${problem}`);
  ctx.stdout.write(`${options.decision === 'approve' ? 'approved' : 'denied'} as ${approver}; the host verifies the signature against its policy\n`);
  return 0;
}
