// `npm run bench:profile`: where the allow path's time goes. Runs `node -e 0`, the floor
// (bench/floor.cjs, bundled as in `npm run bench`) and `approve-run -- true` on the example policy under V8's CPU profiler,
// round after round, and prints the mean milliseconds of each phase (bench/phases.mjs) side
// by side. The profiler slows every run a little: compare the columns with each other, and
// take wall-clock figures from `npm run bench`.
// Usage: node bench/profile.mjs [--rounds N] [--json]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchEnv, bundleFloor } from './lib.mjs';
import { meanTimes, PHASES, phaseTimes } from './phases.mjs';

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '20' }, json: { type: 'boolean', default: false } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`--rounds must be a positive whole number, not ${values.rounds}`);

const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'approve-run-profile-'));
// Without NODE_EXTRA_CA_CERTS and NODE_OPTIONS (bench/lib.mjs benchEnv), as in `npm run bench`.
const env = { ...benchEnv(), NO_COLOR: '1' };
delete env.APPROVE_RUN_POLICY;
delete env.APPROVE_RUN_AUDIT_DB;
const node = process.execPath;
const subjects = {
  'node -e 0': ['-e', '0'],
  floor: [await bundleFloor(work), join(work, 'floor.db'), '/usr/bin/true'],
  'approve-run': [join(root, 'bin/approve-run.js'), '-p', join(root, 'policies.example.yaml'), '--audit-db', join(work, 'allow.db'), '--', 'true'],
};

// One run of a subject, profiled into its own directory when `profiled`.
function run(name, profiled) {
  const flags = profiled ? ['--cpu-prof', '--cpu-prof-interval=100', `--cpu-prof-dir=${join(work, name.replace(/\W+/g, '-'))}`] : [];
  const result = spawnSync(node, [...flags, ...subjects[name]], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  if (result.status !== 0) throw new Error(`${name} exited ${result.status}: ${result.stderr.toString().trim()}`);
}

const times = {};
try {
  // Unprofiled warm-up: the compiled-policy cache and the code cache are made by these runs.
  for (let i = 0; i < 3; i++) for (const name of Object.keys(subjects)) run(name, false);
  for (let i = 0; i < rounds; i++) for (const name of Object.keys(subjects)) run(name, true);
  for (const name of Object.keys(subjects)) {
    const dir = join(work, name.replace(/\W+/g, '-'));
    times[name] = meanTimes(readdirSync(dir).map((file) => phaseTimes(JSON.parse(readFileSync(join(dir, file), 'utf8')))));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (values.json) {
  console.log(JSON.stringify({ node: process.version, rounds, unit: 'ms', phases: times }, null, 2));
} else {
  const names = Object.keys(subjects);
  const cell = (value) => value.toFixed(2).padStart(12);
  console.log(`mean CPU-profile milliseconds per run, ${rounds} rounds, node ${process.version}`);
  console.log(`${'phase'.padEnd(32)}${names.map((name) => name.padStart(12)).join('')}`);
  for (const phase of PHASES) console.log(`${phase.padEnd(32)}${names.map((name) => cell(times[name][phase])).join('')}`);
  const total = (name) => PHASES.reduce((sum, phase) => sum + times[name][phase], 0);
  console.log(`${'total'.padEnd(32)}${names.map((name) => cell(total(name))).join('')}`);
}
