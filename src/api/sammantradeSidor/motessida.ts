/**
 * The meeting page as the sekreterare works through it, top to bottom: the föredragningslista (and what can be
 * added to it), the meeting's facts, the §§ recorded, the justering (who has justerat, who objected, who is
 * awaited), the anslag with its statutory dates, the expediering, and the documents. Rendered from the
 * workflow's query alone; every command is a form on this page or on the form pages it links to.
 */
import { dokumentformatSchema } from '../../documents';
import { isFullParagraf, utdragFel, type Paragraf } from '../../domain/protokoll';
import type { SammantradeFas } from '../../domain/sammantrade';
import {
  anslagsdag,
  justerandePersoner,
  justeringLokaltId,
  kanGoras,
  motesuppgiftId,
  protokollAv,
} from '../../domain/sammantrade';
import type { SammantradeStatus } from '../../workflows/sammantrade';
import { e } from '../sida';
import { csrfFalt, felruta, textfalt, textyta, type Falt } from './formular';
import type { Fel } from '../../domain/validering';

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

export interface Motessida {
  status: SammantradeStatus;
  /** The page's path, `/sammantraden/KS/2023-10-11`. */
  bas: string;
  csrf: string;
  /** Registered reports planned for this meeting and not on the list yet. */
  rapporter: readonly { titel: string; diarienummer: string }[];
  /** The add-an-ärende form as posted, when it was refused. */
  arende?: { falt: Falt; fel: readonly Fel[] };
  meddelande?: string;
}

const lankar = (href: (format: string) => string, text: string) =>
  FORMAT.map(
    (f) => `<a href="${e(href(f))}">${e(text)} <span class="format">(${f.toUpperCase()})</span></a>`,
  ).join(' · ');

