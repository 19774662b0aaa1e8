// The witness's add-checkpoint endpoint (C2SP tlog-witness, SPEC §15) against a real
// `approve-run serve`: every answer code, replays, races, and hostile bodies. Notes are signed
// directly with a host's checkpoint key so each case can be built exactly.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkpointBody } from '../../src/audit/checkpoint-note.js';
import { verifyCosignature } from '../../src/crypto/cosignature.js';
import { parsePrivateKey, parsePublicKey, rawPublicKey } from '../../src/crypto/ed25519.js';
import { signNote } from '../../src/crypto/note.js';
import { EMPTY_ROOT } from '../../src/crypto/merkle.js';
import { tempDir } from '../helpers/tmp.js';
import { FakeLog, keygen, startWitness, submit, type Witness } from './world.js';

let witness: Witness;
let hostKey: string;
let strangerKey: string;
let witnessKey: ReturnType<typeof parsePublicKey>;

beforeAll(async () => {
  const dir = tempDir();
  const host = keygen(dir, 'web1');
  const other = keygen(dir, 'web2');
  strangerKey = readFileSync(keygen(dir, 'stranger').key, 'utf8');
  hostKey = readFileSync(host.key, 'utf8');
  witness = await startWitness({ web1: host.line, web2: other.line });
  witnessKey = parsePublicKey(readFileSync(witness.pub, 'utf8'));
}, 30_000);
afterAll(() => witness.stop());

let n = 0;
// A fresh log of the configured host web1.
const freshLog = (key = hostKey) => new FakeLog(key, `approve-run/test-${process.pid}-${n++}`);

// The 4-byte key ID of a note's last signature line.
const keyIdOf = (note: string): Buffer => Buffer.from(/ (\S+)\n$/.exec(note)?.[1] ?? '', 'base64').subarray(0, 4);

// Whether `line` is the witness's cosignature on the note's text.
function cosigns(line: string, note: string): boolean {
  const text = note.slice(0, note.lastIndexOf('\n\n') + 1);
  return line.endsWith('\n') && verifyCosignature(line, text, witnessKey.key, witnessKey.raw);
}

