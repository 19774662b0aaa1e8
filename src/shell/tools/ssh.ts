// ssh, scp, sftp: `-o Key=value` settings that run local programs or load code (any case,
// `-oProxyCommand=…`, `-o 'ProxyCommand sh'`), config files (-F), log files (-E), PKCS#11
// libraries (-I) and scp/sftp program options (-S, -D) (SPEC §4.3; ssh_config(5)).
import { parseOptions, type OptionSpec } from '../options.js';
import type { Escalation } from '../types.js';
import { escalationsOnly, type ToolFindings } from './findings.js';

/** ssh_config keywords that run programs, load code or read other config (canonical case). */
const DANGEROUS_KEYS: readonly string[] = [
  'ProxyCommand', 'LocalCommand', 'PermitLocalCommand', 'KnownHostsCommand', 'Match', 'Include', 'PKCS11Provider',
  'SecurityKeyProvider', 'ProxyUseFdpass', 'ControlPath', 'ControlMaster', 'IdentityAgent', 'SendEnv', 'SetEnv',
];

const SPECS: Readonly<Record<string, OptionSpec>> = {
  ssh: { shortValue: 'bcDEeFIiJLlmOoPpQRSWwB', shortFlags: '1246aAfgGkKMnNqstTvVxXyY' },
  scp: { shortValue: 'cDFiJloPSX', shortFlags: '346ABCOpqRrTv' },
  sftp: { shortValue: 'BbcDFiJlooPRSX', shortFlags: '46AaCfNpqrv' },
};

/** Options that escalate on their own, per program. */
const OPTION_DANGERS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  ssh: { '-F': 'ssh -F reads another config file', '-E': 'ssh -E writes a log file', '-I': 'ssh -I loads a PKCS#11 library', '-S': 'ssh -S uses or creates a control socket' },
  scp: { '-F': 'scp -F reads another config file', '-S': 'scp -S runs a chosen program', '-D': 'scp -D runs a chosen sftp server' },
  sftp: { '-F': 'sftp -F reads another config file', '-S': 'sftp -S runs a chosen program', '-D': 'sftp -D runs a chosen sftp server' },
};

// The ssh_config keyword of an -o value, in canonical case, if it is dangerous.
function dangerousKey(setting: string): string | null {
  const key = setting.trim().split(/[\s=]/)[0]!.toLowerCase();
  return DANGEROUS_KEYS.find((k) => k.toLowerCase() === key) ?? null;
}

/** Escalations for `ssh|scp|sftp ARGS`. */
export function sshFindings(name: 'ssh' | 'scp' | 'sftp', args: readonly string[]): ToolFindings {
  const esc: Escalation[] = [];
  // ssh reads options again after the host (ssh.c `goto again`), so read them everywhere.
  const parsed = parseOptions(args, SPECS[name]!);
  for (const option of parsed.options) {
    if (option.name === '-o') {
      const key = dangerousKey(option.value ?? '');
      if (key !== null) esc.push({ reason: `${name} -o ${key} runs a program, loads code or changes config`, cover: key });
      continue;
    }
    const danger = OPTION_DANGERS[name]![option.name];
    if (danger !== undefined) esc.push({ reason: danger, cover: option.name });
    else if (!option.known) esc.push({ reason: `${name}: unknown option ${option.name}`, cover: null });
  }
  if (parsed.missingValue) esc.push({ reason: `${name}: an option is missing its value`, cover: null });
  return escalationsOnly(esc);
}
