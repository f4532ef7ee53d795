/**
 * The year's meetings of the organs a person keeps: those of the sammanträdesplan and any extra one started,
 * each with its phase (from its workflow's status, or "inte startat") and a button to start it — also a meeting
 * already held, which a kansli taking over mid-year registers afterwards — and a form for an extra sammanträde.
 */
import type { IsoDate } from '../../domain/datum';
import type { KommunConfig } from '../../domain/kommun';
import { planeraSammantraden, SAMMANTRADE_FASER, type SammantradeFas } from '../../domain/sammantrade';
import type { Fel } from '../../domain/validering';
import { e } from '../sida';
import { csrfFalt, felruta, textfalt, valj, type Falt } from './formular';
import { FAS_NAMN } from './motessida';

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

export function listsida(options: {
  config: KommunConfig;
  organ: readonly string[];
  ar: number;
  rader: readonly Motesrad[];
  csrf: string;
  start?: { falt: Falt; fel: readonly Fel[] };
  meddelande?: string;
}): string {
  const { config, ar } = options;
  const organNamn = (k: string) => config.organ.find((o) => o.kortnamn === k)?.namn ?? k;
  const csrf = csrfFalt(options.csrf);
  const rad = (m: Motesrad) => {
    const sida = `/sammantraden/${encodeURIComponent(m.organ)}/${m.datum}`;
    const text = `${organNamn(m.organ)} ${m.datum}`;
    const atgard = m.fas
      ? `<a href="${e(sida)}">Öppna<span class="visually-hidden"> ${e(text)}</span></a>`
      : `<form method="post" action="/sammantraden/starta" class="inline">${csrf}<input type="hidden" name="organ" value="${e(m.organ)}"><input type="hidden" name="datum" value="${e(m.datum)}"><button class="sekundar" type="submit">Starta<span class="visually-hidden"> ${e(text)}</span></button></form>`;
    const fas = !m.fas ? 'Inte startat' : m.fas === 'OKAND' ? 'Startat' : FAS_NAMN[m.fas];
    return `<tr><td class="datum">${e(m.datum)}</td><td>${e(organNamn(m.organ))}${m.extra ? ' (extra)' : ''}</td><td>${e(fas)}</td><td>${atgard}</td></tr>`;
  };
  const falt = options.start?.falt ?? { organ: options.organ[0] ?? '' };
  return `${options.meddelande ? `<p class="klart" role="status">${e(options.meddelande)}</p>` : ''}
<nav aria-label="År"><ul class="meny"><li><a href="/sammantraden?ar=${ar - 1}">← ${ar - 1}</a></li><li><strong>${ar}</strong></li><li><a href="/sammantraden?ar=${ar + 1}">${ar + 1} →</a></li></ul></nav>
${
  options.rader.length
    ? `<div class="tabell"><table><caption class="visually-hidden">Sammanträden ${ar}</caption><thead><tr><th scope="col">Datum</th><th scope="col">Organ</th><th scope="col">Status</th><th scope="col">Åtgärd</th></tr></thead><tbody>${options.rader.map(rad).join('')}</tbody></table></div>`
    : `<p>Inga sammanträden ${ar} i sammanträdesplanen för dina organ.</p>`
}
<h2>Extra sammanträde</h2>
${felruta(options.start?.fel ?? [], STARTETIKETTER)}
<form method="post" action="/sammantraden/starta">${csrf}
<div class="falt2">${valj(
    falt,
    'organ',
    STARTETIKETTER.organ!,
    options.organ.map((k) => [k, organNamn(k)] as const),
  )}
${textfalt(falt, 'datum', STARTETIKETTER.datum!, { type: 'date', required: true })}</div>
<p><button type="submit">Starta sammanträdet</button></p>
</form>`;
}
