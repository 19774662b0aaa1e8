// Declares every command and its flags; handlers are imported lazily so `approve-run -- cmd`
// loads only the run path. Argument vectors are split at the first `--`: what follows is the
// command to judge, passed untouched.
import { Command, CommanderError, Option } from 'commander';
import { CHECK_OPTIONS, commanderFlags, COMMAND_NAMES, HELP_WORDS, HOOK_OPTIONS, RUN_OPTIONS, type CheckOptions, type OptionSpec, type RunOptions } from './commands/option-tables.js';
import { commandWithoutDash } from './commands/usage-hints.js';
import { ourStdout, realContext, type Context } from './context.js';
import { escapeInvisible } from './decide/display.js';
import { usageError } from './errors.js';

declare const __VERSION__: string;
const VERSION = typeof __VERSION__ === 'string' ? __VERSION__ : '0.0.0-dev';

export type { CheckOptions, RunOptions } from './commands/option-tables.js';

// The command after `--`, or a usage error naming what is missing.
function requireCommand(rest: string[] | null, name: string): string[] {
  if (rest === null) throw usageError(`missing '--' before the command (usage: approve-run ${name} [options] -- <command> [args...])`);
  if (rest.length === 0) throw usageError('no command given after --');
  return rest;
}

/** What runCli can be given instead of the real thing. */
export interface CliSeams {
  /** Makes the context a command runs with (default: realContext(), when the command starts). */
  context?: () => Context;
  /** Replace the run and check handlers, e.g. to see what commander parsed. */
  run?: (options: RunOptions) => Promise<number>;
  check?: (options: CheckOptions) => Promise<number>;
}

// Declares a table's options on a commander command (flags default to false).
function declareOptions<O>(command: Command, table: readonly OptionSpec<O>[]): Command {
  for (const spec of table) {
    if (spec.value === undefined && spec.long.startsWith('--no-')) {
      // A flag named --no-x (--no-wait) is a flag of its own, not commander's negation of --x.
      const option = new Option(commanderFlags(spec), spec.description);
      option.negate = false;
      command.addOption(option.default(false));
    } else if (spec.value === undefined) command.option(commanderFlags(spec), spec.description, false);
    else command.option(commanderFlags(spec), spec.description);
  }
  return command;
}

/**
 * The whole command tree with its options and help, as `--help` shows it. `rest` is the
 * command after `--` (null without one); handlers hand their exit code to `setResult`.
 */
