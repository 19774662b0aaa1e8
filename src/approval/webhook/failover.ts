// Failover between the replicas of one approval service (SPEC §15): a webhook whose `url` is a
// list. The replicas share one database, so a request posted to one is known to all.
// Invariants:
//   1. Replicas are tried in the policy's order, starting from the first; a failing one hands
//      over to the next, round and round, until the approval expires (the caller's deadline).
//   2. The same request body (same id and hash) goes to every replica; each call is signed anew.
//   3. A 409 counts as "this replica already holds the request" only when its body says so in
//      the service's own words and this request was posted before; anything else stays a 409.
//   4. The status and outcome URLs used after a failover are derived from the replica's own
//      url (`<url>/<id>/status`, `/outcome`), on its origin, as `approve-run serve` lays them out.
import { jsonBody } from './http.js';

/** The replicas of a webhook, with the one in use. */
export class Replicas {
  private readonly all: URL[];
  private at = 0;

  constructor(first: URL, rest: readonly string[]) {
    this.all = [first, ...rest.map((u) => new URL(u))];
  }

  /** How many replicas there are (1: no failover). */
  get size(): number {
    return this.all.length;
  }

  /** The replica in use. */
  get current(): URL {
    return this.all[this.at] as URL;
  }

  /** Moves to the next replica (invariant 1). */
  next(): void {
    this.at = (this.at + 1) % this.all.length;
  }

  /** Uses the replica on `url`'s origin; false when none is. */
  use(url: URL): boolean {
    const i = this.all.findIndex((r) => r.origin === url.origin);
    if (i < 0) return false;
    this.at = i;
    return true;
  }

  /** `<current>/<id>/<leaf>` on the current replica (invariant 4). */
  derived(id: string, leaf: 'status' | 'outcome'): URL {
    const base = this.current;
    return new URL(`${base.pathname.replace(/\/+$/, '')}/${id}/${leaf}`, base);
  }
}

/** Whether a 409 reply says the request is already stored (invariant 3). */
export function alreadyHeld(reply: { contentType: string | null; body: Buffer | null }, requestId: string): boolean {
  const json = jsonBody(reply);
  if (!json.ok) return false;
  const error = (json.value as { error?: unknown } | null)?.error;
  return error === `request ${requestId} already exists`;
}
