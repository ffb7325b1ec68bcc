import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IpcMain } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { createConfSettings } from '../../src-main/core/conf-settings';
import { createWorkshopCore } from '../../src-main/core/create-workshop-core';
import { silentLogger } from '../../src-main/core/ports';
import type { WorkshopCore } from '../../src-main/core/workshop-core-types';
import { forwardCoreEvents } from '../../src-main/electron/forward-events';
import {
  type CallDeps,
  type CallEvent,
  CLOSING_MESSAGE,
  ForeignSenderError,
  handleCall,
  isAppFrame,
  registerCallHandlers,
} from '../../src-main/electron/ipc-calls';
import { CALL_NAMES, EVENT_NAMES } from '../../src-shared';
import { FakeIpcMain } from './fake-electron';

// Electron hands out one WebFrameMain object per frame: the check is identity, whatever the URL's spelling.
const mainFrame = { url: 'app://workshop/index.html#/' };
const appEvent: CallEvent = { senderFrame: mainFrame };

// Answers every call with 'done'; the real core's validation is tested in tests/core/core-contract.test.ts.
const fakeCore = () => ({
  invoke: vi.fn<WorkshopCore['invoke']>(async () => ({ ok: true, value: 'done' as never })),
});
const log = { warn: vi.fn(), error: vi.fn() };
const deps = (core: CallDeps['core'] = fakeCore()) => ({
  core,
  isTrustedSender: (event: CallEvent) => isAppFrame(event, mainFrame),
  log,
});

describe('registerCallHandlers', () => {
  it('registers one handler for every contract call, on prefixed channels, and nothing else', () => {
    const ipcMain = new FakeIpcMain();
    registerCallHandlers(ipcMain as unknown as IpcMain, deps());
    expect([...ipcMain.handlers.keys()].sort()).toEqual(
      CALL_NAMES.map((name) => `workshop:call:${name}`).sort(),
    );
  });

  it('routes each registered channel to its own call', async () => {
    const core = fakeCore();
    const ipcMain = new FakeIpcMain();
    registerCallHandlers(ipcMain as unknown as IpcMain, deps(core));
    await ipcMain.handlers.get('workshop:call:devices.list')?.(appEvent, undefined);
    await ipcMain.handlers.get('workshop:call:sync.history')?.(appEvent, { limit: 5 });
    expect(core.invoke.mock.calls).toEqual([
      ['devices.list', undefined],
      ['sync.history', { limit: 5 }],
    ]);
  });

  it('removes every handler it registered', () => {
    const ipcMain = new FakeIpcMain();
    registerCallHandlers(ipcMain as unknown as IpcMain, deps())();
    expect(ipcMain.handlers.size).toBe(0);
    expect(ipcMain.removeHandler).toHaveBeenCalledTimes(CALL_NAMES.length);
  });
});

