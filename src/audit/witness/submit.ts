// A host submits its checkpoints to its witness (SPEC §15, settings.audit.witness).
// Invariants:
//   1. The witness is evidence, not a gate: nothing here fails the run or delays it more than
//      WITNESS_TIMEOUT_MS; an unreachable or misbehaving witness is logged (entry
//      `witness_unreachable`) and the next checkpoint submits again from the last cosigned size.
//   2. Only cosignature lines that parse are stored, each beside the checkpoint they are for;
//      whether they verify is for `audit verify --witness` to say.
//   3. A refusal (400, 403, 404, 409, 422) is logged as a `witness_refused` entry. A 409 is
//      retried once from the witness's size, only when the log holds a checkpoint at that size
//      (the witness then checks the log's own tree against what it cosigned): so an answer
//      lost on the way back costs nothing, and a rolled-back or forked log is still refused.
import { parseCheckpoint } from '../checkpoint-note.js';
import type { AuditLog, WitnessRefusedEntryFields, WitnessUnreachableEntryFields } from '../types.js';
import { parseCosignature } from '../../crypto/cosignature.js';
import { addCheckpointUrl, postCheckpoint, submissionBody, type WitnessReply } from './client.js';
import { proofFromLog } from './proof.js';
import { lastCosignedSize, storeCosignatures } from './store.js';

/** Longest a run waits for its witness. */
export const WITNESS_TIMEOUT_MS = 3000;
const REFUSALS = new Set([400, 403, 404, 409, 422]);

/** What happened to a submission. */
export type WitnessResult = { kind: 'cosigned'; size: number } | { kind: 'current'; size: number } | { kind: 'refused'; status: number; size: number } | { kind: 'unreachable'; reason: string };

export interface SubmitOptions {
  timeoutMs?: number;
  now?: () => Date;
}

// The last stored checkpoint: its size and note.
function latestCheckpoint(log: AuditLog): { size: number; note: string } | null {
  return (log.db.prepare('SELECT size, note FROM checkpoints ORDER BY size DESC LIMIT 1').get() as { size: number; note: string } | undefined) ?? null;
}

// One call from `old`: the reply, or null when the log has no checkpoint at `old` to prove from.
async function send(log: AuditLog, url: URL, old: number, checkpoint: { size: number; note: string }, timeoutMs: number): Promise<WitnessReply | null> {
  const proof = proofFromLog(log.db, old, checkpoint.size);
  if (proof === null) return null;
  return postCheckpoint(url, submissionBody(old, proof, checkpoint.note), timeoutMs);
}

// The stored size a 409 answer carries, or null.
function conflictSize(reply: WitnessReply): number | null {
  if (reply.kind !== 'reply' || reply.status !== 409 || !reply.contentType.startsWith('text/x.tlog.size')) return null;
  const text = reply.body.trim();
  return /^(0|[1-9][0-9]{0,15})$/.test(text) ? Number(text) : null;
}

/** Submits the latest checkpoint to `witness` unless it is already cosigned; never throws for the witness's sake. */
export async function submitCheckpoint(log: AuditLog, witness: string, options: SubmitOptions = {}): Promise<WitnessResult> {
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? WITNESS_TIMEOUT_MS;
  const checkpoint = latestCheckpoint(log);
  const old = lastCosignedSize(log.db);
  if (checkpoint === null || checkpoint.size <= old) return { kind: 'current', size: old };
  const url = addCheckpointUrl(witness);
  let sentFrom = old;
  let reply = await send(log, url, old, checkpoint, timeoutMs);
  const theirs = reply === null ? null : conflictSize(reply);
  if (theirs !== null && theirs !== old && theirs <= checkpoint.size) {
    const retried = await send(log, url, theirs, checkpoint, timeoutMs);
    if (retried !== null) {
      reply = retried;
      sentFrom = theirs;
    }
  }
  if (reply === null) throw new Error(`no checkpoint at the last cosigned size ${old}`);
  const receivedAt = now().toISOString();
  if (reply.kind === 'reply' && reply.status === 200) {
    const lines = reply.body.split('\n').filter((line) => parseCosignature(line) !== null);
    if (lines.length > 0) {
      log.transaction(() => storeCosignatures(log.db, checkpoint.size, lines, witness, receivedAt));
      return { kind: 'cosigned', size: checkpoint.size };
    }
  }
  if (reply.kind === 'reply' && REFUSALS.has(reply.status)) {
    const fields: WitnessRefusedEntryFields = {
      witness, status: reply.status, size: checkpoint.size, old: sentFrom,
      witness_size: conflictSize(reply), reason: reply.body.slice(0, 500).trim(),
      origin: parseCheckpoint(checkpoint.note).origin,
    };
    log.append('witness_refused', { ...fields });
    return { kind: 'refused', status: reply.status, size: checkpoint.size };
  }
  const reason = reply.kind === 'failed' ? reply.message : reply.status === 200 ? 'the answer held no cosignature' : `HTTP ${reply.status}`;
  const fields: WitnessUnreachableEntryFields = { witness, size: checkpoint.size, reason: reason.slice(0, 500) };
  log.append('witness_unreachable', { ...fields });
  return { kind: 'unreachable', reason };
}

/** A one-line warning for a submission that got no cosignature, or null. */
export function describeResult(result: WitnessResult): string | null {
  if (result.kind === 'refused') return `the witness refused checkpoint ${result.size} (HTTP ${result.status}); this is recorded in the audit log`;
  if (result.kind === 'unreachable') return `checkpoint not cosigned, the witness is unreachable (${result.reason}); the next checkpoint catches up`;
  return null;
}
