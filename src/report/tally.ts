// Counts and chart series of the report: outcomes, exceptions, decisions per day, approval
// latency buckets, top rules and top requesters.
import type { Collected } from './collect.js';
import type { ReportData, RunView, Tally } from './model.js';

const TOP = 10;
/** Upper bounds of the latency buckets, in seconds, with their labels. */
const LATENCY_BUCKETS: [number, string][] = [
  [10, '< 10 s'],
  [60, '10 s – 1 min'],
  [300, '1 – 5 min'],
  [900, '5 – 15 min'],
  [3600, '15 – 60 min'],
  [Infinity, '≥ 1 h'],
];

// Counts of each key, in first-seen order.
function countBy(keys: Iterable<string>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) counts[key] = (counts[key] ?? 0) + 1;
  return counts;
}

// The largest counts first (ties by label), at most TOP.
function top(counts: Record<string, number>): Tally {
  return Object.entries(counts)
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1))
    .slice(0, TOP);
}

/** The report's counts and chart series. */
export const tallies = {
  counts(facts: Collected): ReportData['counts'] {
    return {
      entries_in_period: facts.entries,
      runs: facts.runs.length,
      outcomes: countBy(facts.runs.map((r) => r.outcome ?? 'no decision logged')),
      exceptions: countBy(facts.exceptions.map((e) => e.kind)),
      decisions_received: facts.decisionsReceived,
      decisions_accepted: facts.decisionsAccepted,
      policy_versions: facts.changes.length,
    };
  },
  charts(runs: RunView[]): ReportData['charts'] {
    const days = countBy(runs.filter((r) => r.outcome !== null).map((r) => r.time.slice(0, 10)));
    const latency = LATENCY_BUCKETS.map(([, label]) => ({ label, count: 0 }));
    for (const run of runs) {
      if (run.latency_ms === null) continue;
      const index = LATENCY_BUCKETS.findIndex(([bound]) => run.latency_ms! / 1000 < bound);
      latency[index]!.count++;
    }
    return {
      decisions_per_day: Object.keys(days).sort().map((label) => ({ label, count: days[label]! })),
      latency,
      top_rules: top(countBy(runs.flatMap((r) => r.rules))),
      top_requesters: top(countBy(runs.map((r) => r.requester))),
    };
  },
};
