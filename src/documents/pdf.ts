/**
 * A document as an archival PDF (A4, Roboto embedded, PDF/A-2b): labels in a left column as on Lund's front
 * page, the organ and the document's name and date at the head of every page, and the boxes for the justerare's
 * and the certifier's initials at the foot of every page.
 */
import type { Content, Margins, TDocumentDefinitions } from 'pdfmake/interfaces';
import { estimatedLines, type Block, type Dokument } from '../domain/dokument';
import { pdfBytes } from './pdfmakeEngine';

const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { left: 62, top: 92, right: 56, bottom: 100 };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const LABEL_WIDTH = 150;
const COLUMN_GAP = 12;
const FONT_SIZE = 10.5;
const LINE_HEIGHT = 1.2;
/** Characters of Roboto at FONT_SIZE on a line of TEXT_WIDTH (about half an em each). */
const CHARS_PER_LINE = TEXT_WIDTH / (FONT_SIZE * 0.52);
/** Kept on one page only when surely under half of one (pdfmake drops what an unbreakable block cannot fit). */
const KEEP_TOGETHER_LINES = (PAGE.height - MARGIN.top - MARGIN.bottom) / 2 / (FONT_SIZE * LINE_HEIGHT);
const fitsHalfPage = (block: Block, width: number) =>
  estimatedLines(block, CHARS_PER_LINE * (width / TEXT_WIDTH)) <= KEEP_TOGETHER_LINES;

/** Space above and below, in points. */
const space = (above: number, below: number): Margins => [0, above, 0, below];

const HEADING_STYLE: Record<1 | 2 | 3, { fontSize: number; margin: Margins }> = {
  1: { fontSize: 14, margin: space(0, 8) },
  2: { fontSize: 11.5, margin: space(10, 4) },
  3: { fontSize: 11, margin: space(12, 4) },
};

function signatureContent(block: Extract<Block, { kind: 'signatures' }>): Content[] {
  return block.signers.map((s) =>
    block.lines
      ? {
          unbreakable: true,
          margin: space(0, 10),
          stack: [
            ...(s.role !== undefined ? [{ text: s.role, fontSize: 9 }] : []),
            {
              canvas: [{ type: 'line', x1: 0, y1: 30, x2: 220, y2: 30, lineWidth: 0.6 }],
            },
            { text: s.name, margin: space(3, 0) },
          ],
        }
      : {
          unbreakable: true,
          margin: space(12, 4),
          stack: [{ text: s.name }, ...(s.role !== undefined ? [{ text: s.role, fontSize: 9 }] : [])],
        },
  );
}

/** Blocks as pdfmake content; a page break becomes `pageBreak: 'before'` on what follows it. */
function contents(blocks: Block[], width: number): Content[] {
  const out: Content[] = [];
  let breakBefore = false;
  for (const block of blocks) {
    if (block.kind === 'pageBreak') {
      breakBefore = out.length > 0;
      continue;
    }
    const node = content(block, width);
    out.push(breakBefore ? { stack: [node], pageBreak: 'before' } : node);
    breakBefore = false;
  }
  return out;
}

function content(block: Exclude<Block, { kind: 'pageBreak' }>, width: number): Content {
  switch (block.kind) {
    case 'heading':
      return { text: block.text, bold: true, ...HEADING_STYLE[block.level] };
    case 'paragraph':
      return block.note
        ? { text: block.text, italics: true, color: '#444444', margin: space(0, 6) }
        : { text: block.text, margin: space(0, 6) };
    case 'attSatser':
      return { stack: block.satser.map((s) => ({ text: s, margin: space(0, 4) })), margin: space(0, 4) };
    case 'list': {
      const items = block.items.map((i) => ({ text: i, margin: space(0, 3) }));
      return block.numbered ? { ol: items, margin: space(0, 6) } : { ul: items, margin: space(0, 6) };
    }
    case 'names':
      // A list of names ("Avstår", "Ledamöter") is not split over a page break when it fits on half a page.
      return {
        margin: space(0, 6),
        unbreakable: fitsHalfPage(block, width),
        stack: [
          ...(block.heading !== undefined ? [{ text: block.heading, bold: true }] : []),
          ...block.names,
        ],
      };
    case 'signatures':
      return { stack: signatureContent(block), margin: space(4, 0) };
    case 'field': {
      const inner = width - LABEL_WIDTH - COLUMN_GAP;
      return {
        columnGap: COLUMN_GAP,
        margin: space(0, 4),
        columns: [
          { width: LABEL_WIDTH, text: block.label, bold: true },
          { width: '*', stack: contents(block.blocks, inner) },
        ],
      };
    }
    case 'section':
      return sectionContent(block, width);
    case 'table':
      return tableContent(block, width);
  }
}

