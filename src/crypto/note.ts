// C2SP signed-note (https://c2sp.org/signed-note) with Ed25519 signatures.
// A note is text ending in a newline, a blank line, then signature lines
// `— <key name> <base64(4-byte key ID || 64-byte signature)>`.
// Invariants:
//   1. The signature covers the text including its final newline, never the blank line or
//      the signature lines.
//   2. Key ID = first 4 bytes of SHA-256(key name || 0x0A || 0x01 || raw public key).
//   3. Parsing refuses anything malformed (control characters other than newline, invalid
//      names, bad base64, missing blank line) rather than guessing.
import { createHash, type KeyObject } from 'node:crypto';
import { signBytes, verifyBytes } from './ed25519.js';

const SIGNATURE_PREFIX = '— ';
const ED25519_TYPE = 0x01;
const MAX_NOTE_CHARS = 1 << 20;
const MAX_SIGNATURES = 100;

/** Thrown for notes that do not have the signed-note shape. */
export class NoteFormatError extends Error {
  override name = 'NoteFormatError';
}

export interface NoteSignature {
  name: string;
  keyId: Buffer;
  signature: Buffer;
}

export interface SignedNote {
  /** The signed text, ending in a newline. */
  text: string;
  signatures: NoteSignature[];
}

/** Whether `name` can name a key: non-empty, no whitespace, no `+`. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

/** The 4-byte key ID of an Ed25519 key under `name`. */
export function keyId(name: string, rawPublicKey: Buffer): Buffer {
  return createHash('sha256')
    .update(Buffer.from(`${name}\n`, 'utf8'))
    .update(Buffer.from([ED25519_TYPE]))
    .update(rawPublicKey)
    .digest()
    .subarray(0, 4);
}

// Whether `text` has an ASCII control character other than newline (signed-note forbids them).
function hasControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return true;
  }
  return false;
}

// Refuses text that signed-note does not allow.
function checkText(text: string): void {
  if (text.length === 0 || !text.endsWith('\n')) throw new NoteFormatError('note text must end with a newline');
  if (hasControl(text)) throw new NoteFormatError('note text has control characters');
}

/** Signs `text` and returns the complete note with one signature line. */
export function signNote(text: string, name: string, key: KeyObject, rawPublicKey: Buffer): string {
  checkText(text);
  if (text.includes('\n\n')) throw new NoteFormatError('note text must not contain a blank line');
  if (!isValidKeyName(name)) throw new NoteFormatError(`invalid key name ${JSON.stringify(name)}`);
  const signature = signBytes(key, Buffer.from(text, 'utf8'));
  const blob = Buffer.concat([keyId(name, rawPublicKey), signature]).toString('base64');
  return `${text}\n${SIGNATURE_PREFIX}${name} ${blob}\n`;
}

// Parses one signature line (without its newline).
function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(SIGNATURE_PREFIX)) throw new NoteFormatError('signature line must start with "— "');
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  const name = rest.slice(0, space);
  const encoded = rest.slice(space + 1);
  if (space < 0 || !isValidKeyName(name)) throw new NoteFormatError('signature line has no valid key name');
  const blob = Buffer.from(encoded, 'base64');
  if (blob.length < 5 || blob.toString('base64') !== encoded) throw new NoteFormatError('signature is not valid base64');
  return { name, keyId: blob.subarray(0, 4), signature: blob.subarray(4) };
}

/** Splits a note into its text and signature lines; throws NoteFormatError. */
export function parseNote(note: string): SignedNote {
  if (note.length > MAX_NOTE_CHARS) throw new NoteFormatError('note is too large');
  if (hasControl(note)) throw new NoteFormatError('note has control characters');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteFormatError('note has no blank line before its signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) throw new NoteFormatError('note has no signature lines');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) throw new NoteFormatError('note has too many signatures');
  return { text, signatures: lines.map(parseSignatureLine) };
}

/**
 * Whether the note carries a valid signature by this key under `name`. Lines for other keys
 * are ignored; a line for this key that does not verify makes the whole note invalid.
 */
export function isSignedBy(note: SignedNote, name: string, key: KeyObject, rawPublicKey: Buffer): boolean {
  const id = keyId(name, rawPublicKey);
  const message = Buffer.from(note.text, 'utf8');
  let found = false;
  for (const sig of note.signatures) {
    if (sig.name !== name || !sig.keyId.equals(id)) continue;
    if (!verifyBytes(key, message, sig.signature)) return false;
    found = true;
  }
  return found;
}
