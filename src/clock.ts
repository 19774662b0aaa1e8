// The monotonic clock every part uses. process.hrtime, because reading the `performance`
// global loads perf_hooks, a few milliseconds of every start.

/** Milliseconds on a monotonic clock. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
