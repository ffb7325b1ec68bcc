// The Node.js version check that every entry point runs first (`npm start`, `dev`, `web`, `bench`, `test`, `demo`):
// on an older Node, better-sqlite3 crashes with a bare "Segmentation fault" and vitest with "Map.groupBy is not a
// function". This says instead, in one sentence, what is needed, what was found and how to get it, and exits 1.
//
// Use: `node scripts/check-node.mjs && …` in package.json, or `import './check-node.mjs';` as the FIRST import of a
// script (static imports run in order, so nothing after it is loaded on an old Node).
//
// Written for old Nodes too (no syntax or API newer than Node 14), because that is where it has to speak. The
// supported range is package.json's `engines.node`, the same one `.npmrc`'s `engine-strict=true` makes npm enforce.
import { readFileSync } from 'node:fs';

const HOW_TO_GET =
  'install Node.js 22 LTS from https://nodejs.org/ (or run `nvm install` in this folder, which reads .nvmrc) and run the command again';

/** Parses a range made of `^X.Y.Z` and `>=X.Y.Z` alternatives joined by `||` (the forms package.json uses). */
export function parseEngineRange(range) {
  return range.split('||').map((part) => {
    const match = /^\s*(\^|>=)\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?\s*$/.exec(part);
    if (!match) throw new Error(`unsupported engines.node range part: "${part.trim()}"`);
    return {
      op: match[1],
      version: [Number(match[2]), Number(match[3] || 0), Number(match[4] || 0)],
    };
  });
}

/** "v22.23.5" or "22.23.5" → [22, 23, 5]; null when it is not a plain release version. */
export function parseNodeVersion(text) {
  const match = /^v?(\d+)\.(\d+)\.(\d+)/.exec(String(text).trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : null;
}

function compare(a, b) {
  for (let i = 0; i < 3; i += 1) {
    if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return 0;
}

/** Whether `version` ([major, minor, patch]) falls in any alternative of the parsed range. */
export function satisfies(version, alternatives) {
  return alternatives.some(({ op, version: floor }) => {
    if (compare(version, floor) < 0) return false;
    return op === '>=' || version[0] === floor[0];
  });
}

/** "22.22.2 or a later 22.x, 24.15.0 or a later 24.x, or 26.0.0 and newer" */
export function describeRange(alternatives) {
  const words = alternatives.map(({ op, version }) =>
    op === '^' ? `${version.join('.')} or a later ${version[0]}.x` : `${version.join('.')} or newer`,
  );
  if (words.length === 1) return words[0];
  return `${words.slice(0, -1).join(', ')}, or ${words[words.length - 1]}`;
}

/** The one sentence for an unsupported Node, or null when `versionText` is supported by `range`. */
export function nodeVersionProblem(versionText, range, executable) {
  const alternatives = parseEngineRange(range);
  const version = parseNodeVersion(versionText);
  if (version && satisfies(version, alternatives)) return null;
  const where = executable ? ` (${executable})` : '';
  return `Workshop Manager needs Node.js ${describeRange(alternatives)}, but this is Node.js ${versionText}${where}: ${HOW_TO_GET}.`;
}

/** package.json's engines.node, read next to this script. */
export function requiredRange() {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  return pkg.engines.node;
}

const problem = nodeVersionProblem(process.version, requiredRange(), process.execPath);
if (problem) {
  console.error(problem);
  process.exit(1);
}
