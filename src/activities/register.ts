/**
 * The register and config activities: thin, idempotent steps between the workflows and src/db. The register
 * makes every write idempotent (task events by id + seq, ärenden by key), so a retried activity writes once.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Register } from '../db/register';
import type { KommunConfig } from '../domain/kommun';
import { planeraAr } from '../domain/planering';
import { kontextFor } from '../domain/rapportprocess';
import type { ArshjulActivities } from '../workflows/activities';

export interface RegisterDeps {
  register: Register;
  kommuner: Map<string, KommunConfig>;
}

export function createRegisterActivities({
  register,
  kommuner,
}: RegisterDeps): Omit<ArshjulActivities, 'skickaUppgiftsmeddelande'> {
  const kommunOf = (id: string) => {
    const config = kommuner.get(id);
    if (!config) {
      throw ApplicationFailure.create({
        type: 'OkandKommun',
        message: `unknown kommun "${id}" (configured: ${[...kommuner.keys()].join(', ')})`,
        nonRetryable: true,
      });
    }
    return config;
  };
  return {
    sparaUppgift: (state) => register.sparaUppgift(state),
    sparaRapport: (input) => register.sparaRapport(input),
    async registreraArende({ tid, ...input }) {
      const config = kommunOf(input.kommun);
      const organ = config.organ.find((o) => o.kortnamn === input.organ);
      return register.registreraArende({
        ...input,
        diarium: organ?.diarium ?? input.organ,
        format: config.diarienummer.format,
        tid: new Date(tid),
      });
    },
    async planeraArshjul({ kommun, ar }) {
      const config = kommunOf(kommun);
      return { kontext: kontextFor(config), planer: planeraAr(config, ar) };
    },
  };
}