export function motessida(m: Motessida): string {
  const { state } = m.status;
  const { fakta } = state;
  const namn = (id: string) => fakta.namn[id] ?? id;
  const protokollfas = kanGoras(state, 'protokollforParagraf');
  const csrf = csrfFalt(m.csrf);

  // Föredragningslista
  const paragrafFor = (punkt: number) => state.nycklar[`punkt-${punkt}`];
  const arenden = state.arenden
    .map((a) => {
      const nummer = paragrafFor(a.punkt);
      const atgard =
        nummer !== undefined
          ? `<a href="#paragraf-${nummer}">§ ${nummer}</a>`
          : protokollfas
            ? `<a href="${e(m.bas)}/paragraf/ny?punkt=${a.punkt}">Protokollför<span class="visually-hidden"> punkt ${a.punkt}</span></a>`
            : '–';
      return `<tr><td>${a.punkt}</td><td>${e(a.rubrik)}${a.forslagTillBeslut.length ? `<ul class="smal">${a.forslagTillBeslut.map((s) => `<li>${e(s)}</li>`).join('')}</ul>` : ''}</td><td class="datum">${e(a.diarienummer ?? '–')}</td><td>${atgard}</td></tr>`;
    })
    .join('');
  const lista = state.arenden.length
    ? `<div class="tabell"><table><caption class="visually-hidden">Föredragningslistans ärenden</caption><thead><tr><th scope="col">Punkt</th><th scope="col">Ärende</th><th scope="col">Diarienummer</th><th scope="col">Protokoll</th></tr></thead><tbody>${arenden}</tbody></table></div>`
    : '<p>Inga ärenden på listan ännu.</p>';
  const oppen = kanGoras(state, 'laggTillArende');
  const rapporter = oppen
    ? m.rapporter
        .map(
          (r) =>
            `<li><form method="post" action="${e(m.bas)}/arende" class="inline">${csrf}<input type="hidden" name="arende.rubrik" value="${e(r.titel)}"><input type="hidden" name="arende.diarienummer" value="${e(r.diarienummer)}"><input type="hidden" name="arende.handlingar" value="${e(r.titel)}">${e(r.titel)} (${e(r.diarienummer)}) <button class="sekundar" type="submit">Lägg till<span class="visually-hidden"> ${e(r.titel)}</span></button></form></li>`,
        )
        .join('')
    : '';
  const arendeFalt = m.arende?.falt ?? {};
  const laggTill = oppen
    ? `${rapporter ? `<h3>Registrerade rapporter till sammanträdet</h3><ul class="rapporter">${rapporter}</ul>` : ''}
<h3>Lägg till ärende</h3>
${felruta(m.arende?.fel ?? [], ARENDEETIKETTER)}
<form method="post" action="${e(m.bas)}/arende">${csrf}
${textfalt(arendeFalt, 'arende.rubrik', ARENDEETIKETTER['arende.rubrik']!, { required: true })}
${textfalt(arendeFalt, 'arende.diarienummer', ARENDEETIKETTER['arende.diarienummer']!, { hint: 't.ex. KS 2023/0431' })}
${textyta(arendeFalt, 'arende.forslagTillBeslut', ARENDEETIKETTER['arende.forslagTillBeslut']!, { hint: 'En att-sats per rad', rows: 2 })}
${textyta(arendeFalt, 'arende.handlingar', ARENDEETIKETTER['arende.handlingar']!, { hint: 'En handling per rad', rows: 2 })}
${textfalt(arendeFalt, 'arende.foredragande', ARENDEETIKETTER['arende.foredragande']!)}
<p><button type="submit">Lägg till ärendet</button></p>
</form>`
    : '<p class="hint">Föredragningslistan är stängd.</p>';
  const ejKlara = state.ejKlaraRapporter.length
    ? `<p>Inte registrerade när listan stängdes: ${e(state.ejKlaraRapporter.map((r) => r.titel).join(', '))}.</p>`
    : '';

  // The meeting's facts
  const mote = state.mote;
  const motet = mote
    ? `<dl class="fakta">
<dt>Tid</dt><dd>${e(`${mote.tid.fran}–${mote.tid.till}`)}${mote.ajourneringar.length ? `, ajournering ${e(mote.ajourneringar.map((a) => `${a.fran}–${a.till}`).join(', '))}` : ''}</dd>
<dt>Plats</dt><dd>${e(mote.plats ?? fakta.plats)}</dd>
<dt>Beslutande</dt><dd>${mote.narvaro.ledamoter.length + mote.narvaro.tjanstgorandeErsattare.length} (${mote.narvaro.ledamoter.length} ledamöter, ${mote.narvaro.tjanstgorandeErsattare.length} tjänstgörande ersättare)</dd>
<dt>Ersättare</dt><dd>${mote.narvaro.ersattare.length}</dd>
<dt>Ordförande</dt><dd>${e(mote.ordforande)}</dd>
<dt>Sekreterare</dt><dd>${e(mote.sekreterare)}</dd>
<dt>Justerare</dt><dd>${e(mote.justerare.map((j) => j.namn).join(', '))}</dd>
<dt>Justering</dt><dd>${e(`${mote.justering.plats} ${mote.justering.datum}${mote.justering.klockan ? ` kl. ${mote.justering.klockan}` : ''}`)}</dd>
</dl>${protokollfas ? `<p><a href="${e(m.bas)}/motet">Ändra sammanträdets fakta</a></p>` : ''}`
    : protokollfas
      ? `<p><a class="knapp" href="${e(m.bas)}/motet">Protokollför sammanträdets fakta</a></p>`
      : `<p>Protokollförs från sammanträdesdagen ${e(fakta.datum)}.</p>`;

  // The §§
  const protokoll = protokollAv(state);
  const paragraf = (p: Paragraf) => {
    const bg = p.beslutsgang;
    const omrostning =
      bg?.typ === 'OMROSTNING'
        ? `<p>Omröstning: ja ${bg.ja.length}, nej ${bg.nej.length}, avstår ${bg.avstar.length}. ${e(bg.utfall)}</p>`
        : bg
          ? `<p>Beslutsgång: acklamation.</p>`
          : '';
    const fel = protokoll ? utdragFel(protokoll, [p.nummer]) : [];
    const utdrag =
      fel.length === 0
        ? `<p>Protokollsutdrag: ${lankar((f) => `${m.bas}/protokollsutdrag/${p.nummer}.${f}`, `§ ${p.nummer}`)}</p>`
        : `<p class="hint">Protokollsutdrag: ${e(fel.map((f) => f.message).join('; '))}</p>`;
    const andra =
      protokollfas && !p.omedelbartJusterad
        ? `<p><a href="${e(m.bas)}/paragraf/${p.nummer}">Ändra § ${p.nummer}</a></p>`
        : '';
    return `<article class="paragraf" id="paragraf-${p.nummer}"><h3>§ ${p.nummer} ${e(p.rubrik)}</h3>
${p.diarienummer ? `<p>Diarienummer: ${e(p.diarienummer)}</p>` : ''}${p.omedelbartJusterad ? '<p class="klart">Omedelbart justerad</p>' : ''}
<p>${e(p.beslut.inledning)}</p><ul class="smal">${p.beslut.attSatser.map((s) => `<li>${e(s)}</li>`).join('')}</ul>
${p.yrkanden.length ? `<p>Yrkanden: ${p.yrkanden.length}</p>` : ''}${omrostning}${p.reservationer.length ? `<p>Reservationer: ${e(p.reservationer.flatMap((r) => r.av).join(', '))}</p>` : ''}
${utdrag}${andra}</article>`;
  };
  const paragrafer = state.paragrafer.length
    ? state.paragrafer.map(paragraf).join('\n')
    : '<p>Inga paragrafer protokollförda ännu.</p>';
  const nyParagraf = protokollfas
    ? `<p><a class="knapp" href="${e(m.bas)}/paragraf/ny">Protokollför paragraf</a> <span class="hint">(eller välj ett ärende på föredragningslistan)</span></p>`
    : '';

  // Justering
  const varv = state.justeringsvarv;
  const uppgiftId = (person: string) => motesuppgiftId(fakta, justeringLokaltId(varv, person));
  const justerande = varv > 0 ? justerandePersoner(state) : [];
  const justeringsrader = justerande
    .map((person) => {
      const id = uppgiftId(person);
      const uppgift = m.status.uppgifter[id];
      const utfall = uppgift?.utfall;
      const status = !utfall
        ? '<span class="vantar">Väntar</span>'
        : utfall.status === 'GODKAND'
          ? `<span class="justerat">Justerat</span>${utfall.aktor && utfall.aktor !== person ? ` (av ${e(namn(utfall.aktor))})` : ''}`
          : `<span class="forsenad">Invändning</span>${utfall.paragrafer?.length ? ` mot § ${e(utfall.paragrafer.join(', '))}` : ''}${utfall.kommentar ? `: ”${e(utfall.kommentar)}”` : ''}`;
      const roll = person === fakta.ordforande ? 'Ordförande' : 'Justerare';
      // The name leads to the person's justering task (its history, and the kanslichef's actions on it).
      const vem = uppgift
        ? `<a href="/uppgifter/${encodeURIComponent(id)}">${e(namn(person))}</a>`
        : e(namn(person));
      return `<tr><td>${vem}</td><td>${roll}</td><td>${status}</td></tr>`;
    })
    .join('');
  const skicka = protokollfas
    ? `<form method="post" action="${e(m.bas)}/justering">${csrf}<p><button type="submit">Skicka till justering</button></p></form>`
    : '';
  const tidigare = state.invandningar.length
    ? `<h3>Invändningar</h3><ul>${state.invandningar.map((i) => `<li>Omgång ${i.varv}, ${e(namn(i.person))}${i.paragrafer.length ? ` (§ ${e(i.paragrafer.join(', '))})` : ''}: ”${e(i.kommentar)}”</li>`).join('')}</ul>`
    : '';
  const justering = `${state.justerad ? `<p class="klart">Protokollet justerades ${e(state.justerad)}.</p>` : ''}
${varv > 0 ? `<p>Omgång ${varv}.</p><div class="tabell"><table><caption class="visually-hidden">Vem som har justerat</caption><thead><tr><th scope="col">Namn</th><th scope="col">Roll</th><th scope="col">Status</th></tr></thead><tbody>${justeringsrader}</tbody></table></div>` : '<p>Protokollet har inte skickats till justering.</p>'}
${tidigare}${skicka}`;

  // Anslag and expediering
  const anslag = m.status.anslag.length
    ? `<div class="tabell"><table><caption class="visually-hidden">Anslag och frister</caption><thead><tr><th scope="col">Paragrafer</th><th scope="col">Anslaget</th><th scope="col">Överklagande senast</th><th scope="col">Nedtas tidigast</th><th scope="col">Vinner laga kraft</th></tr></thead><tbody>${m.status.anslag
        .map(
          (a) =>
            `<tr><td>§ ${e(a.paragrafer.join(', '))}</td><td class="datum">${e(a.frister.anslag ?? '–')}${a.nedtagen ? ` (nedtaget ${e(a.nedtagen)})` : ''}</td><td class="datum">${e(a.frister.overklagandeSenast)}</td><td class="datum">${e(a.frister.anslagNedtidigast)}</td><td class="datum">${e(a.frister.lagaKraft)}</td></tr>`,
        )
        .join('')}</tbody></table></div>`
    : state.justerad
      ? `<p>Anslaget sätts upp ${e(anslagsdag(fakta, state.justerad))} (${fakta.anslagDagarEfterJustering === 0 ? 'samma dag som justeringen' : `${fakta.anslagDagarEfterJustering} ${fakta.anslagDagarEfterJustering === 1 ? 'dag' : 'dagar'} efter justeringen`}).</p>`
      : '<p>Inget anslag ännu: anslaget sätts upp när protokollet är justerat.</p>';
  const expediering = m.status.expediering.length
    ? `<div class="tabell"><table><caption class="visually-hidden">Utskickade protokollsutdrag</caption><thead><tr><th scope="col">§</th><th scope="col">Mottagare</th><th scope="col">För</th><th scope="col">Status</th></tr></thead><tbody>${m.status.expediering
        .map(
          (x) =>
            `<tr><td>${x.paragraf}</td><td>${e(namn(x.mottagare))}</td><td>${x.for === 'VERKSTALLIGHET' ? 'Verkställighet' : 'Kännedom'}</td><td>${x.status === 'KVITTERAD' ? '<span class="justerat">Kvitterat</span>' : '<span class="vantar">Skickat, inte kvitterat</span>'}</td></tr>`,
        )
        .join('')}</tbody></table></div>`
    : '<p>Inga protokollsutdrag har skickats ännu.</p>';

  const dokument = protokoll
    ? `<p>${lankar((f) => `${m.bas}/protokoll.${f}`, 'Protokoll')}</p>`
    : '<p>Protokollet kan laddas ned när sammanträdets fakta och minst en paragraf är protokollförda.</p>';
  const fulla = protokoll?.paragrafer.filter(isFullParagraf).length ?? 0;

  return `${m.meddelande ? `<p class="klart" role="status">${e(m.meddelande)}</p>` : ''}
<p class="fas">Status: <strong>${e(FAS_NAMN[state.fas])}</strong>${fulla ? ` · ${fulla} ${fulla === 1 ? 'paragraf' : 'paragrafer'}` : ''}</p>
<nav aria-label="På sidan"><ul class="meny">
<li><a href="#foredragningslista">Föredragningslista</a></li><li><a href="#motet">Sammanträdet</a></li><li><a href="#paragrafer">Paragrafer</a></li><li><a href="#justering">Justering</a></li><li><a href="#anslag">Anslag</a></li><li><a href="#expediering">Expediering</a></li><li><a href="#dokument">Protokoll</a></li>
</ul></nav>
<section aria-labelledby="foredragningslista"><h2 id="foredragningslista">Föredragningslista</h2>
${lista}${ejKlara}${laggTill}</section>
<section aria-labelledby="motet"><h2 id="motet">Sammanträdet</h2>${motet}</section>
<section aria-labelledby="paragrafer"><h2 id="paragrafer">Paragrafer</h2>${paragrafer}${nyParagraf}</section>
<section aria-labelledby="justering"><h2 id="justering">Justering</h2>${justering}</section>
<section aria-labelledby="anslag"><h2 id="anslag">Anslag</h2>${anslag}</section>
<section aria-labelledby="expediering"><h2 id="expediering">Expediering</h2>${expediering}</section>
<section aria-labelledby="dokument"><h2 id="dokument">Protokoll</h2>${dokument}</section>`;
}
