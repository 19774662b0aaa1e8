// A webhook approver on 127.0.0.1 for agent tests: answers a request's POST with 202 and a
// status URL, holds long-polls until the test decides, then answers with a decision signed by
// alice's real Ed25519 key.
import { createServer, type Server } from 'node:http';
import { generateKeyPairSync, sign } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { canonicalBytes } from '../../src/crypto/jcs.js';

export interface Approver {
  url: string;
  /** alice's public key as the policy writes it. */
  key: string;
  /** Requests posted so far, by id. */
  posted: Map<string, { request: { id: string; created_at: string }; request_hash: string }>;
  decide(id: string, decision: 'approve' | 'deny'): void;
  close(): Promise<void>;
}

/** Starts the approver; `hang` makes it accept POSTs and never answer. */
export async function startApprover(opts: { hang?: boolean } = {}): Promise<Approver> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const key = `ed25519:${Buffer.from(publicKey.export({ format: 'jwk' }).x ?? '', 'base64url').toString('base64')}`;
  const posted: Approver['posted'] = new Map();
  const decided = new Map<string, 'approve' | 'deny'>();
  const waiting = new Map<string, Array<() => void>>();
  // The signed decision for a posted request.
  const decisionFor = (id: string): Record<string, string> => {
    const body = posted.get(id)!;
    const d = { request_id: id, request_hash: body.request_hash, decision: decided.get(id)!, approver: 'alice', reason: 'ok', decided_at: new Date(Date.parse(body.request.created_at) + 1).toISOString() };
    return { ...d, signature: `ed25519:${sign(null, canonicalBytes(d), privateKey).toString('base64')}` };
  };
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      if (opts.hang === true) return;
      const reply = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(value === null ? '' : JSON.stringify(value));
      };
      if (req.method === 'POST') {
        const body = JSON.parse(text);
        posted.set(body.request.id, body);
        return reply(202, { status_url: `/status/${body.request.id}` });
      }
      const id = (req.url ?? '').split('?')[0]!.replace('/status/', '');
      if (decided.has(id)) return reply(200, { decisions: [decisionFor(id)] });
      const list = waiting.get(id) ?? [];
      const timer = setTimeout(() => reply(204, null), 2000);
      list.push(() => {
        clearTimeout(timer);
        reply(200, { decisions: [decisionFor(id)] });
      });
      waiting.set(id, list);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/approve`;
  return {
    url, key, posted,
    decide(id, decision) {
      decided.set(id, decision);
      for (const wake of waiting.get(id) ?? []) wake();
      waiting.delete(id);
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