describe('handleCall', () => {
  it('returns the core result for a valid call from the app page', async () => {
    const core = fakeCore();
    await expect(handleCall(deps(core), appEvent, 'devices.get', { id: 3 })).resolves.toEqual({
      ok: true,
      value: 'done',
    });
    expect(core.invoke).toHaveBeenCalledWith('devices.get', { id: 3 });
  });

  it.each<[string, CallEvent]>([
    ['an iframe inside our page, even at the same URL', { senderFrame: { url: mainFrame.url } }],
    ['another window showing the app page', { senderFrame: { url: 'app://workshop/index.html#/' } }],
    ['a frame that is gone', { senderFrame: null }],
  ])('refuses %s without touching the core', async (_what, event) => {
    const core = fakeCore();
    await expect(handleCall(deps(core), event, 'devices.list', undefined)).rejects.toBeInstanceOf(
      ForeignSenderError,
    );
    expect(core.invoke).not.toHaveBeenCalled();
  });

  it('refuses every call while the window does not exist', () => {
    expect(isAppFrame(appEvent, null)).toBe(false);
    expect(isAppFrame({ senderFrame: null }, null)).toBe(false);
  });

  it('accepts our main frame whatever its URL says (a drive letter spelt C: or c: is the same frame)', () => {
    const frame = { url: 'file:///C:/Program%20Files/Workshop/index.html' };
    expect(isAppFrame({ senderFrame: frame }, frame)).toBe(true);
    expect(
      isAppFrame({ senderFrame: { url: 'file:///c:/Program%20Files/Workshop/index.html' } }, frame),
    ).toBe(false);
  });

  it('answers a call made while quitting with `unavailable`, without reaching the core', async () => {
    const core = fakeCore();
    let closing = false;
    const closingDeps = { ...deps(core), isClosing: () => closing };
    await expect(handleCall(closingDeps, appEvent, 'devices.list', null)).resolves.toMatchObject({
      ok: true,
    });
    closing = true;
    await expect(handleCall(closingDeps, appEvent, 'devices.update', { id: 1 })).resolves.toEqual({
      ok: false,
      error: { code: 'unavailable', message: CLOSING_MESSAGE },
    });
    expect(core.invoke).toHaveBeenCalledTimes(1);
  });

  it('hands the input to the core as it came, so it is validated once, there', async () => {
    const core = fakeCore();
    const input = { id: 'DROP TABLE devices', extra: true };
    await handleCall(deps(core), appEvent, 'devices.get', input);
    expect(core.invoke).toHaveBeenCalledWith('devices.get', input);
  });

  it('answers bad input with the field errors of the core behind the glue', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wm-ipc-'));
    const core = createWorkshopCore({
      dataDir,
      settings: createConfSettings({ cwd: dataDir }),
      logger: () => silentLogger,
    });
    try {
      const bad = await handleCall(deps(core), appEvent, 'devices.get', { id: 'DROP TABLE devices' });
      expect(bad).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', fieldErrors: { id: expect.any(String) } },
      });
      const extra = await handleCall(deps(core), appEvent, 'settings.update', {
        autoPush: true,
        admin: true,
      });
      expect(extra).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', fieldErrors: { admin: expect.any(String) } },
      });
      expect(await handleCall(deps(core), appEvent, 'settings.get', null)).toMatchObject({
        ok: true,
        value: { autoPush: true },
      });
    } finally {
      await core.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a channel the contract does not name', async () => {
    const core = fakeCore();
    for (const channel of ['devices.drop', '__proto__', 'toString']) {
      const result = await handleCall(deps(core), appEvent, channel, {});
      expect(result).toMatchObject({ ok: false, error: { code: 'unknown_channel' } });
    }
    expect(core.invoke).not.toHaveBeenCalled();
  });

  it('turns a core that throws into an internal error result', async () => {
    const core = fakeCore();
    core.invoke.mockRejectedValueOnce(new Error('database is locked'));
    await expect(handleCall(deps(core), appEvent, 'devices.list', null)).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'devices.list: database is locked' },
    });
  });
});

describe('forwardCoreEvents', () => {
  it('subscribes to every contract event and sends each to the window on its prefixed channel', () => {
    const listeners = new Map<string, (payload: unknown) => void>();
    const unsubscribed: string[] = [];
    const core = {
      on: vi.fn((event: string, listener: (payload: unknown) => void) => {
        listeners.set(event, listener);
        return () => unsubscribed.push(event);
      }),
    };
    const send = vi.fn();
    const stop = forwardCoreEvents(core as never, send);
    expect([...listeners.keys()].sort()).toEqual([...EVENT_NAMES].sort());

    listeners.get('devices.changed')?.({ at: '2026-11-29T10:00:00.000Z' });
    expect(send).toHaveBeenCalledWith('workshop:event:devices.changed', { at: '2026-11-29T10:00:00.000Z' });

    stop();
    expect(unsubscribed.sort()).toEqual([...EVENT_NAMES].sort());
  });
});
