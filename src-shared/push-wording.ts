import type { PushFailureKind } from './sync';

/**
 * The one wording of a failed push, used by the core's notices (src-main/core/sync/push-notices.ts) and by the
 * renderer's toasts and status badge, so a failure has the same name wherever it is shown.
 */
export function pushFailureTitle(failure: { kind: PushFailureKind; status?: number }): string {
  switch (failure.kind) {
    case 'rejected':
      return 'Rejected by bridge';
    case 'server_error':
      return `Bridge error${failure.status ? ` (HTTP ${failure.status})` : ''}`;
    case 'timeout':
      return 'Bridge did not answer in time';
    case 'unreachable':
      return 'Bridge unreachable';
    case 'storage':
      return 'Could not save the sync state';
    default: {
      const never: never = failure.kind;
      return never;
    }
  }
}

/** What staff can do about a refusal, where the HTTP status says more than the bridge did. */
export function rejectionHint(status: number | undefined): string {
  if (status === 401 || status === 403) return 'Check the bridge token in Preferences.';
  if (status === 404) return 'Check the bridge URL (and its path prefix) in Preferences.';
  return '';
}

/** The status label while pushes are held (state `held`): the preferences were lost, the URL is nobody's choice. */
export const HELD_PUSH_LABEL = 'Preferences were unreadable — confirm the bridge URL before pushing';

/** What to do while pushes are held, naming where the bridge was last pushed to when that is known. */
export function heldPushAdvice(lastBridgeUrl: string | null): string {
  return lastBridgeUrl
    ? `The last push went to ${lastBridgeUrl}: use it, or save another bridge URL in Preferences. Nothing is pushed until then.`
    : 'Save the bridge URL in Preferences. Nothing is pushed until then.';
}
