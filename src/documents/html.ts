/**
 * A document as one self-contained, accessible HTML page (`<html lang="sv">`, landmarks, real headings and
 * lists, labels as a description list), readable on screen and printable: every page break of the model is a
 * printed page break, and the initials boxes repeat at the foot of every printed page. All text is escaped.
 */
import { groupFields, type Block, type Dokument, type Signer } from '../domain/dokument';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STYLE = `
:root { color: #111; background: #fff; font-family: Roboto, "Helvetica Neue", Arial, sans-serif; }
body { margin: 0 auto; max-width: 46rem; padding: 1.5rem 1.5rem 7rem; line-height: 1.45; font-size: 1rem; }
.sidhuvud { display: flex; justify-content: space-between; align-items: flex-start; gap: 1rem;
  border-bottom: 1px solid #999; padding-bottom: .5rem; margin-bottom: 1.5rem; }
.sidhuvud .avsandare { display: flex; gap: .6rem; align-items: flex-start; }
.sidhuvud .organ { font-weight: 700; font-size: 1.1rem; margin: 0; }
.sidhuvud .organ span { display: block; }
.sidhuvud .organ .kommun + span { font-weight: 400; font-size: 1rem; }
.sidhuvud .dokument { text-align: right; margin: 0; }
.sidhuvud .dokument span { display: block; }
.sidhuvud .dokument span:first-child { font-weight: 700; }
.markering { border: 2px solid #a00; color: #a00; font-weight: 700; padding: .25rem .75rem; display: inline-block;
  text-transform: uppercase; letter-spacing: .05em; }
h1 { font-size: 1.4rem; margin: 0 0 .75rem; }
h2 { font-size: 1.1rem; margin: 1.25rem 0 .35rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .35rem; }
p { margin: 0 0 .5rem; }
.anmarkning { font-style: italic; color: #444; }
ul, ol { margin: 0 0 .6rem; padding-left: 1.4rem; }
ul.att-satser, ul.namn { list-style: none; padding-left: 0; }
ul.att-satser li { margin-bottom: .3rem; }
.namnrubrik { font-weight: 700; margin: 0; }
dl.falt { margin: 0 0 .5rem; }
dl.falt > div { display: grid; grid-template-columns: 14rem 1fr; gap: 1rem; margin-bottom: .4rem; }
dl.falt dt { font-weight: 700; }
dl.falt dd { margin: 0; }
.underskrift { margin: .25rem 0 1rem; break-inside: avoid; }
.underskrift .roll { font-size: .85rem; margin: 0; }
.underskrift .linje { border-bottom: 1px solid #111; width: 16rem; height: 2.2rem; }
.underskrift .namn { margin: .2rem 0 0; }
section.del { break-inside: avoid; }
section.ram { border: 1px solid #111; padding: .5rem .9rem; margin-top: 1rem; break-inside: avoid; }
.sidbrytning { break-after: page; border: 0; border-top: 1px dashed #bbb; margin: 2rem 0; }
.sidfot { display: flex; gap: 0; margin-top: 2rem; }
.sidfot div { border: 1px solid #111; width: 11rem; height: 3rem; padding: .2rem .4rem; font-size: .75rem; }
.sidfot div + div { border-left: 0; }
@page { size: A4; margin: 18mm 16mm 34mm 20mm;
  @bottom-right { content: "Sida " counter(page) " av " counter(pages); font-size: 8pt; vertical-align: top;
    margin-top: 5mm; } }
table.uppfoljning { border-collapse: collapse; width: 100%; font-size: 0.85em; margin: 0.3em 0 1em; }
table.uppfoljning th, table.uppfoljning td { border: 1px solid #999; padding: 0.2em 0.35em; text-align: left;
  vertical-align: top; }
table.uppfoljning th { background: #eee; }
table.uppfoljning .tal { text-align: right; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .sidbrytning { border: 0; margin: 0; }
  .sidfot { display: none; }
}
`;

function blocksHtml(blocks: Block[]): string {
  return groupFields(blocks)
    .map((group) =>
      group.kind === 'fields'
        ? // Consecutive fields form one description list.
          `<dl class="falt">${group.fields
            .map((f) => `<div><dt>${escapeHtml(f.label)}</dt><dd>${blocksHtml(f.blocks)}</dd></div>`)
            .join('')}</dl>`
        : blockHtml(group),
    )
    .join('\n');
}

