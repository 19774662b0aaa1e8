// The witness endpoint (SPEC §13, §15): `POST <public_url>/add-checkpoint`, C2SP tlog-witness.
// Invariants:
//   1. Without a `witness` section the endpoint does not exist (404, like any unknown path).
//   2. The body is bounded (MAX_SUBMISSION_BYTES, 413) before it is parsed; there is no other
//      authentication than the checkpoint's signature, as the protocol says.
import type { Hono } from 'hono';
import type { ServiceState } from '../state.js';
import { MAX_SUBMISSION_BYTES } from './submission.js';
import { addCheckpoint } from './witness.js';

/** Adds `POST /add-checkpoint` to `app` when the service is a witness. */
export function witnessRoutes(app: Hono, s: ServiceState): void {
  const identity = s.witness;
  if (identity === undefined || identity === null) return;
  app.post('/add-checkpoint', async (c) => {
    const length = Number(c.req.header('content-length') ?? '0');
    if (length > MAX_SUBMISSION_BYTES) return c.text(`body larger than ${MAX_SUBMISSION_BYTES} bytes\n`, 413);
    const bytes = Buffer.from(await c.req.arrayBuffer());
    if (bytes.length > MAX_SUBMISSION_BYTES) return c.text(`body larger than ${MAX_SUBMISSION_BYTES} bytes\n`, 413);
    const answer = await addCheckpoint({ identity, storage: s.storage, now: s.now, log: s.log }, bytes);
    return c.body(answer.body, answer.status, { 'content-type': answer.type });
  });
}
