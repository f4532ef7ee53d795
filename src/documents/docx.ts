/**
 * A document as an editable Word file (docx 9): real headings (Rubrik 1–3 in Word's outline), labels and values
 * in a borderless two-column table as on the front page, att-satser and names as plain paragraphs, signature
 * lines as tab leaders, the organ and page numbers in the page header and the initials boxes in the footer.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  Header,
  HeadingLevel,
  HeightRule,
  ImageRun,
  LeaderType,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TabStopType,
  TextRun,
  WidthType,
  type IParagraphOptions,
} from 'docx';
import {
  estimatedLines,
  groupFields,
  type Block,
  type Dokument,
  type FieldBlock,
  type Signer,
} from '../domain/dokument';

// Measures in twips (1/20 pt); font sizes in half-points.
const PAGE = { width: 11906, height: 16838 };
const MARGIN = { top: 1700, right: 1134, bottom: 1900, left: 1247, header: 620, footer: 520 };
const TEXT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const LABEL_WIDTH = 2900;
const SIGNATURE_LINE = 4200;
const NUMBERED = 'numrerad-lista';
/** Characters of Arial 10.5 pt on a line of TEXT_WIDTH, and half a page's lines at 1.1 line spacing. */
const CHARS_PER_LINE = TEXT_WIDTH / 20 / (10.5 * 0.52);
const KEEP_TOGETHER_LINES = (PAGE.height - MARGIN.top - MARGIN.bottom) / 20 / 2 / (10.5 * 1.3);
/** Kept on one page only when surely under half of one: Word clips a row that cannot split and does not fit. */
const fitsHalfPage = (block: Block, width: number) =>
  estimatedLines(block, CHARS_PER_LINE * (width / TEXT_WIDTH)) <= KEEP_TOGETHER_LINES;

const LINE = { style: BorderStyle.SINGLE, size: 6, color: '000000' } as const;
const BOXED = { top: LINE, bottom: LINE, left: LINE, right: LINE } as const;
const NO_LINE = { style: BorderStyle.NIL, size: 0, color: 'FFFFFF' } as const;
const BORDERLESS = {
  top: NO_LINE,
  bottom: NO_LINE,
  left: NO_LINE,
  right: NO_LINE,
  insideHorizontal: NO_LINE,
  insideVertical: NO_LINE,
} as const;
/** Said on every cell too: LibreOffice draws a grid around body cells that only the table calls borderless. */
const CELL_BORDERLESS = { top: NO_LINE, bottom: NO_LINE, left: NO_LINE, right: NO_LINE } as const;
const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 } as const;

type Element = Paragraph | Table;

/** Turns blocks into Word elements; a page break is carried to the next paragraph as `pageBreakBefore`. */
class Writer {
  private breakBefore = false;

  paragraph(options: IParagraphOptions): Paragraph {
    const p = new Paragraph(this.breakBefore ? { ...options, pageBreakBefore: true } : options);
    this.breakBefore = false;
    return p;
  }

  /** A table cannot start a page by itself: an empty paragraph carries the break. */
  private beforeTable(): Element[] {
    return this.breakBefore ? [this.paragraph({ spacing: { after: 0 } })] : [];
  }

  elements(blocks: Block[], width: number, keepTogether = false): Element[] {
    const groups = groupFields(blocks);
    return groups.flatMap((group, i) =>
      group.kind === 'fields'
        ? [...this.beforeTable(), this.fieldTable(group.fields, width)]
        : this.element(group, width, keepTogether && i < groups.length - 1),
    );
  }

  private text(text: string, options: Partial<IParagraphOptions> = {}, keepNext = false): Paragraph {
    return this.paragraph({ ...options, keepNext, keepLines: true, children: [new TextRun(text)] });
  }

