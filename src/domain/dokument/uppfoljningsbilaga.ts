/**
 * The report's follow-up as a bilaga in the layout of the source documents: the mål with their bedömning in the
 * kommun's words and symbol (Lund 000:389, Eskilstuna 004:107), the indikatorer with målvärde, utfall and prognos
 * (Linköping 003:583), the uppdrag with ansvarig nämnd, status, slutdatum and beslutad av (Lund 000:595–695), the
 * ekonomi per verksamhet with its summa (Linköping 003:127–137) — and first the counts the reports write by hand.
 * For the styrelse's kommunövergripande report, the nämnder's counts too, and which have not reported.
 */
import type { IsoDate } from '../datum';
import type { Objekt, Varde } from '../uppfoljning/modell';
import {
  avvikelseAv,
  belopp,
  raknatSom,
  sammanfattning,
  type Sammanstallning,
} from '../uppfoljning/sammanstallning';
import type { Steg, UppfoljningConfig } from '../uppfoljning/skalor';
import { heading, note, paragraph, type Block, type Dokument } from './block';

export interface Namndrad {
  organ: string;
  namn: string;
  rapporterat: boolean;
  sammanstallning: Sammanstallning;
}

export interface Uppfoljningsbilaga {
  kommun: string;
  organ: { kortnamn: string; namn: string };
  rapport: { id: string; titel: string; period: IsoDate; diarienummer?: string };
  config: UppfoljningConfig;
  objekt: readonly Objekt[];
  varden: readonly Varde[];
  sammanstallning: Sammanstallning;
  /** The styrelse's report: each nämnd's roll-up. */
  namnder?: readonly Namndrad[];
}

const medSymbol = (skala: readonly Steg[], v?: { text: string; steg: string }) => {
  if (!v) return '–';
  const symbol = skala.find((s) => s.id === v.steg)?.symbol;
  return symbol && !v.text.startsWith(symbol) ? `${symbol} ${v.text}` : v.text;
};

