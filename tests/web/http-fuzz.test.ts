/**
 * Issue 6, "Crash and fault tests", bullet 3, over the wire: generated bad input POSTed to the web host's HTTP API
 * → HTTP 200 with the contract's field error every time, the host keeps serving, and no row is written.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConfSettings } from '../../src-main/core/conf-settings';
import { createWorkshopCore } from '../../src-main/core/create-workshop-core';
import { silentLogger } from '../../src-main/core/ports';
import type { WorkshopCore } from '../../src-main/core/workshop-core-types';
import { createWebHost, type WebHost } from '../../src-main/web/server';
import { type Device, type Result, shellyTopicError } from '../../src-shared';
import { tempDirs } from '../support/temp-dir';

const TOKEN = 'fuzz-token-0123456789abcdef';
const dirs = tempDirs('workshop-http-fuzz-');
let core: WorkshopCore;
let host: WebHost;

beforeAll(async () => {
  const dataDir = dirs.make();
  const settings = createConfSettings({ cwd: dataDir });
  // Nothing listens on port 9: pushes fail fast and never disturb the checks.
  settings.set({ bridgeUrl: 'http://127.0.0.1:9', autoPush: false });
  core = createWorkshopCore({ dataDir, settings, logger: () => silentLogger });
  host = await createWebHost({ core, token: TOKEN, host: '127.0.0.1', port: 0, staticDir: dirs.make() });
});

afterAll(async () => {
  await host.close({ timeoutMs: 2000 });
  await core.close({ timeoutMs: 2000 });
  dirs.cleanup();
});

async function post(channel: string, body: string): Promise<{ status: number; result: Result<unknown> }> {
  const response = await fetch(`${host.url}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' },
    body,
  });
  return { status: response.status, result: (await response.json()) as Result<unknown> };
}

const valid = { name: 'Laser', deviceId: 'laser', topicPattern: 'shellypmmini-laser/#' };
const weird = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.constantFrom(
    "'; DROP TABLE devices; --",
    '\u0000',
    'a/#/b',
    'x/y#',
    '+x/',
    '$SYS/#',
    'x'.repeat(70_000),
  ),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 2 }),
);
/** A create input with at least one field replaced by something it may not be. */
const badCreate = fc
  .record({
    field: fc.constantFrom(
      'name',
      'deviceId',
      'topicPattern',
      'parserType',
      'active',
      'notes',
      'strategyConfig',
    ),
    value: weird,
  })
  .filter(({ field, value }) => {
    // Leave out the few generated values that happen to be valid for their field.
    if (field === 'name') return typeof value !== 'string' || value.trim() === '' || [...value].length > 80;
    if (field === 'notes')
      return typeof value !== 'string' || value.length > 2000 || value.includes('\u0000');
    if (field === 'deviceId')
      return typeof value !== 'string' || !/^[a-z0-9][a-z0-9_-]{0,63}$/.test(value.trim());
    if (field === 'active') return typeof value !== 'boolean';
    if (field === 'strategyConfig')
      return !(typeof value === 'object' && value !== null && Object.keys(value).length === 0);
    if (field === 'topicPattern') return typeof value !== 'string' || shellyTopicError(value.trim()) !== null;
    return true;
  })
  .map(({ field, value }) => ({ ...valid, [field]: value }));

describe('web host: bad input over HTTP', () => {
  it('answers every bad device with a field error, keeps serving, and writes nothing', async () => {
    const before = await post('devices.list', 'null');
    expect(before.result.ok).toBe(true);
    await fc.assert(
      fc.asyncProperty(badCreate, async (input) => {
        const { status, result } = await post('devices.create', JSON.stringify(input));
        expect(status).toBe(200);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(['invalid_input', 'conflict']).toContain(result.error.code);
        expect(Object.keys(result.error.fieldErrors ?? {}).length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
    const after = await post('devices.list', 'null');
    expect(after.result.ok && (after.result.value as Device[]).length).toBe(0);
  });

  it('refuses a body that is not JSON, or JSON of the wrong shape, without a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), async (text) => {
        const { status, result } = await post('devices.create', text);
        expect([200, 400]).toContain(status);
        expect(result.ok).toBe(false);
      }),
      { numRuns: 200 },
    );
    // The host still serves good input after all that.
    const good = { ...valid, deviceId: 'still-serving' };
    expect((await post('devices.create', JSON.stringify(good))).result.ok).toBe(true);
  });
});
