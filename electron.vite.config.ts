import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { cspFriendlyReactPreamble } from './scripts/csp-react-preamble';

/** The core reads its SQL migrations from disk beside the bundle (src-main/core/db/open-database.ts). */
const copyMigrations = (): Plugin => {
  let outDir = '';
  return {
    name: 'workshop-copy-migrations',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir; // out/main, or wherever --outDir points
    },
    closeBundle() {
      cpSync(resolve(import.meta.dirname, 'src-main/core/db/migrations'), resolve(outDir, 'migrations'), {
        recursive: true,
      });
    },
  };
};

export default defineConfig({
  main: {
    plugins: [copyMigrations()],
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src-main/electron/main.ts'),
          // Large device writes run in a process of their own (src-main/core/db/off-thread-transaction.ts
          // looks for it beside the bundle).
          'transaction-worker': resolve(import.meta.dirname, 'src-main/core/db/transaction-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src-main/electron/preload.ts') },
        // A sandboxed renderer runs only CommonJS preloads (a `type: module` package would otherwise get an ESM preload, which the sandbox cannot load).
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src-renderer'),
    plugins: [react(), cspFriendlyReactPreamble()],
    build: {
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src-renderer/index.html') } },
    },
  },
});
