/**
 * The kallelse to a sammanträde with its föredragningslista: when and where, then every ärende numbered, with
 * its diarienummer, the förslag till beslut the organ will decide on, the handlingar and who presents it.
 */
import { bilagaText } from '../arendedokument';
import { attSatserMedSkiljetecken } from '../protokoll';
import type { Arendepunkt, Kallelse } from '../kallelse';
import { langtDatumMedKlockslag } from '../svenskTid';
import { field, heading, note, paragraph, section, type Block, type Dokument } from './block';
import { ram } from './dokument';
import { gemen, versal } from './text';

function arendeBlocks(a: Arendepunkt): Block[] {
  return [
    section([
      heading(3, `${a.punkt}. ${a.rubrik}`),
      ...(a.diarienummer ? [field('Diarienummer', paragraph(a.diarienummer))] : []),
      ...(a.forslagTillBeslut.length
        ? [
            field('Förslag till beslut', {
              kind: 'attSatser',
              satser: attSatserMedSkiljetecken(a.forslagTillBeslut),
            }),
          ]
        : []),
    ]),
    ...(a.handlingar.length
      ? [field('Handlingar', { kind: 'list', items: a.handlingar, numbered: false })]
      : []),
    // The approved versions, each with the SHA-256 the chef's approval bound: what the members read is that.
    ...(a.bilagor.length
      ? [
          field('Bilagor', {
            kind: 'list',
            items: a.bilagor.map((b) => `${bilagaText(b)}, SHA-256 ${b.sha256}`),
            numbered: false,
          }),
        ]
      : []),
    ...(a.foredragande ? [field('Föredragande', paragraph(a.foredragande))] : []),
  ];
}

export function kallelseDokument(k: Kallelse): Dokument {
  const base = ram('kallelse', { kortnamn: k.organ, namn: k.organNamn }, k.datum);
  return {
    ...base,
    pageHeader: { left: k.organNamn, right: ['Kallelse', `Datum ${k.utfardad}`] },
    pageFooterBoxes: [],
    blocks: [
      heading(1, `Kallelse till sammanträde med ${gemen(k.organNamn)}`),
      field('Tid', paragraph(versal(langtDatumMedKlockslag(k.datum, k.klockan)))),
      field('Plats', paragraph(k.plats)),
      heading(2, 'Föredragningslista'),
      ...(k.arenden.length ? k.arenden.flatMap(arendeBlocks) : [note('Inga ärenden är anmälda.')]),
      section([
        {
          kind: 'signatures',
          lines: false,
          signers: [
            { role: 'Ordförande', name: k.ordforande },
            { role: 'Sekreterare', name: k.sekreterare },
          ],
        },
      ]),
    ],
  };
}
