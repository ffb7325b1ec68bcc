import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { WorkshopApi } from '../../src-shared';
import type { FakeIpcRenderer } from './fake-electron';

vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule());

let api: WorkshopApi;
let ipcRenderer: FakeIpcRenderer;
let exposed: unknown[][];

beforeAll(async () => {
  const electron = (await import('electron')) as unknown as ReturnType<
    typeof import('./fake-electron')['fakeElectronModule']
  >;
  await import('../../src-main/electron/preload');
  ipcRenderer = electron.ipcRenderer;
  // Copied now: mocks are cleared between tests.
  exposed = [...electron.contextBridge.exposeInMainWorld.mock.calls];
  api = exposed[0]?.[1] as WorkshopApi;
});

describe('the preload', () => {
  it('exposes exactly one object, window.workshop, with exactly invoke and on', () => {
    expect(exposed).toHaveLength(1);
    expect(exposed[0]?.[0]).toBe('workshop');
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    // Nothing of Electron or Node leaks through the object.
    for (const value of Object.values(api)) expect(typeof value).toBe('function');
    expect(Object.values(api)).not.toContain(ipcRenderer);
  });

  it('forwards a contract call to its prefixed channel with the input and returns main’s result', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: [{ id: 1 }] });
    await expect(api.invoke('devices.list', undefined)).resolves.toEqual({ ok: true, value: [{ id: 1 }] });
    expect(ipcRenderer.invoke).toHaveBeenLastCalledWith('workshop:call:devices.list', undefined);
  });

  it('refuses a channel the contract does not name, without sending anything', async () => {
    ipcRenderer.invoke.mockClear();
    for (const channel of [
      'devices.drop',
      'electron-store-get-data',
      'workshop:call:devices.list',
      '__proto__',
    ]) {
      await expect(api.invoke(channel as never, {} as never)).resolves.toMatchObject({
        ok: false,
        error: { code: 'unknown_channel' },
      });
    }
    expect(ipcRenderer.invoke).not.toHaveBeenCalled();
  });

  it('gives listeners the payload only, never the Electron event object', () => {
    const listener = vi.fn();
    const unsubscribe = api.on('sync.status', listener);
    ipcRenderer.deliver('workshop:event:sync.status', { state: 'in_sync' });
    expect(listener).toHaveBeenCalledTimes(1);
    expect(listener.mock.calls[0]).toEqual([{ state: 'in_sync' }]);
    unsubscribe();
  });

  it('stops calling a listener after unsubscribe, and a second unsubscribe is harmless', () => {
    const listener = vi.fn();
    const unsubscribe = api.on('devices.changed', listener);
    unsubscribe();
    unsubscribe();
    ipcRenderer.deliver('workshop:event:devices.changed', { at: 'now' });
    expect(listener).not.toHaveBeenCalled();
    expect(ipcRenderer.listenerCount('workshop:event:devices.changed')).toBe(0);
  });

  it('keeps other listeners of the same event when one unsubscribes', () => {
    const a = vi.fn();
    const b = vi.fn();
    const stopA = api.on('push.notice', a);
    const stopB = api.on('push.notice', b);
    stopA();
    ipcRenderer.deliver('workshop:event:push.notice', { kind: 'failure' });
    expect(a).not.toHaveBeenCalled();
    expect(b).toHaveBeenCalledWith({ kind: 'failure' });
    stopB();
  });

  it('refuses to subscribe to an event the contract does not name', () => {
    expect(() => api.on('ipc-message' as never, vi.fn())).toThrow(/unknown event/);
    expect(ipcRenderer.eventNames()).not.toContain('ipc-message');
  });
});
