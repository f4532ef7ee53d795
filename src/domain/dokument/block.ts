/**
 * The format-neutral model of a document: what a protokoll, protokollsutdrag, anslagsbevis or kallelse says and
 * in what order, as blocks. The renderers (src/documents/) decide only how each kind of block looks in PDF, DOCX
 * or HTML, so the three formats cannot drift apart in content.
 */

export type DokumentSlag =
  'protokoll' | 'protokollsutdrag' | 'anslagsbevis' | 'kallelse' | 'uppfoljningsbilaga';

/** One signature: the role above the line ("Sekreterare"), the name below it. */
export interface Signer {
  role?: string;
  name: string;
}

export type Block =
  /** Level 1: a § or the organ on the front page; 2: a section of a § ("Beslut"); 3: an item within. */
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  /** `note` is a remark about the document itself ("Protokollet är inte justerat."). */
  | { kind: 'paragraph'; text: string; note?: boolean }
  /** A label with its value beside it, as on the front page: "Tid och plats | 2023-10-11 klockan …". */
  | { kind: 'field'; label: string; blocks: Block[] }
  /** The att-satser of a beslut or yrkande, each already punctuated (", samt" / "."). */
  | { kind: 'attSatser'; satser: string[] }
  | { kind: 'list'; items: string[]; numbered: boolean }
  /** Names one a line under an optional heading: "Ledamöter", "För kännedom:". */
  | { kind: 'names'; heading?: string; names: string[] }
  /** Signature lines: role, line, name; with `lines: false` a printed name and its role, as under a kallelse. */
  | { kind: 'signatures'; signers: Signer[]; lines: boolean }
  /** A group kept on one page where it fits; `framed` draws a box around it (ANSLAG/BEVIS). */
  | { kind: 'section'; framed: boolean; blocks: Block[] }
  /**
   * A table of the report's follow-up (mål, indikatorer, uppdrag, ekonomi): a header row and text cells; `widths`
   * are the columns' shares of the text width, `right` the columns set flush right (amounts).
   */
  | { kind: 'table'; headers: string[]; rows: string[][]; widths: number[]; right?: number[] }
  | { kind: 'pageBreak' };

export interface Dokument {
  slag: DokumentSlag;
  /** The document's title in its metadata and the HTML <title>. */
  title: string;
  /** A file name without extension, ASCII only: "protokollsutdrag-KS-2023-10-11-336". */
  fileStem: string;
  /**
   * Every page's head: the kommun (its logo, a PNG, and name) and the organ on the left; the document's name
   * and date on the right.
   */
  pageHeader: { kommun?: string; logotyp?: Uint8Array; left: string; right: string[] };
  /** Boxes at the foot of every page for initials: "Justerare", "Utdragsbestyrkande". Empty for none. */
  pageFooterBoxes: string[];
  /** A marking across the document while it is not final ("Ej justerat"). */
  marking?: string;
  blocks: Block[];
}

export type FieldBlock = Extract<Block, { kind: 'field' }>;
export type BlockGroup = Exclude<Block, FieldBlock> | { kind: 'fields'; fields: FieldBlock[] };

/** Runs of consecutive fields, which every format sets as one table or list; every other block as it is. */
export function groupFields(blocks: Block[]): BlockGroup[] {
  const out: BlockGroup[] = [];
  for (const block of blocks) {
    const last = out.at(-1);
    if (block.kind !== 'field') out.push(block);
    else if (last?.kind === 'fields') last.fields.push(block);
    else out.push({ kind: 'fields', fields: [block] });
  }
  return out;
}

export const heading = (level: 1 | 2 | 3, text: string): Block => ({ kind: 'heading', level, text });
export const paragraph = (text: string): Block => ({ kind: 'paragraph', text });
export const note = (text: string): Block => ({ kind: 'paragraph', text, note: true });
export const field = (label: string, ...blocks: Block[]): Block => ({ kind: 'field', label, blocks });
export const names = (heading: string | undefined, list: string[]): Block =>
  heading === undefined ? { kind: 'names', names: list } : { kind: 'names', heading, names: list };
export const section = (blocks: Block[], framed = false): Block => ({ kind: 'section', framed, blocks });
export const pageBreak: Block = { kind: 'pageBreak' };

const summaAv = (ns: number[]) => ns.reduce((a, b) => a + b, 0) || 1;

/** A field's value column is about two thirds of the text width. */
const FIELD_VALUE_SHARE = 0.65;

/**
 * About how many lines of body text a block takes where a line holds `charsPerLine` characters — generous, so
 * that a renderer keeping a block on one page when this says it fits on half a page never meets one that does
 * not fit on a whole page (pdfmake drops what an unbreakable block cannot fit; Word clips a row that cannot).
 */
export function estimatedLines(block: Block, charsPerLine: number): number {
  const lines = (text: string) => Math.max(1, Math.ceil(text.length / charsPerLine));
  const sum = (texts: string[], gap: number) => texts.reduce((n, t) => n + lines(t) + gap, 0);
  switch (block.kind) {
    case 'heading':
      return 2.5;
    case 'paragraph':
      return sum([block.text], 0.5);
    case 'attSatser':
      return sum(block.satser, 0.4);
    case 'list':
      return sum(block.items, 0.3) + 0.5;
    case 'names':
      return sum([...(block.heading !== undefined ? [block.heading] : []), ...block.names], 0) + 0.5;
    case 'signatures':
      return block.signers.length * (block.lines ? 6 : 3);
    case 'field':
      return Math.max(
        lines(block.label),
        block.blocks.reduce((n, b) => n + estimatedLines(b, charsPerLine * FIELD_VALUE_SHARE), 0),
      );
    case 'section':
      return block.blocks.reduce((n, b) => n + estimatedLines(b, charsPerLine * 0.95), 0) + 2;
    case 'table':
      return (
        2 +
        block.rows.reduce(
          (n, row) =>
            n +
            0.4 +
            Math.max(
              1,
              ...row.map((cell, i) =>
                Math.ceil(
                  cell.length /
                    Math.max(4, (charsPerLine * 1.2 * (block.widths[i] ?? 1)) / summaAv(block.widths)),
                ),
              ),
            ),
          0,
        )
      );
    case 'pageBreak':
      return 0;
  }
}

/** Every text a document shows, in reading order (the header and footer first): for tests and search. */
export function textsOf(dokument: Dokument): string[] {
  const out: string[] = [
    ...(dokument.pageHeader.kommun !== undefined ? [dokument.pageHeader.kommun] : []),
    dokument.pageHeader.left,
    ...dokument.pageHeader.right,
    ...dokument.pageFooterBoxes,
  ];
  const walk = (blocks: Block[]): void => {
    for (const b of blocks) {
      switch (b.kind) {
        case 'heading':
        case 'paragraph':
          out.push(b.text);
          break;
        case 'field':
          out.push(b.label);
          walk(b.blocks);
          break;
        case 'attSatser':
          out.push(...b.satser);
          break;
        case 'list':
          out.push(...b.items);
          break;
        case 'names':
          if (b.heading !== undefined) out.push(b.heading);
          out.push(...b.names);
          break;
        case 'signatures':
          for (const s of b.signers) out.push(...(s.role !== undefined ? [s.role] : []), s.name);
          break;
        case 'section':
          walk(b.blocks);
          break;
        case 'table':
          out.push(...b.headers, ...b.rows.flat());
          break;
        case 'pageBreak':
          break;
      }
    }
  };
  walk(dokument.blocks);
  return out;
}
