// Outgoing calls to Slack and Teams, with bounded retries (SPEC §13). Chat is a courtesy to
// approvers: it must never hold up or fail the approval flow.
// Invariants:
//   1. At most MAX_ATTEMPTS attempts, each bounded by ATTEMPT_TIMEOUT_MS; waits between them
//      follow BACKOFF_MS, or the server's Retry-After up to MAX_RETRY_AFTER_MS.
//   2. A failure that retrying cannot fix (a refused token, an unknown channel) is not retried.
//   3. No redirect is followed (the bot token and the webhook URL's signature stay where they
//      were sent); answers larger than MAX_ANSWER_BYTES are a failure.
//   4. A final failure is one line in the service's log, naming what was sent and why; never
//      the token or the webhook URL (a secret).
//   5. Stopping the service (`signal`) ends every wait at once.

const MAX_ATTEMPTS = 4;
const BACKOFF_MS = [1000, 2000, 4000];
const MAX_RETRY_AFTER_MS = 60_000;
const ATTEMPT_TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 1 << 20;

/** How one attempt went. */
export type Attempt =
  | { done: true; value: unknown }
  | { done: false; retry: boolean; problem: string; retryAfterMs: number | null };

/** A POST with a JSON body, and what came back. */
export interface Answer {
  status: number;
  retryAfterMs: number | null;
  text: string;
}

// Retry-After in seconds (the form Slack and Teams use), as milliseconds, or null.
function retryAfter(header: string | null): number | null {
  if (header === null || !/^[0-9]{1,6}$/.test(header.trim())) return null;
  return Math.min(MAX_RETRY_AFTER_MS, Number(header.trim()) * 1000);
}

/** One POST of `body` to `url` (invariants 1 and 3); throws on network failure. */
export async function postJson(url: string, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body,
    redirect: 'manual',
    signal: AbortSignal.any([signal, AbortSignal.timeout(ATTEMPT_TIMEOUT_MS)]),
  });
  const text = await response.text();
  if (response.status >= 300 && response.status < 400) return { status: response.status, retryAfterMs: null, text: '' };
  if (Buffer.byteLength(text) > MAX_ANSWER_BYTES) throw new Error(`answer larger than ${MAX_ANSWER_BYTES} bytes`);
  return { status: response.status, retryAfterMs: retryAfter(response.headers.get('retry-after')), text };
}

// Resolves after `ms`, or at once when `signal` is aborted.
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

/** Runs `attempt` until it is done or the bounds are reached; the value, or null (logged). */
export async function withRetries(what: string, attempt: () => Promise<Attempt>, o: { signal: AbortSignal; log: (line: string) => void }): Promise<unknown> {
  let problem = 'not attempted';
  for (let i = 0; i < MAX_ATTEMPTS && !o.signal.aborted; i++) {
    let result: Attempt;
    try {
      result = await attempt();
    } catch (error) {
      const cause = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
      result = { done: false, retry: true, problem: cause, retryAfterMs: null };
    }
    if (result.done) return result.value;
    problem = result.problem;
    if (!result.retry) {
      o.log(`${what} failed: ${problem} (not retried)`);
      return null;
    }
    if (i + 1 < MAX_ATTEMPTS) await pause(result.retryAfterMs ?? BACKOFF_MS[i] ?? 4000, o.signal);
  }
  o.log(`${what} failed: ${problem} (${o.signal.aborted ? 'service stopping' : `gave up after ${MAX_ATTEMPTS} attempts`})`);
  return null;
}
