/**
 * One meeting as a request names it (`/sammantraden/:organ/:datum`), with the person's right to keep it checked;
 * its workflow's status (or a page offering to start it); and a command to it as the sekreterare — the reasons
 * it was refused, or none. Every page of the meeting starts here.
 */
import { WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { Request, Response } from 'express';
import type { Register } from '../../db/register';
import { behorighet, type BehorighetKommando } from '../../domain/behorighet';
import { isoDateSchema, type IsoDate } from '../../domain/datum';
import type { KommunConfig } from '../../domain/kommun';
import { sammantradeId } from '../../domain/sammantrade';
import { z, type Fel } from '../../domain/validering';
import type { FasRegister } from '../../temporal/sammantradenasFaser';
import { queryWhenReady } from '../../temporal/client';
import { sammantradeQuery, type sammantrade, type SammantradeStatus } from '../../workflows/sammantrade';
import type { Session } from '../../api/session';
import { skickaUppdatering } from '../../api/uppdatering';
import type { WebbDeps } from '../../api/webbDeps';
import { Dolt, Formular } from '../komponenter/formular';
import { Sida } from '../komponenter/Sida';
import { sessionAv } from '../inloggning/vakt';
import { skickaSida } from '../svar';
import { SIDORNA } from './atkomst';
import { skickaMeddelande } from '../komponenter/Meddelandesida';
import { Varning } from '../komponenter/text';

export type SammantradeSidorDeps = Pick<WebbDeps, 'kommuner' | 'taskQueue'> & {
  client: Client;
  register: Pick<Register, 'hamtaProtokoll' | 'rapporterForSammantrade' | 'godkandaDokument' | 'audit'> &
    FasRegister;
};

/** One meeting as a request names it, with the person's right to keep it checked. */
export interface Motet {
  s: Session;
  config: KommunConfig;
  organ: string;
  datum: IsoDate;
  /** The meeting page's path, `/sammantraden/KS/2023-10-11`. */
  bas: string;
  handle: WorkflowHandle<typeof sammantrade>;
}

export const motetSchema = z.object({ organ: z.string().min(1), datum: isoDateSchema });

export const organNamn = (config: KommunConfig, organ: string) =>
  config.organ.find((o) => o.kortnamn === organ)?.namn ?? organ;

export const motetsSida = (organ: string, datum: string) =>
  `/sammantraden/${encodeURIComponent(organ)}/${datum}`;

/**
 * The meeting of `:organ/:datum`, or a page saying why not: unknown, or `kommando` not this person's (`null`:
 * checked later, as for the documents).
 */
export function lasMotet(
  deps: SammantradeSidorDeps,
  req: Request,
  res: Response,
  kommando: BehorighetKommando | null = SIDORNA,
): Motet | undefined {
  const s = sessionAv(res);
  const config = deps.kommuner.get(s.kommun)!;
  const parsed = motetSchema.safeParse(req.params);
  if (!parsed.success || !config.organ.some((o) => o.kortnamn === parsed.data.organ)) {
    skickaMeddelande(res, 404, {
      titel: 'Sammanträdet finns inte',
      texter: ['Okänt organ eller datum.'],
      inloggad: s,
    });
    return undefined;
  }
  const { organ, datum } = parsed.data;
  const nekad = kommando ? behorighet(config, s.person, kommando, { organ }) : [];
  if (nekad.length > 0) {
    skickaMeddelande(res, 403, {
      titel: 'Inte ditt sammanträde',
      texter: [`Bara sekreteraren för ${organ} och kanslichefen kan föra protokollet.`],
      inloggad: s,
      children: nekad.map((f, i) => (
        <Varning key={i}>
          {f.message} <span class="regel">[regel: {f.rule}]</span>
        </Varning>
      )),
    });
    return undefined;
  }
  const handle = deps.client.workflow.getHandle<typeof sammantrade>(
    sammantradeId({ kommun: config.kommun.id, organ, datum }),
  );
  return { s, config, organ, datum, bas: motetsSida(organ, datum), handle };
}

/** The workflow's status, or a page offering to start it. */
export async function lasStatus(m: Motet, res: Response): Promise<SammantradeStatus | undefined> {
  try {
    return await queryWhenReady(m.handle, sammantradeQuery);
  } catch (error) {
    if (!(error instanceof WorkflowNotFoundError)) throw error;
    skickaSida(
      res,
      404,
      <Sida titel={`${organNamn(m.config, m.organ)} ${m.datum}`} inloggad={m.s}>
        <p>Sammanträdet är inte startat.</p>
        <Formular action="/sammantraden/starta" csrf={m.s.csrf}>
          <Dolt name="organ" value={m.organ} />
          <Dolt name="datum" value={m.datum} />
          <p>
            <button type="submit">Starta sammanträdet</button>
          </p>
        </Formular>
        <p>
          <a href="/sammantraden">Alla sammanträden</a>
        </p>
      </Sida>,
    );
    return undefined;
  }
}

/** The sekreterare's command on the meeting: the reasons it was refused, or none. */
export async function kommando(m: Motet, work: () => Promise<unknown>): Promise<Fel[]> {
  const svar = await skickaUppdatering(m.handle, work, async () => [
    {
      field: 'datum',
      rule: 'sammantradet_avslutat',
      message: `sammanträdet ${m.datum} är avslutat; protokollet kan inte längre ändras här`,
    },
  ]);
  if (svar.ok) return [];
  if (svar.avvisning.slag === 'SAKNAS') {
    return [
      { field: 'datum', rule: 'startat', message: `sammanträdet ${m.datum} är inte startat i Årshjul` },
    ];
  }
  return svar.avvisning.fel;
}

/**
 * A form's command on the meeting: refused before it is sent (`fore`: what the register cannot hold, what the
 * form's schema refuses), else sent as the sekreterare's; the refusals, or none.
 */
export const skickaFormular = (
  m: Motet,
  fore: readonly Fel[],
  work: () => Promise<unknown>,
): Promise<Fel[]> => (fore.length > 0 ? Promise.resolve([...fore]) : kommando(m, work));

/** The "Sparat" messages a redirect back to the page carries (`?sparat=…`). */
const SPARAT: Record<string, string> = {
  startat: 'Sparat: sammanträdet är startat.',
  efterhand:
    'Sparat: sammanträdet är registrerat i efterhand. Ingen kallelse skickas till ledamöterna; protokollför sammanträdet nedan.',
  redan: 'Sammanträdet var redan startat.',
  arende: 'Sparat: ärendet står på föredragningslistan.',
  motet: 'Sparat: sammanträdets fakta är protokollförda.',
  paragraf: 'Sparat: paragrafen är protokollförd.',
  justering: 'Sparat: protokollet är skickat till justering.',
  nedtaget: 'Sparat: anslaget är anmält som nedtaget.',
};

export const sparat = (req: Request) =>
  typeof req.query.sparat === 'string' ? SPARAT[req.query.sparat] : undefined;
