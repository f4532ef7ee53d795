/**
 * What the kanslichef asks Årshjulet for, in its address: the year, the filters of the open tasks (organ, role
 * of the assignee, person, kind), and what was just done; and the open tasks that pass the filters.
 */
import type { UppgiftRad } from '../../db/register';
import { arSchema } from '../../domain/datum';
import { ROLLER, type KommunConfig } from '../../domain/kommun';
import { UPPGIFT_TYPER } from '../../domain/uppgift';
import { z } from '../../domain/validering';
import { rollerFor } from '../ord';

/** An empty select ("Alla") is no filter. */
const tom = (v: unknown) => (v === '' ? undefined : v);

/** The page's query string: the year, the filters, and what was just done (after a form came back). */
export function arshjulQuerySchema(config: KommunConfig) {
  const enAv = (values: string[], vad: string) =>
    z.preprocess(
      tom,
      z
        .string()
        .refine((v) => values.includes(v), { message: `okänd ${vad} i ${config.kommun.namn}` })
        .optional(),
    );
  return z.object({
    ar: z.preprocess(tom, arSchema.optional()),
    organ: enAv(
      config.organ.map((o) => o.kortnamn),
      'organ',
    ),
    roll: z.preprocess(tom, z.enum(ROLLER).optional()),
    person: enAv(
      config.personer.map((p) => p.id),
      'person',
    ),
    typ: z.preprocess(tom, z.enum(UPPGIFT_TYPER).optional()),
    klart: z.string().max(40).optional(),
    startat: z.enum(['1', 'redan']).optional(),
    stoppat: z.enum(['1', 'inte']).optional(),
  });
}
export type ArshjulQuery = z.output<ReturnType<typeof arshjulQuerySchema>>;

/** The open tasks that pass the filters, the late ones first (the most overdue first), then by due date. */
export function filtrera(config: KommunConfig, uppgifter: UppgiftRad[], f: ArshjulQuery): UppgiftRad[] {
  return uppgifter
    .filter(
      (u) =>
        (!f.organ || u.organ === f.organ) &&
        (!f.typ || u.typ === f.typ) &&
        (!f.person || u.tilldelad === f.person || u.delegater.includes(f.person)) &&
        (!f.roll || rollerFor(config, u.tilldelad, u.organ).includes(f.roll)),
    )
    .sort((a, b) => Number(b.forsenad) - Number(a.forsenad) || a.forfaller.localeCompare(b.forfaller));
}
