/**
 * Channel names on the Electron IPC wire, shared by main and the preload.
 *
 * The preload runs in a sandbox where only `electron` can be required, so it must not import the contract's
 * values (they pull zod in). These lists repeat the contract's names; the type checks below make a missing
 * or extra name a compile error, and tests/electron/channels.test.ts compares them with the contract at run time.
 */
import type { CallName, EventName } from '../../src-shared/contract';

export const CALL_NAME_LIST = [
  'devices.list',
  'devices.get',
  'devices.create',
  'devices.update',
  'devices.delete',
  'devices.bulk',
  'devices.export',
  'devices.import',
  'config.preview',
  'config.unpushed',
  'settings.get',
  'settings.update',
  'sync.status',
  'sync.push',
  'sync.history',
  'sync.pushDetail',
  'bridge.test',
  'traces.list',
  'traces.save',
  'traces.get',
  'traces.delete',
  'traces.import',
  'traces.export',
  'broker.status',
  'broker.test',
  'live.overview',
  'live.history',
  'live.simulate',
  'discovery.start',
  'discovery.stop',
  'discovery.state',
  'discovery.identify',
  'discovery.add',
] as const satisfies readonly CallName[];

export const EVENT_NAME_LIST = [
  'sync.status',
  'devices.changed',
  'settings.changed',
  'push.notice',
  'broker.status',
  'live.overview',
  'live.samples',
  'discovery.state',
] as const satisfies readonly EventName[];

// Compile-time completeness: each is `true` only when no contract name is missing from the list.
type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : false;
export const CALLS_COMPLETE: Missing<CallName, (typeof CALL_NAME_LIST)[number]> = true;
export const EVENTS_COMPLETE: Missing<EventName, (typeof EVENT_NAME_LIST)[number]> = true;

const callNames: ReadonlySet<string> = new Set(CALL_NAME_LIST);
const eventNames: ReadonlySet<string> = new Set(EVENT_NAME_LIST);

export const isContractCall = (name: unknown): name is CallName =>
  typeof name === 'string' && callNames.has(name);
export const isContractEvent = (name: unknown): name is EventName =>
  typeof name === 'string' && eventNames.has(name);

/** `ipcMain.handle` channel of a call. Prefixed so no other library's channel can collide. */
export const callChannel = (name: CallName): string => `workshop:call:${name}`;
/** `webContents.send` channel of an event. */
export const eventChannel = (name: EventName): string => `workshop:event:${name}`;
