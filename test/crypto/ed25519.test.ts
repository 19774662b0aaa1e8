// Ed25519 key text forms: what is accepted and what is refused.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateKeyPair, KeyFormatError, parsePrivateKey, parsePublicKey, rawPublicKey, signBytes, verifyBytes } from '../../src/crypto/ed25519.js';

describe('ed25519 keys', () => {
  it('generates a pair whose public line matches the private key and verifies its signatures', () => {
    const pair = generateKeyPair();
    expect(pair.publicLine).toMatch(/^ed25519:[A-Za-z0-9+/]{43}=$/);
    expect(pair.privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    const priv = parsePrivateKey(pair.privatePem);
    const pub = parsePublicKey(pair.publicLine);
    expect(rawPublicKey(priv)).toEqual(pub.raw);
    const message = Buffer.from('checkpoint');
    const signature = signBytes(priv, message);
    expect(verifyBytes(pub.key, message, signature)).toBe(true);
    expect(verifyBytes(pub.key, Buffer.from('checkpoinT'), signature)).toBe(false);
    expect(verifyBytes(pub.key, message, signature.subarray(1))).toBe(false);
  });

  it('accepts surrounding whitespace (a .pub file ends with a newline)', () => {
    const pair = generateKeyPair();
    expect(parsePublicKey(`  ${pair.publicLine}\n`).raw).toHaveLength(32);
  });

  it.each([
    ['no prefix', 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['wrong prefix', 'ssh-ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='],
    ['31 bytes', `ed25519:${Buffer.alloc(31, 1).toString('base64')}`],
    ['33 bytes', `ed25519:${Buffer.alloc(33, 1).toString('base64')}`],
    ['not base64', 'ed25519:!!!!'],
    ['non-canonical base64', 'ed25519:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'],
    ['empty', ''],
  ])('refuses a public key with %s', (_name, text) => {
    expect(() => parsePublicKey(text)).toThrow(KeyFormatError);
  });

  it('refuses private keys that are not Ed25519 PKCS#8 PEM', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(() => parsePrivateKey(rsa)).toThrow(/not an Ed25519 key/);
    expect(() => parsePrivateKey('garbage')).toThrow(KeyFormatError);
  });
});
