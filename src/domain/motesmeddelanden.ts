/**
 * The words of the sammanträde's mail: the kallelse to ledamöter and ersättare, and the protokollsutdrag to each
 * recipient in "Beslutet skickas till", with the link that acknowledges it. Pure: the activity
 * (src/activities/sammantradeMail.ts) attaches the documents and sends.
 */
import type { IsoDate } from './datum';
import type { Kallelse } from './kallelse';
import { escapeHtml, type Meddelande } from './meddelanden';
import { langtDatum } from './svenskTid';

const FONT = "font-family:Arial,'Helvetica Neue',Helvetica,sans-serif;";
const P = 'margin:0 0 16px;font-size:16px;line-height:1.5;color:#1a1a1a;';
const SIDFOT = (kommunNamn: string) =>
  `Det här meddelandet skickades automatiskt av Årshjul, ${kommunNamn}. Svara inte på det.`;

export interface Block {
  amne: string;
  rubrik: string;
  stycken: string[];
  fakta: [string, string][];
  lank?: { text: string; url: string };
}

/** One message to one person from its blocks, as plain text and HTML (inline styles only). */
export function render(kommunNamn: string, mottagare: string, b: Block): Meddelande {
  const width = Math.max(0, ...b.fakta.map(([label]) => label.length)) + 2;
  const text = [
    `Hej ${mottagare}!`,
    ...b.stycken,
    b.fakta.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join('\n'),
    ...(b.lank ? [`${b.lank.text}:\n${b.lank.url}`] : []),
    `-- \n${SIDFOT(kommunNamn)}`,
  ]
    .join('\n\n')
    .concat('\n');
  const e = escapeHtml;
  const rows = b.fakta
    .map(
      ([label, value]) =>
        `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;white-space:nowrap;">${e(label)}</th><td style="padding:4px 0;">${e(value)}</td></tr>`,
    )
    .join('\n');
  const html = `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(b.amne)}</title>
</head>
<body style="margin:0;padding:0;background:#ffffff;">
<div style="${FONT}max-width:640px;margin:0 auto;padding:24px 16px;color:#1a1a1a;">
<p style="margin:0 0 24px;font-size:14px;color:#4a4a4a;">Årshjul · ${e(kommunNamn)}</p>
<h1 style="margin:0 0 24px;font-size:22px;line-height:1.3;">${e(b.rubrik)}</h1>
<p style="${P}">${e(`Hej ${mottagare}!`)}</p>
${b.stycken.map((s) => `<p style="${P}">${e(s)}</p>`).join('\n')}
<table role="presentation" style="${FONT}border-collapse:collapse;margin:0 0 16px;font-size:16px;line-height:1.4;">
${rows}
</table>
${b.lank ? `<p style="margin:24px 0;"><a href="${e(b.lank.url)}" style="display:inline-block;padding:12px 24px;background:#1d4f91;color:#ffffff;font-size:16px;font-weight:bold;text-decoration:none;border-radius:4px;">${e(b.lank.text)}</a></p>\n<p style="margin:0 0 16px;font-size:14px;color:#4a4a4a;">Fungerar inte knappen? Öppna den här adressen: <a href="${e(b.lank.url)}" style="color:#1d4f91;word-break:break-all;">${e(b.lank.url)}</a></p>` : ''}
<hr style="border:none;border-top:1px solid #d0d0d0;margin:24px 0 16px;">
<p style="margin:0;font-size:13px;color:#4a4a4a;">${e(SIDFOT(kommunNamn))}</p>
</div>
</body>
</html>`;
  return { amne: b.amne, text, html };
}

/** "Kallelse: Kommunstyrelsen onsdagen den 11 oktober 2023 klockan 14.00". */
export function kallelsemeddelande(input: {
  kommunNamn: string;
  mottagare: string;
  kallelse: Kallelse;
  /** The ärendenas approved documents: attached while they weigh little enough, else only linked. */
  bilagor?: { punkt: number; text: string; lank: string; bifogad: boolean }[];
}): Meddelande {
  const { kallelse: k } = input;
  const nar = `${langtDatum(k.datum)} klockan ${k.klockan}`;
  const bilagor = input.bilagor ?? [];
  return render(input.kommunNamn, input.mottagare, {
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
}): Meddelande {
  const forWhat =
    input.for === 'VERKSTALLIGHET' ? 'för verkställighet eller motsvarande åtgärd' : 'för kännedom';
  return render(input.kommunNamn, input.mottagare, {
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