  private element(block: Exclude<Block, { kind: 'field' }>, width: number, keepNext: boolean): Element[] {
    switch (block.kind) {
      case 'heading':
        return [this.paragraph({ heading: HEADINGS[block.level], keepNext: true, text: block.text })];
      case 'paragraph':
        return [
          block.note
            ? this.paragraph({ keepNext, children: [new TextRun({ text: block.text, italics: true })] })
            : this.text(block.text, {}, keepNext),
        ];
      case 'attSatser':
        return block.satser.map((s, i) =>
          this.text(s, { spacing: { after: 80 } }, keepNext || i < block.satser.length - 1),
        );
      case 'list':
        return block.items.map((item, i) =>
          this.text(
            item,
            block.numbered ? { numbering: { reference: NUMBERED, level: 0 } } : { bullet: { level: 0 } },
            keepNext || i < block.items.length - 1,
          ),
        );
      case 'names':
        return [
          ...(block.heading !== undefined
            ? [
                this.paragraph({
                  keepNext: true,
                  spacing: { after: 0 },
                  children: [new TextRun({ text: block.heading, bold: true })],
                }),
              ]
            : []),
          ...block.names.map((n, i) =>
            this.text(n, { spacing: { after: i === block.names.length - 1 ? 120 : 0 } }, keepNext),
          ),
        ];
      case 'signatures':
        return block.signers.flatMap((s) => this.signature(s, block.lines, keepNext));
      case 'section':
        return block.framed
          ? [this.paragraph({ spacing: { after: 0 } }), this.frame(block, width)]
          : this.elements(block.blocks, width, fitsHalfPage(block, width));
      case 'table':
        return [...this.beforeTable(), this.followUpTable(block, width)];
      case 'pageBreak':
        this.breakBefore = true;
        return [];
    }
  }

  /** A follow-up table: a header row repeated on every page, a thin grid, amounts flush right. */
  private followUpTable(block: Extract<Block, { kind: 'table' }>, width: number): Table {
    const total = block.widths.reduce((a, b) => a + b, 0);
    const widths = block.widths.map((w) => Math.floor((w / total) * width));
    const row = (cells: string[], header: boolean) =>
      new TableRow({
        tableHeader: header,
        cantSplit: false,
        children: cells.map(
          (text, i) =>
            new TableCell({
              width: { size: widths[i]!, type: WidthType.DXA },
              borders: BOXED,
              ...(header ? { shading: { fill: 'EEEEEE' } } : {}),
              children: [
                new Paragraph({
                  ...(block.right?.includes(i) ? { alignment: AlignmentType.RIGHT } : {}),
                  spacing: { after: 0 },
                  children: [new TextRun({ text, size: 16, bold: header })],
                }),
              ],
            }),
        ),
      });
    return new Table({
      width: { size: width, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      rows: [row(block.headers, true), ...block.rows.map((r) => row(r, false))],
    });
  }

  /** Signed: role, a line to sign on (a tab leader), name. Printed (a kallelse): name, then role. */
  private signature(s: Signer, line: boolean, keepNext: boolean): Paragraph[] {
    const role = (spacing: { before: number; after: number }, keep: boolean) =>
      s.role !== undefined
        ? [this.paragraph({ keepNext: keep, spacing, children: [new TextRun({ text: s.role, size: 18 })] })]
        : [];
    if (!line)
      return [
        this.text(s.name, { spacing: { before: 240, after: 0 } }, true),
        ...role({ before: 0, after: 120 }, keepNext),
      ];
    return [
      ...role({ before: 120, after: 0 }, true),
      this.paragraph({
        keepNext: true,
        spacing: { before: 480, after: 0 },
        tabStops: [{ type: TabStopType.LEFT, position: SIGNATURE_LINE, leader: LeaderType.UNDERSCORE }],
        children: [new TextRun('\t')],
      }),
      this.text(s.name, { spacing: { after: 160 } }, keepNext),
    ];
  }

  private fieldTable(fields: FieldBlock[], width: number): Table {
    const valueWidth = width - LABEL_WIDTH;
    return new Table({
      width: { size: width, type: WidthType.DXA },
      columnWidths: [LABEL_WIDTH, valueWidth],
      layout: TableLayoutType.FIXED,
      borders: BORDERLESS,
      rows: fields.map(
        (f) =>
          new TableRow({
            cantSplit: fitsHalfPage(f, width),
            children: [
              new TableCell({
                borders: CELL_BORDERLESS,
                width: { size: LABEL_WIDTH, type: WidthType.DXA },
                children: [new Paragraph({ children: [new TextRun({ text: f.label, bold: true })] })],
              }),
              new TableCell({
                borders: CELL_BORDERLESS,
                width: { size: valueWidth, type: WidthType.DXA },
                children: this.elements(f.blocks, valueWidth - 200),
              }),
            ],
          }),
      ),
    });
  }

  private frame(block: Extract<Block, { kind: 'section' }>, width: number): Table {
    return new Table({
      width: { size: width, type: WidthType.DXA },
      columnWidths: [width],
      layout: TableLayoutType.FIXED,
      rows: [
        new TableRow({
          cantSplit: fitsHalfPage(block, width),
          children: [
            new TableCell({
              borders: BOXED,
              margins: { top: 120, bottom: 120, left: 160, right: 160 },
              children: this.elements(block.blocks, width - 320),
            }),
          ],
        }),
      ],
    });
  }
}

function pageHeader(d: Dokument): Header {
  const half = TEXT_WIDTH / 2;
  const right = [
    ...d.pageHeader.right.map((r, i) => new TextRun({ text: r, bold: i === 0, break: i > 0 ? 1 : 0 })),
    new TextRun({ children: ['Sida ', PageNumber.CURRENT, ' av ', PageNumber.TOTAL_PAGES], break: 1 }),
    ...(d.marking
      ? [new TextRun({ text: d.marking.toUpperCase(), bold: true, color: 'AA0000', break: 1 })]
      : []),
  ];
  return new Header({
    children: [
      new Table({
        width: { size: TEXT_WIDTH, type: WidthType.DXA },
        columnWidths: [half, half],
        layout: TableLayoutType.FIXED,
        borders: BORDERLESS,
        rows: [
          new TableRow({
            children: [
              new TableCell({
                borders: CELL_BORDERLESS,
                width: { size: half, type: WidthType.DXA },
                children: [
                  new Paragraph({
                    children: [
                      ...(d.pageHeader.logotyp
                        ? [
                            new ImageRun({
                              type: 'png',
                              data: d.pageHeader.logotyp,
                              transformation: { width: 36, height: 36 },
                              altText: {
                                name: 'logotyp',
                                description: `${d.pageHeader.kommun ?? ''} logotyp`,
                                title: 'logotyp',
                              },
                            }),
                            new TextRun({ text: ' ' }),
                          ]
                        : []),
                      ...(d.pageHeader.kommun
                        ? [
                            new TextRun({ text: d.pageHeader.kommun, bold: true, size: 24 }),
                            new TextRun({ text: d.pageHeader.left, size: 21, break: 1 }),
                          ]
                        : [new TextRun({ text: d.pageHeader.left, bold: true, size: 24 })]),
                    ],
                  }),
                ],
              }),
              new TableCell({
                borders: CELL_BORDERLESS,
                width: { size: half, type: WidthType.DXA },
                children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: right })],
              }),
            ],
          }),
        ],
      }),
    ],
  });
}

