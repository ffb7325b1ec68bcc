/** The news of one push for the host's notifier and the renderer's toasts, worded in one place. */
import {
  AppFailure,
  HELD_PUSH_LABEL,
  heldPushAdvice,
  type PushNotice,
  type PushOutcome,
  type PushTrigger,
  pushFailureTitle,
  rejectionHint,
} from '../../../src-shared';

export interface NoticeContext {
  trigger: PushTrigger;
  outcome: PushOutcome;
  bridgeUrl: string;
  /** The push ended a streak of failures. */
  recovered: boolean;
  /** The push before this one failed the same way for the same revision: its news was told already. */
  repeat: boolean;
  /** The background loop will try again by itself. */
  willRetry: boolean;
}

/** The notice for one push, or null when it would only repeat the news of a streak already told. */
export function pushNotice(context: NoticeContext): PushNotice | null {
  const { trigger, outcome, bridgeUrl } = context;
  if (outcome.ok) {
    return {
      kind: context.recovered ? 'recovered' : 'success',
      trigger,
      title: context.recovered ? 'Bridge reachable again' : 'Config pushed',
      message: `Revision ${outcome.revision} reached ${bridgeUrl}.`,
      outcome,
    };
  }
  // Background retries of the same failure would repeat the same news; a newer revision failing is news.
  if (trigger !== 'manual' && outcome.kind !== 'rejected' && context.repeat) return null;
  if (outcome.kind === 'storage') {
    return {
      kind: 'failure',
      trigger,
      title: pushFailureTitle(outcome),
      message: `Revision ${outcome.revision}: ${outcome.message}. The bridge state is unchanged; free disk space or make the data folder writable.`,
      outcome,
    };
  }
  const hint = outcome.kind === 'rejected' ? rejectionHint(outcome.status) : '';
  return {
    kind: 'failure',
    trigger,
    title: pushFailureTitle(outcome),
    message:
      outcome.kind === 'rejected'
        ? `Revision ${outcome.revision}: ${outcome.message}${hint ? ` ${hint}` : ''}`
        : `Revision ${outcome.revision} not pushed (${outcome.message}).${context.willRetry ? ' It will be retried automatically.' : ' Press Push to try again.'}`,
    outcome,
  };
}

/** The outcome of a push that failed on our side before or after the bridge was asked (counted as a retryable failure). */
export function failedBeforeSending(
  record: { desiredRevision: number; desiredHash: string },
  message: string,
  kind: 'unreachable' | 'storage' = 'unreachable',
): PushOutcome {
  return {
    ok: false,
    kind,
    message,
    attempts: 0,
    durationMs: 0,
    revision: record.desiredRevision,
    configHash: record.desiredHash,
  };
}

/**
 * The outcome of a push that failed on our side (an exception, not an answer). A storage error (SQLITE_FULL,
 * SQLITE_READONLY…) is named as such and says nothing about the bridge; anything else is retried like a failure.
 */
export function failedOnOurSide(
  record: { desiredRevision: number; desiredHash: string },
  error: unknown,
): Extract<PushOutcome, { ok: false }> {
  const text = error instanceof Error ? error.message : String(error);
  const storage = (error as { code?: unknown } | null)?.code?.toString().startsWith('SQLITE_') === true;
  return failedBeforeSending(
    record,
    storage ? `storage error: ${text}` : `internal error while pushing: ${text}`,
    storage ? 'storage' : 'unreachable',
  ) as Extract<PushOutcome, { ok: false }>;
}

/** The answer to a manual push while pushes are held (preferences were unreadable, the URL is nobody's choice). */
export function heldPushFailure(lastBridgeUrl: string | null): AppFailure {
  return new AppFailure('held', `${HELD_PUSH_LABEL}. ${heldPushAdvice(lastBridgeUrl)}`);
}
