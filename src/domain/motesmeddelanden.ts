/**
 * The words of the sammanträde's mail: the kallelse to ledamöter and ersättare, and the protokollsutdrag to each
 * recipient in "Beslutet skickas till", with the link that acknowledges it. Pure: the activity
 * (src/activities/sammantradeMail.ts) attaches the documents and sends.
 */
import type { Brev } from './brev';
import type { IsoDate } from './datum';
import type { Kallelse } from './kallelse';
import { langtDatum } from './svenskTid';

/** The blocks of a mail the kansli sends (a kallelse, an utdrag, a notice): no task, at most one link. */
export interface Block {
  amne: string;
  rubrik: string;
  stycken: string[];
  fakta: [string, string][];
  lank?: { text: string; url: string };
}

/** One message to one person from its blocks (src/mail/brev.tsx renders its text and HTML bodies). */
export function brev(kommunNamn: string, mottagare: string | undefined, b: Block): Brev {
  return { ...b, kommunNamn, ...(mottagare ? { mottagare } : {}) };
}

/** "Kallelse: Kommunstyrelsen onsdagen den 11 oktober 2023 klockan 14.00". */
export function kallelsemeddelande(input: {
  kommunNamn: string;
  mottagare: string;
  kallelse: Kallelse;
  /** The ärendenas approved documents: attached while they weigh little enough, else only linked. */
  bilagor?: { punkt: number; text: string; lank: string; bifogad: boolean }[];
}): Brev {
  const { kallelse: k } = input;
  const nar = `${langtDatum(k.datum)} klockan ${k.klockan}`;
  const bilagor = input.bilagor ?? [];
  return brev(input.kommunNamn, input.mottagare, {
    amne: `Kallelse: ${k.organNamn} ${nar}`,
    rubrik: `Kallelse till sammanträde med ${k.organNamn.toLowerCase()}`,
    stycken: [
      `Du kallas till sammanträde med ${k.organNamn.toLowerCase()} ${nar}, ${k.plats}.`,
      `Kallelsen med föredragningslistan (${k.arenden.length} ${k.arenden.length === 1 ? 'ärende' : 'ärenden'}) finns bifogad som PDF. Kan du inte komma, meddela sekreteraren så att en ersättare kan kallas in.`,
      ...(bilagor.length > 0
        ? [
            bilagor.every((b) => b.bifogad)
              ? 'Ärendenas handlingar är bifogade; du hittar dem också i Årshjul:'
              : 'Ärendenas handlingar är för stora för att bifogas alla; läs dem i Årshjul (logga in):',
            ...bilagor.map((b) => `Punkt ${b.punkt}. ${b.text}${b.bifogad ? ' (bifogad)' : ''}: ${b.lank}`),
          ]
        : []),
    ],
    fakta: [
      ['Organ', k.organNamn],
      ['Tid', nar],
      ['Plats', k.plats],
      ['Ordförande', k.ordforande],
      ['Sekreterare', k.sekreterare],
    ],
  });
}

/** The protokollsutdrag of one § to one recipient, and the link that acknowledges it. */
export function utdragsmeddelande(input: {
  kommunNamn: string;
  mottagare: string;
  organNamn: string;
  sammantrade: IsoDate;
  paragraf: number;
  rubrik: string;
  diarienummer?: string;
  for: 'VERKSTALLIGHET' | 'KANNEDOM';
  forfaller: IsoDate;
  lank: string;
}): Brev {
  const forWhat =
    input.for === 'VERKSTALLIGHET' ? 'för verkställighet eller motsvarande åtgärd' : 'för kännedom';
  return brev(input.kommunNamn, input.mottagare, {
    amne: `Protokollsutdrag ${input.organNamn} ${input.sammantrade} § ${input.paragraf}: ${input.rubrik.replace(/\s+/g, ' ')}`,
    rubrik: `Protokollsutdrag § ${input.paragraf}`,
    stycken: [
      `${input.organNamn} beslutade ${langtDatum(input.sammantrade)} i § ${input.paragraf}, ”${input.rubrik}”. Beslutet skickas till dig ${forWhat}. Protokollsutdraget finns bifogat som PDF.`,
      `Bekräfta att du har tagit emot beslutet senast ${langtDatum(input.forfaller)} genom länken nedan.`,
    ],
    fakta: [
      ['Organ', input.organNamn],
      ['Sammanträde', input.sammantrade],
      ['Paragraf', `§ ${input.paragraf}`],
      ...(input.diarienummer ? [['Diarienummer', input.diarienummer] as [string, string]] : []),
      ['Skickas', forWhat],
    ],
    lank: { text: 'Bekräfta mottagandet', url: input.lank },
  });
}
