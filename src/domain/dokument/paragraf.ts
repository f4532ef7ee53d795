/**
 * One § as the protocol records it, in the order of Lund KS § 336 (document 000): rubrik, diarienummer, Beslut,
 * Sammanfattning, Yrkanden, Beslutsgång, Reservationer, Jäv, Underlag för beslut, Beslutet skickas till.
 * A section with nothing in it is left out.
 */
import { attSatserMedSkiljetecken, type Beslutsgang, type Paragraf, type ParagrafNummer } from '../protokoll';
import { heading, names, note, paragraph, section, type Block } from './block';
import { genitiv, uppraknat } from './text';

/** A section of a §: its heading kept on the page with what follows it. */
function del(rubrik: string, innehall: Block[]): Block[] {
  return innehall.length ? [section([heading(2, rubrik), ...innehall])] : [];
}

const attSatser = (satser: readonly string[]): Block[] =>
  satser.length ? [{ kind: 'attSatser', satser: attSatserMedSkiljetecken(satser) }] : [];

function beslutsgang(b: Beslutsgang): Block[] {
  if (b.typ === 'ACKLAMATION') return [paragraph(b.text)];
  return [
    paragraph(b.text),
    names(`Röstar ja (${b.ja.length})`, b.ja),
    names(`Röstar nej (${b.nej.length})`, b.nej),
    ...(b.avstar.length ? [names(`Avstår (${b.avstar.length})`, b.avstar)] : []),
    paragraph(b.utfall),
  ];
}

export function paragrafBlocks(p: Paragraf): Block[] {
  const { skickasTill } = p;
  return [
    heading(1, `§ ${p.nummer} ${p.rubrik}`),
    ...(p.diarienummer ? [paragraph(`Diarienummer: ${p.diarienummer}`)] : []),
    ...del('Beslut', [
      paragraph(p.beslut.inledning),
      ...attSatser(p.beslut.attSatser),
      // KL 5 kap. 70 §: justerad at the meeting, so it may be posted and acted on at once.
      ...(p.omedelbartJusterad ? [paragraph('Paragrafen är omedelbart justerad.')] : []),
    ]),
    ...del('Sammanfattning', p.sammanfattning.map(paragraph)),
    ...del(
      'Yrkanden',
      p.yrkanden.flatMap((y) => [
        paragraph(`${y.av} ${y.text}`),
        ...attSatser(y.attSatser),
        ...(y.instammer.length
          ? [paragraph(`${uppraknat(y.instammer)} instämmer i ${genitiv(y.av)} yrkande.`)]
          : []),
      ]),
    ),
    ...del('Beslutsgång', p.beslutsgang ? beslutsgang(p.beslutsgang) : []),
    ...del(
      'Reservationer',
      p.reservationer.flatMap((r) => [
        paragraph(`${uppraknat(r.av)} reserverar sig mot beslutet.`),
        ...(r.text ? [paragraph(r.text)] : []),
      ]),
    ),
    ...del(
      'Jäv',
      p.jav.flatMap((j) => [
        paragraph(`${j.namn} anmäler jäv och deltar inte i handläggningen av ärendet.`),
        ...(j.text ? [paragraph(j.text)] : []),
      ]),
    ),
    ...del(
      'Underlag för beslut',
      p.underlag.length ? [{ kind: 'list', items: p.underlag, numbered: false }] : [],
    ),
    ...del('Beslutet skickas till', [
      ...(skickasTill.verkstallighet.length
        ? [names('För verkställighet eller motsvarande åtgärd:', skickasTill.verkstallighet)]
        : []),
      ...(skickasTill.kannedom.length ? [names('För kännedom:', skickasTill.kannedom)] : []),
    ]),
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
