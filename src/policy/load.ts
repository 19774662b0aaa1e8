// STUB: reads and validates a policy file (SPEC §4).
import { policyError } from '../errors.js';
import type { Policy } from './types.js';

/** Parses and validates policy text; throws ApproveRunError('policy') with `file:line:col: message`. */
export function loadPolicyText(file: string, _text: string): Policy {
  throw policyError(`${file}:1:1: policy loading is not implemented yet`);
}
