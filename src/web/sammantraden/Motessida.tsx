/**
 * The meeting page as the sekreterare works through it, top to bottom: the föredragningslista (and what can be
 * added to it), the meeting's facts, the §§ recorded, the justering (who has justerat, who objected, who is
 * awaited), the anslag with its statutory dates, the expediering, and the documents. Rendered from the
 * workflow's query alone; every command is a form on this page or on the form pages it links to.
 */
import type { Request, Response } from 'express';
import { Fragment, type ComponentChildren } from 'preact';
import { dokumentformatSchema } from '../../documents';
import { isFullParagraf, utdragFel, type Paragraf, type Protokoll } from '../../domain/protokoll';
import {
  anslagsdag,
  justerandePersoner,
  justeringLokaltId,
  kanGoras,
  laggTillArendeSchema,
  motesuppgiftId,
  protokollAv,
  rapporterAttLagga,
  type SammantradeFas,
} from '../../domain/sammantrade';
import { felFromZod, type Fel } from '../../domain/validering';
import {
  laggTillArendeUpdate,
  skickaForJusteringUpdate,
  type SammantradeStatus,
} from '../../workflows/sammantrade';
import { lasFalt, om, rader, varde, type Falt } from '../formular/falt';
import { Dolt, Formular, Textfalt, Textyta } from '../komponenter/formular';
import { Felsammanfattning } from '../komponenter/Felsammanfattning';
import { Sida } from '../komponenter/Sida';
import { Tabell } from '../komponenter/Tabell';
import { Klart, Status } from '../komponenter/text';
import { skickaSida } from '../svar';
import {
  kommando,
  lasMotet,
  lasStatus,
  skickaFormular,
  sparat,
  type Motet,
  type SammantradeSidorDeps,
} from './motet';

export const FAS_NAMN: Record<SammantradeFas, string> = {
  FOREDRAGNINGSLISTA: 'Föredragningslistan är öppen',
  KALLAD: 'Kallelsen är skickad',
  PROTOKOLLFORING: 'Protokollet förs',
  JUSTERING: 'Ute på justering',
  RATTELSE: 'Rättas efter invändning',
  JUSTERAT: 'Justerat',
  AVSLUTAT: 'Avslutat',
};

export const ARENDEETIKETTER: Record<string, string> = {
  'arende.rubrik': 'Ärende (rubrik)',
  'arende.diarienummer': 'Diarienummer',
  'arende.forslagTillBeslut': 'Förslag till beslut',
  'arende.handlingar': 'Handlingar',
  'arende.foredragande': 'Föredragande',
};

const FORMAT = dokumentformatSchema.options;
const DAGORDNING = ['Punkt', 'Ärende', 'Diarienummer', 'Protokoll'];
const EXPEDIERING = ['§', 'Mottagare', 'För', 'Status'];

interface MotessidaProps {
  status: SammantradeStatus;
  /** The page's path, `/sammantraden/KS/2023-10-11`. */
  bas: string;
  csrf: string;
  /** Registered reports planned for this meeting and not on the list yet. */
  rapporter: readonly { titel: string; diarienummer: string }[];
  /** The add-an-ärende form as posted, when it was refused. */
  arende?: { falt: Falt; fel: readonly Fel[] } | undefined;
}

const Lankar = ({ href, text }: { href: (format: string) => string; text: string }) => (
  <>
    {FORMAT.map((f, i) => (
      <span key={f}>
        {i > 0 && ' · '}
        <a href={href(f)}>
          {text} <span class="format">({f.toUpperCase()})</span>
        </a>
      </span>
    ))}
  </>
);

const Avsnitt = (props: { id: string; rubrik: string; children: ComponentChildren }) => (
  <section aria-labelledby={props.id}>
    <h2 id={props.id}>{props.rubrik}</h2>
    {props.children}
  </section>
);

