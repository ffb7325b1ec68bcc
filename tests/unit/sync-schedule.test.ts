/** The pure parts of the sync engine: backoff with jitter, and the state derived from the persisted record. */
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src-main/core/sync/auto-push-schedule';
import { deriveState, isPending, isRejectedNow } from '../../src-main/core/sync/derive-sync-state';
import type { SyncRecord } from '../../src-main/core/sync-state-repo';

const BACKOFF = [5000, 10000, 20000, 40000, 60000];

describe('backoffDelay', () => {
  it('walks the backoff list by streak and repeats the last step', () => {
    expect([1, 2, 3, 4, 5, 6, 9].map((n) => backoffDelay(n, BACKOFF, () => 0.5))).toEqual([
      5000, 10000, 20000, 40000, 60000, 60000, 60000,
    ]);
  });

  it('jitters by ±20 % and never exceeds the largest step', () => {
    expect(backoffDelay(1, BACKOFF, () => 0)).toBe(4000);
    expect(backoffDelay(1, BACKOFF, () => 0.999999)).toBe(6000);
    expect(backoffDelay(4, BACKOFF, () => 0.999999)).toBe(48000);
    expect(backoffDelay(5, BACKOFF, () => 0.999999)).toBe(60000);
  });
});

const record = (patch: Partial<SyncRecord> = {}): SyncRecord => ({
  desiredRevision: 2,
  desiredHash: 'h2',
  pendingSince: null,
  ackedRevision: 2,
  ackedHash: 'h2',
  ackedUrl: 'http://b',
  ackedDevices: [],
  rejectedHash: null,
  rejectedUrl: null,
  lastOutcome: null,
  hashAnsweredUrls: [],
  foreignUrl: null,
  foreignHash: null,
  lastBridgeUrl: null,
  unreadablePreferences: null,
  ...patch,
});
const idle = { pushing: false, failureStreak: 0, nextRetryAt: null, attempt: null };

describe('derived sync state', () => {
  it('is pending when another URL acknowledged, or another hash', () => {
    expect(isPending(record(), 'http://b')).toBe(false);
    expect(isPending(record(), 'http://other')).toBe(true);
    expect(isPending(record({ ackedHash: 'h1' }), 'http://b')).toBe(true);
  });

  it('is rejected only for the refused hash at the refusing URL', () => {
    const refused = record({ ackedHash: 'h1', rejectedHash: 'h2', rejectedUrl: 'http://b' });
    expect(isRejectedNow(refused, 'http://b')).toBe(true);
    expect(isRejectedNow(refused, 'http://other')).toBe(false);
    expect(deriveState(refused, 'http://b', idle)).toBe('rejected');
  });

  it('says pushing while a push is in flight, in sync when acknowledged', () => {
    expect(deriveState(record(), 'http://b', { ...idle, pushing: true })).toBe('pushing');
    expect(deriveState(record(), 'http://b', idle)).toBe('in_sync');
  });
});
