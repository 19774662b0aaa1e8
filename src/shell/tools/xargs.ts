// xargs and GNU parallel build command lines from their input: always escalated (cover null),
// and the command they run, when fixed by the text, is judged as a candidate too (SPEC §4.3).
import { DYNAMIC_RUNNERS } from '../../knowledge/dangerous-options.js';
import { parseOptions, type OptionSpec } from '../options.js';
import type { ToolFindings } from './findings.js';

/** GNU findutils xargs 4.9 (getopt "+0a:E:e::I:i::L:l::n:prs:txP:d:"). */
const XARGS: OptionSpec = {
  shortValue: 'aEILnsPd',
  shortOptional: 'eil',
  shortFlags: '0prtx',
  long: {
    null: 'none', 'arg-file': 'required', delimiter: 'required', eof: 'optional', replace: 'optional', 'max-lines': 'optional',
    'max-args': 'required', 'max-procs': 'required', interactive: 'none', 'no-run-if-empty': 'none', 'max-chars': 'required',
    verbose: 'none', exit: 'none', 'show-limits': 'none', 'process-slot-var': 'required', 'open-tty': 'none', help: 'none', version: 'none',
  },
  abbreviations: true,
  stopAtOperand: true,
};

/** GNU parallel options that take a value (its reader is Getopt::Long). */
const PARALLEL_VALUE = new Set(['-j', '--jobs', '-S', '--sshlogin', '-a', '--arg-file', '-d', '--delimiter', '-E', '-I', '--colsep', '-N', '-n', '-L', '--timeout', '--joblog', '--results', '--tmpdir', '--workdir', '--env', '--sshloginfile', '--basefile', '--shebang-wrap']);
const SEPARATORS = new Set([':::', '::::', ':::+', '::::+']);

/** Findings for `xargs ARGS`. */
export function xargsFindings(args: readonly string[]): ToolFindings {
  const parsed = parseOptions(args, XARGS);
  const escalations = [{ reason: DYNAMIC_RUNNERS.xargs!, cover: null }];
  if (parsed.options.some((o) => !o.known)) escalations.push({ reason: 'xargs: unknown option', cover: null });
  const command = args.slice(parsed.rest);
  return { escalations, inner: [command.length > 0 ? command : ['echo']], observed: [], scripts: [] };
}

/** Findings for `parallel ARGS`: the command template is also read as a shell line. */
export function parallelFindings(args: readonly string[]): ToolFindings {
  const escalations = [{ reason: DYNAMIC_RUNNERS.parallel!, cover: null }];
  let i = 0;
  while (i < args.length && args[i]!.startsWith('-') && !SEPARATORS.has(args[i]!)) i += PARALLEL_VALUE.has(args[i]!) ? 2 : 1;
  const end = args.findIndex((a, k) => k >= i && SEPARATORS.has(a));
  const command = args.slice(i, end === -1 ? args.length : end);
  return { escalations, inner: [], observed: [], scripts: command.length > 0 ? [command.join(' ')] : [] };
}
