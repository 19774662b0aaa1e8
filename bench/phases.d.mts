// Types of bench/phases.mjs, for the tests.
export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber?: number;
  columnNumber?: number;
  scriptId?: string;
}
export interface CpuProfile {
  nodes: { id: number; callFrame: CallFrame; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}
export type PhaseTimes = Record<string, number>;
export const PHASES: readonly string[];
export function phaseOf(stack: readonly CallFrame[]): string;
export function phaseTimes(profile: CpuProfile): PhaseTimes;
export function meanTimes(list: readonly PhaseTimes[]): PhaseTimes;
