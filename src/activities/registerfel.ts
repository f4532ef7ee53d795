/**
 * What a register write that failed means for a retry. A lost connection, a deadlock or a serialization failure
 * may pass on the next attempt; data the database refuses — SQLSTATE class 22 (data exception: a NUL in a text,
 * a value out of range) or 23 (integrity constraint violation) — fails the same way on every attempt, so it fails
 * at once, non-retryable, as `RegisterDataFel`: the workflow then undoes or reports the change instead of
 * retrying every minute forever.
 */
import { ApplicationFailure } from '@temporalio/common';
import { sqlstate } from '../db/pgFel';

export const REGISTER_DATAFEL = 'RegisterDataFel';

/** SQLSTATE class 22 or 23: no retry can store it. */
export function arDatafel(error: unknown): boolean {
  const code = sqlstate(error);
  return code !== undefined && (code.startsWith('22') || code.startsWith('23'));
}

/** `error` as the activity should throw it: a data error non-retryable, anything else as it is. */
export function klassaRegisterfel(error: unknown): unknown {
  if (!arDatafel(error)) return error;
  return ApplicationFailure.create({
    type: REGISTER_DATAFEL,
    message: `the register refused the data (SQLSTATE ${sqlstate(error)}): ${error instanceof Error ? error.message : String(error)}`,
    details: [{ sqlstate: sqlstate(error) }],
    nonRetryable: true,
    ...(error instanceof Error ? { cause: error } : {}),
  });
}

/** Every activity of `activities`, its register data errors classified (see the top of this file). */
export function medRegisterfel<A extends object>(activities: A): A {
  return Object.fromEntries(
    Object.entries(activities).map(([namn, activity]) => [
      namn,
      async (...args: unknown[]) => {
        try {
          return await (activity as (...a: unknown[]) => Promise<unknown>)(...args);
        } catch (error) {
          throw klassaRegisterfel(error);
        }
      },
    ]),
  ) as A;
}
