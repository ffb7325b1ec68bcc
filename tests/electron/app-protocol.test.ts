import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFilePath, createAppProtocolHandler } from '../../src-main/electron/app-protocol';
import { CONTENT_SECURITY_POLICY } from '../../src-shared/content-security-policy';

let dir: string;
let root: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wm-app-protocol-'));
  root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('app:// protocol handler', () => {
  const serve = (url: string, method = 'GET') => createAppProtocolHandler(root)(new Request(url, { method }));

  it('serves the page and its assets with their types and the shared CSP', async () => {
    const page = await serve('app://workshop/index.html');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await page.text()).toContain('id="root"');
    const script = await serve('app://workshop/assets/index-abc.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1)');
    expect((await serve('app://workshop/')).status).toBe(200);
  });

  it.each([
    'app://workshop/../secret.txt',
    'app://workshop/%2e%2e/secret.txt',
    'app://workshop/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    'app://workshop/assets/..%5c..%5csecret.txt',
    'app://other/index.html',
    'app://workshop/missing.js',
    'app://workshop/%00index.html',
    'app://workshop/%E0%A4%A',
  ])('answers 404 for %s and reads nothing outside the renderer folder', async (url) => {
    const response = await serve(url);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('outside');
  });

  it('refuses anything but GET and HEAD', async () => {
    expect((await serve('app://workshop/index.html', 'POST')).status).toBe(405);
    const head = await serve('app://workshop/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('maps URLs to files inside the root only', () => {
    expect(appFilePath(root, 'app://workshop/assets/index-abc.js')).toBe(
      join(root, 'assets', 'index-abc.js'),
    );
    expect(appFilePath(root, 'file:///etc/passwd')).toBeNull();
    expect(appFilePath(root, 'not a url')).toBeNull();
  });
});