export function uppfoljningsbilagaDokument(b: Uppfoljningsbilaga): Dokument {
  const vardet = new Map(b.varden.map((v) => [v.objektId, v]));
  const av = (slag: Objekt['slag']) => b.objekt.filter((o) => o.slag === slag);
  const enhet = b.config.ekonomi.enhet;
  const blocks: Block[] = [
    heading(1, `Uppföljning – ${b.rapport.titel}`),
    paragraph(
      `Bilaga till ${b.rapport.titel.charAt(0).toLowerCase()}${b.rapport.titel.slice(1)}${b.rapport.diarienummer ? ` (${b.rapport.diarienummer})` : ''}. Perioden till och med ${b.rapport.period}.`,
    ),
    heading(2, 'Sammanställning'),
    ...sammanfattning(b.sammanstallning, enhet).map(paragraph),
  ];
  if (b.sammanstallning.mal.totalt + b.sammanstallning.uppdrag.totalt + b.sammanstallning.ekonomi.rader === 0)
    blocks.push(note('Ingen uppföljning är ifylld.'));

  if (b.namnder && b.namnder.length > 0) {
    blocks.push(heading(2, 'Nämndernas uppföljning'), {
      kind: 'table',
      headers: ['Nämnd', 'Mål', 'Uppdrag', `Helårsprognos (${enhet})`, `Avvikelse (${enhet})`],
      widths: [3, 3, 3, 1.5, 1.5],
      right: [3, 4],
      rows: b.namnder.map((n) =>
        n.rapporterat
          ? [
              n.namn,
              raknatSom(n.sammanstallning.mal.per, n.sammanstallning.mal.utan),
              raknatSom(n.sammanstallning.uppdrag.per, n.sammanstallning.uppdrag.utan),
              belopp(n.sammanstallning.ekonomi.prognos),
              belopp(n.sammanstallning.ekonomi.avvikelse),
            ]
          : [n.namn, 'Har inte rapporterat', '', '', ''],
      ),
    });
  }

  const mal = av('MAL');
  if (mal.length > 0) {
    const trend = b.config.trend.length > 0;
    blocks.push(heading(2, 'Mål'), {
      kind: 'table',
      headers: ['Målområde', 'Mål', 'Bedömning', ...(trend ? ['Trend'] : []), 'Kommentar'],
      widths: trend ? [2, 3, 2.5, 1, 4] : [2, 3, 2.5, 4],
      rows: mal.map((o) => {
        const v = vardet.get(o.id);
        return [
          o.data.omrade ?? '',
          o.titel,
          medSymbol(b.config.bedomning, v?.bedomning),
          ...(trend ? [medSymbol(b.config.trend, v?.trend)] : []),
          v?.kommentar ?? '',
        ];
      }),
    });
  }
  const indikatorer = av('INDIKATOR');
  if (indikatorer.length > 0) {
    blocks.push(heading(2, 'Indikatorer'), {
      kind: 'table',
      headers: ['Indikator', 'Målvärde', 'Utfall', 'Prognos', 'Kommentar'],
      widths: [4, 1.4, 1.4, 1.4, 3],
      rows: indikatorer.map((o) => {
        const v = vardet.get(o.id);
        return [o.titel, o.data.malvarde ?? '', v?.utfall ?? '–', v?.prognos ?? '–', v?.kommentar ?? ''];
      }),
    });
  }
  const uppdrag = av('UPPDRAG');
  if (uppdrag.length > 0) {
    blocks.push(heading(2, 'Uppdrag'));
    const grupper = [...new Set(uppdrag.map((o) => o.data.grupp ?? ''))];
    for (const grupp of grupper) {
      if (grupp) blocks.push(heading(3, grupp));
      blocks.push({
        kind: 'table',
        headers: ['Uppdrag', 'Ansvarig nämnd', 'Status', 'Slutdatum', 'Beslutad av', 'Kommentar'],
        widths: [4, 2, 1.6, 1.3, 1, 3.2],
        rows: uppdrag
          .filter((o) => (o.data.grupp ?? '') === grupp)
          .map((o) => {
            const v = vardet.get(o.id);
            const kalla = [
              o.data.beslut,
              o.data.diarienummer ? `Dnr ${o.data.diarienummer}` : undefined,
              o.data.kalla,
            ]
              .filter(Boolean)
              .join(', ');
            return [
              kalla ? `${o.titel} (${kalla})` : o.titel,
              o.data.ansvariga ?? '',
              medSymbol(b.config.uppdragsstatus, v?.bedomning),
              o.slutdatum ?? '',
              o.data.beslutadAv ?? '',
              v?.kommentar ?? '',
            ];
          }),
      });
    }
  }
  const ekonomi = av('EKONOMI');
  if (ekonomi.length > 0) {
    const s = b.sammanstallning.ekonomi;
    blocks.push(heading(2, `Ekonomi (${enhet})`), {
      kind: 'table',
      headers: ['Verksamhet', 'Budget', 'Utfall', 'Helårsprognos', 'Avvikelse'],
      widths: [4, 1.5, 1.5, 1.5, 1.5],
      right: [1, 2, 3, 4],
      rows: [
        ...ekonomi.map((o) => {
          const v = vardet.get(o.id);
          const tal = (n: number | undefined) => (n === undefined ? '–' : belopp(n));
          return [
            o.titel,
            tal(v?.budget),
            tal(v?.utfallBelopp),
            tal(v?.prognosBelopp),
            tal(v && avvikelseAv(v, b.config.ekonomi.avvikelse)),
          ];
        }),
        ['Summa', belopp(s.budget), belopp(s.utfall), belopp(s.prognos), belopp(s.avvikelse)],
      ],
    });
    blocks.push(
      note(
        b.config.ekonomi.avvikelse === 'budget-minus-prognos'
          ? 'Avvikelse = budget − prognos; positiv är gynnsam.'
          : 'Avvikelse = prognos − budget (kostnader negativa); positiv är gynnsam.',
      ),
    );
  }

  const stem = `uppfoljning-${b.rapport.id}`
    .normalize('NFD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/-+$/, '');
  return {
    slag: 'uppfoljningsbilaga',
    title: `Uppföljning ${b.rapport.titel}`,
    fileStem: stem,
    pageHeader: {
      left: b.organ.namn,
      right: ['Uppföljning', b.rapport.titel, ...(b.rapport.diarienummer ? [b.rapport.diarienummer] : [])],
    },
    pageFooterBoxes: [],
    blocks,
  };
}
