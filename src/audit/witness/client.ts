// One add-checkpoint call to a witness (C2SP tlog-witness), on node:http / node:https.
// Invariants:
//   1. The whole call (connect, send, answer) ends within `timeoutMs`; then it is a failure.
//   2. Redirects are not followed; the answer body is read up to MAX_ANSWER_BYTES, a larger
//      one is a failure, not truncated.
import type { IncomingMessage } from 'node:http';

/** Largest witness answer read: a few cosignature lines, or a size. */
export const MAX_ANSWER_BYTES = 16 * 1024;

export type WitnessReply = { kind: 'reply'; status: number; contentType: string; body: string } | { kind: 'failed'; message: string };

/** The add-checkpoint body: old size line, proof lines, blank line, the checkpoint note. */
export function submissionBody(old: number, proof: readonly Buffer[], note: string): string {
  return `old ${old}\n${proof.map((hash) => `${hash.toString('base64')}\n`).join('')}\n${note}`;
}

/** `<witness URL>/add-checkpoint`. */
export function addCheckpointUrl(witness: string): URL {
  return new URL(`${witness.replace(/\/+$/, '')}/add-checkpoint`);
}

// Reads at most MAX_ANSWER_BYTES of the answer.
function readAnswer(res: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let total = 0;
    res.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > MAX_ANSWER_BYTES) {
        resolve(null);
        res.destroy();
      } else chunks.push(chunk);
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', () => resolve(null));
    res.on('aborted', () => resolve(null));
  });
}

/** POSTs `body` to the witness's add-checkpoint endpoint. Never throws. */
export async function postCheckpoint(url: URL, body: string, timeoutMs: number): Promise<WitnessReply> {
  const http = url.protocol === 'https:' ? await import('node:https') : await import('node:http');
  return new Promise((resolve) => {
    let settled = false;
    const finish = (reply: WitnessReply): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(reply);
    };
    const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) } }, (res) => {
      void readAnswer(res).then((text) => {
        if (text === null) finish({ kind: 'failed', message: 'the answer was cut off or too large' });
        else finish({ kind: 'reply', status: res.statusCode ?? 0, contentType: String(res.headers['content-type'] ?? ''), body: text });
      });
    });
    const timer = setTimeout(() => {
      finish({ kind: 'failed', message: `no answer within ${timeoutMs} ms` });
      req.destroy();
    }, timeoutMs);
    req.on('error', (error) => finish({ kind: 'failed', message: error.message }));
    req.end(body);
  });
}
