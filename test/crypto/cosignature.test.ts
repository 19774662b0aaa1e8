// C2SP tlog-cosignature cosignature/v1 (src/crypto/cosignature.ts): key ID, message layout,
// and refusal of anything altered.
import { createHash, generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { cosign, cosignerKeyId, parseCosignature, verifyCosignature } from '../../src/crypto/cosignature.js';
import { rawPublicKey } from '../../src/crypto/ed25519.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const raw = rawPublicKey(publicKey);
const body = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';

describe('cosignature/v1', () => {
  it('is a note signature line: key ID (0x04), big-endian time, Ed25519 over the v1 message', () => {
    const line = cosign(body, 1679315147, 'witness.example.com/w1', privateKey, raw);
    expect(line).toMatch(/^— witness\.example\.com\/w1 [A-Za-z0-9+/]+=*\n$/);
    const blob = Buffer.from(line.trim().split(' ')[2] as string, 'base64');
    expect(blob.length).toBe(76);
    const id = createHash('sha256').update(Buffer.concat([Buffer.from('witness.example.com/w1\n'), Buffer.from([4]), raw])).digest().subarray(0, 4);
    expect(blob.subarray(0, 4)).toEqual(id);
    expect(cosignerKeyId('witness.example.com/w1', raw)).toEqual(id);
    expect(blob.readBigUInt64BE(4)).toBe(1679315147n);
    const message = Buffer.from(`cosignature/v1\ntime 1679315147\n${body}`);
    expect(verify(null, message, publicKey, blob.subarray(12))).toBe(true);
    expect(verifyCosignature(line, body, publicKey, raw)).toBe(true);
  });

  it('does not verify on another body, another key, another name, or a changed time', () => {
    const line = cosign(body, 1700000000, 'w', privateKey, raw);
    const other = generateKeyPairSync('ed25519');
    expect(verifyCosignature(line, body.replace('20852163', '20852164'), publicKey, raw)).toBe(false);
    expect(verifyCosignature(line, body, other.publicKey, rawPublicKey(other.publicKey))).toBe(false);
    expect(verifyCosignature(line.replace('— w ', '— v '), body, publicKey, raw)).toBe(false);
    const blob = Buffer.from(line.trim().split(' ')[2] as string, 'base64');
    blob.writeBigUInt64BE(1700000001n, 4);
    expect(verifyCosignature(`— w ${blob.toString('base64')}\n`, body, publicKey, raw)).toBe(false);
    blob.writeBigUInt64BE(0n, 4);
    expect(parseCosignature(`— w ${blob.toString('base64')}`)).toBeNull();
    for (const bad of ['', '—', '— w', '— w !!', `— w ${blob.subarray(1).toString('base64')}`, `- w ${blob.toString('base64')}`, `— w ${blob.toString('base64')} x`]) {
      expect(parseCosignature(bad)).toBeNull();
      expect(verifyCosignature(bad, body, publicKey, raw)).toBe(false);
    }
    expect(() => cosign(body, 0, 'w', privateKey, raw)).toThrow();
  });
});
