/**
 * The one typed caller of the app's API for tests and the benchmark, typed by the contract
 * (src-shared/contract.ts): over the web host's HTTP (`POST /api/<channel>` with the bearer token, the way the
 * renderer's HTTP client calls it), or straight into a core in the same process.
 */
import type { WorkshopCore } from '../../src-main/core/workshop-core-types';
import type { AppError, CallInput, CallName, CallOutput, Result } from '../../src-shared';

/** Where a running web host answers. */
export interface ApiTarget {
  baseUrl: string;
  token: string;
}

/**
 * One call; the contract's Result as the host answered it. A failure the host answers itself (401, 403, 413, …)
 * is Result-shaped too, so it comes back as an error value; a body that is not JSON throws.
 */
export async function callApi<C extends CallName>(
  target: ApiTarget,
  channel: C,
  input?: CallInput<C>,
): Promise<Result<CallOutput<C>>> {
  const response = await fetch(`${target.baseUrl}/api/${channel}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${target.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input ?? null),
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as Result<CallOutput<C>>;
  } catch {
    throw new Error(
      `${channel} answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`,
    );
  }
}

/** The value of a call that must succeed; throws with the error otherwise (so a test fails with the reason). */
export async function callValue<C extends CallName>(
  target: ApiTarget,
  channel: C,
  input?: CallInput<C>,
): Promise<CallOutput<C>> {
  const result = await callApi(target, channel, input);
  if (!result.ok) throw new Error(`${channel}: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** The value of a core call that must succeed; throws with the error otherwise. */
export async function callCore<C extends CallName>(
  core: Pick<WorkshopCore, 'invoke'>,
  channel: C,
  input?: CallInput<C>,
): Promise<CallOutput<C>> {
  const result = await core.invoke(channel, input ?? null);
  if (!result.ok) throw new Error(`${channel} failed: ${JSON.stringify(result.error).slice(0, 500)}`);
  return result.value;
}

/** The value of an ok result; throws with the error otherwise. */
export function okValue<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/** The error of a failed result; throws otherwise. */
export function errorOf(result: Result<unknown>): AppError {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}
