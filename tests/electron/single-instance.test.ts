import { EventEmitter } from 'node:events';
import type { App, BrowserWindow } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { claimSingleInstance } from '../../src-main/electron/single-instance';
import { FakeBrowserWindow } from './fake-electron';

const fakeApp = (gotLock: boolean) =>
  Object.assign(new EventEmitter(), { requestSingleInstanceLock: vi.fn(() => gotLock), quit: vi.fn() });

describe('claimSingleInstance', () => {
  it('quits a second launch before it opens anything', () => {
    const app = fakeApp(false);
    expect(claimSingleInstance(app as unknown as App, () => null)).toBe(false);
    expect(app.quit).toHaveBeenCalled();
  });

  it('in the first launch, a second launch restores and focuses the window', () => {
    const app = fakeApp(true);
    const window = new FakeBrowserWindow({});
    window.minimized = true;
    expect(claimSingleInstance(app as unknown as App, () => window as unknown as BrowserWindow)).toBe(true);
    expect(app.quit).not.toHaveBeenCalled();
    app.emit('second-instance', {}, ['workshop-manager'], '/');
    expect(window.restore).toHaveBeenCalled();
    expect(window.show).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });

  it('ignores a second launch while there is no window yet', () => {
    const app = fakeApp(true);
    claimSingleInstance(app as unknown as App, () => null);
    expect(() => app.emit('second-instance', {}, [], '/')).not.toThrow();
  });
});
