import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs script without type declarations
import * as check from '../../scripts/check-node.mjs';

const root = join(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
  scripts: Record<string, string>;
};
const range = pkg.engines.node;
const problem = check.nodeVersionProblem as (version: string, range: string, exe?: string) => string | null;

describe('Node version check (scripts/check-node.mjs)', () => {
  it('refuses an older Node in one sentence naming what is needed, what was found and how to get it', () => {
    const sentence = problem('v20.20.2', range, '/usr/bin/node');
    expect(sentence).toMatch(/^Workshop Manager needs Node\.js 22\.22\.2 or a later 22\.x/);
    expect(sentence).toContain('but this is Node.js v20.20.2 (/usr/bin/node)');
    expect(sentence).toContain('https://nodejs.org/');
    expect(sentence).toContain('nvm install');
    expect(sentence).not.toContain('\n');
  });

  it.each([
    ['v18.20.4', false],
    ['v20.20.2', false],
    ['v22.11.0', false],
    ['v22.22.1', false],
    ['v22.22.2', true],
    ['v22.23.5', true],
    ['v23.11.0', false],
    ['v24.14.9', false],
    ['v24.15.0', true],
    ['v25.2.0', false],
    ['v26.0.0', true],
    ['v27.1.0', true],
    ['not-a-version', false],
  ])('%s supported: %s', (version, ok) => {
    expect(problem(version, range) === null).toBe(ok);
  });

  it('accepts the Node running these tests (silently, exit 0)', () => {
    const run = spawnSync(process.execPath, [join(root, 'scripts/check-node.mjs')], { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout + run.stderr).toBe('');
  });

  // The real thing where the machine has it: Debian's Node 20, on which better-sqlite3 13 segfaults.
  const oldNode = '/usr/bin/node';
  const oldVersion = existsSync(oldNode)
    ? spawnSync(oldNode, ['--version'], { encoding: 'utf8' }).stdout.trim()
    : '';
  const haveOldNode = /^v(1[4-9]|2[01])\./.test(oldVersion);
  it.skipIf(!haveOldNode)(
    'npm run web on a real older Node (/usr/bin/node, skipped where absent) exits 1 with the sentence, before loading SQLite',
    () => {
      const run = spawnSync(oldNode, [join(root, 'scripts/web.mjs'), '--port', '0'], {
        encoding: 'utf8',
        timeout: 20_000,
      });
      expect(run.signal).toBeNull();
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      expect(run.stderr.trim()).toBe(problem(oldVersion, range, oldNode));
    },
  );

  it('every entry point runs the check first, and npm enforces the same range', () => {
    expect(readFileSync(join(root, '.npmrc'), 'utf8')).toMatch(/^engine-strict=true$/m);
    for (const name of ['start', 'dev', 'web', 'bench', 'test', 'test:all', 'demo']) {
      const script = pkg.scripts[name] ?? '';
      if (name === 'demo' && script === '') continue;
      expect(script, name).not.toBe('');
      if (script.startsWith('node scripts/check-node.mjs && ')) continue;
      const file = /^node (scripts\/[\w-]+\.mjs)/.exec(script)?.[1];
      expect(file, `${name}: ${script}`).toBeDefined();
      const firstImport = /^import .*$/m.exec(readFileSync(join(root, file as string), 'utf8'))?.[0];
      expect(firstImport, `${name}: first import of ${file}`).toBe("import './check-node.mjs';");
    }
  });
});
