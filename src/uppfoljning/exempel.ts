/**
 * The follow-ups of the source documents as fixtures (`config/examples/uppfoljning/*.yaml`): Lund's KS 2023 (000),
 * Linköping's KS 2024 (003), Eskilstuna's KS 2022 (004) — the rows as the source writes them, which report they
 * belong to, and under `kallansAntal` the counts the source writes by hand. `tools/uppfoljning-exempel.ts` writes
 * each as the workbook a user would upload (the .xlsx beside it), which the tests import like a user's sheet.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { isoDateSchema } from '../domain/datum';
import { uppfoljningInSchema } from '../domain/uppfoljning/modell';
import { parseOrThrow, z } from '../domain/validering';
import { DEFAULT_CONFIG_DIR } from '../config/load';

export const UPPFOLJNING_EXEMPEL_DIR = path.join(DEFAULT_CONFIG_DIR, 'examples', 'uppfoljning');

const antal = z.record(z.string(), z.number());

export const uppfoljningsexempelSchema = z
  .object({
    kalla: z.string().min(1),
    kommun: z.string().min(1),
    rapport: z.object({ organ: z.string(), ar: z.int(), slag: z.string(), period: isoDateSchema }).strict(),
    kallansAntal: z
      .object({
        mal: antal.optional(),
        trend: antal.optional(),
        uppdrag: antal.optional(),
        ekonomi: antal.optional(),
      })
      .strict(),
    ...uppfoljningInSchema.shape,
  })
  .strict();
export type Uppfoljningsexempel = z.output<typeof uppfoljningsexempelSchema> & { fil: string };

/** Every fixture, by file name (without extension). */
export function uppfoljningsexempel(dir = UPPFOLJNING_EXEMPEL_DIR): Uppfoljningsexempel[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({
      ...parseOrThrow(uppfoljningsexempelSchema, parse(readFileSync(path.join(dir, f), 'utf8'))),
      fil: f.replace(/\.yaml$/, ''),
    }));
}

/** The fixture's report id, as the årshjul names the report: `linkoping/2024/KS/delarsrapport-augusti`. */
export const exempeletsRapport = (e: Uppfoljningsexempel) =>
  `${e.kommun}/${e.rapport.ar}/${e.rapport.organ}/${e.rapport.slag}`;
