/**
 * Writes config/mallar/tjansteskrivelse.docx, the template the handläggare's tjänsteskrivelse is filled from
 * (src/arkiv/mall.ts, docxtemplater tags in braces): Lund's structure from document 000 — organ and förvaltning,
 * date and diarienummer, handläggare, rubrik, förslag till beslut with its att-satser, sammanfattning, underlag
 * för beslutet, ärendet, the signatures and "Beslutet skickas till". Run once when the layout changes:
 * `npx tsx tools/mall-tjansteskrivelse.ts`; the .docx is the file a kommun replaces with its own.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';

const p = (text: string, options: { bold?: boolean; size?: number; align?: boolean } = {}) =>
  new Paragraph({
    ...(options.align ? { alignment: AlignmentType.RIGHT } : {}),
    spacing: { after: 120 },
    children: [new TextRun({ text, bold: options.bold ?? false, size: options.size ?? 24, font: 'Arial' })],
  });
const rubrik = (text: string) =>
  new Paragraph({
    heading: HeadingLevel.HEADING_2,
    spacing: { before: 240, after: 120 },
    children: [new TextRun({ text, bold: true, size: 26, font: 'Arial' })],
  });
// A loop over paragraphs: the start and end tags stand alone, so each item becomes a paragraph of its own.
const lista = (namn: string, forled = '') => [p(`{#${namn}}`), p(`${forled}{.}`), p(`{/${namn}}`)];

const doc = new Document({
  creator: 'Årshjul',
  title: 'Tjänsteskrivelse',
  sections: [
    {
      children: [
        p('{kommunNamn}', { bold: true, size: 28 }),
        p('{forvaltning}'),
        p('Tjänsteskrivelse', { bold: true, align: true }),
        p('{datum}', { align: true }),
        p('Dnr {diarienummer}', { align: true }),
        p('Handläggare: {handlaggare}'),
        new Paragraph({
          heading: HeadingLevel.HEADING_1,
          spacing: { before: 360, after: 240 },
          children: [new TextRun({ text: '{titel}', bold: true, size: 32, font: 'Arial' })],
        }),
        rubrik('Förslag till beslut'),
        p('{forslagInledning}'),
        ...lista('attSatser', '– '),
        rubrik('Sammanfattning'),
        p('{sammanfattning}'),
        rubrik('Underlag för beslutet'),
        ...lista('underlag', '– '),
        rubrik('Ärendet'),
        p('{arendet}'),
        rubrik('Beredning'),
        p('Ärendet har beretts av {forvaltning}.'),
        p(''),
        ...lista('underskrifter'),
        rubrik('Beslutet skickas till'),
        ...lista('skickasTill'),
      ],
    },
  ],
});

void Packer.toBuffer(doc).then((buffer) => {
  const fil = path.resolve(__dirname, '../config/mallar/tjansteskrivelse.docx');
  writeFileSync(fil, buffer);
  console.log(`wrote ${fil} (${buffer.length} bytes)`);
});