export function buildProgram(rest: string[] | null, seams: CliSeams, setResult: (p: Promise<number>) => void): Command {
  const ctx = seams.context ?? realContext;
  const program = new Command('approve-run')
    .description('Run privileged commands through a policy, approvals and a tamper-evident audit log.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ourStdout().write(s),
      writeErr: (s) => process.stderr.write(s),
      outputError: () => {},
    })
    .addHelpText(
      'after',
      `
Examples:
  $ approve-run -- systemctl status nginx
  $ approve-run check --json -- git push --force
  $ approve-run --shell -r "rotate logs" -- 'journalctl --vacuum-time=2d && systemctl restart rsyslog'
  $ approve-run policy validate /etc/approve-run/policy.yaml
  $ approve-run audit verify --key /etc/approve-run/audit.pub`,
    );

  const run = program
    .command('run')
    .argument('[command...]', 'the command, after --')
    .description('decide on a command by policy, get approval if needed, and run it (the default command)');
  declareOptions(run, RUN_OPTIONS)
    .addHelpText('after', `\nExamples:\n  $ approve-run -- systemctl restart nginx\n  $ approve-run run --json -r "deploy" --actor agent:ci -- systemctl restart nginx.service\n  $ approve-run --shell -- 'git status && git log -1'`)
    .action(async (stray: string[], opts: Omit<RunOptions, 'command'>) => {
      const command = requireCommand(stray.length > 0 ? null : rest, 'run');
      if (seams.run !== undefined) {
        setResult(seams.run({ ...opts, command }));
        return;
      }
      const { runRun } = await import('./commands/run.js');
      setResult(runRun({ ...opts, command }, ctx()));
    });

  const check = program
    .command('check')
    .argument('[command...]', 'the command, after --')
    .description('show the decision for a command without running it (exit 0 allow, 1 approve, 77 deny)');
  declareOptions(check, CHECK_OPTIONS)
    .addHelpText('after', `\nExamples:\n  $ approve-run check -- systemctl restart nginx.service\n  $ approve-run check --json --shell -- 'find . -name "*.log" -delete'`)
    .action(async (stray: string[], opts: Omit<CheckOptions, 'command'>) => {
      const command = requireCommand(stray.length > 0 ? null : rest, 'check');
      if (seams.check !== undefined) {
        setResult(seams.check({ ...opts, command }));
        return;
      }
      const { runCheck } = await import('./commands/check.js');
      setResult(runCheck({ ...opts, command }, ctx()));
    });

  const policy = program.command('policy').description('validate and test policy files');
  policy
    .command('validate [file]')
    .description('check a policy file: one file:line:col line per problem, then lint warnings')
    .addHelpText('after', `\nExamples:\n  $ approve-run policy validate policies.example.yaml`)
    .action(async (file: string | undefined) => {
      const { runPolicyValidate } = await import('./commands/policy-validate.js');
      setResult(runPolicyValidate({ file }, ctx()));
    });
  policy
    .command('test <file>')
    .description('run a file of policy test cases; one line per failing case')
    .option('-p, --policy <file>', 'policy to test against (refused in privileged mode)')
    .addHelpText('after', `\nExamples:\n  $ approve-run policy test cases.yaml --policy policies.example.yaml`)
    .action(async (file: string, opts: { policy?: string }) => {
      const { runPolicyTest } = await import('./commands/policy-test.js');
      setResult(runPolicyTest({ file, policy: opts.policy }, ctx()));
    });
  policy
    .command('suggest')
    .description('propose rules (YAML, for review) for commands approved repeatedly and never denied; never edits the policy')
    .option('--since <dur>', 'only the log of the last DUR (e.g. 30d)', '30d')
    .option('--min-approvals <n>', 'approved at least N times', '3')
    .addOption(new Option('--audit-db <file>', 'audit database (refused in privileged mode)'))
    .addOption(new Option('-p, --policy <file>', 'the policy to check proposals against (refused in privileged mode)'))
    .addHelpText('after', `\nExamples:\n  $ approve-run policy suggest --since 30d --min-approvals 5`)
    .action(async (opts: { since: string; minApprovals: string; auditDb?: string; policy?: string }) => {
      const { runPolicySuggest } = await import('./commands/policy-suggest.js');
      setResult(runPolicySuggest(opts, ctx()));
    });

  const config = program.command('config').description('per-user preferences (never affect a decision)');
  config
    .command('get <key>')
    .description('print one preference')
    .addHelpText('after', `\nExamples:\n  $ approve-run config get actor`)
    .action(async (key: string) => {
      const { runConfig } = await import('./commands/config.js');
      setResult(runConfig({ action: 'get', key }, ctx()));
    });
  config
    .command('set <key> <value>')
    .description('set one preference')
    .addHelpText('after', `\nExamples:\n  $ approve-run config set actor agent:claude-code`)
    .action(async (key: string, value: string) => {
      const { runConfig } = await import('./commands/config.js');
      setResult(runConfig({ action: 'set', key, value }, ctx()));
    });
  config
    .command('list')
    .description('print all preferences')
    .addHelpText('after', `\nExamples:\n  $ approve-run config list`)
    .action(async () => {
      const { runConfig } = await import('./commands/config.js');
      setResult(runConfig({ action: 'list' }, ctx()));
    });

  registerLaterCommands(program, setResult, ctx);
  registerServiceCommands(program, setResult, ctx);
  return program;
}

