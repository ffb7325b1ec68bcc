/**
 * What one push's answer changes: the push log, the record, the failure streak, the log line; and what a push
 * that failed on our side records.
 */
import type { PushOutcome, PushTrigger } from '../../../src-shared';
import type { DesiredConfig } from '../build-bridge-config';
import type { Logger } from '../ports';
import type { SyncStateRepo } from '../sync-state-repo';
import { failedOnOurSide } from './push-notices';
import { ignoreErrors } from './settle';
import type { SyncLedger } from './sync-ledger';

export interface AnsweredPush {
  trigger: PushTrigger;
  startedAt: string;
  url: string;
  revision: number;
  desired: DesiredConfig;
  outcome: PushOutcome;
  /** Retryable failures in a row before this push. */
  failureStreak: number;
  /** The push still went to the current bridge (URL and token unchanged meanwhile). */
  current: boolean;
  /** What the log keeps of it (payloadSoon). */
  payload: Promise<Buffer>;
}

/** Starts writing a push's log payload (SyncStateRepo.payloadOf) while the push runs; recordPush awaits it. */
export function payloadSoon(repo: SyncStateRepo, desired: DesiredConfig): Promise<Buffer> {
  const payload = repo.payloadOf(desired.devices);
  // Awaited by recordPush, where a failure is the push's own; until then it must not count as unhandled.
  payload.catch(() => {});
  return payload;
}

/** How the push changed the engine's memory; null when the bridge was replaced meanwhile (nothing to learn). */
export interface RecordedPush {
  failureStreak: number;
  /** It ended a streak of failures. */
  recovered: boolean;
  /** It failed the same way, for the same revision, as the push before: no news. */
  repeat: boolean;
}

export async function recordPush(
  deps: { repo: SyncStateRepo; ledger: SyncLedger; logger: Logger; writable?: () => Promise<void> },
  push: AnsweredPush,
): Promise<RecordedPush | null> {
  const { outcome, revision, url } = push;
  const payload = await push.payload;
  // Everything below writes at once, with no turn in between, once no large device write holds the database.
  await deps.writable?.();
  deps.repo.logPush({ startedAt: push.startedAt, trigger: push.trigger, bridgeUrl: url, outcome, payload });
  const how = outcome.ok ? 'acknowledged' : `${outcome.kind} after ${outcome.attempts} attempt(s)`;
  if (!push.current) {
    // The bridge was replaced meanwhile: this answer says nothing about the current one.
    deps.logger.info(`push: revision ${revision} to the former bridge ${url} ended: ${how}`);
    return null;
  }
  const recovered = push.failureStreak > 0;
  const before = deps.ledger.record.lastOutcome;
  const repeat =
    recovered &&
    !outcome.ok &&
    before?.ok === false &&
    before.kind === outcome.kind &&
    before.revision === revision;
  deps.ledger.recordOutcome(
    { revision, hash: push.desired.hash, url, devices: push.desired.devices },
    outcome,
  );
  const said = outcome.ok ? `(${push.trigger})` : `${outcome.message} (${url})`;
  deps.logger[outcome.ok ? 'info' : 'warn'](`push: revision ${revision} ${how} ${said}`);
  const failureStreak = outcome.ok || outcome.kind === 'rejected' ? 0 : push.failureStreak + 1;
  return { failureStreak, recovered, repeat };
}

/**
 * A push that failed on our side (SQLite full, a bug) before or after the bridge answered: logged with its
 * stack, recorded as a failure the background retry picks up, and given back as the push's outcome. When the
 * store itself fails, the in-memory record still drives the retry.
 */
export function recordOwnFailure(
  deps: { ledger: SyncLedger; logger: Logger },
  error: unknown,
): Extract<PushOutcome, { ok: false }> {
  deps.logger.error(`push: ${(error as Error).stack ?? String(error)}`);
  const outcome = failedOnOurSide(deps.ledger.record, error);
  ignoreErrors(() => deps.ledger.failed(outcome));
  return outcome;
}