/** Signed: role, line, name. Printed (a kallelse): name, then role. */
function signatureHtml(s: Signer, line: boolean): string {
  const role = s.role !== undefined ? `<p class="roll">${escapeHtml(s.role)}</p>` : '';
  const name = `<p class="namn">${escapeHtml(s.name)}</p>`;
  return line
    ? `<div class="underskrift">${role}<div class="linje" aria-hidden="true"></div>${name}</div>`
    : `<div class="underskrift">${name}${role}</div>`;
}

const items = (list: string[]): string => list.map((t) => `<li>${escapeHtml(t)}</li>`).join('');

function blockHtml(block: Exclude<Block, { kind: 'field' }>): string {
  switch (block.kind) {
    case 'heading':
      return `<h${block.level}>${escapeHtml(block.text)}</h${block.level}>`;
    case 'paragraph':
      return block.note
        ? `<p class="anmarkning" role="note">${escapeHtml(block.text)}</p>`
        : `<p>${escapeHtml(block.text)}</p>`;
    case 'attSatser':
      return `<ul class="att-satser">${items(block.satser)}</ul>`;
    case 'list':
      return block.numbered ? `<ol>${items(block.items)}</ol>` : `<ul>${items(block.items)}</ul>`;
    case 'names':
      return `${block.heading !== undefined ? `<p class="namnrubrik">${escapeHtml(block.heading)}</p>` : ''}<ul class="namn">${items(block.names)}</ul>`;
    case 'signatures':
      return block.signers.map((s) => signatureHtml(s, block.lines)).join('\n');
    case 'section':
      return `<section class="${block.framed ? 'ram' : 'del'}">\n${blocksHtml(block.blocks)}\n</section>`;
    case 'table': {
      const td = (t: string, i: number, tag: 'td' | 'th') =>
        `<${tag}${block.right?.includes(i) ? ' class="tal"' : ''}${tag === 'th' ? ' scope="col"' : ''}>${escapeHtml(t)}</${tag}>`;
      return `<table class="uppfoljning"><thead><tr>${block.headers.map((h, i) => td(h, i, 'th')).join('')}</tr></thead><tbody>${block.rows
        .map((r) => `<tr>${r.map((c, i) => td(c, i, 'td')).join('')}</tr>`)
        .join('')}</tbody></table>`;
    }
    case 'pageBreak':
      return '<hr class="sidbrytning" aria-hidden="true">';
  }
}

const MARGIN_BOXES = ['bottom-left', 'bottom-center'] as const;

/** A CSS string literal: the label can hold nothing that ends the string or the rule. */
const cssString = (text: string): string =>
  `"${text.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r<]/g, ' ')}"`;

/** The initials boxes in the bottom margin of every printed page (CSS page margin boxes): never over the text. */
function printedFooter(boxes: string[]): string {
  return boxes
    .slice(0, MARGIN_BOXES.length)
    .map(
      (label, i) =>
        `@page { @${MARGIN_BOXES[i]} { content: ${cssString(label)}; border: 0.6pt solid #111; font-size: 7pt; ` +
        `vertical-align: top; text-align: left; padding: 1mm 1.5mm; margin: 5mm 0 11mm; width: 55mm; } }`,
    )
    .join('\n');
}

export function renderHtml(d: Dokument): Buffer {
  const footer = d.pageFooterBoxes.length
    ? `<footer class="sidfot" aria-label="Signeringsrutor">${d.pageFooterBoxes
        .map((b) => `<div>${escapeHtml(b)}</div>`)
        .join('')}</footer>`
    : '';
  const html = `<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Årshjul">
<title>${escapeHtml(d.title)}</title>
<style>${STYLE}${printedFooter(d.pageFooterBoxes)}</style>
</head>
<body>
<header class="sidhuvud">
<div class="avsandare">${
    d.pageHeader.logotyp
      ? `<img class="logotyp" src="data:image/png;base64,${Buffer.from(d.pageHeader.logotyp).toString('base64')}" alt="${escapeHtml(d.pageHeader.kommun ?? '')} logotyp" width="40" height="40">`
      : ''
  }<p class="organ">${d.pageHeader.kommun ? `<span class="kommun">${escapeHtml(d.pageHeader.kommun)}</span>` : ''}<span>${escapeHtml(d.pageHeader.left)}</span></p></div>
<p class="dokument">${d.pageHeader.right.map((r) => `<span>${escapeHtml(r)}</span>`).join('')}</p>
</header>
${d.marking ? `<p class="markering" role="status">${escapeHtml(d.marking)}</p>\n` : ''}<main>
${blocksHtml(d.blocks)}
</main>
${footer}
</body>
</html>
`;
  return Buffer.from(html, 'utf8');
}
