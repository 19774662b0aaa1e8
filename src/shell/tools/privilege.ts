// sudo, doas, su, pkexec, and multi-call programs (busybox, toybox): never unwrapped (SPEC §4.3: a rule must name them), but the
// command they would run is still observed, so a deny rule on it wins and its escalations
// count against the outer command.
import { MULTI_CALL } from '../../knowledge/program-families.js';
import { parseOptions, type OptionSpec } from '../options.js';
import { NO_FINDINGS, type ToolFindings } from './findings.js';

const SUDO: OptionSpec = {
  shortValue: 'aCcDgpRrTtUu',
  shortOptional: 'h',
  shortFlags: 'ABbEeHiKklNnPSsVv',
  long: {
    askpass: 'none', background: 'none', bell: 'none', 'close-from': 'required', chdir: 'required', 'preserve-env': 'optional',
    edit: 'none', group: 'required', 'set-home': 'none', help: 'none', host: 'required', login: 'none', 'remove-timestamp': 'none',
    'reset-timestamp': 'none', list: 'none', 'non-interactive': 'none', 'preserve-groups': 'none', prompt: 'required', chroot: 'required',
    role: 'required', stdin: 'none', shell: 'none', type: 'required', 'command-timeout': 'required', 'other-user': 'required',
    user: 'required', version: 'none', validate: 'none',
  },
  abbreviations: true,
  stopAtOperand: true,
};
const DOAS: OptionSpec = { shortValue: 'aCu', shortFlags: 'Lns', stopAtOperand: true };
const PKEXEC: OptionSpec = { long: { user: 'required', 'keep-cwd': 'none', 'disable-internal-agent': 'none', help: 'none', version: 'none' }, stopAtOperand: true };
const SU: OptionSpec = {
  shortValue: 'cgGsw',
  shortFlags: 'lmpPfh',
  long: { command: 'required', 'session-command': 'required', group: 'required', 'supp-group': 'required', login: 'none', 'preserve-environment': 'none', pty: 'none', shell: 'required', 'whitelist-environment': 'required', help: 'none', version: 'none' },
  abbreviations: true,
};

// The words after the options, with leading NAME=value words dropped (sudo VAR=x cmd).
function commandAfter(args: readonly string[], spec: OptionSpec): string[] {
  const rest = args.slice(parseOptions(args, spec).rest);
  let i = 0;
  while (i < rest.length && /^[A-Za-z_][A-Za-z0-9_]*=/.test(rest[i]!)) i += 1;
  return rest.slice(i);
}

/** Findings for a privilege runner or a multi-call program, or null if `name` is neither. */
export function privilegeFindings(name: string, args: readonly string[]): ToolFindings | null {
  const observe = (argv: string[]): ToolFindings => (argv.length > 0 ? { ...NO_FINDINGS, observed: [argv] } : NO_FINDINGS);
  // A multi-call program runs the applet its first operand names (src/knowledge/program-families.ts).
  if (Object.hasOwn(MULTI_CALL, name)) return observe(args[0] === undefined || args[0].startsWith('-') ? [] : [...args]);
  switch (name) {
    case 'sudo':
      return observe(commandAfter(args, SUDO));
    case 'doas':
      return observe(commandAfter(args, DOAS));
    case 'pkexec':
      return observe(commandAfter(args, PKEXEC));
    case 'su': {
      const scripts = parseOptions(args, SU).options.filter((o) => ['-c', '--command', '--session-command'].includes(o.name) && o.value !== null);
      return { ...NO_FINDINGS, scripts: scripts.map((o) => o.value!) };
    }
    default:
      return null;
  }
}
