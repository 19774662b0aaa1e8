import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: a single worker on a 2-core machine,
    // which leaves a core idle while most files wait on child processes, servers and expiring
    // approvals. One worker per core (at least two) overlaps those waits.
    maxWorkers: Math.max(2, availableParallelism()),
  },
});
