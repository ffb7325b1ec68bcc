/**
 * A stand-in for the `electron` module (the real one downloads its binary on import). Records what the glue
 * does with it so tests assert behaviour: handlers registered, options passed, events prevented.
 * Use: vi.mock('electron', async () => (await import('./fake-electron')).fakeElectronModule()).
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';
import { utilityProcess } from './support/fake-utility-process.mjs';

export class FakeWebContents extends EventEmitter {
  private static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  /** Electron hands out one WebFrameMain per frame; IPC senders are compared with it by identity. */
  readonly mainFrame = { url: 'app://workshop/index.html' };
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly send = vi.fn();
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  /** Emits like Electron: the listener gets an event whose preventDefault is recorded. */
  fire(name: string, ...args: unknown[]): { defaultPrevented: boolean } {
    const event = {
      defaultPrevented: false,
      preventDefault() {
        event.defaultPrevented = true;
      },
    };
    this.emit(name, event, ...args);
    return event;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  readonly loadURL = vi.fn(async (_url: string) => {});
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn();
  readonly maximize = vi.fn();
  minimized = false;
  focused = false;
  maximized = false;
  destroyed = false;
  normalBounds = { x: 10, y: 20, width: 1000, height: 700 };
  constructor(readonly options: Record<string, unknown>) {
    super();
    FakeBrowserWindow.instances.push(this);
  }
  isMinimized = () => this.minimized;
  isFocused = () => this.focused;
  isMaximized = () => this.maximized;
  isDestroyed = () => this.destroyed;
  getNormalBounds = () => this.normalBounds;
}

export function fakeSession() {
  const state: {
    onHeadersReceived: ((details: unknown, callback: (response: unknown) => void) => void) | null;
    permissionRequest:
      | ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void)
      | null;
    permissionCheck: ((wc: unknown, permission: string) => boolean) | null;
  } = { onHeadersReceived: null, permissionRequest: null, permissionCheck: null };
  return {
    state,
    webRequest: {
      onHeadersReceived: vi.fn((listener: typeof state.onHeadersReceived) => {
        state.onHeadersReceived = listener;
      }),
    },
    setPermissionRequestHandler: vi.fn((handler: typeof state.permissionRequest) => {
      state.permissionRequest = handler;
    }),
    setPermissionCheckHandler: vi.fn((handler: typeof state.permissionCheck) => {
      state.permissionCheck = handler;
    }),
  };
}

export class FakeIpcMain {
  readonly handlers = new Map<string, (event: unknown, ...args: unknown[]) => unknown>();
  readonly handle = vi.fn((channel: string, handler: (event: unknown, ...args: unknown[]) => unknown) => {
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  });
  readonly removeHandler = vi.fn((channel: string) => {
    this.handlers.delete(channel);
  });
}

/** ipcRenderer with Electron's listener semantics: listeners get (event, ...args). */
export class FakeIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn(
    async (_channel: string, ..._args: unknown[]): Promise<unknown> => ({ ok: true, value: [] }),
  );
  /** Delivers a message from main the way Electron does, event object first. */
  deliver(channel: string, payload: unknown) {
    this.emit(channel, { sender: this, senderId: 0, ports: [] }, payload);
  }
}

export function fakeElectronModule() {
  const session = fakeSession();
  const app = Object.assign(new EventEmitter(), {
    isPackaged: false,
    requestSingleInstanceLock: vi.fn(() => true),
    quit: vi.fn(),
    exit: vi.fn(),
    getPath: vi.fn(() => '/tmp/fake-user-data'),
    setPath: vi.fn(),
    getAppPath: vi.fn(() => '/tmp/fake-app'),
    getVersion: vi.fn(() => '0.1.0'),
    setAppUserModelId: vi.fn(),
    setAppLogsPath: vi.fn(),
    whenReady: vi.fn(async () => {}),
  });
  /** Shown notifications, with the handlers the glue attached (Electron's are EventEmitters). */
  const notifications: FakeNotification[] = [];
  class FakeNotification extends EventEmitter {
    static isSupported = vi.fn(() => true);
    readonly show = vi.fn();
    constructor(readonly options: unknown) {
      super();
      notifications.push(this);
    }
  }
  const mod = {
    app,
    BrowserWindow: FakeBrowserWindow,
    session: { defaultSession: session },
    ipcMain: new FakeIpcMain(),
    ipcRenderer: new FakeIpcRenderer(),
    contextBridge: { exposeInMainWorld: vi.fn() },
    utilityProcess,
    shell: { openExternal: vi.fn(async () => {}), openPath: vi.fn(async () => '') },
    dialog: { showErrorBox: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0 })) },
    protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown) => ({ template })),
      setApplicationMenu: vi.fn(),
    },
    safeStorage: {
      isAsyncEncryptionAvailable: vi.fn(async () => true),
      getSelectedStorageBackend: vi.fn(() => 'gnome_libsecret'),
      encryptStringAsync: vi.fn(async (text: string) => Buffer.from(`enc:${text}`)),
      decryptStringAsync: vi.fn(async (data: Buffer) => ({
        result: data.toString().replace(/^enc:/, ''),
        shouldReEncrypt: false,
      })),
    },
    notifications,
    screen: { getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }]) },
    Notification: FakeNotification,
  };
  return { ...mod, default: mod };
}
