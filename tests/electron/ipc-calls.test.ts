import type { IpcMain } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { forwardCoreEvents } from '../../src-main/electron/forward-events';
import {
  type CallEvent,
  ForeignSenderError,
  handleCall,
  isAppFrame,
  registerCallHandlers,
} from '../../src-main/electron/ipc-calls';
import { CALL_NAMES, EVENT_NAMES, type Result } from '../../src-shared';
import { FakeIpcMain } from './fake-electron';

const page = { url: 'file:///app/out/renderer/index.html' };
const ourContents = { id: 7 };
const appEvent: CallEvent = { sender: { id: 7 }, senderFrame: { url: `${page.url}#/`, parent: null } };

const fakeCore = () => ({
  invoke: vi.fn(
    async (_channel: string, _input: unknown): Promise<Result<unknown>> => ({ ok: true, value: 'done' }),
  ),
});
const log = { warn: vi.fn(), error: vi.fn() };
const deps = (core = fakeCore()) => ({
  core,
  isTrustedSender: (event: CallEvent) => isAppFrame(event, ourContents, page),
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
    ['an iframe inside our page', { sender: { id: 7 }, senderFrame: { url: page.url, parent: {} } }],
    ['another webContents', { sender: { id: 8 }, senderFrame: { url: page.url, parent: null } }],
    [
      'our window after navigating away',
      { sender: { id: 7 }, senderFrame: { url: 'https://evil.example/', parent: null } },
    ],
    ['a frame that is gone', { sender: { id: 7 }, senderFrame: null }],
  ])('refuses %s without touching the core', async (_what, event) => {
    const core = fakeCore();
    await expect(handleCall(deps(core), event, 'devices.list', undefined)).rejects.toBeInstanceOf(
      ForeignSenderError,
    );
    expect(core.invoke).not.toHaveBeenCalled();
  });

  it('refuses every call while the window does not exist', () => {
    expect(isAppFrame(appEvent, null, page)).toBe(false);
  });

  it('answers bad input with the contract validation error and never passes it to the core', async () => {
    const core = fakeCore();
    const result = await handleCall(deps(core), appEvent, 'devices.get', { id: 'DROP TABLE devices' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fieldErrors: { id: expect.any(String) } },
    });
    expect(core.invoke).not.toHaveBeenCalled();
  });

  it('answers extra fields on a strict input with a field error', async () => {
    const core = fakeCore();
    const result = await handleCall(deps(core), appEvent, 'settings.update', { autoPush: true, admin: true });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', fieldErrors: { admin: expect.any(String) } },
    });
    expect(core.invoke).not.toHaveBeenCalled();
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
