// RFC 6238 time-based one-time passwords (on RFC 4226 HOTP), with node:crypto only.
// Invariants:
//   1. Codes are compared in constant time.
//   2. Only the current step and one step either side are accepted (RFC 6238 §5.2), and the
//      caller is told which step matched so a code can be refused the second time.
import { createHmac, timingSafeEqual } from 'node:crypto';

export type TotpAlgorithm = 'sha1' | 'sha256' | 'sha512';

export interface TotpOptions {
  /** Seconds per step (X in RFC 6238); 30 by default. */
  step?: number;
  digits?: number;
  algorithm?: TotpAlgorithm;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (case, spaces, dashes and padding ignored); null if malformed. */
export function base32Decode(text: string): Buffer | null {
  const clean = text.replace(/[\s-]/g, '').replace(/=+$/, '').toUpperCase();
  if (clean.length === 0 || !/^[A-Z2-7]+$/.test(clean)) return null;
  const out: number[] = [];
  let bits = 0;
  let value = 0;
  for (const ch of clean) {
    value = (value << 5) | ALPHABET.indexOf(ch);
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP value for `counter`, zero-padded to `digits`. */
export function hotp(key: Buffer, counter: number, digits = 6, algorithm: TotpAlgorithm = 'sha1'): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(message).digest();
  const offset = (mac[mac.length - 1] as number) & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The RFC 6238 code at `timeS` (Unix seconds). */
export function totp(key: Buffer, timeS: number, options: TotpOptions = {}): string {
  const step = options.step ?? 30;
  return hotp(key, Math.floor(timeS / step), options.digits ?? 6, options.algorithm ?? 'sha1');
}

/** The step `code` is valid for at `timeS` (current step ±1), or null (invariants 1, 2). */
export function matchTotp(key: Buffer, code: string, timeS: number, options: TotpOptions = {}): number | null {
  const step = options.step ?? 30;
  const digits = options.digits ?? 6;
  if (!new RegExp(`^\\d{${digits}}$`).test(code)) return null;
  const current = Math.floor(timeS / step);
  let matched: number | null = null;
  for (const counter of [current - 1, current, current + 1]) {
    if (counter < 0) continue;
    const expected = Buffer.from(hotp(key, counter, digits, options.algorithm ?? 'sha1'));
    if (timingSafeEqual(expected, Buffer.from(code)) && matched === null) matched = counter;
  }
  return matched;
}
