/** Unwrapping contract results in tests: the value or the error, failing the test with the other. */
import type { AppError, Result } from '../../src-shared';

/** The value of a successful result; fails the test with the error otherwise. */
export function value<T>(result: Result<unknown>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** The error of a failed result; fails the test otherwise. */
export function error(result: Result<unknown>): AppError {
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.value)}`);
  return result.error;
}
