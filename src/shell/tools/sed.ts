// sed: -i/--in-place in any spelling (-i.bak, clusters like -ni, --in-pl abbreviations),
// script files, and scripts that run programs or read/write files (SPEC §4.3).
import { parseOptions, type OptionSpec } from '../options.js';
import type { Escalation } from '../types.js';
import { escalationsOnly, type ToolFindings } from './findings.js';
import { scanSedScript } from './sed-script.js';

/** GNU sed 4.9 options (getopt_long, permuting, abbreviations accepted). */
const SED: OptionSpec = {
  shortValue: 'efl',
  shortOptional: 'i',
  shortFlags: 'nrEsuzb',
  long: {
    quiet: 'none', silent: 'none', expression: 'required', file: 'required', 'in-place': 'optional', 'line-length': 'required',
    'null-data': 'none', 'zero-terminated': 'none', 'regexp-extended': 'none', separate: 'none', sandbox: 'none', unbuffered: 'none',
    posix: 'none', 'follow-symlinks': 'none', debug: 'none', binary: 'none', help: 'none', version: 'none',
  },
  abbreviations: true,
};

/** Escalations for `sed ARGS`. */
export function sedFindings(args: readonly string[]): ToolFindings {
  const esc: Escalation[] = [];
  const parsed = parseOptions(args, SED);
  const scripts: string[] = [];
  let sandbox = false;
  for (const option of parsed.options) {
    if (!option.known) esc.push({ reason: `sed: unknown option ${option.name}`, cover: null });
    if (option.name === '-i' || option.name === '--in-place') esc.push({ reason: 'sed -i edits files in place', cover: option.name });
    if (option.name === '-e' || option.name === '--expression') scripts.push(option.value ?? '');
    if (option.name === '-f' || option.name === '--file') esc.push({ reason: `sed ${option.name} runs a script file`, cover: option.value });
    if (option.name === '--sandbox') sandbox = true;
  }
  if (parsed.missingValue) esc.push({ reason: 'sed: an option is missing its value', cover: null });
  const usesFile = parsed.options.some((o) => o.name === '-f' || o.name === '--file');
  if (scripts.length === 0 && !usesFile) {
    const first = parsed.operands[0];
    if (first === undefined) esc.push({ reason: 'sed without a script', cover: null });
    else scripts.push(args[first]!);
  }
  if (sandbox) return escalationsOnly(esc);
  const joined = scripts.join('\n');
  const scan = scanSedScript(joined);
  const cover = scripts.length === 1 ? scripts[0]! : null;
  for (const danger of scan.dangers) esc.push({ reason: danger, cover });
  if (scan.unsure) esc.push({ reason: 'sed script could not be read with certainty', cover });
  return escalationsOnly(esc);
}
