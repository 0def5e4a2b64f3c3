import { defineConfig } from 'vitest/config';

// Three projects: fast pure-logic tests, integration tests against real sockets (broker, database), and the
// browser test (real Chromium). `pnpm test` runs all three; `pnpm test:unit` only the first.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['services/ingest/test/**/*.int.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // NOTE: the embedded database serves one connection at a time and the machines have 2 cores:
          // integration files run one after another.
          fileParallelism: false,
        },
      },
      {
        test: {
          // Fault tests: each file starts services of its own (private PostgreSQL, Mosquitto, the service as a
          // child process) and kills, stops and restarts them. Slow; one file at a time.
          name: 'fault',
          include: ['services/ingest/test/fault/**/*.fault.test.ts'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['services/dashboard/test/**/*.browser.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
