/** What every document of a sammanträde shares: its refusal error, its page head and its file name. */
import type { IsoDate } from '../datum';
import { ValideringsFel, type Fel } from '../validering';
import type { Dokument, DokumentSlag } from './block';
import type { Dokumentstil } from './stil';

/** A document that cannot be made from this record (an extract of a § not justerad, …); carries every `Fel`. */
export class DokumentVagras extends ValideringsFel {
  constructor(fel: Fel[]) {
    super(fel);
    this.name = 'DokumentVagras';
  }
}

const NAMN: Record<DokumentSlag, string> = {
  protokoll: 'Protokoll',
  protokollsutdrag: 'Protokollsutdrag',
  anslagsbevis: 'Anslagsbevis',
  kallelse: 'Kallelse',
  uppfoljningsbilaga: 'Uppföljning',
};

/** The parts of a document every kind fills in the same way from its organ and meeting day. */
export function ram(
  slag: DokumentSlag,
  organ: { kortnamn: string; namn: string },
  datum: IsoDate,
  paragrafer = '',
  stil: Pick<Dokumentstil, 'kommunNamn' | 'logotyp'> = {},
): Pick<Dokument, 'slag' | 'title' | 'fileStem' | 'pageHeader'> {
  const namn = NAMN[slag];
  const stem = [slag, organ.kortnamn, datum, paragrafer.replace(/[^0-9]+/g, '-')]
    .join('-')
    .normalize('NFD')
    .replace(/[^A-Za-z0-9-]+/g, '')
    .replace(/-+/g, '-')
    .replace(/-$/, '');
  return {
    slag,
    title: [namn, organ.namn, datum, paragrafer].filter(Boolean).join(' '),
    fileStem: stem,
    pageHeader: {
      ...(stil.kommunNamn ? { kommun: stil.kommunNamn } : {}),
      ...(stil.logotyp ? { logotyp: stil.logotyp } : {}),
      left: organ.namn,
      right: [namn, `Sammanträdesdatum ${datum}`],
    },
  };
}