function Foredragningslista(m: MotessidaProps) {
  const { state } = m.status;
  const protokollfas = kanGoras(state, 'protokollforParagraf');
  return (
    <Avsnitt id="foredragningslista" rubrik="Föredragningslista">
      {state.arenden.length ? (
        <Tabell
          caption="Föredragningslistans ärenden"
          kolumner={DAGORDNING}
          class="dagordning"
          layout="staplad"
        >
          {state.arenden.map((a) => {
            const nummer = state.nycklar[`punkt-${a.punkt}`];
            return (
              <tr key={a.punkt}>
                <td data-etikett="Punkt">{a.punkt}</td>
                <td data-etikett="Ärende">
                  {a.rubrik}
                  {a.forslagTillBeslut.length > 0 && (
                    <ul class="smal">
                      {a.forslagTillBeslut.map((s, i) => (
                        <li key={i}>{s}</li>
                      ))}
                    </ul>
                  )}
                </td>
                <td data-etikett="Diarienummer" class="diarienummer">
                  {a.diarienummer ?? '–'}
                </td>
                <td data-etikett="Protokoll">
                  {nummer !== undefined ? (
                    <a href={`#paragraf-${nummer}`}>§ {nummer}</a>
                  ) : protokollfas ? (
                    <a href={`${m.bas}/paragraf/ny?punkt=${a.punkt}`}>
                      Protokollför<span class="visually-hidden"> punkt {a.punkt}</span>
                    </a>
                  ) : (
                    '–'
                  )}
                </td>
              </tr>
            );
          })}
        </Tabell>
      ) : (
        <p>Inga ärenden på listan ännu.</p>
      )}
      {state.ejKlaraRapporter.length > 0 && (
        <p>Inte registrerade när listan stängdes: {state.ejKlaraRapporter.map((r) => r.titel).join(', ')}.</p>
      )}
      <LaggTill {...m} />
    </Avsnitt>
  );
}

