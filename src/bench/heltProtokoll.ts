/**
 * A whole protocol for the benchmark and the layout checks: Lund KS 2023-10-11 (config/examples) with every §
 * recorded in full, §§ `fran`…`fran + antal - 1`, synthesised from § 336 with varied ärendemeningar, att-satser,
 * yrkanden, an omröstning with reservation now and then, jäv and distribution lists. The text is made up; only
 * its shape and length follow document 000.
 */
import type { Paragraf, Protokoll } from '../domain/protokoll';
import { isFullParagraf } from '../domain/protokoll';

const ARENDEN = [
  'Svar på motion från Liv Severinsson (FNL) om fler cykelparkeringar vid stationerna',
  'Revidering av reglemente för kommunstyrelsen och dess utskott',
  'Remissvar över förslag till regional trafikförsörjningsplan för Skåne',
  'Försäljning av del av fastigheten Lund Kungsmarken 2:1',
  'Taxa för tillsyn enligt miljöbalken och livsmedelslagstiftningen 2024',
  'Detaljplan för del av Brunnshög, Östra Torn 27:2 med flera, antagande',
  'Riktlinjer för kommunens arbete med barnets rättigheter',
  'Borgensåtagande för Lunds kommuns Fastighets AB',
  'Uppföljning av intern kontroll 2023 för kommunstyrelsen',
  'Svar på skrivelse från Hedvig Åkesson (KD) om trygghetsvandringar i Norra Fäladen',
];

const VERB = ['godkänna', 'anta', 'avslå', 'bifalla', 'överlämna', 'uppdra åt kommunkontoret att utreda'];

function paragraf(mall: Paragraf, nummer: number, i: number): Paragraf {
  const rubrik = `${ARENDEN[i % ARENDEN.length]!}${i >= ARENDEN.length ? ` (del ${Math.floor(i / ARENDEN.length) + 1})` : ''}`;
  const attSatser = Array.from(
    { length: 1 + (i % 4) },
    (_, k) =>
      `att ${VERB[(i + k) % VERB.length]!} ${rubrik.charAt(0).toLowerCase()}${rubrik.slice(1)} i enlighet med kommunkontorets förslag${k === 0 ? '' : ` och redovisa arbetet till kommunstyrelsen senast ${k} månader efter beslutet`}`,
  );
  const omrostning = i % 5 === 2;
  const [hallberg, ...ovriga] = [mall.yrkanden[0]!.av, ...mall.yrkanden[0]!.instammer];
  return {
    ...mall,
    nummer,
    rubrik,
    diarienummer: `KS 2023/${String(400 + i * 7).padStart(4, '0')}`,
    beslut: { ...mall.beslut, attSatser },
    sammanfattning: mall.sammanfattning.slice(0, 1 + (i % 3)),
    yrkanden: [
      {
        av: omrostning ? ovriga[i % ovriga.length]! : hallberg!,
        text: 'yrkar att kommunstyrelsen beslutar',
        attSatser,
        instammer: ovriga.slice(0, i % ovriga.length),
      },
    ],
    beslutsgang: omrostning
      ? {
          typ: 'OMROSTNING',
          text: 'Ordföranden ställer proposition på bifall och avslag till yrkandet och finner att kommunstyrelsen bifallit yrkandet. Votering begärs och verkställs.',
          ja: [
            'Anders Almgren (S)',
            'Lina Olsson (S)',
            'Björn Abelson (S)',
            'Helena Falk (V)',
            'Axel Hallberg (MP)',
            'Liv Severinsson (FNL)',
            'Jessica Ulfgren (L)',
          ],
          nej: [
            'Rasmus Törnblom (M)',
            'Amanda Thonander (M)',
            'Hedvig Åkesson (KD)',
            'Mattias Horrdin (C)',
            'Magnus Liljeroth (SD)',
          ],
          avstar: ['Mia Honeth (L)'],
          utfall:
            'Med 7 ja-röster mot 5 nej-röster, 1 ledamot avstår, har kommunstyrelsen bifallit yrkandet.',
        }
      : mall.beslutsgang,
    reservationer: omrostning
      ? [
          {
            av: ['Rasmus Törnblom (M)', 'Amanda Thonander (M)'],
            text: 'Reservationen bifogas protokollet.',
            motivering: [],
          },
        ]
      : [],
    jav: i % 7 === 3 ? [{ namn: 'Mattias Horrdin (C)' }] : [],
    underlag: mall.underlag.slice(0, 1 + (i % mall.underlag.length)),
    skickasTill: {
      verkstallighet: i % 2 ? ['Kommunkontoret', 'Serviceförvaltningen'] : ['Kommunkontoret'],
      kannedom: i % 3 ? ['Kommunfullmäktige'] : ['Kommunfullmäktige', 'Revisionen'],
      mottagare: [],
    },
    omedelbartJusterad: false,
  };
}

/** The example protocol with `antal` §§ from `fran`, each recorded in full after § 336's pattern. */
export function heltProtokoll(exempel: Protokoll, antal = 40, fran = 327): Protokoll {
  const mall = exempel.paragrafer.find((p): p is Paragraf => isFullParagraf(p) && p.nummer === 336);
  if (!mall) throw new Error('the example protocol has no § 336 recorded in full');
  return {
    ...exempel,
    paragrafer: Array.from({ length: antal }, (_, i) =>
      fran + i === 336 ? mall : paragraf(mall, fran + i, i),
    ),
  };
}
