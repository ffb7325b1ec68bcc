/** Electron main entry (built to out/main/index.js by electron-vite). */
import { runDesktopApp } from './desktop-app';

runDesktopApp();
