/**
 * The protocol of a sammanträde: the front page (with ANSLAG/BEVIS once posted), then every § in order. A
 * protocol not yet justerat can be printed — for the justerare to read — and says so on every page.
 */
import { isFullParagraf, type Protokoll } from '../protokoll';
import { note, pageBreak, type Block, type Dokument } from './block';
import { anslagBlocks } from './anslag';
import { ram } from './dokument';
import { forstasidaBlocks } from './forstasida';
import { paragrafBlocks, paragrafNummerBlocks } from './paragraf';

/** The §§ one after another; a § recorded in full has pages of its own, as in the signed protocol. */
function paragraferBlocks(p: Protokoll): Block[] {
  const out: Block[] = [];
  p.paragrafer.forEach((x, i) => {
    const previous = p.paragrafer[i - 1];
    if (i > 0 && (isFullParagraf(x) || (previous && isFullParagraf(previous)))) out.push(pageBreak);
    out.push(...(isFullParagraf(x) ? paragrafBlocks(x) : paragrafNummerBlocks(x)));
  });
  return out;
}

export function protokollDokument(p: Protokoll): Dokument {
  const justerat = p.justering.justerad !== undefined;
  return {
    ...ram('protokoll', { kortnamn: p.organ, namn: p.organNamn }, p.datum),
    pageFooterBoxes: ['Justerare', 'Utdragsbestyrkande'],
    ...(justerat ? {} : { marking: 'Ej justerat' }),
    blocks: [
      ...forstasidaBlocks(p, justerat ? [] : [note('Protokollet är inte justerat.')]),
      ...anslagBlocks(p),
      pageBreak,
      ...paragraferBlocks(p),
    ],
  };
}