/** Parses argv and runs the chosen command; resolves to the process exit code. */
export async function runCli(argv: string[], seams: CliSeams = {}): Promise<number> {
  const dash = argv.indexOf('--');
  const head = dash === -1 ? argv : argv.slice(0, dash);
  const rest = dash === -1 ? null : argv.slice(dash + 1);
  const first = head[0];
  const wantsTopLevel = first === undefined ? rest !== null : !COMMAND_NAMES.has(first) && !HELP_WORDS.has(first);
  const words = wantsTopLevel ? ['run', ...head] : head;
  const named = first === 'run' || first === 'check' ? first : null;
  if (named !== null || wantsTopLevel) {
    const misplaced = commandWithoutDash(named, named === null ? head : head.slice(1), rest, named === 'check' ? CHECK_OPTIONS : RUN_OPTIONS);
    if (misplaced !== null) throw misplaced;
  }

  let result: Promise<number> = Promise.resolve(0);
  const program = buildProgram(rest, seams, (p) => {
    result = p;
  });
  try {
    await program.parseAsync(words, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0;
      // Help shown because no command was given (`approve-run`, `approve-run audit`): the help
      // text already says what is missing, so only the usage exit code remains.
      if (error.code === 'commander.help') return 125;
      // Commander's own line breaks become spaces; the words quoted in it are the caller's, so escaped.
      const oneLine = error.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ').replace('(Did you mean', '(did you mean');
      throw usageError(escapeInvisible(oneLine));
    }
    throw error;
  }
  return result;
}

// Commands whose handlers arrive with the audit, approval and session modules.
function registerLaterCommands(
  program: Command,
  setResult: (p: Promise<number>) => void,
  ctx: () => ReturnType<typeof realContext>,
): void {
  const dbOption = () => new Option('--audit-db <file>', 'audit database (refused in privileged mode)');
  const policyOption = () => new Option('-p, --policy <file>', 'policy whose settings.audit applies (refused in privileged mode)');
  const audit = program
    .command('audit')
    .description('verify, read and export the tamper-evident audit log')
    .addHelpText('after', `\nExamples:\n  $ approve-run audit verify --key /etc/approve-run/audit.pub\n  $ approve-run audit log --since 2h`);
  audit
    .command('verify')
    .description('recompute the whole hash chain and every checkpoint (exit 0 intact, 1 not intact, 125 unreadable)')
    .option('--json', 'print {"ok","entries","checkpoints","first_bad_seq","code","message"}', false)
    .option('--key <pub>', 'public key (file or ed25519:<base64>) every checkpoint must be signed with')
    .option('--trusted <note>', 'a checkpoint note kept elsewhere (e.g. from syslog) the log must still contain')
    .option('--witness <pub>', 'the witness\'s public key (file or ed25519:<base64>): check its cosignatures and refusals (SPEC §15)')
    .addOption(dbOption())
    .addOption(policyOption())
    .addHelpText('after', `\nExamples:\n  $ approve-run audit verify\n  $ approve-run audit verify --json --key /etc/approve-run/audit.pub --trusted checkpoint.txt\n  $ approve-run audit verify --witness /etc/approve-run/witness.pub`)
    .action(async (opts: { json: boolean; key?: string; trusted?: string; witness?: string; auditDb?: string; policy?: string }) => {
      const { runAuditVerify } = await import('./commands/audit-verify.js');
      setResult(runAuditVerify(opts, ctx()));
    });
  audit
    .command('log')
    .description('show entries as a table (or --json lines), oldest first')
    .option('--since <dur|date>', 'only entries since a duration ago (15m, 2h, 1d), a date or an ISO date-time')
    .option('--limit <n>', 'only the most recent N entries')
    .option('--json', 'print the stored entries as JSON lines', false)
    .addOption(dbOption())
    .addOption(policyOption())
    .addHelpText('after', `\nExamples:\n  $ approve-run audit log --since 1d\n  $ approve-run audit log --limit 20 --json`)
    .action(async (opts: { since?: string; limit?: string; json: boolean; auditDb?: string; policy?: string }) => {
      const { runAuditLog } = await import('./commands/audit-log.js');
      setResult(runAuditLog(opts, ctx()));
    });
  audit
    .command('export')
    .description('export the log: jsonl = every stored leaf byte for byte; csv = one row per run')
    .addOption(new Option('--format <format>', 'jsonl or csv').choices(['jsonl', 'csv']).default('jsonl'))
    .option('-o, --output <file>', 'write to FILE instead of stdout (under sudo: created with your own rights)')
    .addOption(dbOption())
    .addOption(policyOption())
    .addHelpText('after', `\nExamples:\n  $ approve-run audit export -o audit.jsonl && python3 docs/verify_export.py audit.jsonl\n  $ approve-run audit export --format csv > runs.csv`)
    .action(async (opts: { format: string; output?: string; auditDb?: string; policy?: string }) => {
      const { runAuditExport } = await import('./commands/audit-export.js');
      setResult(runAuditExport(opts, ctx()));
    });
  audit
    .command('checkpoint')
    .description('sign (with settings.audit.checkpoint_key) and print the current checkpoint note')
    .option('-o, --output <file>', 'write the note to FILE instead of stdout (under sudo: created with your own rights)')
    .addOption(dbOption())
    .addOption(policyOption())
    .addHelpText('after', `\nExamples:\n  $ approve-run audit checkpoint -o /media/usb/checkpoint-$(date +%F).txt\n  $ approve-run audit verify --key /etc/approve-run/audit.pub --trusted /media/usb/checkpoint-2026-11-21.txt`)
    .action(async (opts: { output?: string; auditDb?: string; policy?: string }) => {
      const { runAuditCheckpoint } = await import('./commands/audit-checkpoint.js');
      setResult(runAuditCheckpoint(opts, ctx()));
    });
  audit
    .command('report')
    .description("the auditor's report: verification, runs, separation of duties, exceptions, changes, charts, controls")
    .option('--since <date>', 'start of the period: a date, an ISO date-time or a duration ago (30d)')
    .option('--until <date>', 'end of the period (default: now), same forms')
    .option('--previous <note>', "the previous report's end checkpoint note, which the log must still contain")
    .option('--key <pub>', 'public key (file or ed25519:<base64>) every checkpoint must be signed with')
    .option('--trusted <note>', 'a checkpoint note kept elsewhere the log must still contain')
    .addOption(new Option('--format <format>', 'html, md, json or oscal').choices(['html', 'md', 'json', 'oscal']).default('html'))
    .option('-o, --output <file>', 'write to FILE instead of stdout (under sudo: created with your own rights)')
    .addOption(dbOption())
    .addOption(policyOption())
    .addHelpText('after', `\nExamples:\n  $ approve-run audit report --since 2026-10-01 --until 2026-11-01 --key /etc/approve-run/audit.pub -o report.html\n  $ approve-run audit report --since 30d --format oscal --previous last-report-checkpoint.txt`)
    .action(async (opts: { since?: string; until?: string; previous?: string; key?: string; trusted?: string; format: string; output?: string; auditDb?: string; policy?: string }) => {
      const { runAuditReport } = await import('./commands/audit-report.js');
      setResult(runAuditReport(opts, ctx()));
    });
  program
    .command('keygen')
    .description('create an Ed25519 key pair: PREFIX.key (0600) and PREFIX.pub (ed25519:<base64>) (refused in privileged mode)')
    .requiredOption('-o, --output <prefix>', 'path prefix of the two files')
    .addHelpText('after', `\nExamples:\n  $ approve-run keygen -o ./audit    # then install audit.key as settings.audit.checkpoint_key`)
    .action(async (opts: { output: string }) => {
      const { runKeygen } = await import('./commands/keygen.js');
      setResult(runKeygen(opts, ctx()));
    });
  declareOptions(program
    .command('hook <agent>')
    .description('an agent hook (claude-code, codex, gemini): the tool call as JSON on stdin, the answer as JSON on stdout; exit 2 blocks'), HOOK_OPTIONS)
    .addHelpText('after', `\nExamples:\n  $ approve-run hook claude-code < pretooluse.json\n  $ approve-run hook gemini --sudo < beforetool.json`)
    .action(async (agent: string, opts: { policy?: string; defer: boolean; sudo: boolean; deadline?: string }) => {
      const { runHook, selfLauncher } = await import('./commands/hook.js');
      setResult(runHook({ agent, ...opts }, ctx(), { stdin: process.stdin, launcher: selfLauncher(opts.sudo, opts.policy) }));
    });
  program
    .command('mcp')
    .description('an MCP server on stdio: tools run_command, check_command and approval_status')
    .option('-p, --policy <file>', 'policy file (refused in privileged mode)')
    .option('--actor <label>', 'actor label for the runs (default agent:mcp)')
    .option('--sudo', 'run commands through sudo -n approve-run (privileged deployments)', false)
    .addHelpText('after', `\nExamples:\n  $ approve-run mcp -p ./policy.yaml     # in the MCP client's server list, as a stdio command`)
    .action(async (opts: { policy?: string; actor?: string; sudo: boolean }) => {
      const { runMcp } = await import('./commands/mcp.js');
      setResult(runMcp(opts, ctx()));
    });
  program
    .command('wait <request-id>')
    .description('wait for the decision on a request made with run --no-wait, then run it (once)')
    .option('--timeout <dur>', 'stop waiting after this long (exit 75; the request stays pending)')
    .option('--non-interactive', 'never prompt on a terminal', false)
    .option('--json', 'print one JSON result line on stderr when done', false)
    .addOption(new Option('--audit-db <file>', 'audit database (refused in privileged mode)'))
    .addOption(new Option('-p, --policy <file>', 'policy file (refused in privileged mode)'))
    .addHelpText('after', `\nExamples:\n  $ approve-run run --no-wait -- systemctl restart nginx.service\n  $ approve-run wait req_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z --timeout 10m`)
    .action(async (id: string, opts: { timeout?: string; nonInteractive: boolean; json: boolean; auditDb?: string; policy?: string }) => {
      const { runWait } = await import('./commands/wait.js');
      setResult(runWait({ id, ...opts }, ctx()));
    });
  const request = program.command('request').description('requests made with run --no-wait, and where each stands');
  for (const action of ['list', 'show'] as const) {
    request
      .command(action === 'list' ? 'list' : 'show <request-id>')
      .description(action === 'list' ? 'list your requests, newest first' : 'show one request in full')
      .option('--json', 'print JSON', false)
      .addOption(new Option('--audit-db <file>', 'audit database (refused in privileged mode)'))
      .addOption(new Option('-p, --policy <file>', 'policy whose settings.audit applies (refused in privileged mode)'))
      .action(async (...args: unknown[]) => {
        const id = action === 'show' ? (args[0] as string) : undefined;
        const opts = (action === 'show' ? args[1] : args[0]) as { json: boolean; auditDb?: string; policy?: string };
        const { runRequest } = await import('./commands/request.js');
        setResult(runRequest({ action, json: opts.json, ...(id !== undefined ? { id } : {}), ...(opts.auditDb !== undefined ? { auditDb: opts.auditDb } : {}), ...(opts.policy !== undefined ? { policy: opts.policy } : {}) }, ctx()));
      });
  }
  const session = program
    .command('session')
    .description('list and revoke time-bound approval sessions (kept in the audit database)')
    .addHelpText('after', `\nExamples:\n  $ approve-run session list\n  $ approve-run session revoke ses_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z`);
  session
    .command('list')
    .description('show sessions that can still be used or still run a command')
    .option('--json', 'print a JSON array of sessions', false)
    .option('--all', 'also show expired, revoked and single-run sessions', false)
    .addOption(new Option('--audit-db <file>', 'audit database (refused in privileged mode)'))
    .addOption(new Option('-p, --policy <file>', 'policy whose settings.audit applies (refused in privileged mode)'))
    .addHelpText('after', `\nExamples:\n  $ approve-run session list\n  $ approve-run session list --json --all --audit-db ./audit.db`)
    .action(async (opts: { json: boolean; all: boolean; auditDb?: string; policy?: string }) => {
      const { runSessionList } = await import('./commands/session.js');
      setResult(runSessionList(opts, ctx()));
    });
  session
    .command('revoke <session-id>')
    .description('end a session: no new runs, and its running commands are stopped (SIGTERM, then SIGKILL after kill_grace)')
    .addOption(new Option('--audit-db <file>', 'audit database (refused in privileged mode)'))
    .addOption(new Option('-p, --policy <file>', 'policy whose settings.audit applies (refused in privileged mode)'))
    .addHelpText('after', `\nExamples:\n  $ approve-run session revoke ses_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z\n  $ approve-run session list --json | jq -r '.[].id' | xargs -n1 approve-run session revoke`)
    .action(async (id: string, opts: { auditDb?: string; policy?: string }) => {
      const { runSessionRevoke } = await import('./commands/session.js');
      setResult(runSessionRevoke({ ...opts, id }, ctx()));
    });
}

// The approval service and the approvers' shell commands (SPEC §13); src/service/ loads only here.
function registerServiceCommands(program: Command, setResult: (p: Promise<number>) => void, ctx: () => Context): void {
  const serve = program
    .command('serve')
    .description('run the approval service (SPEC §13) until SIGTERM (refused in privileged mode)')
    .option('--config <file>', 'service configuration (YAML)')
    .addHelpText('after', `\nExamples:\n  $ approve-run serve --config /etc/approve-run/service.yaml\n  $ approve-run serve validate examples/service.yaml`)
    .action(async (opts: { config?: string }) => {
      const { runServe } = await import('./commands/serve.js');
      setResult(runServe(opts, ctx()));
    });
  serve
    .command('validate <file>')
    .description('check a service configuration: one file:line:col line per problem')
    .action(async (file: string) => {
      const { runServeValidate } = await import('./commands/serve.js');
      setResult(runServeValidate(file, ctx()));
    });
  serve
    .command('enroll <approver-id>')
    .description('print a one-time, expiring link where an approver registers a passkey for the web inbox (refused in privileged mode)')
    .option('--config <file>', 'service configuration (YAML)')
    .addHelpText('after', `\nExamples:\n  $ approve-run serve enroll alice --config /etc/approve-run/service.yaml`)
    .action(async (approver: string, opts: { config?: string }, command: Command) => {
      // `serve` has --config too, and commander gives it the option when it comes first.
      const config = opts.config ?? (command.parent?.opts() as { config?: string } | undefined)?.config;
      const { runServeEnroll } = await import('./commands/serve.js');
      setResult(runServeEnroll({ config, approver }, ctx()));
    });
  for (const decision of ['approve', 'deny'] as const) {
    program
      .command(`${decision} <request-id>`)
      .description(`sign ${decision === 'approve' ? 'an approval' : 'a denial'} with your Ed25519 key and send it through the approval service`)
      .option('--key <file>', 'your Ed25519 private key (approve-run keygen)')
      .option('--as <approver-id>', 'your approver id in the hosts\' policy')
      .option('--reason <text>', 'reason recorded with the decision')
      .option('--server <url>', 'the approval service\'s public_url')
      .option('-p, --policy <file>', 'policy to find your approver id in, when --as is left out')
      .addHelpText('after', `\nExamples:\n  $ approve-run ${decision} req_01JD0Y7X9M3K5Q8R2T4V6W8Y0Z --key ~/.approve-run/alice.key --as alice --server https://approvals.example.com`)
      .action(async (id: string, opts: { key?: string; as?: string; reason?: string; server?: string; policy?: string }) => {
        const { runApprove } = await import('./commands/approve.js');
        setResult(runApprove({ ...opts, decision, id }, ctx()));
      });
  }
}
