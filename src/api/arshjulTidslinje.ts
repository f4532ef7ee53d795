/**
 * The year per organ as a timeline: months along, a track of the organ's meetings, and a track per report whose
 * steps are bars from the day the step starts to its due date. Every mark carries its status as a sign and in
 * words (for screen readers, and on hover), so the timeline reads without colour; each report also has its
 * steps as a table behind "Steg och datum".
 */
import type { RapportOversikt, StegOversikt } from '../domain/arshjul';
import { addDays, daysBetween, isoDate, type IsoDate } from '../domain/datum';
import { datumUtanVeckodag } from '../domain/svenskTid';
import { RAPPORT_STATUS, STEG_STATUS, UPPGIFT_NAMN } from './arshjulText';
import type { Mote } from './motesplan';
import { e } from './sida';

export interface TidslinjeInput {
  ar: number;
  idag: IsoDate;
  organ: { kortnamn: string; namn: string }[];
  rapporter: RapportOversikt[];
  moten: Mote[];
  /** Person id → name. */
  namn: (person: string) => string;
}

const MANADER = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

/** The span the timeline covers: the year, and on to the end of the month of the last date past it. */
function spann(input: TidslinjeInput): { fran: IsoDate; till: IsoDate } {
  const fran = isoDate(input.ar, 1, 1);
  const datum = [
    ...input.rapporter.flatMap((r) => r.steg.flatMap((s) => [s.start, s.forfaller])),
    ...input.moten.map((m) => m.datum),
  ];
  const sista = datum.reduce((a, b) => (b > a ? b : a), isoDate(input.ar, 12, 31));
  const [y, m] = sista.split('-').map(Number) as [number, number];
  const till = addDays(m === 12 ? isoDate(y + 1, 1, 1) : isoDate(y, m + 1, 1), -1);
  return { fran, till };
}

export function tidslinje(input: TidslinjeInput): string {
  const { fran, till } = spann(input);
  const dagar = daysBetween(fran, till) + 1;
  const x = (d: IsoDate) => Math.min(100, Math.max(0, (daysBetween(fran, d) / dagar) * 100));
  const pct = (n: number) => `${n.toFixed(2)}%`;

  const manader: { start: IsoDate; namn: string }[] = [];
  for (let d = fran; d <= till;) {
    const [y, m] = d.split('-').map(Number) as [number, number];
    manader.push({ start: d, namn: `${MANADER[m - 1]}${y !== input.ar ? ` ${y}` : ''}` });
    d = m === 12 ? isoDate(y + 1, 1, 1) : isoDate(y, m + 1, 1);
  }
  const linjer = manader
    .slice(1)
    .map((m) => `<span class="tl-manadslinje" style="left:${pct(x(m.start))}"></span>`)
    .join('');
  const idag =
    input.idag >= fran && input.idag <= till
      ? `<span class="tl-idag" style="left:${pct(x(input.idag))}" title="I dag"></span>`
      : '';
  const spar = (innehall: string, etikett: string) =>
    `<div class="tl-rad"><div class="tl-etikett">${etikett}</div><div class="tl-spar">${linjer}${idag}${innehall}</div></div>`;

  const manadsrad = `<div class="tl-rad tl-manader" aria-hidden="true"><div class="tl-etikett"></div><div class="tl-spar">${manader
    .map((m) => `<span class="tl-manad" style="left:${pct(x(m.start))}">${e(m.namn)}</span>`)
    .join('')}</div></div>`;

  const steg = (s: StegOversikt) => {
    const status = STEG_STATUS[s.status];
    const namn = UPPGIFT_NAMN[s.steg];
    const text = `${namn}: ${s.start === s.forfaller ? '' : `${datumUtanVeckodag(s.start)} – `}senast ${datumUtanVeckodag(s.forfaller)}, ${input.namn(s.ansvarig)}, ${status.text}`;
    const left = x(s.start);
    const width = Math.max(x(addDays(s.forfaller, 1)) - left, 0.6);
    return `<li class="tl-steg tl-${s.status.toLowerCase()}" style="left:${pct(left)};width:${pct(width)}" title="${e(text)}"><span aria-hidden="true">${status.tecken}</span><span class="visually-hidden">${e(text)}</span></li>`;
  };
  const rapport = (r: RapportOversikt) =>
    spar(
      `<ol class="tl-lista">${r.steg.map(steg).join('')}</ol>`,
      `${e(r.titel)} <span class="tl-status">(${e(RAPPORT_STATUS[r.status])}${r.diarienummer ? `, ${e(r.diarienummer)}` : ''})</span>`,
    );
  const mote = (m: Mote) => {
    const text = `Sammanträde ${datumUtanVeckodag(m.datum)}${m.tid ? ` kl. ${m.tid}` : ''}${m.plats ? `, ${m.plats}` : ''}`;
    return `<li class="tl-mote" style="left:${pct(x(m.datum))}" title="${e(text)}"><span aria-hidden="true">◆</span><span class="visually-hidden">${e(text)}</span></li>`;
  };
  const stegtabell = (r: RapportOversikt) =>
    `<details class="tl-detaljer"><summary>Steg och datum: ${e(r.titel)}</summary><table><thead><tr><th scope="col">Steg</th><th scope="col">Från</th><th scope="col">Senast</th><th scope="col">Ansvarig</th><th scope="col">Status</th></tr></thead><tbody>${r.steg
      .map(
        (s) =>
          `<tr><td>${e(UPPGIFT_NAMN[s.steg])}</td><td class="datum">${e(s.start)}</td><td class="datum">${e(s.forfaller)}</td><td>${s.uppgiftId ? `<a href="/uppgifter/${encodeURIComponent(s.uppgiftId)}">${e(input.namn(s.ansvarig))}</a>` : e(input.namn(s.ansvarig))}</td><td${s.status === 'FORSENAD' ? ' class="forsenad"' : ''}>${e(STEG_STATUS[s.status].tecken)} ${e(STEG_STATUS[s.status].text)}</td></tr>`,
      )
      .join('')}</tbody></table></details>`;

  const sektioner = input.organ
    .map((organ) => {
      const rapporter = input.rapporter.filter((r) => r.organ === organ.kortnamn);
      const moten = input.moten.filter((m) => m.organ === organ.kortnamn);
      if (rapporter.length === 0 && moten.length === 0) return '';
      const id = `organ-${organ.kortnamn}`;
      return `<section class="tl-organ" aria-labelledby="${e(id)}">
<h3 id="${e(id)}">${e(organ.namn)} (${e(organ.kortnamn)})</h3>
<div class="tl" role="region" aria-label="${e(`Tidslinje för ${organ.namn}`)}" tabindex="0"><div class="tl-inre">
${manadsrad}
${moten.length > 0 ? spar(`<ol class="tl-lista">${moten.map(mote).join('')}</ol>`, 'Sammanträden') : ''}
${rapporter.map(rapport).join('\n')}
</div></div>
${rapporter.map(stegtabell).join('\n')}
</section>`;
    })
    .filter(Boolean);
  if (sektioner.length === 0) return '<p>Inga rapporter eller sammanträden det året.</p>';
  const forklaring = `<p class="tl-forklaring">Teckenförklaring: ${Object.values(STEG_STATUS)
    .map((s) => `<span class="tl-tecken">${e(s.tecken)}</span> ${e(s.text)}`)
    .join(
      ' · ',
    )} · <span class="tl-tecken">◆</span> sammanträde · <span class="tl-idag-tecken" aria-hidden="true"></span> i dag</p>`;
  return `${forklaring}\n${sektioner.join('\n')}`;
}
