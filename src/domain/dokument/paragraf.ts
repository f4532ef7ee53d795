/**
 * One § as the protocol records it. Lund KS § 336 (document 000) gives the order — rubrik, diarienummer, Beslut,
 * Sammanfattning, Yrkanden, Beslutsgång, Reservationer, Jäv, Underlag för beslut, Beslutet skickas till — and a
 * kommun's style (./stil.ts) its own order, headings and words. A section with nothing in it is left out, and
 * nothing is printed that the record does not say: a vote prints the counts and the names it was given, a jäv
 * the sentence recorded (or the kommun's sentence for who noted it).
 */
import {
  attSatserMedSkiljetecken,
  rostantal,
  type Beslutsgang,
  type Meningsyttring,
  type Paragraf,
  type ParagrafNummer,
} from '../protokoll';
import { heading, names, note, paragraph, section, type Block } from './block';
import { javLydelse, STANDARDSTIL, type Avsnitt, type Dokumentstil } from './stil';
import { genitiv, uppraknat } from './text';

/** A section of a §: its heading kept on the page with what follows it. */
function del(rubrik: string, innehall: Block[]): Block[] {
  return innehall.length ? [section([heading(2, rubrik), ...innehall])] : [];
}

/** Text as paragraphs: a line break in what was recorded starts a new one. */
const stycken = (text: string | undefined): Block[] =>
  (text ?? '')
    .split(/\r?\n/)
    .map((t) => t.trim())
    .filter(Boolean)
    .map(paragraph);

const attSatser = (satser: readonly string[]): Block[] =>
  satser.length ? [{ kind: 'attSatser', satser: attSatserMedSkiljetecken(satser) }] : [];

function beslutsgang(b: Beslutsgang): Block[] {
  if (b.typ === 'ACKLAMATION') return stycken(b.text);
  const antal = rostantal(b);
  // The counts as given (or as many as the names), with the names when the protocol has a voteringslista: an
  // empty list is never printed beside a count it would contradict.
  const lista = (rubrik: string, n: number | undefined, namn: string[]): Block[] =>
    n === undefined ? [] : [names(`${rubrik} (${n})`, namn)];
  return [
    ...stycken(b.text),
    ...lista('Röstar ja', antal.ja, b.ja),
    ...lista('Röstar nej', antal.nej, b.nej),
    ...lista('Avstår', antal.avstar, b.avstar),
    ...stycken(b.utfall),
  ];
}

/** "Se bilaga 1." under a statement whose text is attached. */
const bilagehanvisning = (bilaga: string | undefined): Block[] =>
  bilaga ? [paragraph(`Se ${bilaga.charAt(0).toLocaleLowerCase('sv')}${bilaga.slice(1)}.`)] : [];

/** A statement of some members: its sentence (or `standard`), its text, and where its text is attached. */
function meningsyttring(m: Meningsyttring, standard: string): Block[] {
  const [forsta, ...resten] = m.text;
  // Without a sentence of its own: a text that names who wrote it stands alone ("Lars Eriksson (S) stödjer
  // initiativet."), one that does not is prefixed with their names, and without a text the kommun's sentence says it.
  const namnger = forsta !== undefined && m.av.some((a) => forsta.includes(a));
  const inledning = m.lydelse ?? (forsta === undefined ? standard : undefined);
  return [
    ...(inledning ? [paragraph(inledning)] : []),
    ...(forsta !== undefined
      ? [paragraph(inledning || namnger ? forsta : `${uppraknat(m.av)}: ${forsta}`)]
      : []),
    ...resten.map(paragraph),
    ...bilagehanvisning(m.bilaga),
  ];
}

type Avsnittsblock = (p: Paragraf, stil: Dokumentstil) => Block[];

