/** Every error that crosses the IPC/HTTP boundary carries one of these codes. */
export type ErrorCode =
  | 'invalid_input' // the input failed the contract's schema or a field rule; see fieldErrors
  | 'not_found' // the id names no device
  | 'conflict' // a unique rule (deviceId) would break; see fieldErrors
  | 'unknown_channel' // the channel is not in the contract
  | 'storage' // SQLite refused (disk full, damaged file)
  | 'unauthorized' // the web host refused the access token (HTTP 401)
  | 'forbidden' // the web host refused the request's Host or Origin (HTTP 403)
  | 'payload_too_large' // the web host refused a request body over its limit (HTTP 413)
  | 'method_not_allowed' // the web host serves this path with other methods only (HTTP 405)
  | 'held' // pushes wait until a person confirms the bridge URL (the preferences were unreadable)
  | 'unavailable' // the renderer could not reach main (web host down, network failure, no result in the answer)
  | 'internal'; // a bug: the message says where

/** Field path (`name`, `strategyConfig.workingThresholdW`) → why it was refused. */
export type FieldErrors = Record<string, string>;

export interface AppError {
  code: ErrorCode;
  message: string;
  fieldErrors?: FieldErrors;
}

/** The shape of every call's answer: errors are values, because thrown errors lose their shape over IPC. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

export const fail = (code: ErrorCode, message: string, fieldErrors?: FieldErrors): Result<never> => ({
  ok: false,
  error: fieldErrors ? { code, message, fieldErrors } : { code, message },
});

/** An error thrown inside main that already knows its boundary shape. */
export class AppFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldErrors?: FieldErrors,
  ) {
    super(message);
    this.name = 'AppFailure';
  }

  toError(): AppError {
    return this.fieldErrors
      ? { code: this.code, message: this.message, fieldErrors: this.fieldErrors }
      : { code: this.code, message: this.message };
  }
}

/** Turns zod-style issues into one message per field (the first one wins). */
export function fieldErrorsFromIssues(
  issues: ReadonlyArray<{
    path: ReadonlyArray<PropertyKey>;
    message: string;
    code?: string;
    keys?: string[];
  }>,
): FieldErrors {
  const out: FieldErrors = {};
  const put = (path: ReadonlyArray<PropertyKey>, message: string) => {
    const key = path.map(String).join('.') || 'input';
    // Own keys only, and defined rather than assigned: a field named `constructor` or `__proto__` must be named
    // too (`key in out` sees Object.prototype, and assigning `__proto__` does nothing).
    if (!Object.hasOwn(out, key))
      Object.defineProperty(out, key, {
        value: message,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  };
  for (const issue of issues) {
    // A strict object names each unknown key on the object; name it on the key itself instead.
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      for (const key of issue.keys) put([...issue.path, key], 'is not a known field');
    } else {
      put(issue.path, issue.message);
    }
  }
  return out;
}

/** A one-line summary of field errors, for logs and toasts: `name: is required; deviceId: …`. */
export function summariseFieldErrors(fieldErrors: FieldErrors): string {
  return Object.entries(fieldErrors)
    .map(([field, why]) => `${field}: ${why}`)
    .join('; ');
}
