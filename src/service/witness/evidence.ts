// Rejected add-checkpoint submissions, kept as evidence (C2SP tlog-witness: a refused but
// validly signed checkpoint may prove that a log misbehaved).
// Invariants:
//   1. Each distinct body is kept once per bucket (its key is the body's SHA-256), by
//      insertRecord: a replayed rejection adds nothing.
//   2. A bucket holds at most its limit of records, counted by a compare-and-set counter, so a
//      flood can neither fill the disk nor push out what was kept first (the first refusal
//      of a fork is the evidence that matters).
//   3. Keeping evidence never changes the answer: a storage failure here is logged, not thrown.
import { createHash } from 'node:crypto';
import type { ServiceStorage } from '../storage/types.js';

export const EVIDENCE_KIND = 'witness.evidence';
const COUNT_KIND = 'witness.evidence_count';

/** Records kept per bucket: per log when signed by its key, per host when not, and for unknown logs. */
export const EVIDENCE_LIMITS = { log: 256, unsigned: 64, unknown: 256 } as const;

/** Where a rejection is filed. */
export interface EvidenceBucket {
  name: string;
  limit: number;
}

/** One kept rejection. */
export interface Evidence {
  received_at: string;
  status: number;
  reason: string;
  host: string | null;
  /** The body as text when it was UTF-8, else base64 with `encoding: "base64"`. */
  body: string;
  encoding: 'utf8' | 'base64';
}

// Takes one slot of the bucket's quota; false when it is full.
async function takeSlot(storage: ServiceStorage, bucket: EvidenceBucket): Promise<boolean> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const current = await storage.getRecord(COUNT_KIND, bucket.name);
    const used = current === null ? 0 : Number(current);
    if (!Number.isSafeInteger(used) || used >= bucket.limit) return false;
    if (await storage.swapRecord(COUNT_KIND, bucket.name, current, String(used + 1))) return true;
  }
  return false;
}

/** Keeps `evidence` under `bucket` unless the bucket is full or the same body is already kept. */
export async function keepEvidence(storage: ServiceStorage, bucket: EvidenceBucket, bodyBytes: Buffer, evidence: Evidence, log: (line: string) => void): Promise<void> {
  try {
    const key = `${bucket.name}/${createHash('sha256').update(bodyBytes).digest('hex')}`;
    if ((await storage.getRecord(EVIDENCE_KIND, key)) !== null) return;
    if (!(await takeSlot(storage, bucket))) {
      log(`witness: evidence for ${bucket.name} is full (${bucket.limit}); a ${evidence.status} was not kept`);
      return;
    }
    await storage.insertRecord(EVIDENCE_KIND, key, JSON.stringify(evidence), null);
  } catch (error) {
    log(`witness: could not keep evidence: ${(error as Error).message}`);
  }
}
