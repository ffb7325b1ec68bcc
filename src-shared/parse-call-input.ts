import { type CallName, contract, isCallName, type ParsedInput } from './contract';
import { fail, fieldErrorsFromIssues, ok, type Result, summariseFieldErrors } from './result';

/** Validates a call's raw input with its schema: the value with defaults filled in, or a field-error result. */
export function parseCallInput<C extends CallName>(
  channel: C | string,
  raw: unknown,
): Result<ParsedInput<C>> {
  if (!isCallName(channel)) return fail('unknown_channel', `unknown channel "${String(channel)}"`);
  const parsed = contract.calls[channel].input.safeParse(raw);
  if (parsed.success) return ok(parsed.data as ParsedInput<C>);
  const fieldErrors = fieldErrorsFromIssues(parsed.error.issues);
  return fail('invalid_input', `${channel}: ${summariseFieldErrors(fieldErrors)}`, fieldErrors);
}
