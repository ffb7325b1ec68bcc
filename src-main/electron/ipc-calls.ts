/**
 * Contract calls over Electron IPC, kept apart from the Electron binding the way electron-trpc keeps
 * handleIPCMessage apart from createIPCHandler: the logic takes a plain event shape and is tested with fakes.
 */
import type { IpcMain } from 'electron';
import { CALL_NAMES, fail, parseCallInput, type Result } from '../../src-shared';
import type { WorkshopCore } from '../core/workshop-core-types';
import { type AppPage, isAppPageUrl } from './app-page';
import { callChannel } from './channels';

/** The parts of an IpcMainInvokeEvent the checks read. */
export interface CallEvent {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

interface Log {
  warn(message: string): void;
  error(message: string): void;
}

/**
 * True only for the main frame of our window's webContents showing the app's page: an iframe, another
 * window, or our window after a navigation it should not have made, gets nothing.
 * https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
export function isAppFrame(event: CallEvent, contents: { id: number } | null, page: AppPage): boolean {
  const frame = event.senderFrame;
  if (!contents || !frame) return false;
  if (event.sender.id !== contents.id) return false;
  if (frame.parent !== null) return false;
  return isAppPageUrl(frame.url, page);
}

/** Raised to the invoking frame when it is not ours; it never reaches the core. */
export class ForeignSenderError extends Error {
  constructor(channel: string, url: string | undefined) {
    super(`IPC "${channel}" refused: sender ${url ?? '(no frame)'} is not the app's window`);
    this.name = 'ForeignSenderError';
  }
}

export interface CallDeps {
  core: Pick<WorkshopCore, 'invoke'>;
  isTrustedSender(event: CallEvent): boolean;
  log: Log;
}

/**
 * One call: sender check, then the contract's schema (the renderer is untrusted: main validates before the
 * core sees anything), then the core. Answers a Result value; throws only at a foreign sender.
 */
export async function handleCall(
  deps: CallDeps,
  event: CallEvent,
  channel: string,
  input: unknown,
): Promise<Result<unknown>> {
  if (!deps.isTrustedSender(event)) {
    const error = new ForeignSenderError(channel, event.senderFrame?.url);
    deps.log.warn(error.message);
    throw error;
  }
  const parsed = parseCallInput(channel, input);
  if (!parsed.ok) return parsed;
  try {
    // The raw input, not the parsed one: core.invoke's contract is "raw in, validated there too", the same
    // as the web host, so both hosts hand the core the same thing.
    return await deps.core.invoke(channel, input);
  } catch (error) {
    // core.invoke promises never to throw; if it does, the renderer still gets a Result, and we get the stack.
    deps.log.error(
      `${channel}: core threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return fail('internal', `${channel}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Registers one `ipcMain.handle` per contract call; returns the function that removes them all. */
export function registerCallHandlers(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  deps: CallDeps,
): () => void {
  const channels = CALL_NAMES.map((name) => {
    const channel = callChannel(name);
    ipcMain.handle(channel, (event, input: unknown) => handleCall(deps, event, name, input));
    return channel;
  });
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
