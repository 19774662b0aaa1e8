// Numbers in messages with their noun in the right number: `1 checkpoint`, `2 checkpoints`.

/** `n` and its noun, singular for exactly one (`plural` defaults to the noun plus `s`). */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}
