/**
 * One task as the pages read it: from its workflow (the query), if the signed-in person may see it — else a 404
 * or 403 page — and the task page with it (./Uppgiftssida.tsx), after a command or its refusal.
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Response } from 'express';
import type { Register } from '../../db/register';
import { behorighet } from '../../domain/behorighet';
import { personNamn, type KommunConfig } from '../../domain/kommun';
import { dateInStockholm } from '../../domain/datum';
import type { UppgiftState, UppgiftTyp } from '../../domain/uppgift';
import { UPPGIFT_NAMN } from '../ord';
import { uppgiftQuery } from '../../workflows/uppgift';
import type { Session } from '../../api/session';
import { sessionAv } from '../inloggning/vakt';
import { skickaSida } from '../svar';
import { Uppgiftssida, type Refuserat, type UnderlagLage } from './Uppgiftssida';
import { skickaMeddelande } from '../komponenter/Meddelandesida';
import { lasHandlingar } from '../arenden/handlingar';
import type { Falt } from '../formular/falt';
import type { Fel } from '../../domain/validering';

export interface UppgiftsidorDeps {
  client: Client;
  register: Register;
  kommuner: Map<string, KommunConfig>;
}

/** The task as its workflow has it now, if the signed-in person may see it; else a 404 or 403 page. */
export async function lasUppgift(
  deps: UppgiftsidorDeps,
  id: string,
  res: Response,
): Promise<UppgiftState | undefined> {
  const s = sessionAv(res);
  let state: UppgiftState;
  try {
    state = await deps.client.workflow.getHandle(`uppgift/${id}`).query(uppgiftQuery);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    uppgiftenFinnsInte(res, s, id);
    return undefined;
  }
  const config = deps.kommuner.get(state.spec.kommun);
  const far =
    state.spec.kommun === s.kommun &&
    config !== undefined &&
    behorighet(config, s.person, 'uppgift.lasa', { uppgift: state }).length === 0;
  if (!far) {
    // Someone else's task answers as a missing one does: an id tells a stranger nothing (src/api/rest/atkomst.ts).
    uppgiftenFinnsInte(res, s, id);
    return undefined;
  }
  return state;
}

export const uppgiftenFinnsInte = (res: Response, s: Session, id: string) =>
  skickaMeddelande(res, 404, {
    titel: 'Uppgiften finns inte',
    texter: [
      `Ingen uppgift med id ${id} som du kan se.`,
      'Har uppgiften tilldelats någon annan, eller länken kommit fel, hjälper kansliet dig.',
    ],
    inloggad: s,
  });

/**
 * Where each nämnd's report that the styrelse's draft is written on stands, from the register: decided, handed
 * in, or at which step (src/domain/planering.ts `underlag`).
 */
async function underlagetsLage(deps: UppgiftsidorDeps, state: UppgiftState): Promise<UnderlagLage[]> {
  const underlag = state.spec.underlag ?? [];
  if (underlag.length === 0) return [];
  const uppgifter = await deps.register.listaUppgifter({ processer: underlag.map((u) => u.rapportId) });
  return underlag.map((u) => {
    const deras = uppgifter
      .filter((t) => t.processId === u.rapportId)
      .sort((a, b) => a.skapad.getTime() - b.skapad.getTime());
    const beslut = deras.find((t) => t.typ === 'beslut' && t.status === 'KLAR');
    const godkand = deras.find((t) => t.typ === 'godkannande' && t.status === 'GODKAND');
    const oppen = deras.find((t) => t.status === 'OPPEN');
    const lage = beslut
      ? `beslutad ${dateInStockholm(beslut.avslutad!.getTime())}${beslut.utfall?.kommentar ? ` (${beslut.utfall.kommentar})` : ''}`
      : godkand
        ? `inlämnad ${dateInStockholm(godkand.avslutad!.getTime())}, inte beslutad än`
        : oppen
          ? `${UPPGIFT_NAMN[oppen.typ as UppgiftTyp] ?? oppen.typ} pågår, senast ${oppen.forfaller}`
          : 'inte påbörjad';
    return { titel: u.titel, organ: u.organ, lage, klar: Boolean(beslut ?? godkand) };
  });
}

/** The task page, after a command came back (`klart`) or was refused (`refuserat`, with status 409). */
export async function visaUppgift(
  deps: UppgiftsidorDeps,
  res: Response,
  id: string,
  state: UppgiftState,
  options: {
    klart?: boolean;
    uppladdat?: boolean;
    vald?: string | undefined;
    refuserat?: Refuserat;
    uppladdning?: { fel: readonly Fel[]; falt: Falt };
  } = {},
): Promise<void> {
  const s = sessionAv(res);
  const config = deps.kommuner.get(state.spec.kommun)!;
  const underlag = await underlagetsLage(deps, state);
  const handlingar = await lasHandlingar(deps, s, state.spec.process.id);
  skickaSida(
    res,
    options.refuserat ? 409 : options.uppladdning ? 400 : 200,
    <Uppgiftssida
      id={id}
      state={state}
      config={config}
      inloggad={s}
      kanslichef={behorighet(config, s.person, 'uppgift.tilldelaOm').length === 0}
      namn={(p) => personNamn(config, p)}
      klart={options.klart ?? false}
      refuserat={options.refuserat}
      underlag={underlag}
      handlingar={handlingar === 'nekad' ? undefined : handlingar}
      uppladdat={options.uppladdat ?? false}
      vald={options.vald}
      uppladdning={options.uppladdning}
    />,
  );
}
