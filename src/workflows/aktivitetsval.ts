/**
 * The options of a register write, shared by the workflows: half a minute an attempt, retried with backoff up to a
 * minute for as long as it takes. Data the register refuses fails at once instead (src/activities/registerfel.ts).
 */
export const REGISTERSKRIVNING = {
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
} as const;
