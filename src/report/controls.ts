// The control mapping (SPEC §14): each control, the report sections that evidence it, and how.
import type { ControlRow } from './model.js';

const SOC2 = 'SOC 2' as const;
const NIST = 'NIST SP 800-53 / FedRAMP' as const;

/** Section anchors, shared by every rendering. */
export const SECTIONS = {
  verification: 'Verification',
  runs: 'Privileged runs',
  duties: 'Separation of duties',
  exceptions: 'Exceptions',
  changes: 'Changes',
  charts: 'Charts',
} as const;

export type SectionId = keyof typeof SECTIONS;

/** Every mapped control, in the order SPEC §14 lists them. */
export const CONTROLS: ControlRow[] = [
  { framework: SOC2, control: 'CC6.1', title: 'Logical access security', sections: ['runs', 'changes'], how: 'Every privileged run passed through the policy; the runs list the rules that decided and the changes list every policy version in force.' },
  { framework: SOC2, control: 'CC6.2', title: 'Access authorisation', sections: ['runs', 'duties'], how: 'Each run that needed approval names its approvers and their key ids; separation of duties is checked for every approval.' },
  { framework: SOC2, control: 'CC6.3', title: 'Least privilege and removal of access', sections: ['runs', 'exceptions', 'changes'], how: 'Approvals are bound to one request with a deadline; revocations, expiries and roster changes are listed.' },
  { framework: SOC2, control: 'CC7.2', title: 'Monitoring for anomalies', sections: ['exceptions', 'charts'], how: 'Denials, refused or forged decisions, self-approval attempts, self-confirmations, interrupted and lost runs and confinement off are listed as exceptions.' },
  { framework: SOC2, control: 'CC8.1', title: 'Change management', sections: ['changes', 'runs'], how: 'Every policy version (by digest) and approver roster change of the period is listed, with the runs decided under it.' },
  { framework: NIST, control: 'AC-5', title: 'Separation of duties', sections: ['duties'], how: 'No approver counted for a run may have the requester among its users; every approval of the period is checked and the result shown.' },
  { framework: NIST, control: 'AC-6(9)', title: 'Log use of privileged functions', sections: ['runs', 'verification'], how: 'Every privileged run is logged with requester, actor, host, command, decision, start, end and exit code in a verified log.' },
  { framework: NIST, control: 'AU-2', title: 'Event logging', sections: ['runs', 'exceptions'], how: 'Requests, decisions (received and final), starts, ends, sessions, revocations and policy loads are logged events.' },
  { framework: NIST, control: 'AU-3', title: 'Content of audit records', sections: ['runs'], how: 'Each run shows what, when, where (host), who (requester, actor, approvers) and the outcome (decision, exit code).' },
  { framework: NIST, control: 'AU-9(3)', title: 'Cryptographic protection of audit information', sections: ['verification'], how: 'The whole log is hash-chained and Merkle-checked; checkpoints are Ed25519-signed and checked with --key.' },
  { framework: NIST, control: 'AU-10', title: 'Non-repudiation', sections: ['runs', 'duties', 'verification'], how: 'Approvals are Ed25519 signatures over the request hash, kept in the log and named by key id.' },
  { framework: NIST, control: 'CM-3', title: 'Configuration change control', sections: ['changes'], how: 'Each policy version is identified by its digest and logged when it takes effect; roster changes are listed.' },
  { framework: NIST, control: 'CM-5', title: 'Access restrictions for change', sections: ['runs', 'duties', 'exceptions'], how: 'Changes made through privileged commands required the policy decision or approvals shown, and denials are listed.' },
];
