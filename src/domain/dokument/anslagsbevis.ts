/**
 * The anslagsbevis on its own: the certificate that the justering of the protocol was announced on the
 * anslagstavla (KL 8 kap. 12 §), with the day it went up and the first day it may come down.
 */
import type { Protokoll } from '../protokoll';
import type { Dokument } from './block';
import { anslagBlocks, anslagetsParagrafer, anslagsbevisFel } from './anslag';
import { DokumentVagras, ram } from './dokument';
import { paragrafSpann } from '../numrering';
import { huvud } from './protokoll';
import { STANDARDSTIL, type Dokumentstil } from './stil';

export function anslagsbevisDokument(p: Protokoll, stil: Dokumentstil = STANDARDSTIL): Dokument {
  const fel = anslagsbevisFel(p);
  if (fel.length) throw new DokumentVagras(fel);
  const spann = p.justering.justerad ? '' : paragrafSpann(anslagetsParagrafer(p));
  return {
    ...ram('anslagsbevis', { kortnamn: p.organ, namn: p.organNamn }, p.datum, spann, huvud(p, stil)),
    pageFooterBoxes: [],
    blocks: anslagBlocks(p, 1),
  };
}
