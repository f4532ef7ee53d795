/**
 * How workflows refuse bad input: as a non-retryable ApplicationFailure of type `VALIDERING` that carries the
 * list of `Fel` (field, rule, message), so every client — CLI, API — can show what was wrong.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { felFromZod, formatFel, type Fel } from '../domain/validering';
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

/** Parses a Temporal payload (workflow input, update argument) or refuses it. */
export function parsePayload<S extends z.ZodType>(schema: S, payload: unknown): z.output<S> {
  const result = schema.safeParse(payload);
  if (!result.success) rejectIfAny(felFromZod(result.error));
  return (result as { data: z.output<S> }).data;
}
