/**
 * The persisted half of the sync model in memory: desired vs acknowledged, written through to SQLite on every
 * change so a crash at any moment loses nothing. Each method is one step of the model, saved as one row write.
 */
import type { BridgeDevice, PushOutcome } from '../../../src-shared';
import type { Clock } from '../ports';
import type { SyncRecord, SyncStateRepo } from '../sync-state-repo';
import { isPending } from './derive-sync-state';

export class SyncLedger {
  private current: SyncRecord;

  constructor(
    private readonly repo: SyncStateRepo,
    private readonly clock: Clock,
    initialHash: string,
  ) {
    this.current = repo.load(initialHash);
  }

  get record(): SyncRecord {
    return this.current;
  }

  /** Records a new desired hash (revision + 1). Returns whether it changed. */
  reconcile(hash: string, bridgeUrl: string): boolean {
    if (hash === this.current.desiredHash) return false;
    this.update({ desiredRevision: this.current.desiredRevision + 1, desiredHash: hash });
    this.markPendingSince(bridgeUrl);
    return true;
  }

  /** Keeps pendingSince: set when pending starts, cleared when in sync. */
  markPendingSince(bridgeUrl: string): void {
    const pending = isPending(this.current, bridgeUrl);
    if (pending && this.current.pendingSince === null) {
      this.update({ pendingSince: new Date(this.clock.now()).toISOString() });
    } else if (!pending && this.current.pendingSince !== null) {
      this.update({ pendingSince: null });
    }
  }

  /**
   * Start-up: preferences set aside as unreadable leave a bridge URL nobody chose, so pushes are held (also after
   * a restart, until confirmed); a URL handed to the host at start was chosen by whoever started it.
   */
  holdPushes(setAside: string | null, urlGiven: boolean): void {
    if (urlGiven) this.confirmBridgeUrl();
    else if (setAside !== null) this.update({ unreadablePreferences: setAside });
  }

  /** A person saved the bridge URL: held pushes may go. Returns whether they were held. */
  confirmBridgeUrl(): boolean {
    if (this.current.unreadablePreferences === null) return false;
    this.update({ unreadablePreferences: null });
    return true;
  }

  /** A new URL or token: it has acknowledged and rejected nothing. */
  forgetBridge(bridgeUrl: string): void {
    this.update({
      ackedRevision: null,
      ackedHash: null,
      ackedUrl: null,
      rejectedHash: null,
      rejectedUrl: null,
      foreignUrl: null,
      foreignHash: null,
    });
    this.markPendingSince(bridgeUrl);
  }

  /** The bridge may no longer run what it acknowledged: pending again; `newRevision` changes the Idempotency-Key. */
  doubtAcknowledged(bridgeUrl: string, newRevision: boolean): void {
    const revision = this.current.desiredRevision + (newRevision ? 1 : 0);
    this.update({ ackedHash: null, ackedRevision: null, ackedUrl: null, desiredRevision: revision });
    this.markPendingSince(bridgeUrl);
  }

  private acknowledged(
    push: { revision: number; hash: string; url: string; devices: BridgeDevice[] },
    outcome: PushOutcome,
  ) {
    this.update({
      ackedRevision: push.revision,
      ackedHash: push.hash,
      ackedUrl: push.url,
      ackedDevices: push.devices,
      rejectedHash: null,
      rejectedUrl: null,
      foreignUrl: null,
      foreignHash: null,
      lastOutcome: outcome,
      lastBridgeUrl: push.url,
    });
    this.markPendingSince(push.url);
  }

  /** Records a push's answer: acknowledged (2xx), rejected (4xx), or failed (try again). */
  recordOutcome(
    push: { revision: number; hash: string; url: string; devices: BridgeDevice[] },
    outcome: PushOutcome,
  ) {
    if (outcome.ok) this.acknowledged(push, outcome);
    else if (outcome.kind === 'rejected')
      this.update({ rejectedHash: push.hash, rejectedUrl: push.url, lastOutcome: outcome });
    else this.failed(outcome);
  }

  /** The URL answered GET /config with a hash; the newest 20 such URLs are remembered. */
  hashAnswered(url: string): void {
    if (this.current.hashAnsweredUrls.includes(url)) return;
    this.update({ hashAnsweredUrls: [...this.current.hashAnsweredUrls, url].slice(-20) });
  }

  /** The bridge at `url` keeps running `hash` (null: none) instead of what it acknowledged; null url clears. */
  foreign(url: string | null, hash: string | null): void {
    if (this.current.foreignUrl === url && this.current.foreignHash === hash) return;
    this.update({ foreignUrl: url, foreignHash: url === null ? null : hash });
  }

  failed(outcome: PushOutcome): void {
    this.update({ lastOutcome: outcome });
  }

  /** The devices the bridge at `bridgeUrl` last acknowledged ([] when none). */
  acknowledgedDevices(bridgeUrl: string): { revision: number | null; devices: BridgeDevice[] } {
    const r = this.current;
    const mine = r.ackedUrl === bridgeUrl;
    return { revision: mine ? r.ackedRevision : null, devices: mine ? (r.ackedDevices ?? []) : [] };
  }

  /** The record is changed in memory first: when SQLite fails, the engine still acts on what it knows. */
  private update(patch: Partial<SyncRecord>): void {
    this.current = { ...this.current, ...patch };
    this.repo.save(this.current);
  }
}
