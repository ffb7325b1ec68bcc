/**
 * Exposes exactly one object, `window.workshop` (contract calls and events), and nothing else: no
 * ipcRenderer, no Node. Built as CommonJS (out/preload/index.cjs) because the window is sandboxed.
 * https://www.electronjs.org/docs/latest/tutorial/context-isolation
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createWorkshopApi } from './preload-api';

contextBridge.exposeInMainWorld('workshop', createWorkshopApi(ipcRenderer));
