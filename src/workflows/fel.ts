/**
 * How workflows refuse bad input: as a non-retryable ApplicationFailure of type `VALIDERING` that carries the
 * list of `Fel` (field, rule, message), so every client — CLI, API — can show what was wrong.
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { felFromZod, formatFel, sparbarTextFel, type Fel } from '../domain/validering';
import type { z } from '../domain/validering';

export const VALIDERING = 'VALIDERING';

export function rejectIfAny(fel: Fel[]): void {
  if (fel.length > 0) {
    throw ApplicationFailure.create({
      type: VALIDERING,
      message: fel.map(formatFel).join('; '),
      details: [fel],
      nonRetryable: true,
    });
  }
}

/**
 * Parses a Temporal payload (workflow input, update argument) or refuses it. A field this code does not know is
 * left out, not refused: during a rolling deploy a newer worker or web app may send one (an older workflow input
 * replayed by newer code never has one).
 */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  let result = schema.safeParse(payload);
  if (!result.success && result.error.issues.some((i) => i.code === 'unrecognized_keys')) {
    result = schema.safeParse(utanOkandaFalt(payload, result.error.issues));
  }
  if (!result.success) rejectIfAny(felFromZod(result.error));
  return (result as { data: z.output<S> }).data;
}

/**
 * An Update's argument, as its validator reads it: first the rule every free text meets at every edge (the
 * register must be able to store it), then its schema.
 */
export function parseKommando<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  rejectIfAny(sparbarTextFel(payload));
  return parsePayload(schema, payload);
}

/** A copy of `payload` without the keys zod found unknown, at their paths. */
function utanOkandaFalt(payload: unknown, issues: readonly z.core.$ZodIssue[]): unknown {
  const copy: unknown = JSON.parse(JSON.stringify(payload));
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    let node: unknown = copy;
    for (const key of issue.path) node = (node as Record<PropertyKey, unknown> | undefined)?.[key];
    if (node !== null && typeof node === 'object') {
      for (const key of issue.keys) delete (node as Record<string, unknown>)[key];
    }
  }
  return copy;
}

/**
 * The register's answer when an activity (or a local one) failed because it refused the data (SQLSTATE class 22 or 23, thrown as
 * `RegisterDataFel` by src/activities/registerfel.ts): no retry can store it. Anything else: undefined.
 */
export function registerDatafel(error: unknown): string | undefined {
  // A local activity's failure reaches the workflow as the activity's own error, not wrapped.
  const cause = error instanceof ActivityFailure ? error.cause : error;
  return cause instanceof ApplicationFailure && cause.type === 'RegisterDataFel' ? cause.message : undefined;
}