/** A follow-up table: a repeated header row, a thin grid, amounts flush right. */
function tableContent(block: Extract<Block, { kind: 'table' }>, width: number): Content {
  const total = block.widths.reduce((a, b) => a + b, 0);
  // pdfmake adds each cell's padding (4 + 4) and the rule beside it to the width given.
  const widths = block.widths.map((w) => Math.max(20, (w / total) * width - 9));
  const cell = (text: string, i: number, header: boolean) => ({
    text,
    fontSize: 8,
    bold: header,
    ...(block.right?.includes(i) ? { alignment: 'right' as const } : {}),
    ...(header ? { fillColor: '#eeeeee' } : {}),
  });
  return {
    margin: space(2, 10),
    table: {
      headerRows: 1,
      widths,
      body: [
        block.headers.map((h, i) => cell(h, i, true)),
        ...block.rows.map((r) => r.map((c, i) => cell(c, i, false))),
      ],
    },
    layout: {
      hLineWidth: () => 0.4,
      vLineWidth: () => 0.4,
      hLineColor: () => '#999999',
      vLineColor: () => '#999999',
    },
  };
}

/**
 * A section stays on one page when it certainly fits on half of one; a longer one may break, but its heading
 * stays with the block after it.
 */
function sectionContent(block: Extract<Block, { kind: 'section' }>, width: number): Content {
  const inner = block.framed ? width - 20 : width;
  const keep = fitsHalfPage(block, width);
  let body: Content[] = contents(block.blocks, inner);
  if (!keep && block.blocks[0]?.kind === 'heading' && block.blocks[1] && body.length > 1) {
    const [first, second, ...rest] = body;
    if (fitsHalfPage(block.blocks[1], inner))
      body = [{ stack: [first!, second!], unbreakable: true }, ...rest];
  }
  if (!block.framed) return { stack: body, unbreakable: keep };
  return {
    unbreakable: keep,
    margin: space(12, 0),
    table: { widths: ['*'], body: [[{ stack: body }]], dontBreakRows: keep },
    layout: {
      hLineWidth: () => 0.8,
      vLineWidth: () => 0.8,
      paddingLeft: () => 10,
      paddingRight: () => 10,
      paddingTop: () => 8,
      paddingBottom: () => 6,
    },
  };
}

/** The pdfmake definition of a document (exported for the bench's floor: bare pdfmake of the same content). */
export function definition(d: Dokument): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageMargins: [MARGIN.left, MARGIN.top, MARGIN.right, MARGIN.bottom],
    language: 'sv-SE',
    displayTitle: true,
    info: {
      title: d.title,
      subject: d.pageHeader.right[0],
      creator: 'Årshjul',
      producer: 'Årshjul (pdfmake)',
    },
    defaultStyle: { fontSize: FONT_SIZE, lineHeight: LINE_HEIGHT },
    header: (currentPage, pageCount) => ({
      margin: [MARGIN.left, 24, MARGIN.right, 0],
      stack: [
        {
          columns: [
            ...(d.pageHeader.logotyp
              ? [{ image: pngDataUrl(d.pageHeader.logotyp), fit: [34, 34] as [number, number], width: 40 }]
              : []),
            {
              width: '*',
              stack: [
                ...(d.pageHeader.kommun ? [{ text: d.pageHeader.kommun, bold: true, fontSize: 12 }] : []),
                {
                  text: d.pageHeader.left,
                  bold: !d.pageHeader.kommun,
                  fontSize: d.pageHeader.kommun ? 10.5 : 12,
                },
              ],
            },
            {
              width: 'auto',
              alignment: 'right',
              fontSize: 9,
              stack: [
                { text: d.pageHeader.right[0] ?? '', bold: true, fontSize: 11 },
                ...d.pageHeader.right.slice(1),
                // A marking in the head, not a watermark: a watermark's letters would fall into the text when it is
                // copied or read aloud.
                ...(d.marking
                  ? [{ text: d.marking.toUpperCase(), bold: true, fontSize: 10, color: '#aa0000' }]
                  : []),
                `Sida ${currentPage} av ${pageCount}`,
              ],
            },
          ],
        },
        {
          canvas: [
            { type: 'line', x1: 0, y1: 4, x2: TEXT_WIDTH, y2: 4, lineWidth: 0.5, lineColor: '#888888' },
          ],
        },
      ],
    }),
    footer: () =>
      d.pageFooterBoxes.length
        ? {
            margin: [MARGIN.left, 26, MARGIN.right, 0],
            table: {
              widths: d.pageFooterBoxes.map(() => 150),
              heights: [40],
              body: [d.pageFooterBoxes.map((label) => ({ text: label, fontSize: 8 }))],
            },
            layout: { hLineWidth: () => 0.6, vLineWidth: () => 0.6 },
          }
        : { text: '' },
    content: contents(d.blocks, TEXT_WIDTH),
  };
}

const pngDataUrl = (png: Uint8Array) => `data:image/png;base64,${Buffer.from(png).toString('base64')}`;

export function renderPdf(d: Dokument): Promise<Buffer> {
  return pdfBytes(definition(d));
}
