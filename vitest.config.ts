import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** Tests under tests/unit that still need a socket or a child process: they run with the integration tests. */
const NOT_PURE = ['tests/unit/bridge-stub.test.ts', 'tests/unit/check-node.test.ts'];

// The layers of ARCHITECTURE.md "Testing, layer by layer": unit (pure code), integration (real SQLite, loopback
// HTTP and MQTT, child processes, the Electron glue with a mocked electron, the lint rules), renderer
// (components in jsdom with a fake client), e2e (web host + headless Chromium), crash (kill -9 of the web host).
// groupOrder runs the first three, then e2e, then crash, not all at once: on 2 cores the child-process suites
// would otherwise starve the timing-bound integration tests.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['tests/unit/**/*.test.ts'],
          exclude: NOT_PURE,
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: [
            ...NOT_PURE,
            'tests/core/**/*.test.ts',
            'tests/electron/**/*.test.ts',
            'tests/web/**/*.test.ts',
            'tests/lint/**/*.test.ts',
          ],
          testTimeout: 20_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['tests/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/renderer/setup.ts'],
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // kill -9 of the web host (issue 6 "Crash and fault tests"): child processes, one file at a time.
          name: 'crash',
          environment: 'node',
          include: ['tests/crash/**/*.test.ts'],
          testTimeout: 150_000,
          hookTimeout: 60_000,
          fileParallelism: false,
          sequence: { concurrent: false, groupOrder: 2 },
        },
      },
    ],
  },
});
