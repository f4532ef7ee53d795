/**
 * The year per organ as a timeline: months along, a track of the organ's meetings, and a track per report whose
 * steps are bars from the day the step starts to its due date. The bars are drawn in SVG (their place is data,
 * and the CSP allows no style attribute); for screen readers each track is also a list in words, and every bar
 * carries its text on hover. Every status is a sign and a word, so the timeline reads without colour; each
 * report also has its steps as a table behind "Steg och datum".
 */
import type { ComponentChildren } from 'preact';
import type { RapportOversikt, StegOversikt } from '../../domain/arshjul';
import { addDays, daysBetween, isoDate, type IsoDate } from '../../domain/datum';
import { datumUtanVeckodag } from '../../domain/svenskTid';
import type { Mote } from '../motesplan';
import { RAPPORT_STATUS, STEG_STATUS, UPPGIFT_NAMN } from '../ord';

export interface TidslinjeInput {
  ar: number;
  idag: IsoDate;
  organ: readonly { kortnamn: string; namn: string }[];
  rapporter: readonly RapportOversikt[];
  moten: readonly Mote[];
  /** Person id → name. */
  namn: (person: string) => string;
}

const MANADER = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];
const forstaIManaden = (y: number, m: number) => (m === 12 ? isoDate(y + 1, 1, 1) : isoDate(y, m + 1, 1));

/** Where a date falls along the timeline, in per cent: the year, on to the end of the month of the last date. */
function skalaFor(input: TidslinjeInput) {
  const fran = isoDate(input.ar, 1, 1);
  const datum = [
    ...input.rapporter.flatMap((r) => r.steg.flatMap((s) => [s.start, s.forfaller])),
    ...input.moten.map((m) => m.datum),
  ];
  const sista = datum.reduce((a, b) => (b > a ? b : a), isoDate(input.ar, 12, 31));
  const [y, m] = sista.split('-').map(Number) as [number, number];
  const till = addDays(forstaIManaden(y, m), -1);
  const dagar = daysBetween(fran, till) + 1;
  const x = (d: IsoDate) => Math.min(100, Math.max(0, (daysBetween(fran, d) / dagar) * 100));
  const manader: { start: IsoDate; namn: string }[] = [];
  for (let d = fran; d <= till;) {
    const [dy, dm] = d.split('-').map(Number) as [number, number];
    manader.push({ start: d, namn: `${MANADER[dm - 1]}${dy !== input.ar ? ` ${dy}` : ''}` });
    d = forstaIManaden(dy, dm);
  }
  const idag = input.idag >= fran && input.idag <= till ? x(input.idag) : undefined;
  return { x, manader, idag };
}
type Skala = ReturnType<typeof skalaFor>;

const pct = (n: number) => `${n.toFixed(2)}%`;

/** One track: the month lines and today behind what it draws, and the same in words for screen readers. */
function Spar(props: { skala: Skala; texter: readonly string[]; children: ComponentChildren }) {
  return (
    <div class="tl-spar">
      <svg class="tl-svg" width="100%" height="100%" aria-hidden="true" focusable="false">
        {props.skala.manader.slice(1).map((m) => (
          <line
            key={m.start}
            class="tl-manadslinje"
            x1={pct(props.skala.x(m.start))}
            x2={pct(props.skala.x(m.start))}
            y1="0"
            y2="100%"
          />
        ))}
        {props.skala.idag !== undefined && (
          <line class="tl-idag" x1={pct(props.skala.idag)} x2={pct(props.skala.idag)} y1="0" y2="100%">
            <title>I dag</title>
          </line>
        )}
        {props.children}
      </svg>
      <ol class="visually-hidden">
        {props.texter.map((t, i) => (
          <li key={i}>{t}</li>
        ))}
      </ol>
    </div>
  );
}

const Rad = (props: { etikett: ComponentChildren; children: ComponentChildren }) => (
  <div class="tl-rad">
    <div class="tl-etikett">{props.etikett}</div>
    {props.children}
  </div>
);

function stegText(s: StegOversikt, namn: (person: string) => string) {
  const fran = s.start === s.forfaller ? '' : `${datumUtanVeckodag(s.start)} – `;
  return `${UPPGIFT_NAMN[s.steg]}: ${fran}senast ${datumUtanVeckodag(s.forfaller)}, ${namn(s.ansvarig)}, ${STEG_STATUS[s.status].text}`;
}

