/**
 * The year's meetings of the organs a person keeps: those of the sammanträdesplan and any extra one started,
 * each with its phase (as its workflow wrote it to the register, or "inte startat") and a button to start it —
 * also a meeting already held, which a kansli taking over mid-year registers afterwards — and a form for an extra
 * sammanträde.
 */
import type { Request, Response } from 'express';
import { behorighet } from '../../domain/behorighet';
import { dateInStockholm, yearOf, type IsoDate } from '../../domain/datum';
import type { KommunConfig } from '../../domain/kommun';
import { planeraSammantraden, SAMMANTRADE_FASER, type SammantradeFas } from '../../domain/sammantrade';
import { felFromZod, z, type Fel } from '../../domain/validering';
import { startadeMoten } from '../../temporal/sammantradenasFaser';
import { startaSammantrade } from '../../temporal/starta';
import { lasFalt, varde, type Falt } from '../formular/falt';
import { Dolt, Formular, Textfalt, Valj } from '../komponenter/formular';
import { Sida } from '../komponenter/Sida';
import { Tabell } from '../komponenter/Tabell';
import { Klart } from '../komponenter/text';
import { sessionAv } from '../inloggning/vakt';
import { skickaSida } from '../svar';
import { organFor } from './atkomst';
import { FAS_NAMN } from './Motessida';
import { motetsSida, motetSchema, organNamn, sparat, type SammantradeSidorDeps } from './motet';
import { skickaMeddelande } from '../komponenter/Meddelandesida';

export interface Motesrad {
  organ: string;
  datum: IsoDate;
  /** The workflow's phase; undefined when it is not started. */
  fas?: SammantradeFas | 'OKAND';
  extra: boolean;
}

export const STARTETIKETTER: Record<string, string> = { organ: 'Organ', datum: 'Datum' };

/** The plan's meetings of `organ` in year `ar`, with the started ones (`startade`: workflow id → phase). */
export function motesrader(
  config: KommunConfig,
  organ: readonly string[],
  ar: number,
  startade: ReadonlyMap<string, string>,
): Motesrad[] {
  const fas = (o: string, datum: string): Motesrad['fas'] => {
    const f = startade.get(`${o}/${datum}`);
    if (f === undefined) return undefined;
    return (SAMMANTRADE_FASER as readonly string[]).includes(f) ? (f as SammantradeFas) : 'OKAND';
  };
  const planerade = planeraSammantraden(config, ar)
    .filter((m) => organ.includes(m.organ))
    .map((m) => ({ organ: m.organ, datum: m.datum, fas: fas(m.organ, m.datum), extra: false }));
  const planerat = new Set(planerade.map((m) => `${m.organ}/${m.datum}`));
  const extra = [...startade.keys()]
    .filter((k) => !planerat.has(k))
    .map((k) => {
      const [o = '', datum = ''] = k.split('/');
      return { organ: o, datum: datum as IsoDate, fas: fas(o, datum), extra: true };
    })
    .filter((m) => organ.includes(m.organ) && m.datum.startsWith(String(ar)));
  return [...planerade, ...extra].sort(
    (a, b) => a.datum.localeCompare(b.datum) || a.organ.localeCompare(b.organ),
  );
}

function Listsida(props: {
  config: KommunConfig;
  organ: readonly string[];
  ar: number;
  rader: readonly Motesrad[];
  csrf: string;
  start?: { falt: Falt; fel: readonly Fel[] } | undefined;
  meddelande?: string | undefined;
}) {
  const { config, ar } = props;
  const falt = props.start?.falt ?? { organ: props.organ[0] ?? '' };
  return (
    <>
      {props.meddelande && <Klart>{props.meddelande}</Klart>}
      <nav aria-label="År">
        <ul class="meny">
          <li>
            <a href={`/sammantraden?ar=${ar - 1}`}>← {ar - 1}</a>
          </li>
          <li>
            <strong>{ar}</strong>
          </li>
          <li>
            <a href={`/sammantraden?ar=${ar + 1}`}>{ar + 1} →</a>
          </li>
        </ul>
      </nav>
      {props.rader.length ? (
        <Tabell
          caption={`Sammanträden ${ar}`}
          kolumner={['Datum', 'Organ', 'Status', 'Åtgärd']}
          layout="staplad"
        >
          {props.rader.map((m) => (
            <Rad key={`${m.organ}/${m.datum}`} m={m} config={config} csrf={props.csrf} />
          ))}
        </Tabell>
      ) : (
        <p>Inga sammanträden {ar} i sammanträdesplanen för dina organ.</p>
      )}
      <h2>Extra sammanträde</h2>
      <Formular
        action="/sammantraden/starta"
        csrf={props.csrf}
        fel={props.start?.fel}
        etiketter={STARTETIKETTER}
      >
        <div class="falt2">
          <Valj
            f={falt}
            name="organ"
            alternativ={props.organ.map((k) => [k, organNamn(config, k)] as const)}
          />
          <Textfalt f={falt} name="datum" type="date" required />
        </div>
        <p>
          <button type="submit">Starta sammanträdet</button>
        </p>
      </Formular>
    </>
  );
}

