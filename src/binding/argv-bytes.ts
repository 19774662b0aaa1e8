// argv must be valid UTF-8 (SPEC §10). Node decodes argv with U+FFFD replacing bad bytes, so a
// command could run on a different file than the one named (`rm $'keep\xff'` would remove
// `keep\uFFFD`); the bytes are checked where the kernel keeps them, /proc/self/cmdline.
// Invariants:
//   1. The raw bytes are read only when some decoded argument holds U+FFFD: a valid argument
//      never does, except one that really holds U+FFFD, and that one is checked too.
//   2. Raw arguments that cannot be lined up with the decoded ones are a refusal, as is an
//      unreadable /proc/self/cmdline.
//   3. The message names the argument with every byte outside printable ASCII escaped.
import { isUtf8 } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { ApproveRunError } from '../errors.js';

// The argument as a reader can retype it: printable ASCII as is, other bytes as \xNN.
function escaped(bytes: Buffer): string {
  let text = '';
  for (const byte of bytes) text += byte >= 0x20 && byte < 0x7f && byte !== 0x5c ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  return text;
}

/**
 * Throws ApproveRunError (125) naming the first argument of `args` (the last args.length words
 * of the NUL-separated `cmdline()`) that is not valid UTF-8.
 */
export function assertUtf8Argv(args: readonly string[], cmdline: () => Buffer = () => readFileSync('/proc/self/cmdline')): void {
  if (!args.some((arg) => arg.includes('\uFFFD'))) return;
  let raw: Buffer[];
  try {
    const bytes = cmdline();
    const words: Buffer[] = [];
    let from = 0;
    for (let at = bytes.indexOf(0); at !== -1; at = bytes.indexOf(0, from)) {
      words.push(bytes.subarray(from, at));
      from = at + 1;
    }
    raw = words.slice(words.length - args.length);
  } catch (error) {
    throw new ApproveRunError('usage', `cannot check that the arguments are valid UTF-8 (${(error as Error).message}); not running`);
  }
  if (raw.length !== args.length) throw new ApproveRunError('usage', 'cannot line up the arguments with their bytes to check they are valid UTF-8; not running');
  for (let i = 0; i < args.length; i += 1) {
    const bytes = raw[i]!;
    if (!isUtf8(bytes)) throw new ApproveRunError('usage', `argument ${i + 1} is not valid UTF-8: '${escaped(bytes)}'; not running`);
    if (bytes.toString('utf8') !== args[i]) throw new ApproveRunError('usage', `argument ${i + 1} does not match its bytes ('${escaped(bytes)}'); not running`);
  }
}
