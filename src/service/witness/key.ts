// The witness's own identity (SPEC §13, §15): its Ed25519 key from `witness.key_file`, the
// public key keygen wrote beside it, and its cosigner name; and the hosts' checkpoint keys.
// Invariants:
//   1. The private key is read as a secret (../secrets.ts): owned by root or the service's
//      user, not readable or writable by group or others, no symbolic link.
//   2. When keygen's public key file beside it exists (`witness.key` → `witness.pub`) it must
//      hold the same key: a witness never cosigns with a
//      key other than the one its hosts and auditors were given.
//   3. Every configured host's checkpoint key is parsed once, at start.
import { existsSync } from 'node:fs';
import type { KeyObject } from 'node:crypto';
import { parsePrivateKey, parsePublicKey, rawPublicKey } from '../../crypto/ed25519.js';
import { isValidKeyName } from '../../crypto/note.js';
import { policyError } from '../../errors.js';
import type { ServiceConfigDocument } from '../config-schema.js';
import { readTrustedFile } from '../secrets.js';

/** A host's checkpoint key, by host name. */
export interface LogKey {
  host: string;
  key: KeyObject;
  raw: Buffer;
}

/** What the witness routes need. */
export interface WitnessIdentity {
  /** The cosigner name: public_url without its scheme. */
  name: string;
  key: KeyObject;
  raw: Buffer;
  logs: LogKey[];
}

/** The cosigner name for a public URL: host and path, no scheme, no trailing slash. */
export function witnessName(publicUrl: string): string {
  const url = new URL(publicUrl);
  const name = `${url.host}${url.pathname.replace(/\/+$/, '')}`;
  if (!isValidKeyName(name)) throw policyError(`public_url ${publicUrl} does not make a valid witness name`);
  return name;
}

/** Where keygen put the public key of `keyFile`: PREFIX.key → PREFIX.pub. */
export function publicKeyFile(keyFile: string): string {
  return keyFile.endsWith('.key') ? `${keyFile.slice(0, -'.key'.length)}.pub` : `${keyFile}.pub`;
}

/** Loads the witness identity, or null when the configuration has no `witness` section. */
export function loadWitness(config: ServiceConfigDocument): WitnessIdentity | null {
  if (config.witness === undefined) return null;
  const file = config.witness.key_file;
  const pem = readTrustedFile(file, `witness.key_file ${file}`, { secret: true, limit: 4096 }).toString('utf8');
  let key: KeyObject;
  try {
    key = parsePrivateKey(pem);
  } catch (error) {
    throw policyError(`witness.key_file ${file}: ${(error as Error).message}`);
  }
  const raw = rawPublicKey(key);
  const pubFile = publicKeyFile(file);
  if (existsSync(pubFile)) {
    const text = readTrustedFile(pubFile, `witness public key ${pubFile}`, { secret: false, limit: 4096 }).toString('utf8');
    let pub: Buffer;
    try {
      pub = parsePublicKey(text).raw;
    } catch (error) {
      throw policyError(`witness public key ${pubFile}: ${(error as Error).message}`);
    }
    if (!pub.equals(raw)) throw policyError(`witness public key ${pubFile} does not match witness.key_file`);
  }
  const logs: LogKey[] = [];
  for (const [host, entry] of Object.entries(config.hosts)) {
    if (entry.checkpoint_key === undefined) continue;
    const parsed = parsePublicKey(entry.checkpoint_key);
    logs.push({ host, key: parsed.key, raw: parsed.raw });
  }
  return { name: witnessName(config.public_url), key, raw, logs };
}
