// The witness's decision on one add-checkpoint submission (SPEC §15, C2SP tlog-witness).
// Invariants:
//   1. Checks run in this order, each answering at once: malformed (400), unknown log (404),
//      no valid signature by the log's key (403), old size not the stored size (409 with the
//      stored size), bad proof or a different root at the same size (422).
//   2. A log is the pair (host whose checkpoint key signed, origin): one host cannot move
//      another's log, and a host's several audit databases are separate logs.
//   3. The new size and root are stored by compare-and-set on the exact state that was
//      checked, before anything is cosigned; a lost race re-runs every check on the new state,
//      so two replicas or racing submissions never both advance, nor roll a log back.
//   4. A resubmission of the stored tree (same size, same root) is cosigned again: a host
//      whose answer was lost can ask again. Nothing else is cosigned.
//   5. Every refusal is kept as evidence (./evidence.ts), bounded per log.
//   6. A host has at most MAX_LOGS_PER_HOST logs (./quota.ts); a validly signed checkpoint of
//      one more origin is answered 404, as a log the witness does not know, and kept as
//      evidence in the host's bounded bucket, before any state or per-log bucket is made.
import { EMPTY_ROOT } from '../../crypto/merkle.js';
import { cosign } from '../../crypto/cosignature.js';
import { verifyConsistency } from '../../crypto/consistency.js';
import { isSignedBy, keyId } from '../../crypto/note.js';
import type { ServiceStorage } from '../storage/types.js';
import { EVIDENCE_LIMITS, keepEvidence, type EvidenceBucket } from './evidence.js';
import type { LogKey, WitnessIdentity } from './key.js';
import { admitLog, MAX_LOGS_PER_HOST } from './quota.js';
import { parseSubmission, type Submission } from './submission.js';

export const LOG_KIND = 'witness.log';

/** The witness's answer: HTTP status, content type and body. */
export interface WitnessAnswer {
  status: 200 | 400 | 403 | 404 | 409 | 422;
  type: string;
  body: string;
}

/** What the witness remembers of one log. */
interface LogState {
  size: number;
  root: string;
  updated_at: string;
}

const TEXT = 'text/plain; charset=utf-8';
const refusal = (status: WitnessAnswer['status'], reason: string): WitnessAnswer => ({ status, type: TEXT, body: `${reason}\n` });

// The configured log whose key signed under the checkpoint's origin, by name and key ID.
function findLog(identity: WitnessIdentity, submission: Submission): LogKey | null {
  const { origin, note } = submission.checkpoint;
  const named = note.signatures.filter((s) => s.name === origin);
  if (named.length === 0) return null;
  return identity.logs.find((log) => named.some((s) => s.keyId.equals(keyId(origin, log.raw)))) ?? null;
}

// The consistency checks against the stored state (invariant 1, from 409 on); null = cosign.
function judge(submission: Submission, stored: LogState | null): WitnessAnswer | null {
  const { old, proof, checkpoint } = submission;
  const storedSize = stored?.size ?? 0;
  if (stored !== null && checkpoint.size === stored.size && checkpoint.root.toString('base64') === stored.root) return null;
  if (old !== storedSize) return { status: 409, type: 'text/x.tlog.size', body: `${storedSize}\n` };
  if (checkpoint.size === 0 && !checkpoint.root.equals(EMPTY_ROOT)) return refusal(422, 'a tree of size 0 must have the empty root');
  if (old === 0) return proof.length === 0 ? null : refusal(422, 'a proof from size 0 must be empty');
  const storedRoot = Buffer.from((stored as LogState).root, 'base64');
  if (old === checkpoint.size) return proof.length === 0 && storedRoot.equals(checkpoint.root) ? null : refusal(422, 'a different tree at the stored size');
  return verifyConsistency(old, checkpoint.size, storedRoot, checkpoint.root, proof) ? null : refusal(422, 'the consistency proof does not verify');
}

