/**
 * The layering rules of ARCHITECTURE.md ("Parts and what each may import") are only worth something if the lint
 * really fails on a forbidden import. This writes small probe files into a temporary copy of the folder layout,
 * runs Biome with the repository's own biome.json on them, and expects exactly the forbidden ones to fail.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDirs } from '../support/temp-dir';

const ROOT = resolve(import.meta.dirname, '../..');
const BIOME = join(ROOT, 'node_modules/.bin/biome');

/** One import written into one place: `allowed` says whether the lint must accept it. */
interface Probe {
  file: string;
  source: string;
  allowed: boolean;
}

const probe = (file: string, source: string, allowed: boolean): Probe => ({ file, source, allowed });

const PROBES: Probe[] = [
  // The core never imports a host, at any depth, nor electron.
  probe('src-main/core/zz-probe-web.ts', '../web/server', false),
  probe('src-main/core/zz-probe-electron-host.ts', '../electron/desktop-app', false),
  probe('src-main/core/db/zz-probe-deep-web.ts', '../../web/server', false),
  probe('src-main/core/zz-probe-electron.ts', 'electron', false),
  probe('src-main/core/zz-probe-ok.ts', '../../src-shared', true),
  // The two hosts never import each other.
  probe('src-main/web/zz-probe-electron-host.ts', '../electron/desktop-app', false),
  probe('src-main/web/zz-probe-electron.ts', 'electron', false),
  probe('src-main/electron/zz-probe-web-host.ts', '../web/server', false),
  probe('src-main/web/zz-probe-core.ts', '../core/create-workshop-core', true),
  probe('src-main/electron/zz-probe-core.ts', '../core/create-workshop-core', true),
  // The preload stays free of zod.
  probe('src-main/electron/preload-zz-probe.ts', 'zod', false),
  probe('src-main/electron/zz-probe-zod-in-main.ts', 'zod', true),
  // src-shared: an allow-list of its own files and zod; Node built-ins and the other parts fail.
  probe('src-shared/zz-probe-zlib.ts', 'zlib', false),
  probe('src-shared/zz-probe-node-zlib.ts', 'node:zlib', false),
  probe('src-shared/zz-probe-url.ts', 'url', false),
  probe('src-shared/zz-probe-react.ts', 'react', false),
  probe('src-shared/zz-probe-main.ts', '../src-main/core/ports', false),
  probe('src-shared/live/zz-probe-escape.ts', '../../src-main/core/ports', false),
  probe('src-shared/zz-probe-zod.ts', 'zod', true),
  probe('src-shared/zz-probe-own.ts', './result', true),
  probe('src-shared/live/zz-probe-parent.ts', '../result', true),
  // The renderer never imports src-main.
  probe('src-renderer/src/zz-probe-main.ts', '../../src-main/core/ports', false),
];

const dirs = tempDirs('workshop-layering-');
let failedFiles: Set<string>;
let output: string;

beforeAll(() => {
  const root = dirs.make();
  // The repository's rules, minus what needs the repository itself (git for ignore files, the schema path).
  const config = JSON.parse(readFileSync(join(ROOT, 'biome.json'), 'utf8')) as Record<string, unknown>;
  delete config.$schema;
  delete config.vcs;
  writeFileSync(join(root, 'biome.json'), JSON.stringify(config));
  for (const { file, source } of PROBES) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), `import * as probe from '${source}';\n\nexport const used = probe;\n`);
  }
  const run = spawnSync(BIOME, ['lint', '--max-diagnostics=none', '--colors=off', '.'], {
    cwd: root,
    encoding: 'utf8',
  });
  output = `${run.stdout}\n${run.stderr}`;
  failedFiles = new Set(
    [...output.matchAll(/^(\S+\.ts):\d+:\d+ lint\/style\/noRestrictedImports/gm)].map((m) => m[1]!),
  );
});

afterAll(() => dirs.cleanup());

describe('layering lint (biome.json)', () => {
  it.each(PROBES.filter((p) => !p.allowed))('refuses $source in $file', ({ file }) => {
    expect(failedFiles.has(file), output).toBe(true);
  });

  it.each(PROBES.filter((p) => p.allowed))('accepts $source in $file', ({ file }) => {
    expect(failedFiles.has(file), output).toBe(false);
  });
});
