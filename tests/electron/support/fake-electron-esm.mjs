// A minimal `electron` for running the BUILT main bundle in plain Node (built-main.test.ts). It records what main
// does as JSON lines on stdout (`@@ {...}`), then plays the renderer: fetches the page through the app://
// protocol handler, calls contract channels from the window's main frame, starts quitting, calls once more.
import { EventEmitter } from 'node:events';
import { utilityProcess } from './fake-utility-process.mjs';

export { utilityProcess };

const report = (what, data) => console.log(`@@ ${JSON.stringify({ what, data })}`);

export const app = Object.assign(new EventEmitter(), {
  isPackaged: true,
  requestSingleInstanceLock: () => true,
  quit: () => {
    report('quit');
    setTimeout(() => process.exit(0), 50);
  },
  exit: (code) => {
    report('exit', code);
    process.exit(code);
  },
  getPath: (name) =>
    name === 'logs' ? `${process.env.WORKSHOP_DATA_DIR}/logs` : process.env.WORKSHOP_DATA_DIR,
  setPath: () => {},
  setAppLogsPath: (path) => report('logs-path', path),
  setAppUserModelId: (id) => report('app-user-model-id', id),
  getAppPath: () => process.cwd(),
  getVersion: () => '0.0.0-test',
  whenReady: async () => {},
});
const mainFrame = { url: 'app://workshop/index.html' };
class FakeWebContents extends EventEmitter {
  id = 1;
  mainFrame = mainFrame;
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
const protocolHandlers = new Map();
export const protocol = {
  registerSchemesAsPrivileged: (schemes) => report('schemes', schemes),
  handle: (scheme, handler) => protocolHandlers.set(scheme, handler),
};
export const session = {
  defaultSession: {
    webRequest: { onHeadersReceived: () => report('csp') },
    setPermissionRequestHandler: () => {},
    setPermissionCheckHandler: () => {},
  },
};
export const dialog = {
  showErrorBox: (title, message) => report('dialog', { title, message }),
  showMessageBox: async (...args) => {
    report('message-box', args.at(-1));
    return { response: 0 };
  },
};
export const screen = { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] };
export const shell = { openPath: async () => '' };
export const Menu = {
  buildFromTemplate: (template) => {
    report(
      'menu',
      template.map((menu) => menu.submenu.map((item) => item.role ?? item.label ?? '-')),
    );
    return {};
  },
  setApplicationMenu: () => {},
};
// Like Linux without a keyring: the app must say secrets stay in plain text.
export const safeStorage = {
  isAsyncEncryptionAvailable: async () => true,
  getSelectedStorageBackend: () => 'basic_text',
};
export const Notification = { isSupported: () => false };
export default {
  app,
  BrowserWindow,
  ipcMain,
  protocol,
  session,
  dialog,
  screen,
  shell,
  Menu,
  safeStorage,
  Notification,
  utilityProcess,
};

setTimeout(async () => {
  report('handlers', [...ipcMain.handlers.keys()]);
  if (!window) return;
  const serve = protocolHandlers.get('app');
  for (const url of ['app://workshop/index.html', 'app://workshop/../../package.json']) {
    const response = await serve(new Request(url));
    report('page', {
      url,
      status: response.status,
      csp: response.headers.get('content-security-policy'),
      html: await response.text(),
    });
  }
  const event = { sender: window.webContents, senderFrame: mainFrame };
  const call = async (channel, input) => ({
    channel,
    result: await ipcMain.handlers.get(`workshop:call:${channel}`)(event, input),
  });
  for (const [channel, input] of [
    ['devices.list', undefined],
    ['settings.get', null],
    ['devices.get', { id: 'nope' }],
  ]) {
    report('result', await call(channel, input));
  }
  // Large enough to be written by the worker process that the build puts beside the bundle.
  const devices = Array.from({ length: 1200 }, (_, i) => ({
    name: `Machine ${i}`,
    deviceId: `m-${i}`,
    topicPattern: `shellypmmini-m${i}/#`,
  }));
  const content = JSON.stringify({ devices });
  const imported = (await call('devices.import', { content, format: 'json', dryRun: false })).result;
  const listed = (await call('devices.list', undefined)).result;
  report('large-import', {
    ok: imported.ok,
    counts: imported.value?.counts,
    error: imported.error,
    listed: listed.value?.length,
  });
  app.emit('before-quit', { preventDefault: () => report('quit-deferred') });
  report('closing-result', await call('devices.list', undefined));
}, 300);