// Reads the log's state: the exact stored text (for compare-and-set) and its parse.
async function readState(storage: ServiceStorage, key: string): Promise<{ text: string | null; state: LogState | null }> {
  const text = await storage.getRecord(LOG_KIND, key);
  return { text, state: text === null ? null : (JSON.parse(text) as LogState) };
}

/** Dependencies of one call. */
export interface WitnessContext {
  identity: WitnessIdentity;
  storage: ServiceStorage;
  /** Wall-clock milliseconds. */
  now(): number;
  log(line: string): void;
}

/** Answers one add-checkpoint body (bytes as received). */
export async function addCheckpoint(w: WitnessContext, bytes: Buffer): Promise<WitnessAnswer> {
  const receivedAt = new Date(w.now()).toISOString();
  let text: string | null = null;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = null;
  }
  const evidence = (bucket: EvidenceBucket, answer: WitnessAnswer, host: string | null): Promise<void> =>
    keepEvidence(w.storage, bucket, bytes, {
      received_at: receivedAt, status: answer.status, reason: answer.body.trim(), host,
      body: text ?? bytes.toString('base64'), encoding: text === null ? 'base64' : 'utf8',
    }, w.log);
  const unknown = { name: 'unknown', limit: EVIDENCE_LIMITS.unknown };
  const parsed = text === null ? { ok: false as const, reason: 'body is not UTF-8' } : parseSubmission(text);
  if (!parsed.ok) {
    const answer = refusal(400, parsed.reason);
    await evidence(unknown, answer, null);
    return answer;
  }
  const submission = parsed.submission;
  const { checkpoint } = submission;
  const log = findLog(w.identity, submission);
  if (log === null) {
    const answer = refusal(404, 'unknown log');
    await evidence(unknown, answer, null);
    return answer;
  }
  if (!isSignedBy(checkpoint.note, checkpoint.origin, log.key, log.raw)) {
    const answer = refusal(403, 'the checkpoint signature does not verify');
    await evidence({ name: `${log.host} unsigned`, limit: EVIDENCE_LIMITS.unsigned }, answer, log.host);
    return answer;
  }
  const stateKey = `${log.host} ${checkpoint.origin}`;
  const first = await readState(w.storage, stateKey);
  if (!(await admitLog(w.storage, log.host, checkpoint.origin, first.text !== null))) {
    const answer = refusal(404, `unknown log: host ${log.host} already has ${MAX_LOGS_PER_HOST} logs at this witness, the most it may have`);
    await evidence({ name: `${log.host} over limit`, limit: EVIDENCE_LIMITS.unsigned }, answer, log.host);
    w.log(`witness: refused a new log ${JSON.stringify(checkpoint.origin)} from ${log.host}: it already has ${MAX_LOGS_PER_HOST}`);
    return answer;
  }
  // Each lost race means another submission advanced the log; a few are plenty.
  for (let attempt = 0; attempt < 16; attempt++) {
    const { text: expected, state } = attempt === 0 ? first : await readState(w.storage, stateKey);
    const answer = judge(submission, state);
    if (answer !== null) {
      await evidence({ name: stateKey, limit: EVIDENCE_LIMITS.log }, answer, log.host);
      w.log(`witness: refused ${checkpoint.origin} size ${checkpoint.size} from ${log.host}: ${answer.status}`);
      return answer;
    }
    const unchanged = state !== null && state.size === checkpoint.size;
    const next: LogState = { size: checkpoint.size, root: checkpoint.root.toString('base64'), updated_at: receivedAt };
    if (unchanged || (await w.storage.swapRecord(LOG_KIND, stateKey, expected, JSON.stringify(next)))) {
      const line = cosign(checkpoint.note.text, Math.floor(w.now() / 1000), w.identity.name, w.identity.key, w.identity.raw);
      return { status: 200, type: TEXT, body: line };
    }
  }
  throw new Error(`witness: state of ${stateKey} kept changing under a submission`);
}
