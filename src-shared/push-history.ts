import type { PushHistoryEntry, PushLogEntry } from './sync';

/**
 * The push log (newest first) as pushes: a background retry (`trigger: 'retry'`) of the same revision and config
 * to the same bridge, after a failed attempt, belongs to the push it retries instead of making a row of its own.
 * Returns the newest `limit` pushes, newest first.
 */
export function groupPushLog(
  newestFirst: readonly PushLogEntry[],
  limit = Number.POSITIVE_INFINITY,
): PushHistoryEntry[] {
  const pushes: PushHistoryEntry[] = [];
  let open: PushHistoryEntry | null = null;
  for (let i = newestFirst.length - 1; i >= 0; i--) {
    const row = newestFirst[i] as PushLogEntry;
    const last = open?.attempts.at(-1);
    if (open && last && continuesPush(last, row)) {
      open.attempts.push(row);
      open.outcome = row.outcome;
      open.status = row.status;
      open.message = row.message;
      continue;
    }
    open = {
      id: row.id,
      startedAt: row.startedAt,
      trigger: row.trigger,
      revision: row.revision,
      configHash: row.configHash,
      bridgeUrl: row.bridgeUrl,
      outcome: row.outcome,
      status: row.status,
      message: row.message,
      attempts: [row],
    };
    pushes.push(open);
  }
  pushes.reverse();
  return pushes.length > limit ? pushes.slice(0, limit) : pushes;
}

function continuesPush(last: PushLogEntry, next: PushLogEntry): boolean {
  return (
    next.trigger === 'retry' &&
    last.outcome !== 'success' &&
    last.outcome !== 'rejected' &&
    next.revision === last.revision &&
    next.configHash === last.configHash &&
    next.bridgeUrl === last.bridgeUrl
  );
}
