/**
 * The protocol of a sammanträde: the front page (with ANSLAG/BEVIS once posted), then every § in order. A
 * protocol not yet justerat can be printed — for the justerare to read — and says so on every page.
 */
import {
  arJusterat,
  arOmedelbartJusterad,
  isFullParagraf,
  type Paragraf,
  type Protokoll,
} from '../protokoll';
import { note, pageBreak, type Block, type Dokument } from './block';
import { anslagBlocks } from './anslag';
import { ram } from './dokument';
import { forstasidaBlocks } from './forstasida';
import { paragrafBlocks, paragrafNummerBlocks } from './paragraf';
import { STANDARDSTIL, type Dokumentstil } from './stil';

/** The kommun's name from its style, else from the record; its logo from its style. */
export function huvud(p: Protokoll, stil: Dokumentstil): Pick<Dokumentstil, 'kommunNamn' | 'logotyp'> {
  const kommunNamn = stil.kommunNamn ?? p.kommunNamn;
  return { ...(kommunNamn ? { kommunNamn } : {}), ...(stil.logotyp ? { logotyp: stil.logotyp } : {}) };
}

/** A § as printed: omedelbart justerad also when the whole protocol was (KL 5 kap. 70 §). */
export const somTryckt = (p: Protokoll, x: Paragraf): Paragraf =>
  arOmedelbartJusterad(p, x) === x.omedelbartJusterad ? x : { ...x, omedelbartJusterad: true };

/** The §§ one after another; a § recorded in full has pages of its own, as in the signed protocol. */
function paragraferBlocks(p: Protokoll, stil: Dokumentstil): Block[] {
  const out: Block[] = [];
  p.paragrafer.forEach((x, i) => {
    const previous = p.paragrafer[i - 1];
    if (i > 0 && (isFullParagraf(x) || (previous && isFullParagraf(previous)))) out.push(pageBreak);
    out.push(...(isFullParagraf(x) ? paragrafBlocks(somTryckt(p, x), stil) : paragrafNummerBlocks(x)));
  });
  return out;
}

export function protokollDokument(p: Protokoll, stil: Dokumentstil = STANDARDSTIL): Dokument {
  const justerat = arJusterat(p);
  return {
    ...ram('protokoll', { kortnamn: p.organ, namn: p.organNamn }, p.datum, '', huvud(p, stil)),
    pageFooterBoxes: stil.sidfot,
    ...(justerat ? {} : { marking: 'Ej justerat' }),
    blocks: [
      ...forstasidaBlocks(p, justerat ? [] : [note('Protokollet är inte justerat.')], stil),
      ...anslagBlocks(p),
      pageBreak,
      ...paragraferBlocks(p, stil),
    ],
  };
}
