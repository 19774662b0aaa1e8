// How many logs one host may have at the witness. A log is (host, origin) (./witness.ts
// invariant 2) and the origin is the host's to choose, so without a bound a host (or an
// intruder holding its checkpoint key) could make the witness store a new log state and a new
// evidence bucket for every origin it signs.
// Invariants:
//   1. A host's origins are admitted into one record per host, by compare-and-set: of racing
//      first submissions (on any replica) no more than MAX_LOGS_PER_HOST are ever admitted.
//   2. A log already admitted, or whose state the witness already keeps (stored before this
//      bound existed), is always let through: the bound never cuts off a log it knows.
//   3. Admission happens after the checkpoint's signature verified, so only the host's own
//      key can use up the host's places.
import type { ServiceStorage } from '../storage/types.js';

/** Logs (origins) one host's checkpoint key may have at the witness. */
export const MAX_LOGS_PER_HOST = 64;

/** Record kind: per host, the JSON array of its admitted origins. */
export const ORIGINS_KIND = 'witness.origins';

/** Admits `origin` as one of `host`'s logs; false when the host already has its limit. */
export async function admitLog(storage: ServiceStorage, host: string, origin: string, known: boolean): Promise<boolean> {
  if (known) return true;
  // Each lost race means another origin of this host was just admitted; a few are plenty.
  for (let attempt = 0; attempt < 16; attempt++) {
    const text = await storage.getRecord(ORIGINS_KIND, host);
    const origins = text === null ? [] : (JSON.parse(text) as string[]);
    if (origins.includes(origin)) return true;
    if (origins.length >= MAX_LOGS_PER_HOST) return false;
    if (await storage.swapRecord(ORIGINS_KIND, host, text, JSON.stringify([...origins, origin]))) return true;
  }
  throw new Error(`witness: the logs of ${host} kept changing under a submission`);
}
