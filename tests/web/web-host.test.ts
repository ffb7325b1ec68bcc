/**
 * The web host over the real core (real SQLite in a temp dir, conf preferences) and the real bridge stub,
 * hit over real HTTP.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfSettings } from '../../src-main/core/conf-settings';
import { createWorkshopCore } from '../../src-main/core/create-workshop-core';
import { silentLogger } from '../../src-main/core/ports';
import type { WorkshopCore } from '../../src-main/core/workshop-core-types';
import {
  createWebHost,
  IMPORT_MAX_BODY_BYTES,
  MAX_BODY_BYTES,
  type WebHost,
} from '../../src-main/web/server';
import { type BridgeStub, startBridgeStub } from '../support/bridge-stub';
import { tempDirs } from '../support/temp-dir';
import { call, errorOf, okValue, openEventStream, rawRequest } from './web-test-support';

const TOKEN = 'test-token-0123456789abcdef';
const dirs = tempDirs('workshop-web-');

let bridge: BridgeStub;
let core: WorkshopCore;
let host: WebHost;
let staticDir: string;

const laser = { name: 'Laser cutter', deviceId: 'laser-01', topicPattern: 'shellies/laser' };

/** Headers a same-origin browser request would carry, plus the token. */
const authed = (extra: Record<string, string> = {}) => ({
  Host: `127.0.0.1:${host.port}`,
  Authorization: `Bearer ${TOKEN}`,
  'Content-Type': 'application/json',
  ...extra,
});

beforeEach(async () => {
  bridge = await startBridgeStub();
  const dataDir = dirs.make();
  const settings = createConfSettings({ cwd: dataDir });
  settings.set({ bridgeUrl: bridge.url });
  core = await createWorkshopCore({
    dataDir,
    settings,
    logger: () => silentLogger,
    push: { retries: 0, delaysMs: [], timeoutMs: 2_000 },
    sync: { debounceMs: 20, maxWaitMs: 200, backoffMs: [100] },
  });
  // The served root sits inside a folder that also holds a file the host must never hand out.
  const siteRoot = dirs.make();
  staticDir = join(siteRoot, 'renderer');
  mkdirSync(join(staticDir, 'assets'), { recursive: true });
  writeFileSync(join(siteRoot, 'secret.txt'), 'top secret');
  writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Workshop Manager</title>');
  writeFileSync(join(staticDir, 'assets', 'app-1234.js'), 'console.log(1);');
  writeFileSync(join(staticDir, 'assets', 'app-1234.css'), 'body{}');
  host = await createWebHost({ core, token: TOKEN, host: '127.0.0.1', port: 0, staticDir });
});

afterEach(async () => {
  await host.close({ timeoutMs: 2_000 });
  await core.close({ timeoutMs: 2_000 });
  await bridge.close();
  dirs.cleanup();
});