/** What can be added to the list while it is open: the registered reports, and any ärende. */
function LaggTill(m: MotessidaProps) {
  const falt = m.arende?.falt ?? {};
  if (!kanGoras(m.status.state, 'laggTillArende')) return <p class="hint">Föredragningslistan är stängd.</p>;
  return (
    <>
      {m.rapporter.length > 0 && (
        <>
          <h3>Registrerade rapporter till sammanträdet</h3>
          <ul class="rapporter">
            {m.rapporter.map((r) => (
              <li key={r.diarienummer}>
                <Formular action={`${m.bas}/arende`} csrf={m.csrf} class="inline">
                  <Dolt name="arende.rubrik" value={r.titel} />
                  <Dolt name="arende.diarienummer" value={r.diarienummer} />
                  <Dolt name="arende.handlingar" value={r.titel} />
                  {r.titel} ({r.diarienummer}){' '}
                  <button class="sekundar" type="submit">
                    Lägg till<span class="visually-hidden"> {r.titel}</span>
                  </button>
                </Formular>
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>Lägg till ärende</h3>
      <Formular action={`${m.bas}/arende`} csrf={m.csrf} fel={m.arende?.fel} etiketter={ARENDEETIKETTER}>
        <Textfalt f={falt} name="arende.rubrik" required />
        <Textfalt f={falt} name="arende.diarienummer" hint="t.ex. KS 2023/0431" />
        <Textyta f={falt} name="arende.forslagTillBeslut" hint="En att-sats per rad" rows={2} />
        <Textyta f={falt} name="arende.handlingar" hint="En handling per rad" rows={2} />
        <Textfalt f={falt} name="arende.foredragande" />
        <p>
          <button type="submit">Lägg till ärendet</button>
        </p>
      </Formular>
    </>
  );
}

function Motesfakta({ status, bas }: MotessidaProps) {
  const { state } = status;
  const { fakta, mote } = state;
  const protokollfas = kanGoras(state, 'protokollforParagraf');
  if (!mote) {
    return (
      <Avsnitt id="motet" rubrik="Sammanträdet">
        {protokollfas ? (
          <p>
            <a class="knapp" href={`${bas}/motet`}>
              Protokollför sammanträdets fakta
            </a>
          </p>
        ) : (
          <p>Protokollförs från sammanträdesdagen {fakta.datum}.</p>
        )}
      </Avsnitt>
    );
  }
  const n = mote.narvaro;
  const rader: [string, string][] = [
    [
      'Tid',
      `${mote.tid.fran}–${mote.tid.till}${mote.ajourneringar.length ? `, ajournering ${mote.ajourneringar.map((a) => `${a.fran}–${a.till}`).join(', ')}` : ''}`,
    ],
    ['Plats', mote.plats ?? fakta.plats],
    [
      'Beslutande',
      `${n.ledamoter.length + n.tjanstgorandeErsattare.length} (${n.ledamoter.length} ledamöter, ${n.tjanstgorandeErsattare.length} tjänstgörande ersättare)`,
    ],
    ['Ersättare', String(n.ersattare.length)],
    ['Ordförande', mote.ordforande],
    ['Sekreterare', mote.sekreterare],
    ['Justerare', mote.justerare.map((j) => j.namn).join(', ')],
    [
      'Justering',
      `${mote.justering.plats} ${mote.justering.datum}${mote.justering.klockan ? ` kl. ${mote.justering.klockan}` : ''}`,
    ],
  ];
  return (
    <Avsnitt id="motet" rubrik="Sammanträdet">
      <dl class="fakta">
        {rader.map(([dt, dd]) => (
          <Fragment key={dt}>
            <dt>{dt}</dt>
            <dd>{dd}</dd>
          </Fragment>
        ))}
      </dl>
      {protokollfas && (
        <p>
          <a href={`${bas}/motet`}>Ändra sammanträdets fakta</a>
        </p>
      )}
    </Avsnitt>
  );
}

function ParagrafArtikel({ p, protokoll, m }: { p: Paragraf; protokoll?: Protokoll; m: MotessidaProps }) {
  const bg = p.beslutsgang;
  const fel = protokoll ? utdragFel(protokoll, [p.nummer]) : [];
  const protokollfas = kanGoras(m.status.state, 'protokollforParagraf');
  return (
    <article class="paragraf" id={`paragraf-${p.nummer}`}>
      <h3>
        § {p.nummer} {p.rubrik}
      </h3>
      {p.diarienummer && <p>Diarienummer: {p.diarienummer}</p>}
      {p.omedelbartJusterad && <p class="klart">Omedelbart justerad</p>}
      <p>{p.beslut.inledning}</p>
      <ul class="smal">
        {p.beslut.attSatser.map((s, i) => (
          <li key={i}>{s}</li>
        ))}
      </ul>
      {p.yrkanden.length > 0 && <p>Yrkanden: {p.yrkanden.length}</p>}
      {bg?.typ === 'OMROSTNING' ? (
        <p>
          Omröstning: ja {bg.ja.length}, nej {bg.nej.length}, avstår {bg.avstar.length}. {bg.utfall}
        </p>
      ) : (
        bg && <p>Beslutsgång: acklamation.</p>
      )}
      {p.reservationer.length > 0 && <p>Reservationer: {p.reservationer.flatMap((r) => r.av).join(', ')}</p>}
      {fel.length === 0 ? (
        <p>
          Protokollsutdrag:{' '}
          <Lankar href={(f) => `${m.bas}/protokollsutdrag/${p.nummer}.${f}`} text={`§ ${p.nummer}`} />
        </p>
      ) : (
        <p class="hint">Protokollsutdrag: {fel.map((f) => f.message).join('; ')}</p>
      )}
      {protokollfas && !p.omedelbartJusterad && (
        <p>
          <a href={`${m.bas}/paragraf/${p.nummer}`}>Ändra § {p.nummer}</a>
        </p>
      )}
    </article>
  );
}

function Justering(m: MotessidaProps) {
  const { state } = m.status;
  const { fakta } = state;
  const namn = (id: string) => fakta.namn[id] ?? id;
  const varv = state.justeringsvarv;
  return (
    <Avsnitt id="justering" rubrik="Justering">
      {state.justerad && <p class="klart">Protokollet justerades {state.justerad}.</p>}
      {varv > 0 ? (
        <>
          <p>Omgång {varv}.</p>
          <Tabell caption="Vem som har justerat" kolumner={['Namn', 'Roll', 'Status']}>
            {justerandePersoner(state).map((person) => {
              const id = motesuppgiftId(fakta, justeringLokaltId(varv, person));
              const uppgift = m.status.uppgifter[id];
              const utfall = uppgift?.utfall;
              return (
                <tr key={person}>
                  <td>
                    {/* The name leads to the person's justering task (its history, and the kanslichef's actions). */}
                    {uppgift ? (
                      <a href={`/uppgifter/${encodeURIComponent(id)}`}>{namn(person)}</a>
                    ) : (
                      namn(person)
                    )}
                  </td>
                  <td>{person === fakta.ordforande ? 'Ordförande' : 'Justerare'}</td>
                  <td>
                    {!utfall ? (
                      <Status ton="vantar">Väntar</Status>
                    ) : utfall.status === 'GODKAND' ? (
                      <>
                        <Status ton="klar">Justerat</Status>
                        {utfall.aktor && utfall.aktor !== person && ` (av ${namn(utfall.aktor)})`}
                      </>
                    ) : (
                      <>
                        <Status ton="fel">Invändning</Status>
                        {utfall.paragrafer?.length ? ` mot § ${utfall.paragrafer.join(', ')}` : ''}
                        {utfall.kommentar && `: ”${utfall.kommentar}”`}
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </Tabell>
        </>
      ) : (
        <p>Protokollet har inte skickats till justering.</p>
      )}
      {state.invandningar.length > 0 && (
        <>
          <h3>Invändningar</h3>
          <ul>
            {state.invandningar.map((i, n) => (
              <li key={n}>
                Omgång {i.varv}, {namn(i.person)}
                {i.paragrafer.length > 0 && ` (§ ${i.paragrafer.join(', ')})`}: ”{i.kommentar}”
              </li>
            ))}
          </ul>
        </>
      )}
      {kanGoras(state, 'protokollforParagraf') && (
        <Formular action={`${m.bas}/justering`} csrf={m.csrf}>
          <p>
            <button type="submit">Skicka till justering</button>
          </p>
        </Formular>
      )}
    </Avsnitt>
  );
}

function Anslag({ status }: MotessidaProps) {
  const { fakta, justerad } = status.state;
  const dagar = fakta.anslagDagarEfterJustering;
  return (
    <Avsnitt id="anslag" rubrik="Anslag">
      {status.anslag.length ? (
        <Tabell
          caption="Anslag och frister"
          kolumner={['Paragrafer', 'Anslaget', 'Överklagande senast', 'Nedtas tidigast', 'Vinner laga kraft']}
          layout="rullbar"
        >
          {status.anslag.map((a) => (
            <tr key={a.paragrafer.join('-')}>
              <td>§ {a.paragrafer.join(', ')}</td>
              <td class="datum">
                {a.frister.anslag ?? '–'}
                {a.nedtagen && ` (nedtaget ${a.nedtagen})`}
              </td>
              <td class="datum">{a.frister.overklagandeSenast}</td>
              <td class="datum">{a.frister.anslagNedtidigast}</td>
              <td class="datum">{a.frister.lagaKraft}</td>
            </tr>
          ))}
        </Tabell>
      ) : justerad ? (
        <p>
          Anslaget sätts upp {anslagsdag(fakta, justerad)} (
          {dagar === 0
            ? 'samma dag som justeringen'
            : `${dagar} ${dagar === 1 ? 'dag' : 'dagar'} efter justeringen`}
          ).
        </p>
      ) : (
        <p>Inget anslag ännu: anslaget sätts upp när protokollet är justerat.</p>
      )}
    </Avsnitt>
  );
}

function Expediering({ status }: MotessidaProps) {
  const namn = (id: string) => status.state.fakta.namn[id] ?? id;
  return (
    <Avsnitt id="expediering" rubrik="Expediering">
      {status.expediering.length ? (
        <Tabell caption="Utskickade protokollsutdrag" kolumner={EXPEDIERING} layout="rullbar">
          {status.expediering.map((x) => (
            <tr key={`${x.paragraf}/${x.mottagare}/${x.for}`}>
              <td>{x.paragraf}</td>
              <td>{namn(x.mottagare)}</td>
              <td>{x.for === 'VERKSTALLIGHET' ? 'Verkställighet' : 'Kännedom'}</td>
              <td>
                {x.status === 'KVITTERAD' ? (
                  <Status ton="klar">Kvitterat</Status>
                ) : (
                  <Status ton="vantar">Skickat, inte kvitterat</Status>
                )}
              </td>
            </tr>
          ))}
        </Tabell>
      ) : (
        <p>Inga protokollsutdrag har skickats ännu.</p>
      )}
    </Avsnitt>
  );
}

export function Motessida(m: MotessidaProps & { meddelande?: string | undefined }) {
  const { state } = m.status;
  const protokoll = protokollAv(state);
  const fulla = protokoll?.paragrafer.filter(isFullParagraf).length ?? 0;
  const delar: [string, string][] = [
    ['foredragningslista', 'Föredragningslista'],
    ['motet', 'Sammanträdet'],
    ['paragrafer', 'Paragrafer'],
    ['justering', 'Justering'],
    ['anslag', 'Anslag'],
    ['expediering', 'Expediering'],
    ['dokument', 'Protokoll'],
  ];
  return (
    <>
      {m.meddelande && <Klart>{m.meddelande}</Klart>}
      <p class="fas">
        Status: <strong>{FAS_NAMN[state.fas]}</strong>
        {fulla > 0 && ` · ${fulla} ${fulla === 1 ? 'paragraf' : 'paragrafer'}`}
      </p>
      <nav aria-label="På sidan">
        <ul class="meny">
          {delar.map(([id, text]) => (
            <li key={id}>
              <a href={`#${id}`}>{text}</a>
            </li>
          ))}
        </ul>
      </nav>
      <Foredragningslista {...m} />
      <Motesfakta {...m} />
      <Avsnitt id="paragrafer" rubrik="Paragrafer">
        {state.paragrafer.length ? (
          state.paragrafer.map((p) => <ParagrafArtikel key={p.nummer} p={p} protokoll={protokoll} m={m} />)
        ) : (
          <p>Inga paragrafer protokollförda ännu.</p>
        )}
        {kanGoras(state, 'protokollforParagraf') && (
          <p>
            <a class="knapp" href={`${m.bas}/paragraf/ny`}>
              Protokollför paragraf
            </a>{' '}
            <span class="hint">(eller välj ett ärende på föredragningslistan)</span>
          </p>
        )}
      </Avsnitt>
      <Justering {...m} />
      <Anslag {...m} />
      <Expediering {...m} />
      <Avsnitt id="dokument" rubrik="Protokoll">
        {protokoll ? (
          <p>
            <Lankar href={(f) => `${m.bas}/protokoll.${f}`} text="Protokoll" />
          </p>
        ) : (
          <p>Protokollet kan laddas ned när sammanträdets fakta och minst en paragraf är protokollförda.</p>
        )}
      </Avsnitt>
    </>
  );
}

/** The meeting page; after a refused command, with its refusal (`fel`) or the ärende form as posted. */
export async function visaMotet(
  deps: SammantradeSidorDeps,
  req: Request,
  res: Response,
  m: Motet,
  extra: { arende?: { falt: Falt; fel: readonly Fel[] }; fel?: readonly Fel[] } = {},
) {
  const st = await lasStatus(m, res);
  if (!st) return;
  const rapporter = kanGoras(st.state, 'laggTillArende')
    ? rapporterAttLagga(
        st.state,
        await deps.register.rapporterForSammantrade({
          kommun: m.config.kommun.id,
          organ: m.organ,
          datum: m.datum,
        }),
      )
    : [];
  skickaSida(
    res,
    extra.fel?.length || extra.arende ? 409 : 200,
    <Sida titel={`${st.state.fakta.organNamn} ${m.datum}`} inloggad={m.s}>
      <Felsammanfattning fel={extra.fel ?? []} rubrik="Det gick inte" />
      <Motessida
        status={st}
        bas={m.bas}
        csrf={m.s.csrf}
        rapporter={rapporter}
        arende={extra.arende}
        meddelande={sparat(req)}
      />
      <p>
        <a href="/sammantraden">Alla sammanträden</a>
      </p>
    </Sida>,
  );
}

export async function laggTillArende(deps: SammantradeSidorDeps, req: Request, res: Response) {
  const m = lasMotet(deps, req, res, 'sammantrade.laggTillArende');
  if (!m) return;
  const { falt: f, fel: tecken } = lasFalt(req);
  const arende = laggTillArendeSchema.shape.arende.safeParse({
    rubrik: varde(f, 'arende.rubrik'),
    ...om('diarienummer', varde(f, 'arende.diarienummer')),
    forslagTillBeslut: rader(f, 'arende.forslagTillBeslut'),
    handlingar: rader(f, 'arende.handlingar'),
    ...om('foredragande', varde(f, 'arende.foredragande')),
  });
  const fore = [
    ...tecken,
    ...(arende.success ? [] : felFromZod(arende.error).map((x) => ({ ...x, field: `arende.${x.field}` }))),
  ];
  const fel = await skickaFormular(m, fore, () =>
    m.handle.executeUpdate(laggTillArendeUpdate, { args: [{ aktor: m.s.person, arende: arende.data! }] }),
  );
  if (fel.length > 0) return visaMotet(deps, req, res, m, { arende: { falt: f, fel } });
  res.redirect(303, `${m.bas}?sparat=arende#foredragningslista`);
}

export async function skickaTillJustering(deps: SammantradeSidorDeps, req: Request, res: Response) {
  const m = lasMotet(deps, req, res, 'sammantrade.skickaForJustering');
  if (!m) return;
  const fel = await kommando(m, () =>
    m.handle.executeUpdate(skickaForJusteringUpdate, { args: [{ aktor: m.s.person }] }),
  );
  if (fel.length > 0) return visaMotet(deps, req, res, m, { fel });
  res.redirect(303, `${m.bas}?sparat=justering#justering`);
}