function Rapportrad({ r, skala, namn }: { r: RapportOversikt; skala: Skala; namn: (p: string) => string }) {
  const texter = r.steg.map((s) => stegText(s, namn));
  return (
    <Rad
      etikett={
        <>
          {r.titel}{' '}
          <span class="tl-status">
            ({RAPPORT_STATUS[r.status]}
            {r.diarienummer && `, ${r.diarienummer}`})
          </span>
        </>
      }
    >
      <Spar skala={skala} texter={texter}>
        {r.steg.map((s, i) => {
          const left = skala.x(s.start);
          const width = Math.max(skala.x(addDays(s.forfaller, 1)) - left, 0.6);
          return (
            <g key={s.steg} class={`tl-steg tl-${s.status.toLowerCase()}`}>
              <title>{texter[i]}</title>
              <rect x={pct(left)} y="5" width={pct(width)} height="20" rx="3" />
              <text x={pct(left + width / 2)} y="19" text-anchor="middle">
                {STEG_STATUS[s.status].tecken}
              </text>
            </g>
          );
        })}
      </Spar>
    </Rad>
  );
}

function Motesrad({ moten, skala }: { moten: readonly Mote[]; skala: Skala }) {
  const texter = moten.map(
    (m) =>
      `Sammanträde ${datumUtanVeckodag(m.datum)}${m.tid ? ` kl. ${m.tid}` : ''}${m.plats ? `, ${m.plats}` : ''}`,
  );
  return (
    <Rad etikett="Sammanträden">
      <Spar skala={skala} texter={texter}>
        {moten.map((m, i) => (
          <text key={m.datum} class="tl-mote" x={pct(skala.x(m.datum))} y="20" text-anchor="middle">
            <title>{texter[i]}</title>◆
          </text>
        ))}
      </Spar>
    </Rad>
  );
}

function Stegtabell({ r, namn }: { r: RapportOversikt; namn: (p: string) => string }) {
  return (
    <details class="tl-detaljer">
      <summary>Steg och datum: {r.titel}</summary>
      <div class="tabell">
        <table>
          <thead>
            <tr>
              {['Steg', 'Från', 'Senast', 'Ansvarig', 'Status'].map((k) => (
                <th scope="col" key={k}>
                  {k}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {r.steg.map((s) => (
              <tr key={s.steg}>
                <td>{UPPGIFT_NAMN[s.steg]}</td>
                <td class="datum">{s.start}</td>
                <td class="datum">{s.forfaller}</td>
                <td>
                  {s.uppgiftId ? (
                    <a href={`/uppgifter/${encodeURIComponent(s.uppgiftId)}`}>{namn(s.ansvarig)}</a>
                  ) : (
                    namn(s.ansvarig)
                  )}
                </td>
                <td class={s.status === 'FORSENAD' ? 'forsenad' : undefined}>
                  {STEG_STATUS[s.status].tecken} {STEG_STATUS[s.status].text}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {r.status !== 'PLANERAD' && r.status !== 'UTELAMNAD' && (
        <p>
          <a href={`/rapporter/${encodeURIComponent(r.id)}/uppfoljning`}>Uppföljningen: {r.titel}</a>
        </p>
      )}
    </details>
  );
}

export function Tidslinje(input: TidslinjeInput) {
  const skala = skalaFor(input);
  const organ = input.organ
    .map((o) => ({
      ...o,
      rapporter: input.rapporter.filter((r) => r.organ === o.kortnamn),
      moten: input.moten.filter((m) => m.organ === o.kortnamn),
    }))
    .filter((o) => o.rapporter.length > 0 || o.moten.length > 0);
  if (organ.length === 0) return <p>Inga rapporter eller sammanträden det året.</p>;
  return (
    <>
      <p class="tl-forklaring">
        Teckenförklaring:{' '}
        {Object.values(STEG_STATUS).map((s) => (
          <span key={s.text}>
            <span class="tl-tecken">{s.tecken}</span> {s.text} ·{' '}
          </span>
        ))}
        <span class="tl-tecken">◆</span> sammanträde · <span class="tl-idag-tecken" aria-hidden="true"></span>{' '}
        i dag
      </p>
      {organ.map((o) => (
        <section class="tl-organ" aria-labelledby={`organ-${o.kortnamn}`} key={o.kortnamn}>
          <h3 id={`organ-${o.kortnamn}`}>
            {o.namn} ({o.kortnamn})
          </h3>
          <div class="tl" role="region" aria-label={`Tidslinje för ${o.namn}`} tabindex={0}>
            <div class="tl-inre">
              <div class="tl-rad tl-manader" aria-hidden="true">
                <div class="tl-etikett"></div>
                <div class="tl-spar">
                  <svg class="tl-svg" width="100%" height="100%" focusable="false">
                    {skala.manader.map((m) => (
                      <text key={m.start} class="tl-manad" x={pct(skala.x(m.start))} y="15" dx="3">
                        {m.namn}
                      </text>
                    ))}
                  </svg>
                </div>
              </div>
              {o.moten.length > 0 && <Motesrad moten={o.moten} skala={skala} />}
              {o.rapporter.map((r) => (
                <Rapportrad key={r.id} r={r} skala={skala} namn={input.namn} />
              ))}
            </div>
          </div>
          {o.rapporter.map((r) => (
            <Stegtabell key={r.id} r={r} namn={input.namn} />
          ))}
        </section>
      ))}
    </>
  );
}
