import type { EventEmitter } from 'node:events';

/** Types of fake-utility-process.mjs: the part of Electron's utilityProcess the app uses. */
export declare const utilityProcess: {
  fork(
    modulePath: string,
    args?: string[],
    options?: { stdio?: unknown; serviceName?: string },
  ): EventEmitter & {
    postMessage(message: unknown): void;
    kill(): boolean;
    stderr: NodeJS.ReadableStream | null;
  };
};
