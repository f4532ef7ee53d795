/**
 * The register and config activities: thin, idempotent steps between the workflows and src/db. The register
 * makes every write idempotent (task events by id + seq, ärenden by key), so a retried activity writes once.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { Register } from '../db/register';
import type { KommunConfig } from '../domain/kommun';
import { aktuellaDokument, nyttSedanGodkannandet } from '../domain/arendedokument';
import { planeraAr, type RapportPlan } from '../domain/planering';
import { kontextFor } from '../domain/rapportprocess';
import { motesfaktaFor, planeraSammantraden } from '../domain/sammantrade';
import { uppfoljningsgrind } from '../uppfoljning/rapportens';
import type { ArshjulActivities } from '../workflows/activities';
import { kommunOf } from './kommun';

export interface RegisterDeps {
  register: Register;
  kommuner: Map<string, KommunConfig>;
}

export function createRegisterActivities({
  register,
  kommuner,
}: RegisterDeps): Omit<
  ArshjulActivities,
  'skickaUppgiftsmeddelande' | 'skickaSparfel' | 'sparaUppgiftOchMeddela' | 'meddelaNu'
> {
  const configOf = (id: string) => kommunOf(kommuner, id);
  return {
    sparaUppgift: (state) => register.sparaUppgift(state),
    sparaRapport: (input) => register.sparaRapport(input),
    sparaArshjulOversikt: (input) => register.sparaArshjulOversikt(input),
    uppfoljningsgrind: ({ rapportId }) => uppfoljningsgrind(register, kommuner, rapportId),
    async registreraArende({ tid, processId, ...input }) {
      const config = configOf(input.kommun);
      const organ = config.organ.find((o) => o.kortnamn === input.organ);
      const arende = await register.registreraArende({
        ...input,
        diarium: organ?.diarium ?? input.organ,
        format: config.diarienummer.format,
        tid: new Date(tid),
      });
      // The diarium records the versions the chef approved: the handlingar the ärende is registered with.
      const godkanda = processId ? await register.godkandaDokument(processId) : [];
      if (processId && godkanda.length > 0) {
        await register.audit({
          nyckel: `diarieforing:${arende.arendeId}`,
          tid: new Date(tid),
          aktor: input.registreradAv,
          handling: 'DOKUMENT_DIARIEFORT',
          objekt: `arende:${processId}`,
          detaljer: {
            diarienummer: arende.diarienummer,
            dokument: godkanda.map((d) => ({ id: d.id, sha256: d.sha256, namn: d.namn, nr: d.nr })),
          },
        });
      }
      return arende;
    },
    lasRapportstatus: ({ rapportIds }) => register.rapporternasSteg(rapportIds),
    async lasUnderlag({ rapportIds, steg }) {
      const uppgifter = await register.listaUppgifter({ processer: rapportIds });
      const rapporter = await Promise.all(rapportIds.map((id) => register.hamtaRapport(id)));
      return rapporter.flatMap((r) => {
        if (!r) return [];
        const plan = r.plan as RapportPlan | undefined;
        // Decided: the beslut step's task is done (or the whole report); handed in: it has its diarienummer.
        const beslutad =
          r.status === 'KLAR' ||
          uppgifter.some((u) => u.processId === r.id && u.typ === 'beslut' && u.status === 'KLAR');
        const inne = steg === 'inlamning' ? r.diarienummer !== undefined : beslutad;
        if (!inne) return [];
        return [
          {
            rapportId: r.id,
            organ: r.organ,
            titel: r.titel,
            ...(r.diarienummer ? { diarienummer: r.diarienummer } : {}),
            ...(beslutad && plan ? { beslut: `${plan.beslut.organ} ${plan.beslut.datum}` } : {}),
          },
        ];
      });
    },
    async bindGodkannande({ processId, uppgiftId, godkandAv, tid, dokument }) {
      const versioner = await register.listaDokument(processId);
      const aktuella = aktuellaDokument(versioner);
      // What the approver saw, as far as it is this ärende's; else what was current when they approved.
      const sagda = dokument?.filter((d) => versioner.some((v) => v.id === d.id && v.sha256 === d.sha256));
      const bundna =
        sagda && sagda.length > 0
          ? sagda
          : aktuellaDokument(versioner.filter((v) => v.uppladdad.getTime() <= tid)).map((v) => ({
              id: v.id,
              sha256: v.sha256,
            }));
      await register.sparaGodkannande({
        uppgiftId,
        processId,
        godkandAv,
        godkand: new Date(tid),
        dokument: bundna,
      });
      await register.audit({
        nyckel: `godkannande:${uppgiftId}`,
        tid: new Date(tid),
        aktor: godkandAv,
        handling: 'DOKUMENT_GODKANT',
        objekt: `arende:${processId}`,
        detaljer: { uppgift: uppgiftId, dokument: bundna },
      });
      return { bundna, nyare: nyttSedanGodkannandet(aktuella, bundna) };
    },
    async planeraArshjul({ kommun, ar }) {
      const config = configOf(kommun);
      return {
        kontext: kontextFor(config),
        planer: planeraAr(config, ar),
        sammantraden: planeraSammantraden(config, ar),
      };
    },
    async motesfakta({ kommun, organ, datum }) {
      const config = configOf(kommun);
      if (!config.organ.some((o) => o.kortnamn === organ)) {
        throw ApplicationFailure.nonRetryable(`unknown organ "${organ}" in ${kommun}`, 'OkantOrgan');
      }
      return motesfaktaFor(config, organ, datum);
    },
  };
}
