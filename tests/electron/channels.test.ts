import { describe, expect, it } from 'vitest';
import {
  CALL_NAME_LIST,
  callChannel,
  EVENT_NAME_LIST,
  eventChannel,
  isContractCall,
  isContractEvent,
} from '../../src-main/electron/channels';
import { CALL_NAMES, EVENT_NAMES } from '../../src-shared';

describe('the preload name lists', () => {
  it('name exactly the contract calls', () => {
    expect([...CALL_NAME_LIST].sort()).toEqual([...CALL_NAMES].sort());
  });

  it('name exactly the contract events', () => {
    expect([...EVENT_NAME_LIST].sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('recognise only contract names, not prototype keys or prefixed wire channels', () => {
    expect(isContractCall('devices.list')).toBe(true);
    expect(isContractCall('toString')).toBe(false);
    expect(isContractCall('__proto__')).toBe(false);
    expect(isContractCall(callChannel('devices.list'))).toBe(false);
    expect(isContractEvent('push.notice')).toBe(true);
    expect(isContractEvent('constructor')).toBe(false);
    expect(isContractEvent(eventChannel('push.notice'))).toBe(false);
  });
});
