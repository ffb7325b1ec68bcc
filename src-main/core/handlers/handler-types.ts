import type { CallName, CallOutput, ParsedInput } from '../../../src-shared';

/** Main's side of every contract call, typed so that a missing handler is a compile error. */
export type Handlers = { [C in CallName]: (input: ParsedInput<C>) => CallOutput<C> | Promise<CallOutput<C>> };

/** The handlers of one domain: every call whose name starts with one of the prefixes. */
export type DomainHandlers<Prefix extends string> = Pick<Handlers, Extract<CallName, `${Prefix}.${string}`>>;
