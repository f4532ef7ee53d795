/**
 * Authorization at the API (the first of the two checks; the workflow's Update validator is the second) and the
 * Update call that goes with it: the kommun must be the signed-in person's, the policy of src/domain/behorighet.ts
 * must allow the command, and a workflow's refusal comes back as 409 naming its rule.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { behorighet, type BehorighetKommando, type Resurs } from '../../domain/behorighet';
import type { KommunConfig } from '../../domain/kommun';
import type { Fel } from '../../domain/validering';
import type { Session } from '../session';
import { skickaUppdatering } from '../uppdatering';
import type { WebbDeps } from '../webbDeps';
import { type ApiFel, forbjuden, konflikt, saknas } from './svar';

/** The kommun's config, or 404 naming `field`. */
export function kommunen(deps: Pick<WebbDeps, 'kommuner'>, kommun: string, field = 'kommun'): KommunConfig {
  const config = deps.kommuner.get(kommun);
  if (!config) throw saknas(field, `okänd kommun "${kommun}"`);
  return config;
}

/** The organ must be one of the kommun's, or 404 naming `field`. */
export function organet(config: KommunConfig, organ: string, field = 'organ'): void {
  if (!config.organ.some((o) => o.kortnamn === organ)) {
    throw saknas(field, `${config.kommun.namn} har inget organ "${organ}"`);
  }
}

/** 403 unless `session`'s person may do `kommando` on `resurs` in `config`'s kommun. */
export function kravBehorighet(
  config: KommunConfig,
  session: Session,
  kommando: BehorighetKommando,
  resurs: Resurs = {},
): void {
  if (session.kommun !== config.kommun.id) {
    // Person ids repeat across kommuner ("kanslichef"): only the session's own kommun counts.
    throw forbjuden([
      {
        field: 'kommun',
        rule: 'kommunens_person',
        message: `du är inloggad i ${session.kommun}, inte i ${config.kommun.id}`,
      },
    ]);
  }
  const fel = behorighet(config, session.person, kommando, resurs);
  if (fel.length > 0) throw forbjuden(fel);
}

/** 404 for a task id that names no task: the body a stranger's task answers with too (`kravSynligUppgift`). */
export const okandUppgift = (id: string) => saknas('id', `ingen uppgift med id "${id}"`);

/**
 * A task exists only for those who may read it (its assignee, a delegate, the kanslichef): to anyone else, in any
 * kommun, it answers exactly as a missing task does — 404 naming the id — so that an id never tells a stranger
 * that the task exists. Those who may read it and not do a command get the command's 403 from `kravBehorighet`.
 */
export function kravSynligUppgift(
  deps: Pick<WebbDeps, 'kommuner'>,
  session: Session,
  id: string,
  uppgift: { kommun: string; organ?: string; tilldelad: string; delegater: readonly string[] },
): KommunConfig {
  const config = deps.kommuner.get(uppgift.kommun);
  const synlig =
    config !== undefined &&
    session.kommun === config.kommun.id &&
    behorighet(config, session.person, 'uppgift.lasa', {
      ...(uppgift.organ ? { organ: uppgift.organ } : {}),
      uppgift,
    }).length === 0;
  if (!synlig) throw okandUppgift(id);
  return config;
}

/** A refusal about the actor is a refusal of the person: the workflow's own check of who may act. */
const OM_AKTOREN = new Set(['behorig_aktor', 'endast_kanslichef']);

/**
 * Runs `update` on the workflow (../uppdatering.ts); the validator's refusal becomes 409 (403 when it is about the
 * actor), an unknown workflow 404 (`saknad`), and one that has closed 409 with `avslutad`'s reasons.
 */
export async function uppdatera<R>(
  handle: WorkflowHandle,
  update: () => Promise<R>,
  om: { saknad: () => ApiFel; avslutad: () => Promise<Fel[]> },
): Promise<R> {
  const svar = await skickaUppdatering(handle, update, om.avslutad);
  if (svar.ok) return svar.varde;
  const { avvisning } = svar;
  if (avvisning.slag === 'SAKNAS') throw om.saknad();
  const { fel } = avvisning;
  throw avvisning.slag === 'AVVISAD' && fel.length > 0 && fel.every((f) => OM_AKTOREN.has(f.rule))
    ? forbjuden(fel)
    : konflikt(fel);
}
