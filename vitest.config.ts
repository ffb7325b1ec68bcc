import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The layers of ARCHITECTURE.md "Testing, layer by layer": node (pure + core integration with real SQLite and a
// loopback bridge; hosts), renderer (components in jsdom with a fake client), e2e (web host + headless
// Chromium), crash (kill -9 of the web host). groupOrder runs them in that order, not all at once: on 2 cores the
// child-process suites would otherwise starve the timing-bound integration tests.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'tests/unit/**/*.test.ts',
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
