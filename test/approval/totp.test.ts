// RFC 6238 (Appendix B test vectors) and the terminal's TOTP approver check.
import { chmodSync, chownSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { totpProblem } from '../../src/approval/terminal/totp-check.js';
import { base32Decode, hotp, matchTotp, totp } from '../../src/approval/terminal/totp.js';
import { tempDir } from '../helpers/tmp.js';
import { auditLog, policy, request } from './world.js';

const SHA1_KEY = Buffer.from('12345678901234567890');
const SHA256_KEY = Buffer.from('12345678901234567890123456789012');
const SHA512_KEY = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234');

describe('RFC 6238 Appendix B', () => {
  test.each([
    [59, '94287082', '46119246', '90693936'],
    [1111111109, '07081804', '68084774', '25091201'],
    [1111111111, '14050471', '67062674', '99943326'],
    [1234567890, '89005924', '91819424', '93441116'],
    [2000000000, '69279037', '90698825', '38618901'],
    [20000000000, '65353130', '77737706', '47863826'],
  ])('T=%i', (time, sha1, sha256, sha512) => {
    expect(totp(SHA1_KEY, time, { digits: 8 })).toBe(sha1);
    expect(totp(SHA256_KEY, time, { digits: 8, algorithm: 'sha256' })).toBe(sha256);
    expect(totp(SHA512_KEY, time, { digits: 8, algorithm: 'sha512' })).toBe(sha512);
  });
  test('RFC 4226 Appendix D HOTP values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
    expect(expected.map((_, i) => hotp(SHA1_KEY, i))).toEqual(expected);
  });
});

describe('base32Decode', () => {
  test.each([
    ['GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', '12345678901234567890'],
    ['gezd gnbv gy3t qojq gezd gnbv gy3t qojq', '12345678901234567890'],
    ['MZXW6YQ=', 'foob'],
  ])('%s', (text, bytes) => {
    expect(base32Decode(text)?.toString()).toBe(bytes);
  });
  test.each(['', '0189', 'ABC!', '===='])('rejects %j', (text) => {
    expect(base32Decode(text)).toBeNull();
  });
});

describe('matchTotp', () => {
  const t = 1_700_000_000;
  test('accepts the current step and one either side, nothing further', () => {
    const step = Math.floor(t / 30);
    expect(matchTotp(SHA1_KEY, totp(SHA1_KEY, t), t)).toBe(step);
    expect(matchTotp(SHA1_KEY, totp(SHA1_KEY, t - 30), t)).toBe(step - 1);
    expect(matchTotp(SHA1_KEY, totp(SHA1_KEY, t + 30), t)).toBe(step + 1);
    expect(matchTotp(SHA1_KEY, totp(SHA1_KEY, t - 90), t)).toBeNull();
  });
  test.each(['', '12345', '1234567', 'abcdef', ' 123456'])('rejects malformed code %j', (code) => {
    expect(matchTotp(SHA1_KEY, code, t)).toBeNull();
  });
});

describe('totpProblem', () => {
  const dir = tempDir();
  const secretFile = join(dir, 'alice.totp');
  writeFileSync(secretFile, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n', { mode: 0o600 });
  const base = policy({ terminal: { authenticate: 'totp' } });
  const p = { ...base, approvers: { ...base.approvers, alice: { ...base.approvers.alice!, totp: secretFile }, selfie: { ...base.approvers.selfie!, totp: secretFile } } };
  const now = new Date();
  const code = totp(SHA1_KEY, Math.floor(now.getTime() / 1000));

  test('a permitted approver with the current code is accepted once, then the code is spent', () => {
    const audit = auditLog();
    const req = request();
    expect(totpProblem({ policy: p, request: req, approverId: 'alice', code, now, privileged: false, audit })).toBeNull();
    expect(totpProblem({ policy: p, request: req, approverId: 'alice', code, now, privileged: false, audit })).toMatch(/already used/);
  });
  test.each([
    ['a wrong code', 'alice', '000000', /wrong or expired TOTP code/],
    ['an approver without a secret', 'bob', code, /bob has no TOTP secret/],
    ['an approver not permitted', 'carol', code, /carol may not approve/],
    ['an unknown approver', 'nobody', code, /nobody is not defined/],
  ])('refuses %s', (_name, approverId, given, expected) => {
    expect(totpProblem({ policy: p, request: request(), approverId, code: given, now, privileged: false, audit: auditLog() })).toMatch(expected);
  });
  test('refuses an approver whose users include the requester', () => {
    const req = request({ approvers: ['alice', 'selfie'] });
    expect(totpProblem({ policy: p, request: req, approverId: 'selfie', code, now, privileged: false, audit: auditLog() })).toMatch(/self-approval/);
  });
  test('refuses a secret file others can read, and in privileged mode one not owned by root', () => {
    const loose = join(dir, 'loose.totp');
    writeFileSync(loose, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n');
    chmodSync(loose, 0o644);
    const lp = { ...p, approvers: { ...p.approvers, alice: { ...p.approvers.alice!, totp: loose } } };
    expect(totpProblem({ policy: lp, request: request(), approverId: 'alice', code, now, privileged: false, audit: auditLog() })).toMatch(/accessible to group or others/);
    const foreign = join(dir, 'foreign.totp');
    writeFileSync(foreign, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\n', { mode: 0o600 });
    // As root, hand the file to another uid; otherwise it already belongs to a non-root user.
    if (process.getuid?.() === 0) chownSync(foreign, 12345, 12345);
    const fp = { ...p, approvers: { ...p.approvers, alice: { ...p.approvers.alice!, totp: foreign } } };
    expect(totpProblem({ policy: fp, request: request(), approverId: 'alice', code, now, privileged: true, audit: auditLog() })).toMatch(/not owned by root/);
    const missing = { ...p, approvers: { ...p.approvers, alice: { ...p.approvers.alice!, totp: join(dir, 'missing') } } };
    expect(totpProblem({ policy: missing, request: request(), approverId: 'alice', code, now, privileged: false, audit: auditLog() })).toMatch(/cannot be read/);
  });
});