function Rad({ m, config, csrf }: { m: Motesrad; config: KommunConfig; csrf: string }) {
  const text = `${organNamn(config, m.organ)} ${m.datum}`;
  const fas = !m.fas ? 'Inte startat' : m.fas === 'OKAND' ? 'Startat' : FAS_NAMN[m.fas];
  // A meeting already held is registered afterwards: no one is called to it, the sekreterare records it.
  const hallet = m.datum < dateInStockholm(Date.now());
  return (
    <tr>
      <td class="datum" data-etikett="Datum">
        {m.datum}
      </td>
      <td data-etikett="Organ">
        {organNamn(config, m.organ)}
        {m.extra && ' (extra)'}
      </td>
      <td data-etikett="Status">{fas}</td>
      <td>
        {m.fas ? (
          <a href={motetsSida(m.organ, m.datum)}>
            Öppna<span class="visually-hidden"> {text}</span>
          </a>
        ) : (
          <Formular action="/sammantraden/starta" csrf={csrf} class="inline">
            <Dolt name="organ" value={m.organ} />
            <Dolt name="datum" value={m.datum} />
            <button class="sekundar" type="submit">
              {hallet ? 'Registrera i efterhand' : 'Starta'}
              <span class="visually-hidden"> {text}</span>
            </button>
          </Formular>
        )}
      </td>
    </tr>
  );
}

/** `organ/datum` → phase of every meeting of the person's organs started for the year (from the register). */
async function startade(
  deps: SammantradeSidorDeps,
  kommun: string,
  organ: readonly string[],
  ar: number,
): Promise<Map<string, string>> {
  try {
    return await startadeMoten(deps, kommun, organ, ar);
  } catch (error) {
    console.error('Reading the started meetings from the register failed:', error);
    return new Map();
  }
}

/** The year's meetings (`GET /sammantraden?ar=`), or the extra meeting's form as refused. */
export async function visaLista(
  deps: SammantradeSidorDeps,
  req: Request,
  res: Response,
  start?: { falt: Falt; fel: Fel[] },
) {
  const s = sessionAv(res);
  const config = deps.kommuner.get(s.kommun)!;
  const organ = organFor(s, config);
  if (organ.length === 0) {
    return skickaMeddelande(res, 403, {
      titel: 'Sammanträden',
      texter: ['Sidan är för sekreterare och kanslichefen: du är inte sekreterare för något organ.'],
      inloggad: s,
    });
  }
  const ar = z.coerce
    .number()
    .int()
    .min(1900)
    .max(2100)
    .catch(yearOf(dateInStockholm(Date.now())));
  const year = ar.parse(req.query.ar ?? undefined);
  const rader = motesrader(config, organ, year, await startade(deps, config.kommun.id, organ, year));
  skickaSida(
    res,
    start ? 400 : 200,
    <Sida titel="Sammanträden" inloggad={s}>
      <Listsida
        config={config}
        organ={organ}
        ar={year}
        rader={rader}
        csrf={s.csrf}
        start={start}
        meddelande={sparat(req)}
      />
    </Sida>,
  );
}

/** `POST /sammantraden/starta`: a meeting of the plan, one already held, or an extra one. */
export async function startaMotet(deps: SammantradeSidorDeps, req: Request, res: Response) {
  const s = sessionAv(res);
  const config = deps.kommuner.get(s.kommun)!;
  const { falt: f, fel: tecken } = lasFalt(req);
  const parsed = motetSchema.safeParse({ organ: varde(f, 'organ'), datum: varde(f, 'datum') });
  const fel: Fel[] = [...tecken, ...(parsed.success ? [] : felFromZod(parsed.error))];
  if (parsed.success && !config.organ.some((o) => o.kortnamn === parsed.data.organ)) {
    fel.push({ field: 'organ', rule: 'organ_finns', message: `okänt organ "${parsed.data.organ}"` });
  } else if (parsed.success) {
    const nekad = behorighet(config, s.person, 'sammantrade.starta', { organ: parsed.data.organ });
    fel.push(...nekad.map((x) => ({ ...x, field: 'organ' })));
  }
  if (!parsed.success || fel.length > 0) return visaLista(deps, req, res, { falt: f, fel });
  const { organ, datum } = parsed.data;
  const startat = await startaSammantrade(deps.client, config, { organ, datum }, deps.taskQueue, {
    register: deps.register,
    aktor: s.person,
  });
  const efterhand = datum < dateInStockholm(Date.now());
  res.redirect(
    303,
    `${motetsSida(organ, datum)}?sparat=${!startat.startat ? 'redan' : efterhand ? 'efterhand' : 'startat'}`,
  );
}