describe('add-checkpoint', () => {
  it('cosigns a first tree and each consistent extension, and answers a stale old size with 409', async () => {
    const log = freshLog().grow(5);
    const first = await submit(witness.url, log.body(0));
    expect(first.status).toBe(200);
    expect(cosigns(first.text, log.note())).toBe(true);
    log.grow(7);
    const second = await submit(witness.url, log.body(5));
    expect(second.status).toBe(200);
    expect(cosigns(second.text, log.note())).toBe(true);
    const stale = await submit(witness.url, log.grow(1).body(5));
    expect(stale).toEqual({ status: 409, type: 'text/x.tlog.size', text: '12\n' });
  });

  it('a bad consistency proof is 422 and leaves the stored tree alone', async () => {
    const log = freshLog().grow(6);
    expect((await submit(witness.url, log.body(0))).status).toBe(200);
    log.grow(10);
    const good = log.body(6).split('\n');
    // Flip one proof hash, drop one, add one: none verifies.
    const flipped = [...good];
    flipped[1] = Buffer.from(Buffer.from(good[1] as string, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64');
    for (const body of [flipped.join('\n'), [good[0], ...good.slice(2)].join('\n'), [good[0], good[1], ...good.slice(1)].join('\n')]) {
      const r = await submit(witness.url, body);
      expect(r.status).toBe(422);
    }
    // Another log's tree with a proof that is right for it, but not from this log's stored tree.
    const other = new FakeLog(hostKey, log.origin).grow(16);
    expect((await submit(witness.url, other.body(6))).status).toBe(422);
    expect((await submit(witness.url, log.body(6))).status).toBe(200);
  });

  it('a replayed submission is answered again with a cosignature, never 409', async () => {
    const log = freshLog().grow(3);
    const body = log.body(0);
    const a = await submit(witness.url, body);
    const b = await submit(witness.url, body);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(cosigns(b.text, log.note())).toBe(true);
    log.grow(4);
    const next = log.body(3);
    expect((await submit(witness.url, next)).status).toBe(200);
    expect((await submit(witness.url, next)).status).toBe(200);
    // The first body again is a smaller tree now: that is stale, not a replay.
    expect((await submit(witness.url, body)).status).toBe(409);
  });

  it('the same size with another root is 422 (a fork), from any old size', async () => {
    const log = freshLog().grow(4);
    expect((await submit(witness.url, log.body(0))).status).toBe(200);
    const fork = new FakeLog(hostKey, log.origin).grow(4);
    expect((await submit(witness.url, fork.body(4, 4, []))).status).toBe(422);
    expect((await submit(witness.url, fork.body(0, 4, []))).status).toBe(409);
  });

  it('a signed tree of size 0 must have the empty root (422)', async () => {
    const log = freshLog();
    const key = parsePrivateKey(hostKey);
    const note = (root: Buffer) => signNote(checkpointBody(log.origin, 0, root), log.origin, key, rawPublicKey(key));
    expect((await submit(witness.url, `old 0\n\n${note(Buffer.alloc(32, 7))}`)).status).toBe(422);
    expect((await submit(witness.url, `old 0\n\n${note(EMPTY_ROOT)}`)).status).toBe(200);
  });

  it('an unknown log is 404: a key not configured, or a signature under another name', async () => {
    expect((await submit(witness.url, freshLog(strangerKey).grow(2).body(0))).status).toBe(404);
    const log = freshLog().grow(2);
    const renamed = log.body(0).replace(`— ${log.origin} `, '— someone-else ');
    expect((await submit(witness.url, renamed)).status).toBe(404);
  });

  it('a signature line of the log\'s key that does not verify is 403', async () => {
    const log = freshLog().grow(2);
    const body = log.body(0);
    const sig = /— \S+ (\S+)\n$/.exec(body)?.[1] as string;
    const blob = Buffer.from(sig, 'base64');
    blob.writeUInt8(blob.readUInt8(blob.length - 1) ^ 0x80, blob.length - 1);
    expect((await submit(witness.url, body.replace(sig, blob.toString('base64')))).status).toBe(403);
    // The text changed under a valid signature.
    expect((await submit(witness.url, body.replace(`\n2\n`, '\n3\n'))).status).toBe(403);
  });

  it('one host cannot move another host\'s log: logs are per key', async () => {
    const mine = freshLog().grow(4);
    expect((await submit(witness.url, mine.body(0))).status).toBe(200);
    // web1's origin, signed by a key the witness does not hold for web1 (a stranger): unknown.
    const forged = new FakeLog(strangerKey, mine.origin).grow(8);
    expect((await submit(witness.url, forged.body(0))).status).toBe(404);
    expect((await submit(witness.url, mine.grow(1).body(4))).status).toBe(200);
  });

  it('racing submissions from the same stored tree: exactly one advances the log', async () => {
    const log = freshLog().grow(8);
    expect((await submit(witness.url, log.body(0))).status).toBe(200);
    const branches = Array.from({ length: 8 }, (_, i) => {
      const b = new FakeLog(hostKey, log.origin);
      b.leaves.push(...log.leaves);
      return b.grow(i + 1).body(8);
    });
    const answers = await Promise.all(branches.map((body) => submit(witness.url, body)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 409)).toHaveLength(7);
  });
});

describe('hostile bodies never crash the witness and are never cosigned', () => {
  it('answers each malformed body with 400/413/422 and keeps working', async () => {
    const log = freshLog().grow(4);
    const body = log.body(0);
    const note = log.note();
    const huge = `old 0\n${'A'.repeat(20_000)}\n\n${note}`;
    const tooManyProofLines = `old 1\n${Array.from({ length: 64 }, () => `${EMPTY_ROOT.toString('base64')}\n`).join('')}\n${log.note(4)}`;
    const cases: [string | Buffer, number[]][] = [
      ['', [400]],
      ['\n\n', [400]],
      ['old\n\n' + note, [400]],
      ['old 01\n\n' + note, [400]],
      ['old -1\n\n' + note, [400]],
      ['old 99999999999999999999\n\n' + note, [400]],
      ['old 5\n\n' + note, [400]], // old larger than the checkpoint
      ['OLD 0\n\n' + note, [400]],
      ['old 0\r\n\r\n' + note, [400]],
      ['old 0\nnot base64!\n\n' + note, [400]],
      [`old 0\n${Buffer.alloc(31).toString('base64')}\n\n${note}`, [400]],
      [tooManyProofLines, [400]],
      [huge, [413]],
      ['old 0\n\n' + note.replace('\n\n', '\n'), [400]],
      ['old 0\n\n' + note.replace(/\n$/, ''), [400]],
      ['old 0\n\n' + note.replace('\n4\n', '\n4x\n'), [400]],
      ['old 0\n\n' + note.replace('approve-run/', 'approve-run/\u0001'), [400]],
      [Buffer.concat([Buffer.from('old 0\n\n'), Buffer.from([0xff, 0xfe, 0x00]), Buffer.from(note)]), [400]],
      [`old 0\n${EMPTY_ROOT.toString('base64')}\n\n${note}`, [422]], // a proof from size 0
      [Buffer.alloc(16_000, 0x41), [400]],
      // The log's key ID with a signature of zeros, on a size-0 tree with a wrong root.
      [`old 0\n\n${checkpointBody(log.origin, 0, Buffer.alloc(32, 1))}\n— ${log.origin} ${Buffer.concat([keyIdOf(note), Buffer.alloc(64)]).toString('base64')}\n`, [403]],
      [`old 0\n\n${checkpointBody(log.origin, 0, Buffer.alloc(32, 1))}\n— ${log.origin} ${Buffer.alloc(68).toString('base64')}\n`, [404]],
    ];
    for (const [payload, statuses] of cases) {
      const r = await submit(witness.url, payload);
      expect(statuses, `${String(payload).slice(0, 60)} → ${r.status} ${r.text}`).toContain(r.status);
      expect(r.text.startsWith('—')).toBe(false);
    }
    // A 1 MiB body is refused before it is read.
    expect((await submit(witness.url, Buffer.alloc(1 << 20, 0x41))).status).toBe(413);
    // Nothing above moved the log: it still starts from 0.
    const ok = await submit(witness.url, body);
    expect(ok.status).toBe(200);
    expect(cosigns(ok.text, note)).toBe(true);
    expect(witness.out()).not.toMatch(/internal error|error:/);
  });

  it('keeps refusals as evidence, bounded however many arrive', async () => {
    const before = witness.records('witness.evidence').filter((r) => r.key.startsWith('unknown/')).length;
    await Promise.all(Array.from({ length: 300 }, (_, i) => submit(witness.url, `old ${i}\ngarbage ${i}\n\nnote\n`)));
    const unknown = witness.records('witness.evidence').filter((r) => r.key.startsWith('unknown/'));
    expect(unknown.length).toBeGreaterThan(before);
    expect(unknown.length).toBeLessThanOrEqual(256);
    expect(witness.out()).toMatch(/evidence for unknown is full \(256\)/);
    expect((await submit(witness.url, freshLog().grow(1).body(0))).status).toBe(200);
  }, 60_000);
});
