// C2SP signed notes: the Go sumdb/note reference vector, and malformed notes refused.
import { describe, expect, it } from 'vitest';
import { generateKeyPair, parsePrivateKey, parsePublicKey, privateKeyFromSeed, rawPublicKey } from '../../src/crypto/ed25519.js';
import { isSignedBy, keyId, NoteFormatError, parseNote, signNote } from '../../src/crypto/note.js';

// golang.org/x/mod/sumdb/note: the PeterNeumann example key and its published note.
const SIGNER = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const NOTE = `${TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;

const seed = Buffer.from(SIGNER.split('+').slice(4).join('+'), 'base64').subarray(1);
const publicRaw = Buffer.from(VERIFIER.split('+').slice(2).join('+'), 'base64').subarray(1);

describe('signed notes', () => {
  it('computes the reference key ID', () => {
    expect(keyId('PeterNeumann', publicRaw).toString('hex')).toBe('c74f20a3');
  });

  it('reproduces the reference note byte for byte (Ed25519 is deterministic)', () => {
    const key = privateKeyFromSeed(seed);
    expect(rawPublicKey(key)).toEqual(publicRaw);
    expect(signNote(TEXT, 'PeterNeumann', key, publicRaw)).toBe(NOTE);
  });

  it('verifies the reference note and rejects a changed text', () => {
    const { key } = parsePublicKey(`ed25519:${publicRaw.toString('base64')}`);
    expect(isSignedBy(parseNote(NOTE), 'PeterNeumann', key, publicRaw)).toBe(true);
    expect(isSignedBy(parseNote(NOTE.replace('cryptography', 'cryptographY')), 'PeterNeumann', key, publicRaw)).toBe(false);
  });

  it('ignores signatures by other names or keys, and is not satisfied by them', () => {
    const other = generateKeyPair();
    const otherKey = parsePublicKey(other.publicLine);
    expect(isSignedBy(parseNote(NOTE), 'PeterNeumann', otherKey.key, otherKey.raw)).toBe(false);
    const { key } = parsePublicKey(`ed25519:${publicRaw.toString('base64')}`);
    expect(isSignedBy(parseNote(NOTE), 'EnochRoot', key, publicRaw)).toBe(false);
  });

  it('accepts a note with an extra signature by an unknown key', () => {
    const other = generateKeyPair();
    const otherPriv = parsePrivateKey(other.privatePem);
    const extra = signNote(TEXT, 'Other', otherPriv, rawPublicKey(otherPriv)).split('\n\n')[1] as string;
    const both = `${NOTE}${extra}`;
    const { key } = parsePublicKey(`ed25519:${publicRaw.toString('base64')}`);
    expect(parseNote(both).signatures).toHaveLength(2);
    expect(isSignedBy(parseNote(both), 'PeterNeumann', key, publicRaw)).toBe(true);
  });

  it.each([
    ['no blank line', TEXT],
    ['no signature lines', `${TEXT}\n`],
    ['no final newline', NOTE.slice(0, -1)],
    ['ASCII dashes', NOTE.replace('— ', '-- ')],
    ['bad base64', NOTE.replace('x08go', 'x08g!')],
    ['short signature blob', `${TEXT}\n— PeterNeumann AAAA\n`],
    ['name with a plus', NOTE.replace('PeterNeumann x08', 'Peter+Neumann x08')],
    ['control character', NOTE.replace('If you', 'If\u0007you')],
    ['no key name', `${TEXT}\n—  x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`],
  ])('refuses a note with %s', (_name, note) => {
    expect(() => parseNote(note)).toThrow(NoteFormatError);
  });

  it.each([
    ['empty text', ''],
    ['no final newline', 'text'],
    ['a blank line', 'a\n\nb\n'],
    ['a control character', 'a\u0001\n'],
  ])('refuses to sign %s', (_name, text) => {
    const key = privateKeyFromSeed(seed);
    expect(() => signNote(text, 'PeterNeumann', key, publicRaw)).toThrow(NoteFormatError);
  });

  it('refuses to sign under an invalid key name', () => {
    expect(() => signNote(TEXT, 'two words', privateKeyFromSeed(seed), publicRaw)).toThrow(/invalid key name/);
  });
});
