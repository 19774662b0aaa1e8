// Crypto for the reference approver, with node:crypto only: RFC 8785 canonical JSON, the
// request's binding hash, the approve-run webhook HMAC header, and Ed25519 decision signing.
import { createHash, createHmac, createPrivateKey, sign, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

// DER prefix of a PKCS#8 Ed25519 private key; the 32-byte seed follows (RFC 8410).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** RFC 8785 (JCS) text of plain JSON made of strings, integers, booleans, null, arrays, objects. */
export function canonicalize(value) {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new Error('only integers are supported');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalize).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalize(value[k])}`).join(',')}}`;
}

/** `sha256:<hex>` over the canonical bytes of a request: what every decision must carry. */
export function bindingHash(request) {
  return `sha256:${createHash('sha256').update(canonicalize(request), 'utf8').digest('hex')}`;
}

/**
 * Checks `X-Approve-Run-Signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`:
 * a valid MAC and a timestamp within `maxSkewS` of now (so old captures cannot be replayed).
 */
export function checkSignature(header, body, secret, nowS = Math.floor(Date.now() / 1000), maxSkewS = 300) {
  const m = /^t=(\d{1,12}),v1=([0-9a-f]{64})$/.exec(String(header ?? ''));
  if (m === null) return 'missing or malformed X-Approve-Run-Signature';
  if (Math.abs(nowS - Number(m[1])) > maxSkewS) return 'signature timestamp outside the allowed window';
  const expected = createHmac('sha256', secret).update(`${m[1]}.${body}`, 'utf8').digest();
  if (!timingSafeEqual(expected, Buffer.from(m[2], 'hex'))) return 'bad signature';
  return null;
}

/**
 * Loads a private key file: the PKCS#8 PEM written by `approve-run keygen -o NAME` (NAME.key),
 * or a raw 32-byte seed as base64 (optionally prefixed `ed25519:`).
 */
export function loadPrivateKey(path) {
  const text = readFileSync(path, 'utf8').trim();
  if (text.startsWith('-----BEGIN')) return createPrivateKey({ key: text, format: 'pem' });
  const seed = Buffer.from(text.replace(/^ed25519:/, ''), 'base64');
  if (seed.length !== 32) throw new Error(`${path}: expected a PKCS#8 PEM key or a base64 32-byte seed`);
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** A decision on `request` by `approver`, signed over the canonical bytes of everything else. */
export function signDecision(key, approver, request, decision, reason) {
  const body = {
    request_id: request.id,
    request_hash: bindingHash(request),
    decision,
    approver,
    reason: reason ?? null,
    decided_at: new Date().toISOString(),
  };
  return { ...body, signature: `ed25519:${sign(null, Buffer.from(canonicalize(body), 'utf8'), key).toString('base64')}` };
}

/** Text safe to print on a terminal: control and invisible characters written as escapes. */
export function visible(text) {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return String(text).replace(/[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\\]/g, (c) =>
    c === '\\' ? '\\\\' : `\\u{${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}}`,
  );
}
