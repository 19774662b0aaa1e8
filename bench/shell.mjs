// Shell-line analysis cost: how long loading the bash grammar takes, and the median in-process
// time to parse and judge a 20-command line through the real `evaluate` once the parser is
// loaded. With a built CLI (`npm run build`) it also times `check --shell` end to end against
// `check` on a plain argv, as paired runs. Bundles src with esbuild so it runs the real code
// without a TypeScript loader. The last stdout line is a JSON object of figures.
// Environment: BENCH_SHELL_RUNS (default 300), BENCH_ROUNDS (default 15).
import { build } from 'esbuild';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median, pairedRuns } from './lib.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_SHELL_RUNS ?? 300);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
const work = mkdtempSync(join(tmpdir(), 'approve-run-shell-bench-'));

const LINE = [
  'git status --short', 'git log --oneline -n 5 | head -n 3', 'ls -la src | grep ts | wc -l', 'echo "step 1; done" 2>&1',
  'cat README.md | head -n 1', 'git diff --stat', 'timeout 30 git fetch origin', 'sort -k2 -n data.csv | uniq -c',
  "sed -n 's/a/b/p' notes.txt", "awk -F: '{ print $1 }' /etc/passwd >/dev/null", 'find . -name "*.ts" -type f | wc -l',
  'env LANG=C ls', 'nice -n 5 grep -r TODO src', 'git branch --list',
].join(' && ');
/** Simple commands in LINE (each part of a pipeline counts; wrappers add candidates of their own). */
const SIMPLE_COMMANDS = 20;

const POLICY = `version: 1
settings: { default: deny }
rules:
  - { id: tools, match: { command: [git, ls, grep, wc, echo, cat, head, sort, uniq, sed, awk, find] }, decision: allow }
`;

// Bundles the decision function, the policy loader and the parser loader into one module.
async function bundle() {
  const entry = join(work, 'entry.ts');
  writeFileSync(
    entry,
    [
      `export { evaluate } from ${JSON.stringify(join(root, 'src/decide/evaluate.ts'))};`,
      `export { loadPolicyText } from ${JSON.stringify(join(root, 'src/policy/load.ts'))};`,
      `export { realPathProbe } from ${JSON.stringify(join(root, 'src/decide/resolve.ts'))};`,
      `export { bashParser } from ${JSON.stringify(join(root, 'src/shell/parser.ts'))};`,
    ].join('\n'),
  );
  symlinkSync(join(root, 'node_modules'), join(work, 'node_modules'));
  const outfile = join(work, 'bench-shell.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['web-tree-sitter', 'tree-sitter-bash', 'better-sqlite3'],
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  return import(pathToFileURL(outfile).href);
}

// The decision input for the 20-command line.
function input() {
  return {
    argv: [LINE],
    shell: LINE,
    cwd: root,
    requester: { user: 'bench', uid: 4242, gid: 4242, groups: ['bench'] },
    actor: null,
    host: 'bench',
    now: new Date(),
  };
}

try {
  const mod = await bundle();
  const policy = mod.loadPolicyText(join(work, 'policy.yaml'), POLICY);
  const loadStart = performance.now();
  await mod.bashParser();
  const parserLoadMs = performance.now() - loadStart;

  const first = await mod.evaluate(policy, input(), mod.realPathProbe);
  if (first.decision !== 'allow' || first.commands.length < SIMPLE_COMMANDS) throw new Error(`unexpected evaluation: ${first.decision}, ${first.commands.length} commands`);
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await mod.evaluate(policy, input(), mod.realPathProbe);
    times.push(performance.now() - start);
  }
  const results = {
    parser_load_ms: Number(parserLoadMs.toFixed(2)),
    evaluate_20_command_line_median_ms: Number(median(times).toFixed(3)),
    evaluate_20_command_line_p90_ms: Number([...times].sort((a, b) => a - b)[Math.floor(times.length * 0.9)].toFixed(3)),
    simple_commands: SIMPLE_COMMANDS,
    judged_candidates: first.commands.length,
    runs: RUNS,
  };

  const cli = join(root, 'bin/approve-run.js');
  if (existsSync(join(root, 'dist/main.js'))) {
    const file = join(work, 'policy.yaml');
    writeFileSync(file, POLICY);
    const env = { ...process.env, NO_COLOR: '1' };
    const argvCheck = [process.execPath, cli, 'check', '-p', file, '--', 'git', 'status'];
    const shellCheck = [process.execPath, cli, 'check', '--shell', '-p', file, '--', LINE];
    results.cli_check_shell_vs_argv = pairedRuns(argvCheck, shellCheck, ROUNDS, { subject: { env }, baseline: { env } });
  }

  console.log(`parser load (first use):            ${results.parser_load_ms} ms`);
  console.log(`evaluate 20-command line (median):  ${results.evaluate_20_command_line_median_ms} ms over ${RUNS} runs (p90 ${results.evaluate_20_command_line_p90_ms} ms)`);
  if (results.cli_check_shell_vs_argv) {
    const c = results.cli_check_shell_vs_argv;
    console.log(`CLI check --shell vs check argv:     ${c.subject_ms.toFixed(1)} ms vs ${c.baseline_ms.toFixed(1)} ms (ratio ${c.ratio.toFixed(2)})`);
  }
  console.log(JSON.stringify(results));
} finally {
  rmSync(work, { recursive: true, force: true });
}
