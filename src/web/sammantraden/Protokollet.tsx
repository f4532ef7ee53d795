/**
 * The meeting page below its föredragningslista (./Motessida.tsx): the meeting's facts, the §§ recorded with
 * their protokollsutdrag, the justering (who has justerat, who objected, who is awaited), the anslag with its
 * statutory dates, the expediering, and the protocol to download. Each is a section of the page, read from the
 * meeting workflow's query alone.
 */
import { Fragment, type ComponentChildren } from 'preact';
import { dokumentformatSchema } from '../../documents';
import { dateInStockholm, tidpunktIStockholm } from '../../domain/datum';
import { justeringsavvikelse, utdragFel, type Paragraf, type Protokoll } from '../../domain/protokoll';
import {
  anslagsdag,
  justerandePersoner,
  justeringLokaltId,
  kanGoras,
  motesuppgiftId,
} from '../../domain/sammantrade';
import type { Fel } from '../../domain/validering';
import type { SammantradeStatus } from '../../workflows/sammantrade';
import type { Falt } from '../formular/falt';
import { Formular, Textfalt } from '../komponenter/formular';
import { Tabell } from '../komponenter/Tabell';
import { Status, Varning } from '../komponenter/text';

const FORMAT = dokumentformatSchema.options;
const EXPEDIERING = ['§', 'Mottagare', 'För', 'Status'];

export interface MotessidaProps {
  status: SammantradeStatus;
  /** The page's path, `/sammantraden/KS/2023-10-11`. */
  bas: string;
  csrf: string;
  /** Registered reports planned for this meeting and not on the list yet. */
  rapporter: readonly { titel: string; diarienummer: string }[];
  /** The add-an-ärende form as posted, when it was refused. */
  arende?: { falt: Falt; fel: readonly Fel[] } | undefined;
  /** The paper board's take-down form as posted, when it was refused. */
  anslag?: { falt: Falt; fel: readonly Fel[] } | undefined;
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

export const Avsnitt = (props: { id: string; rubrik: string; children: ComponentChildren }) => (
  <section aria-labelledby={props.id}>
    <h2 id={props.id}>{props.rubrik}</h2>
    {props.children}
  </section>
);

export function Motesfakta({ status, bas }: MotessidaProps) {
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

/** JUSTERING_FORSENAD on the meeting page: justerad late, or not justerad when the last day has passed. */
export function ForsenadJustering({ status }: Pick<MotessidaProps, 'status'>) {
  const { state } = status;
  const avvikelse = justeringsavvikelse(state.fakta.datum, state.justerad, dateInStockholm(Date.now()));
  if (!avvikelse) return null;
  return (
    <Varning>
      <strong>{avvikelse.kod}:</strong> {avvikelse.text}
    </Varning>
  );
}

/** Each justerare's digital approval of the version that was justerat: who, when, and its SHA-256. */
function Signaturer({ status }: Pick<MotessidaProps, 'status'>) {
  const signaturer = status.state.signaturer ?? [];
  if (signaturer.length === 0) return null;
  return (
    <Tabell
      caption="Digital justering"
      kolumner={['Namn', 'Roll', 'Justerat', 'Protokollets version']}
      layout="rullbar"
    >
      {signaturer.map((s) => (
        <tr key={`${s.namn}/${s.tid}`}>
          <td>{s.namn}</td>
          <td>{s.roll}</td>
          <td class="datum">{tidpunktIStockholm(Date.parse(s.tid))}</td>
          <td>
            {s.version} <span class="hash">(SHA-256 {s.sha256})</span>
          </td>
        </tr>
      ))}
    </Tabell>
  );
}

export function Justering(m: MotessidaProps) {
  const { state } = m.status;
  const { fakta } = state;
  const namn = (id: string) => fakta.namn[id] ?? id;
  const varv = state.justeringsvarv;
  return (
    <Avsnitt id="justering" rubrik="Justering">
      <ForsenadJustering status={m.status} />
      {state.justerad && <p class="klart">Protokollet justerades {state.justerad}.</p>}
      <Signaturer status={m.status} />
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

/** A paper board: the sekreterare records the day the anslag came down (never before the appeal period is over). */
function AnmalNedtagning(m: MotessidaProps) {
  const { state } = m.status;
  if (state.fakta.anslagstavla !== 'papper' || !kanGoras(state, 'anmalAnslag') || !state.anslagUppsatt)
    return null;
  if (state.anslagNedtaget) return <p>Anslaget togs ned {state.anslagNedtaget}.</p>;
  return (
    <Formular
      action={`${m.bas}/anslag/nedtaget`}
      csrf={m.csrf}
      fel={m.anslag?.fel}
      etiketter={{ nedtagen: 'Anslaget togs ned' }}
    >
      <Textfalt
        f={m.anslag?.falt ?? {}}
        name="nedtagen"
        label="Anslaget togs ned"
        type="date"
        required
        hint="Anslagstavlan är av papper: ange dagen då anslaget togs ned, tidigast dagen efter tiden för överklagande (KL 13 kap. 5 §)."
      />
      <p>
        <button type="submit">Anmäl att anslaget är nedtaget</button>
      </p>
    </Formular>
  );
}

export function Anslag(m: MotessidaProps) {
  const { status } = m;
  const { fakta, justerad } = status.state;
  const dagar = fakta.anslagDagarEfterJustering;
  return (
    <Avsnitt id="anslag" rubrik="Anslag">
      <AnmalNedtagning {...m} />
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

export function Expediering({ status }: MotessidaProps) {
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
                ) : x.status === 'I_REGISTRET' ? (
                  <Status ton="vantar">
                    Inte kvitterat när sammanträdet avslutades; länken tar emot kvittensen
                  </Status>
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

/** The §§ recorded, each with its protokollsutdrag; and a new §. */
export function Paragrafer(m: MotessidaProps & { protokoll: Protokoll | undefined }) {
  const { state } = m.status;
  return (
    <Avsnitt id="paragrafer" rubrik="Paragrafer">
      {state.paragrafer.length ? (
        state.paragrafer.map((p) => <ParagrafArtikel key={p.nummer} p={p} protokoll={m.protokoll} m={m} />)
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
  );
}

/** The protocol to download, once there is one. */
export function Dokument(m: MotessidaProps & { protokoll: Protokoll | undefined }) {
  return (
    <Avsnitt id="dokument" rubrik="Protokoll">
      {m.protokoll ? (
        <p>
          <Lankar href={(f) => `${m.bas}/protokoll.${f}`} text="Protokoll" />
        </p>
      ) : (
        <p>Protokollet kan laddas ned när sammanträdets fakta och minst en paragraf är protokollförda.</p>
      )}
    </Avsnitt>
  );
}