describe('web host: guards', () => {
  it('answers 401 without a token and with a wrong one, without calling the core', async () => {
    const none = await rawRequest(host.url, {
      method: 'POST',
      path: '/api/devices.create',
      headers: { Host: `127.0.0.1:${host.port}` },
      body: JSON.stringify(laser),
    });
    expect(none.status).toBe(401);
    expect(none.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });

    const wrong = await rawRequest(host.url, {
      method: 'POST',
      path: '/api/devices.create',
      headers: authed({ Authorization: `Bearer ${TOKEN}x` }),
      body: JSON.stringify(laser),
    });
    expect(wrong.status).toBe(401);

    const events = await rawRequest(host.url, {
      path: '/api/events',
      headers: { Host: `127.0.0.1:${host.port}` },
    });
    expect(events.status).toBe(401);

    expect(await call(host.url, TOKEN, 'devices.list')).toEqual({ ok: true, value: [] });
  });

  it('answers 403 to a foreign Host header (DNS rebinding), even with the right token', async () => {
    const res = await rawRequest(host.url, {
      method: 'POST',
      path: '/api/devices.list',
      headers: authed({ Host: `attacker.example:${host.port}` }),
      body: 'null',
    });
    expect(res.status).toBe(403);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Static files too: a rebinding page must not read the app either.
    const page = await rawRequest(host.url, {
      path: '/',
      headers: { Host: `attacker.example:${host.port}` },
    });
    expect(page.status).toBe(403);
  });

  it('answers 403 to a cross-site Origin, even with the right token, and accepts its own origin', async () => {
    const cross = await rawRequest(host.url, {
      method: 'POST',
      path: '/api/devices.create',
      headers: authed({ Origin: 'http://evil.example' }),
      body: JSON.stringify(laser),
    });
    expect(cross.status).toBe(403);
    expect(await call(host.url, TOKEN, 'devices.list')).toEqual({ ok: true, value: [] });

    const own = await rawRequest(host.url, {
      method: 'POST',
      path: '/api/devices.list',
      headers: authed({ Origin: `http://127.0.0.1:${host.port}` }),
      body: 'null',
    });
    expect(own.status).toBe(200);
  });

  it('answers 413 to a 6 MB body, declared or streamed, and stores nothing', async () => {
    const huge = JSON.stringify({ ...laser, notes: 'x'.repeat(6 * 1024 * 1024) });
    expect(huge.length).toBeGreaterThan(MAX_BODY_BYTES);
    const declared = await fetch(`${host.url}/api/devices.create`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: huge,
    });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });

    const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024));
    const streamed = await fetch(`${host.url}/api/devices.create`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 6; i++) controller.enqueue(chunk);
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await call(host.url, TOKEN, 'devices.list')).toEqual({ ok: true, value: [] });
  });

  it('imports back its own JSON export of 14,000 devices (over 5 MB), and keeps 413 for imports past their own limit', async () => {
    const header = 'name,deviceId,topicPattern,notes';
    const rows = Array.from({ length: 14_000 }, (_, i) => `Machine ${i},machine-${i},shop/m${i}/#,row ${i}`);
    const created = okValue(
      await call(host.url, TOKEN, 'devices.import', { content: [header, ...rows].join('\n'), dryRun: false }),
    );
    expect(created.counts.create).toBe(14_000);
    const exported = okValue(await call(host.url, TOKEN, 'devices.export', { format: 'json' }));
    expect(JSON.stringify({ content: exported.content }).length).toBeGreaterThan(MAX_BODY_BYTES);
    const back = okValue(
      await call(host.url, TOKEN, 'devices.import', {
        content: exported.content,
        mode: 'replace',
        dryRun: false,
      }),
    );
    expect(back.counts).toEqual({ create: 0, update: 0, unchanged: 14_000, delete: 0, refuse: 0 });

    // Refused on its declared length, before anything is read.
    const over = await rawRequest(host.url, {
      method: 'POST',
      path: '/api/devices.import',
      headers: authed({ 'Content-Length': String(IMPORT_MAX_BODY_BYTES + 1) }),
    });
    expect(over.status).toBe(413);
    // Other calls keep the 5 MB limit.
    const create = await rawRequest(host.url, {
      method: 'POST',
      path: '/api/devices.create',
      headers: authed({ 'Content-Length': String(MAX_BODY_BYTES + 1) }),
    });
    expect(create.status).toBe(413);
  });

  it('answers 404 to an unknown channel', async () => {
    const res = await rawRequest(host.url, {
      method: 'POST',
      path: '/api/devices.drop',
      headers: authed(),
      body: 'null',
    });
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    expect((res.json() as { error: { message: string } }).error.message).toContain('devices.drop');
  });

  it('answers 400 with a clear message to a body that is not JSON', async () => {
    const res = await rawRequest(host.url, {
      method: 'POST',
      path: '/api/devices.create',
      headers: authed(),
      body: '{"name": "Laser",',
    });
    expect(res.status).toBe(400);
    const body = res.json() as { ok: boolean; error: { code: string; message: string } };
    expect(body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(body.error.message).toMatch(/not valid JSON/);
  });

  it('answers invalid input with the contract validation Result (200) and stores nothing', async () => {
    const res = await call(host.url, TOKEN, 'devices.create', {
      name: '',
      deviceId: 'Laser 01',
      topicPattern: 'shellies/laser',
    });
    const error = errorOf(res);
    expect(error.code).toBe('invalid_input');
    expect(Object.keys(error.fieldErrors ?? {})).toEqual(expect.arrayContaining(['name', 'deviceId']));
    expect(await call(host.url, TOKEN, 'devices.list')).toEqual({ ok: true, value: [] });
  });

  it('answers 405 to a GET on a call and a POST on the event stream', async () => {
    const get = await rawRequest(host.url, { path: '/api/devices.list', headers: authed() });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const post = await rawRequest(host.url, { method: 'POST', path: '/api/events', headers: authed() });
    expect(post.status).toBe(405);
  });
});

