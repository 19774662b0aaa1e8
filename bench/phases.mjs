// Where a short run's time goes, from a V8 CPU profile (`node --cpu-prof`): every sample is
// put in one phase, named by the innermost frame of its stack that a rule below knows. So time
// spent loading node:crypto counts there even when approve-run's code asked for it, and a
// commit counts as one even inside an append.

/** The phases, in the order they are printed. */
export const PHASES = [
  'Node start-up and exit',
  'load node:crypto',
  'load node:child_process',
  'load other built-in modules',
  'load the bundle (code cache)',
  'open the audit database',
  'SQLite writes and commits',
  'hashing',
  'identity and cached policy',
  'decide',
  'request and audit entries',
  'start and wait for the command',
  'other JavaScript of the run',
  'garbage collection',
  'V8, unattributed',
];

const BUNDLE = /\/(?:fast-path\.c?js|fast-path\.mjs|main\.cjs|program\.js|chunk-[\w-]+\.js|floor\.cjs)$/;
// A function's name as written: a bundler adds a number to one that another module also uses.
const named = (frame, names) => names.includes(frame.functionName.replace(/\d+$/, ''));

// The other phases' rules: does `frame` (a callFrame of the profile) name the phase?
const RULES = [
  ['V8, unattributed', (f) => f.functionName === '(program)' || f.functionName === '(idle)'],
  ['load the bundle (code cache)', (f) => (f.url === 'node:vm' && f.functionName === 'Script') || f.functionName === 'loadWithCodeCache'],
  ['SQLite writes and commits', (f) => BUNDLE.test(f.url) && named(f, ['transaction', 'sqliteTransaction', 'append', 'beginImmediate'])],
  ['hashing', (f) => f.url === 'node:internal/crypto/hash' || (f.url === 'node:crypto' && f.functionName !== '')],
  ['open the audit database', (f) => (BUNDLE.test(f.url) && named(f, ['openAuditLog', 'Database', 'pragma'])) || /\/node_modules\/(?:better-sqlite3|bindings)\//.test(f.url)],
  ['identity and cached policy', (f) => BUNDLE.test(f.url) && named(f, ['realContext', 'trustedPolicy'])],
  ['decide', (f) => BUNDLE.test(f.url) && named(f, ['evaluate'])],
  ['request and audit entries', (f) => BUNDLE.test(f.url) && named(f, ['buildRequest', 'buildLeaf', 'appendRequest', 'appendExecStart', 'appendExecEnd'])],
];
// Looked at only when no frame of the stack names one of the phases above.
const FALLBACKS = [
  ['start and wait for the command', (f) => f.url === 'node:child_process' || f.url === 'node:internal/child_process'],
  ['other JavaScript of the run', (f) => BUNDLE.test(f.url)],
];

/** The phase of one sample, from its stack listed root first. */
export function phaseOf(stack) {
  const leaf = stack[stack.length - 1];
  if (leaf?.functionName === '(garbage collector)') return 'garbage collection';
  // Loading a built-in module counts for the first one asked for: node:crypto's own imports
  // are part of loading node:crypto.
  const loading = stack.findIndex((frame) => frame.functionName === 'compileForInternalLoader');
  if (loading >= 0) {
    const module = stack[loading + 1]?.url;
    if (module === 'node:crypto') return 'load node:crypto';
    if (module === 'node:child_process') return 'load node:child_process';
    return 'load other built-in modules';
  }
  for (const rules of [RULES, FALLBACKS]) {
    for (let i = stack.length - 1; i >= 0; i--) {
      for (const [phase, applies] of rules) if (applies(stack[i])) return phase;
    }
  }
  return 'Node start-up and exit';
}

/** Milliseconds per phase in one profile (the object `--cpu-prof` writes). */
export function phaseTimes(profile) {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stackOf = new Map();
  const stack = (id) => {
    let known = stackOf.get(id);
    if (known === undefined) {
      known = [];
      for (let at = id; at !== undefined; at = parent.get(at)) known.push(byId.get(at).callFrame);
      known.reverse();
      stackOf.set(id, known);
    }
    return known;
  };
  const times = Object.fromEntries(PHASES.map((phase) => [phase, 0]));
  profile.samples.forEach((id, i) => {
    times[phaseOf(stack(id))] += (profile.timeDeltas[i] ?? 0) / 1000;
  });
  return times;
}

/** The mean of each phase over several profiles' phase times. */
export function meanTimes(list) {
  const mean = Object.fromEntries(PHASES.map((phase) => [phase, 0]));
  for (const times of list) for (const phase of PHASES) mean[phase] += times[phase] / list.length;
  return mean;
}
