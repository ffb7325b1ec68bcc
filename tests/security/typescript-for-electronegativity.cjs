// Preloaded (`node --require`) into the Electronegativity process only. Electronegativity 1.10.3 parses
// TypeScript with @typescript-eslint/typescript-estree 4, which npm hoists to the top level, where
// `require('typescript')` finds the project's TypeScript 7 — a native compiler with no JavaScript API — and
// crashes at load ("reading 'BarBarToken'"). Electronegativity ships its own TypeScript 4.2 in its nested
// node_modules: point every `require('typescript')` made by its parser stack at that copy. Offline, no install.
// It also swaps the HTTP client `got` for offline-got.cjs, so the scan never leaves the machine.
const Module = require('node:module');
const path = require('node:path');

const electronegativityDir = path.dirname(require.resolve('@doyensec/electronegativity/package.json'));
const nestedTypescript = require.resolve('typescript', { paths: [electronegativityDir] });
const offlineGot = path.join(__dirname, 'offline-got.cjs');
const original = Module._resolveFilename;
Module._resolveFilename = function resolveFilename(request, parent, ...rest) {
  if (request === 'typescript' && parent?.filename?.includes(`${path.sep}node_modules${path.sep}`)) {
    return nestedTypescript;
  }
  if (request === 'got' && parent?.filename?.includes(`${path.sep}electronegativity${path.sep}`)) {
    return offlineGot;
  }
  return original.call(this, request, parent, ...rest);
};