describe('web host: calls and events', () => {
  it('round-trips a call: create, then list returns the stored device, with no-store caching', async () => {
    const created = okValue(await call(host.url, TOKEN, 'devices.create', laser));
    expect(created).toMatchObject({ name: 'Laser cutter', deviceId: 'laser-01', active: true });
    const res = await rawRequest(host.url, { method: 'POST', path: '/api/devices.list', headers: authed() });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json()).toMatchObject({ ok: true, value: [{ id: created.id, deviceId: 'laser-01' }] });
  });

  it('streams devices.changed and sync.status events as Server-Sent Events', async () => {
    const stream = await openEventStream(host.url, TOKEN);
    try {
      await call(host.url, TOKEN, 'devices.create', laser);
      const changed = await stream.waitFor((e) => e.event === 'devices.changed');
      expect(changed.data).toEqual({ at: expect.any(String) });
      // The stub accepts the push: the status ends in sync at the revision that holds the device.
      const inSync = await stream.waitFor(
        (e) => e.event === 'sync.status' && (e.data as { state: string }).state === 'in_sync',
      );
      expect((inSync.data as { bridgeUrl: string }).bridgeUrl).toBe(bridge.url);
      expect(bridge.requestsTo('POST /config')).toHaveLength(1);
    } finally {
      stream.close();
    }
  });

  it('removes a stream’s subscriptions when the client goes away, and ends streams on close', async () => {
    const first = await openEventStream(host.url, TOKEN);
    first.close();
    await first.ended;
    const second = await openEventStream(host.url, TOKEN);
    await call(host.url, TOKEN, 'settings.update', { autoPush: false });
    await second.waitFor((e) => e.event === 'settings.changed');
    expect(first.events).toEqual([]);
    await host.close({ timeoutMs: 2_000 });
    await second.ended;
  });
  it('drops an event that comes after a stream was ended (shutdown), instead of crashing on write after end', async () => {
    const stream = await openEventStream(host.url, TOKEN);
    const closing = host.close({ timeoutMs: 2_000 }); // ends every stream at once
    // The core is still running and emits before the stream's close has run its clean-up.
    expect((await core.invoke('settings.update', { autoPush: false })).ok).toBe(true);
    await closing;
    await stream.ended;
    expect(stream.events).toEqual([]);
  });

  it('keeps an idle stream alive with heartbeat comments', async () => {
    const quick = await createWebHost({
      core,
      token: TOKEN,
      host: '127.0.0.1',
      port: 0,
      staticDir,
      heartbeatMs: 50,
    });
    try {
      const response = await fetch(`${quick.url}/api/events`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      const reader = response.body!.getReader();
      const decoder = new TextDecoder();
      let text = '';
      while (!text.includes(': heartbeat\n\n')) {
        const { done, value } = await reader.read();
        if (done) throw new Error(`stream ended before a heartbeat: ${text}`);
        text += decoder.decode(value, { stream: true });
      }
      expect(text.startsWith(': connected\n\n')).toBe(true);
      await reader.cancel();
    } finally {
      await quick.close({ timeoutMs: 2_000 });
    }
  });
});

describe('web host: static files', () => {
  it('serves index.html for / with the security headers, and assets with their content types', async () => {
    const page = await rawRequest(host.url, { path: '/', headers: { Host: `127.0.0.1:${host.port}` } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<title>Workshop Manager</title>');
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'self'/);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');

    const js = await fetch(`${host.url}/assets/app-1234.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const css = await fetch(`${host.url}/assets/app-1234.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers /favicon.ico without an error, and 404 for files that do not exist', async () => {
    expect((await fetch(`${host.url}/favicon.ico`)).status).toBe(204);
    expect((await fetch(`${host.url}/nope.js`)).status).toBe(404);
  });

  it('refuses to leave the served folder', async () => {
    for (const path of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/..%2fsecret.txt',
    ]) {
      const res = await rawRequest(host.url, { path, headers: { Host: `127.0.0.1:${host.port}` } });
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('top secret');
    }
  });
});
