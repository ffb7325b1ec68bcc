// A minimal `electron` for running the BUILT main bundle in plain Node (built-main.test.ts). It records what main
// does as JSON lines on stdout (`@@ {...}`), then plays the renderer: calls two contract channels and quits.
import { EventEmitter } from 'node:events';

const report = (what, data) => console.log(`@@ ${JSON.stringify({ what, data })}`);
const PAGE = process.env.FAKE_APP_PAGE;

export const app = Object.assign(new EventEmitter(), {
  isPackaged: false,
  requestSingleInstanceLock: () => true,
  quit: () => {
    report('quit');
    setTimeout(() => process.exit(0), 50);
  },
  exit: (code) => {
    report('exit', code);
    process.exit(code);
  },
  getPath: () => process.env.WORKSHOP_DATA_DIR,
  setPath: () => {},
  getAppPath: () => process.cwd(),
  getVersion: () => '0.0.0-test',
  whenReady: async () => {},
});
class FakeWebContents extends EventEmitter {
  id = 1;
  send(channel) {
    report('send', channel);
  }
  setWindowOpenHandler() {}
}
let window;
export class BrowserWindow extends EventEmitter {
  webContents = new FakeWebContents();
  constructor(options) {
    super();
    window = this;
    report('window', options.webPreferences);
  }
  loadURL(url) {
    report('loadURL', url);
    return Promise.resolve();
  }
  once(name, fn) {
    return super.once(name, fn);
  }
  isDestroyed = () => false;
  isFocused = () => false;
}
export const ipcMain = {
  handlers: new Map(),
  handle(channel, handler) {
    this.handlers.set(channel, handler);
  },
  removeHandler(channel) {
    this.handlers.delete(channel);
  },
  on() {},
};
export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: () => report('csp') },
    setPermissionRequestHandler: () => {},
    setPermissionCheckHandler: () => {},
  },
};
export const dialog = { showErrorBox: (title, message) => report('dialog', { title, message }) };
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const shell = {};
export const Notification = { isSupported: () => false };
export default { app, BrowserWindow, ipcMain, session, dialog, screen, shell, Notification };

setTimeout(async () => {
  report('handlers', [...ipcMain.handlers.keys()]);
  if (!window) return;
  const event = { sender: { id: 1 }, senderFrame: { url: PAGE, parent: null } };
  for (const [channel, input] of [
    ['devices.list', undefined],
    ['settings.get', null],
    ['devices.get', { id: 'nope' }],
  ]) {
    report('result', {
      channel,
      result: await ipcMain.handlers.get(`workshop:call:${channel}`)(event, input),
    });
  }
  app.emit('before-quit', { preventDefault: () => report('quit-deferred') });
}, 300);
