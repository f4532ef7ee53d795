/**
 * The Swedish of protocols: lists of names ("A, B och C"), the genitive of a name ("Axel Hallbergs (MP)"), and
 * the lines of the front page as Lund KS writes them (document 000, domain-brief.md §3).
 */
import type { Deltagare, Paragrafintervall, Protokoll, Tidsspann } from '../protokoll';
import { langtDatum, langtDatumMedKlockslag } from '../svenskTid';

/** "A", "A och B", "A, B och C" (no serial comma in Swedish). */
export function uppraknat(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} och ${items[items.length - 1]}`;
}

/**
 * The genitive of a name, with a party or title in parentheses kept after it: "Axel Hallberg (MP)" →
 * "Axel Hallbergs (MP)". A name ending in s, x or z takes no -s ("Thomas Andersson" → "Thomas Anderssons", but
 * "Mats Ljungkvist Klas" → "Mats Ljungkvist Klas"), as Språkrådet recommends.
 */
export function genitiv(namn: string): string {
  const match = /^(.*?)(\s*\([^()]*\))?$/.exec(namn.trim());
  const bas = match?.[1] ?? namn;
  const tillagg = match?.[2] ?? '';
  return `${/[sxz]$/i.test(bas) ? bas : `${bas}s`}${tillagg}`;
}

/** "Kommunstyrelsen" → "kommunstyrelsen": organs are written in lower case in running text. */
export function gemen(text: string): string {
  return text.charAt(0).toLocaleLowerCase('sv') + text.slice(1);
}

/** "onsdagen den …" → "Onsdagen den …" at the start of a field. */
export function versal(text: string): string {
  return text.charAt(0).toLocaleUpperCase('sv') + text.slice(1);
}

export const tidsspann = (t: Tidsspann): string => `${t.fran}–${t.till}`;

const spann = ({ fran, till }: Paragrafintervall) => (fran === till ? `${fran}` : `${fran}–${till}`);

/** "§ 4", "§§ 4 och 7", "§§ 142–143", "§§ 1–3, 5 och 9": numbers in runs, as protocols write them. */
export function paragraflista(nummer: readonly number[]): string {
  const sorted = [...new Set(nummer)].sort((a, b) => a - b);
  const runs: Paragrafintervall[] = [];
  for (const n of sorted) {
    const last = runs.at(-1);
    if (last && n === last.till + 1) last.till = n;
    else runs.push({ fran: n, till: n });
  }
  const flera = sorted.length > 1;
  return `${flera ? '§§' : '§'} ${uppraknat(runs.map(spann))}`;
}

/**
 * ", § 327–355, kl. 14.00–17.05" for someone present only in part of the meeting (one run as document 000
 * writes it; several as "§§ 127–141, 144–148"), ", ej §§ 142–143" for §§ they did not take part in, and what
 * the protocol adds after them ("p.g.a. jäv").
 */
function delvisNarvaro(d: Deltagare): string {
  const delar: string[] = [];
  if (d.paragrafer) {
    delar.push(
      d.paragrafer.length === 1 ? `§ ${spann(d.paragrafer[0]!)}` : `§§ ${d.paragrafer.map(spann).join(', ')}`,
    );
  }
  if (d.ej) delar.push(`ej ${paragraflista(d.ej)}`);
  if (d.tid) delar.push(`kl. ${tidsspann(d.tid)}`);
  return delar.map((s) => `, ${s}`).join('') + (d.anteckning ? ` ${d.anteckning}` : '');
}

const medParti = (d: Deltagare): string => (d.parti ? `${d.namn} (${d.parti})` : d.namn);

/** A ledamot or ersättare: "Anders Almgren (S), ordförande"; "Christoffer Akej (M), § 327–355, kl. 14.00–17.05". */
export function ledamotText(d: Deltagare): string {
  return `${medParti(d)}${d.roll ? `, ${d.roll}` : ''}${delvisNarvaro(d)}`;
}

/**
 * A tjänstgörande ersättare: "Jessica Ulfgren (L), tjänstgör för Philip Sandberg (L)" — or in the kommun's
 * words, "Mårten Carlquist (M), ersätter Thure Sandén (M), § 142–143".
 */
export function tjanstgorandeText(d: Deltagare & { tjanstgorFor: string }, ord = 'tjänstgör för'): string {
  return `${medParti(d)}, ${ord} ${d.tjanstgorFor}${d.roll ? `, ${d.roll}` : ''}${delvisNarvaro(d)}`;
}

/** One of the övriga, title before party: "Christoffer Karlsson, politisk sekreterare (L)"; "…, § 327–356". */
export function ovrigText(d: Deltagare): string {
  const titel = d.roll ? `, ${d.roll}` : '';
  return `${d.namn}${titel}${d.parti ? ` (${d.parti})` : ''}${delvisNarvaro(d)}`;
}

/** "2023-10-11 klockan 14.00–18.00, ajournering klockan 15.46–16.07, Sessionsalen, Stadshuset". */
export function tidOchPlats(p: Pick<Protokoll, 'datum' | 'tid' | 'ajourneringar' | 'plats'>): string {
  const ajournering = p.ajourneringar.length
    ? `, ajournering klockan ${uppraknat(p.ajourneringar.map(tidsspann))}`
    : '';
  return `${p.datum} klockan ${tidsspann(p.tid)}${ajournering}, ${p.plats}`;
}

/** "Digital justering onsdagen den 18 oktober 2023, klockan 10.00" ("Digital justering" when no day was given). */
export function tidOchPlatsForJustering(justering: Protokoll['justering']): string {
  if (!justering.datum) return justering.plats;
  const when = justering.klockan
    ? langtDatumMedKlockslag(justering.datum, justering.klockan)
    : langtDatum(justering.datum);
  return `${justering.plats} ${when}`;
}
