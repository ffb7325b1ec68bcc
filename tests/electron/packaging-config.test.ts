/**
 * electron-builder.yml and package.json, read as electron-builder reads them (packaging itself needs the Electron
 * zips from GitHub and cannot run here): fuses off, desktop names settled, the deb's glibc floor, and the whole
 * file valid against electron-builder's own schema.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);
// electron-builder's own YAML reader and schema (dependencies of electron-builder, not of ours).
const { load } = require('js-yaml') as { load(text: string): unknown };
const config = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<
  string,
  Record<string, unknown>
>;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;

describe('packaging configuration', () => {
  it('is valid for electron-builder', () => {
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('turns off the fuses the app does not need', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('settles the product name (the data folder is named after it) in both files', () => {
    expect(config.productName).toBe('Workshop Manager');
    expect(pkg.productName).toBe('Workshop Manager');
  });

  it('names the Linux desktop file after desktopName', () => {
    expect(pkg.desktopName).toBe('workshop-manager.desktop');
    expect(config.linux?.syncDesktopName).toBe(true);
  });

  it('makes the deb require the glibc that better-sqlite3 prebuilds need', () => {
    expect(config.deb?.depends).toContain('libc6 (>= 2.34)');
    expect(config.deb?.depends).toContain('libsecret-1-0');
  });
});
