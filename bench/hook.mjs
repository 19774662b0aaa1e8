// The agent hook's answer (SPEC §12): `approve-run hook claude-code` fed a documented
// PreToolUse payload for an allowed shell line, against `node -e 0` given the same stdin, as
// paired runs. `hook_allowed` is the usual case: the line's verdict is cached from an earlier
// call (src/agents/verdict-cache.ts), so the fast bundle answers without the shell parser;
// `hook_allowed_first` is a line seen for the first time (the shell parser loads);
// `hook_allowed_file_stdin` is the cached line with stdin a regular file, read without the
// stream modules a pipe or socket needs (src/hook-path.ts). Needs a
// built CLI (`npm run build`). The last stdout line is a JSON object of figures.
// Environment: BENCH_ROUNDS (default 25).
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pairedRuns } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(root, 'bin/approve-run.js');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 25);
const work = mkdtempSync(join(tmpdir(), 'approve-run-hook-bench-'));
const node = process.execPath;

try {
  const policy = join(work, 'policy.yaml');
  writeFileSync(policy, 'version: 1\nsettings: { default: deny }\nrules:\n  - { id: reads, match: { command: [git, ls, grep, wc] }, decision: allow }\n');
  const sample = JSON.parse(readFileSync(join(root, 'test/agents/fixtures/claude-code.json'), 'utf8')).input;
  const env = { PATH: process.env.PATH, HOME: work, XDG_CACHE_HOME: join(work, 'cache'), XDG_CONFIG_HOME: join(work, 'config'), XDG_STATE_HOME: join(work, 'state'), NO_COLOR: '1' };
  const input = (command) => JSON.stringify({ ...sample, cwd: work, tool_input: { ...sample.tool_input, command } });
  const options = (stdin) => ({ env, input: stdin, stdio: ['pipe', 'ignore', 'pipe'] });
  const hook = [node, CLI, 'hook', 'claude-code', '-p', policy];
  const line = input('git status --short && ls -la src | grep ts | wc -l');
  const cached = pairedRuns([node, '-e', '0'], hook, ROUNDS, { subject: options(line), baseline: options(line) });
  let n = 0;
  const fresh = () => input(`git log -n ${++n} && ls`);
  // A new line each round: every call parses its line.
  const first = { subject_ms: [], ratio: null };
  const firstRuns = pairedRuns([node, '-e', '0'], hook, Math.max(5, ROUNDS >> 2), { subject: { ...options(''), get input() { return fresh(); } }, baseline: options(line) });
  Object.assign(first, firstRuns);
  const inputFile = join(work, 'input.json');
  writeFileSync(inputFile, line);
  // spawnSync reads the descriptor from where it is: each run gets the file opened afresh.
  let fd = null;
  const fromFile = {
    env,
    get stdio() {
      if (fd !== null) closeSync(fd);
      fd = openSync(inputFile, 'r');
      return [fd, 'ignore', 'pipe'];
    },
  };
  const fileStdin = pairedRuns([node, '-e', '0'], hook, ROUNDS, { subject: fromFile, baseline: options(line) });
  if (fd !== null) closeSync(fd);
  console.log(JSON.stringify({ hook_allowed: { ...cached, target_ratio: 1.5 }, hook_allowed_first: first, hook_allowed_file_stdin: fileStdin }));
} finally {
  rmSync(work, { recursive: true, force: true });
}
