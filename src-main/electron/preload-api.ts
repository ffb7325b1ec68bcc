/**
 * The object the preload exposes as `window.workshop`, built from an ipcRenderer-like port so it is tested
 * without Electron. Imports only types from the contract and the name lists of ./channels: the sandboxed
 * preload can require nothing but `electron` (no zod).
 */
import type { CallName, EventName, WorkshopApi } from '../../src-shared/contract';
import type { Result } from '../../src-shared/result';
import { callChannel, eventChannel, isContractCall, isContractEvent } from './channels';

/** The two ipcRenderer methods the API uses, and removeListener for unsubscribe. */
export interface RendererIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function createWorkshopApi(ipc: RendererIpc) {
  const api = {
    invoke(channel: CallName, input: unknown): Promise<Result<never>> {
      if (!isContractCall(channel)) {
        const refused: Result<never> = {
          ok: false,
          error: { code: 'unknown_channel', message: `unknown channel "${String(channel)}"` },
        };
        return Promise.resolve(refused);
      }
      return ipc.invoke(callChannel(channel), input) as Promise<Result<never>>;
    },
    on(event: EventName, listener: (payload: never) => void): () => void {
      if (!isContractEvent(event)) throw new Error(`unknown event "${String(event)}"`);
      if (typeof listener !== 'function') throw new Error(`listener for "${event}" must be a function`);
      const channel = eventChannel(event);
      // The Electron event object stays here: it carries `sender`, which is an ipcRenderer.
      const wrapped = (_event: unknown, payload: unknown) => listener(payload as never);
      ipc.on(channel, wrapped);
      let subscribed = true;
      return () => {
        if (!subscribed) return;
        subscribed = false;
        ipc.removeListener(channel, wrapped);
      };
    },
  } satisfies WorkshopApi;
  return api;
}
