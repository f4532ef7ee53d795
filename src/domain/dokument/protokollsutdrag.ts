/**
 * A protokollsutdrag as Lund KS makes it (document 000): the extracted §§ first, then the front page and
 * ANSLAG/BEVIS, and on every page the boxes "Justerare | Utdragsbestyrkande". Only §§ recorded in full and
 * justerade (or omedelbart justerade, KL 5 kap. 70 §) can be extracted; anything else is refused with the rule.
 */
import { paragrafSpann } from '../numrering';
import { isFullParagraf, utdragFel, type Paragraf, type Protokoll } from '../protokoll';
import { estimatedLines, pageBreak, type Block, type Dokument } from './block';
import { anslagBlocks } from './anslag';
import { DokumentVagras, ram } from './dokument';
import { forstasidaBlocks } from './forstasida';
import { paragrafBlocks } from './paragraf';
import { huvud, somTryckt } from './protokoll';
import { STANDARDSTIL, type Dokumentstil } from './stil';

export function protokollsutdragDokument(
  p: Protokoll,
  nummer: readonly number[],
  stil: Dokumentstil = STANDARDSTIL,
): Dokument {
  const valda = [...new Set(nummer)].sort((a, b) => a - b);
  if (!valda.length) {
    throw new DokumentVagras([
      { field: 'paragraf', rule: 'paragraf_vald', message: 'ange minst en paragraf att göra utdrag ur' },
    ]);
  }
  const fel = utdragFel(p, valda);
  if (fel.length) throw new DokumentVagras(fel);
  const paragrafer = valda
    .map((n) => p.paragrafer.find((x) => x.nummer === n))
    .filter((x): x is Paragraf => x !== undefined && isFullParagraf(x));
  const paragrafBlock = paragrafer.flatMap((x, i) => [
    ...(i > 0 ? [pageBreak] : []),
    ...paragrafBlocks(somTryckt(p, x), stil),
  ]);
  return {
    ...ram(
      'protokollsutdrag',
      { kortnamn: p.organ, namn: p.organNamn },
      p.datum,
      paragrafSpann(valda),
      huvud(p, stil),
    ),
    pageFooterBoxes: stil.sidfot,
    blocks: [
      ...paragrafBlock,
      // A short § (a two-line beslut) does not leave a page of its own nearly empty: the front page follows it.
      ...(kort(paragrafBlock) ? [] : [pageBreak]),
      ...forstasidaBlocks(p, [], stil),
      ...anslagBlocks(p),
    ],
  };
}

/** About two thirds of the lines of body text an A4 page holds at 10.5 pt: a § shorter shares its page. */
const HALV_SIDA_RADER = 34;
const TECKEN_PER_RAD = 90;

const kort = (blocks: Block[]) =>
  blocks.reduce((n, b) => n + estimatedLines(b, TECKEN_PER_RAD), 0) < HALV_SIDA_RADER;
