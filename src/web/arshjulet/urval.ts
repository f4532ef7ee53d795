/**
 * What the kanslichef asks Årshjulet for, in its address: the year, the filters of the open tasks (organ, role
 * of the assignee, person, kind) and their page, and what was just done; and those filters as the register's
 * query of the open tasks.
 */
import type { OppnaUrval } from '../../db/register';
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
    sida: z.preprocess(tom, z.coerce.number().int().min(1).max(100_000).optional()),
    klart: z.string().max(40).optional(),
    startat: z.enum(['1', 'redan']).optional(),
    stoppat: z.enum(['1', 'inte']).optional(),
  });
}
export type ArshjulQuery = z.output<ReturnType<typeof arshjulQuerySchema>>;

/** Open tasks per page of the overview. */
export const PER_SIDA = 50;

/**
 * The register's query for the open tasks that pass the filters, page `f.sida`. A role is the people who hold it
 * in the task's organ (`rollerFor`, as the table shows it): each person with each organ where they do.
 */
export function oppnaUrval(config: KommunConfig, kommun: string, f: ArshjulQuery): OppnaUrval {
  const organ = [...config.organ.map((o) => o.kortnamn), undefined];
  const roll = f.roll;
  return {
    kommun,
    ...(f.organ ? { organ: f.organ } : {}),
    ...(f.typ ? { typ: f.typ } : {}),
    ...(f.person ? { person: f.person } : {}),
    ...(roll
      ? {
          tilldeladI: config.personer.flatMap((p) =>
            organ
              .filter((o) => rollerFor(config, p.id, o).includes(roll))
              .map((o) => ({ person: p.id, organ: o ?? null })),
          ),
        }
      : {}),
    sida: f.sida ?? 1,
    perSida: PER_SIDA,
  };
}
