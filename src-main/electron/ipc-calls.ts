/**
 * Contract calls over Electron IPC, kept apart from the Electron binding the way electron-trpc keeps
 * handleIPCMessage apart from createIPCHandler: the logic takes a plain event shape and is tested with fakes.
 */
import type { IpcMain } from 'electron';
import { CALL_NAMES, fail, isCallName, type Result } from '../../src-shared';
import type { WorkshopCore } from '../core/workshop-core-types';
import { callChannel } from './channels';

/** The parts of an IpcMainInvokeEvent the checks read. */
export interface CallEvent {
  senderFrame: { url?: string } | null;
}

interface Log {
  warn(message: string): void;
  error(message: string): void;
}

/**
 * True only for the main frame of our window, compared by identity (Electron hands out one WebFrameMain per
 * frame): an iframe, another window or a webContents a bug opened gets nothing. Not by URL: URL strings differ
 * in spelling between Node and Chromium (the case of a Windows drive letter, say) and would refuse the app itself.
 * https://www.electronjs.org/docs/latest/tutorial/security#17-validate-the-sender-of-all-ipc-messages
 */
export function isAppFrame(event: CallEvent, mainFrame: unknown): boolean {
  return mainFrame !== null && mainFrame !== undefined && event.senderFrame === mainFrame;
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
  /** True from the moment quitting starts: the core may be closing, so calls get a `closing` answer. */
  isClosing?(): boolean;
  log: Log;
}

/** What a call made while the app quits gets: an error value the renderer shows like any other. */
export const CLOSING_MESSAGE = 'Workshop Manager is closing; this was not done.';

/**
 * One call: sender check, channel-name check, then the core, which validates the input with the contract's
 * schema (the renderer is untrusted; the core is the one place every host's input is checked). Answers a Result
 * value; throws only at a foreign sender.
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
  if (!isCallName(channel)) return fail('unknown_channel', `unknown channel "${channel}"`);
  if (deps.isClosing?.()) return fail('unavailable', CLOSING_MESSAGE);
  try {
    return await deps.core.invoke(channel, input);
  } catch (error) {
    // core.invoke promises never to throw; if it does, the renderer still gets a Result, and we get the stack.
    deps.log.error(
      `${channel}: core threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    return fail('internal', `${channel}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Registers one `ipcMain.handle` per contract call; returns the function that removes them all. The host keeps
 * them until the process ends: a call made while quitting must get an answer (`isClosing`), never Electron's
 * "No handler registered".
 */
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