function pageFooter(d: Dokument): Footer {
  if (!d.pageFooterBoxes.length) return new Footer({ children: [new Paragraph('')] });
  const box = 2900;
  return new Footer({
    children: [
      new Table({
        width: { size: box * d.pageFooterBoxes.length, type: WidthType.DXA },
        columnWidths: d.pageFooterBoxes.map(() => box),
        layout: TableLayoutType.FIXED,
        rows: [
          new TableRow({
            height: { value: 800, rule: HeightRule.EXACT },
            children: d.pageFooterBoxes.map(
              (label) =>
                new TableCell({
                  borders: BOXED,
                  width: { size: box, type: WidthType.DXA },
                  children: [new Paragraph({ children: [new TextRun({ text: label, size: 16 })] })],
                }),
            ),
          }),
        ],
      }),
    ],
  });
}

export function renderDocx(d: Dokument): Promise<Buffer> {
  const document = new Document({
    title: d.title,
    subject: d.pageHeader.right[0] ?? '',
    creator: 'Årshjul',
    lastModifiedBy: 'Årshjul',
    styles: {
      default: {
        document: {
          run: { font: 'Arial', size: 21, language: { value: 'sv-SE' } },
          paragraph: { spacing: { after: 120, line: 264 } },
        },
        heading1: {
          run: { font: 'Arial', size: 28, bold: true, color: '000000' },
          paragraph: { spacing: { after: 160 } },
        },
        heading2: {
          run: { font: 'Arial', size: 23, bold: true, color: '000000' },
          paragraph: { spacing: { before: 200, after: 80 } },
        },
        heading3: {
          run: { font: 'Arial', size: 22, bold: true, color: '000000' },
          paragraph: { spacing: { before: 240, after: 80 } },
        },
      },
    },
    numbering: {
      config: [
        {
          reference: NUMBERED,
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: '%1.',
              alignment: AlignmentType.START,
              style: { paragraph: { indent: { left: 400, hanging: 400 } } },
            },
          ],
        },
      ],
    },
    sections: [
      {
        properties: { page: { size: PAGE, margin: MARGIN } },
        headers: { default: pageHeader(d) },
        footers: { default: pageFooter(d) },
        children: new Writer().elements(d.blocks, TEXT_WIDTH),
      },
    ],
  });
  return Packer.toBuffer(document);
}
