// Small helpers of the webhook channel's long-poll loop (./webhook.ts): a pause that an abort
// cuts short, and the set of decision values already offered, so a relay that repeats what it
// holds has each value logged once (SPEC §13: junk never cancels).

/** Waits `ms`, or less if `signal` aborts first. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    // Resolves once, whichever comes first.
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

/** The values not offered before (compared by their JSON text), remembered in `seen`. */
export function unseen(values: unknown[], seen: Set<string>): unknown[] {
  const fresh: unknown[] = [];
  for (const value of values) {
    let text: string;
    try {
      text = JSON.stringify(value) ?? 'undefined';
    } catch {
      text = String(value);
    }
    if (seen.has(text)) continue;
    seen.add(text);
    fresh.push(value);
  }
  return fresh;
}