const AVSNITT: Record<Avsnitt, Avsnittsblock> = {
  beslut: (p) => [
    ...(p.beslut.inledning ? [paragraph(p.beslut.inledning)] : []),
    ...attSatser(p.beslut.attSatser),
    ...p.beslut.text.map(paragraph),
    // KL 5 kap. 70 §: justerad at the meeting, so it may be posted and acted on at once.
    ...(p.omedelbartJusterad ? [paragraph('Paragrafen är omedelbart justerad.')] : []),
  ],
  sammanfattning: (p) => p.sammanfattning.map(paragraph),
  yrkanden: (p) =>
    p.yrkanden.flatMap((y) => [
      paragraph(`${y.av} ${y.text}`),
      ...attSatser(y.attSatser),
      ...(y.instammer.length
        ? [paragraph(`${uppraknat(y.instammer)} instämmer i ${genitiv(y.av)} yrkande.`)]
        : []),
    ]),
  beslutsgang: (p) => (p.beslutsgang ? beslutsgang(p.beslutsgang) : []),
  reservationer: (p) =>
    p.reservationer.flatMap((r) => [
      paragraph(r.lydelse ?? `${uppraknat(r.av)} reserverar sig mot beslutet.`),
      ...(r.text ? [paragraph(r.text)] : []),
      ...r.motivering.map(paragraph),
      ...bilagehanvisning(r.bilaga),
    ]),
  sarskildaYttranden: (p) =>
    p.sarskildaYttranden.flatMap((y) =>
      meningsyttring(y, `${uppraknat(y.av)} lämnar ett särskilt yttrande.`),
    ),
  protokollsanteckningar: (p) =>
    p.protokollsanteckningar.flatMap((a) =>
      meningsyttring(a, `${uppraknat(a.av)} lämnar en protokollsanteckning.`),
    ),
  jav: (p, stil) =>
    p.jav.flatMap((j) => [
      // The sentence recorded, else the kommun's for who noted it; a record from before either says what
      // document 000's generation of Årshjul printed.
      paragraph(j.lydelse ?? javLydelse(stil, j.anmaltAv ?? 'LEDAMOTEN', j.namn)),
      ...(j.text ? [paragraph(j.text)] : []),
    ]),
  underlag: (p) => (p.underlag.length ? [{ kind: 'list', items: p.underlag, numbered: false }] : []),
  bilagor: (p) =>
    p.bilagor.flatMap((b) => {
      // A § of another organ's protocol, cited as the kommun cites a beslut, unless the title already does.
      const utdrag = b.utdrag
        ? `Protokollsutdrag ${b.utdrag.organ} ${b.utdrag.datum} § ${b.utdrag.paragraf}`
        : '';
      return [
        section([
          heading(3, `${b.beteckning}: ${b.titel}`),
          ...(utdrag && !b.titel.includes(`§ ${b.utdrag!.paragraf}`) ? [paragraph(utdrag)] : []),
          ...b.text.map(paragraph),
        ]),
      ];
    }),
  skickasTill: (p) => [
    ...(p.skickasTill.verkstallighet.length
      ? [names('För verkställighet eller motsvarande åtgärd:', p.skickasTill.verkstallighet)]
      : []),
    ...(p.skickasTill.kannedom.length ? [names('För kännedom:', p.skickasTill.kannedom)] : []),
    ...(p.skickasTill.mottagare.length ? [names(undefined, p.skickasTill.mottagare)] : []),
  ],
};

export function paragrafBlocks(p: Paragraf, stil: Dokumentstil = STANDARDSTIL): Block[] {
  const rubrik = (avsnitt: Avsnitt) =>
    avsnitt === 'beslut' ? (p.beslut.rubrik ?? stil.rubriker.beslut) : stil.rubriker[avsnitt];
  return [
    heading(1, `§ ${p.nummer} ${p.rubrik}`),
    ...(p.diarienummer ? [paragraph(`${stil.diarienummer} ${p.diarienummer}`)] : []),
    ...stil.ordning.flatMap((avsnitt) => del(rubrik(avsnitt), AVSNITT[avsnitt](p, stil))),
  ];
}

/** A § the register holds by number only: listed so the protocol's numbering stays whole. */
export function paragrafNummerBlocks(p: ParagrafNummer): Block[] {
  return [
    section([
      heading(1, p.rubrik ? `§ ${p.nummer} ${p.rubrik}` : `§ ${p.nummer}`),
      note('Paragrafen är bara upptagen med nummer här; den är inte protokollförd i sin helhet.'),
    ]),
  ];
}
