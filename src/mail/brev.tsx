/**
 * A mail's two bodies from its blocks (src/domain/brev.ts): the plain text and the HTML. The HTML is rendered by
 * Preact, which escapes every value, with inline styles only (many mail clients drop <style> blocks) and no
 * external resources; its colours meet WCAG AA contrast on white.
 */
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { halsning, sidfotText, type Brev, type Stycke } from '../domain/brev';

/** A message to one person, ready to send. */
export interface Meddelande {
  amne: string;
  text: string;
  html: string;
}

export function renderaBrev(brev: Brev): Meddelande {
  return {
    amne: brev.amne,
    text: textAv(brev),
    html: `<!DOCTYPE html>\n${renderToString(<Html brev={brev} />)}\n`,
  };
}

function textAv(b: Brev): string {
  const width = Math.max(0, ...b.fakta.map(([label]) => label.length)) + 2;
  const stycke = (s: Stycke) =>
    typeof s === 'string'
      ? s
      : `${s.av ? `${s.av} skriver:\n` : ''}${s.citat
          .trim()
          .split(/\r?\n/)
          .map((line) => `> ${line}`.trimEnd())
          .join('\n')}`;
  return [
    halsning(b.mottagare),
    ...b.stycken.map(stycke),
    ...(b.fakta.length > 0
      ? [b.fakta.map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`).join('\n')]
      : []),
    ...(b.beskrivning ? [b.beskrivning.trim()] : []),
    ...(b.atgard ? [b.atgard] : []),
    ...(b.lank ? [`${b.lank.text}:\n${b.lank.url}`] : []),
    ...(b.efterLanken ?? []),
    `-- \n${sidfotText(b)}`,
  ]
    .join('\n\n')
    .concat('\n');
}

const FONT = "font-family:Arial,'Helvetica Neue',Helvetica,sans-serif;";
const P = 'margin:0 0 16px;font-size:16px;line-height:1.5;color:#1a1a1a;';
const LITEN = 'margin:0 0 16px;font-size:14px;line-height:1.5;color:#4a4a4a;';

function Html({ brev: b }: { brev: Brev }) {
  return (
    <html lang="sv">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{b.amne}</title>
      </head>
      <body style="margin:0;padding:0;background:#ffffff;">
        <div style={`${FONT}max-width:640px;margin:0 auto;padding:24px 16px;color:#1a1a1a;`}>
          <p style="margin:0 0 24px;font-size:14px;color:#4a4a4a;">Årshjul · {b.kommunNamn}</p>
          <h1 style="margin:0 0 24px;font-size:22px;line-height:1.3;color:#1a1a1a;">{b.rubrik}</h1>
          <p style={P}>{halsning(b.mottagare)}</p>
          {b.stycken.map((s) => (typeof s === 'string' ? <p style={P}>{s}</p> : <Citat {...s} />))}
          {b.fakta.length > 0 && (
            <table
              role="presentation"
              style={`${FONT}border-collapse:collapse;margin:0 0 16px;font-size:16px;line-height:1.4;color:#1a1a1a;`}
            >
              {b.fakta.map(([label, value]) => (
                <tr>
                  <th
                    scope="row"
                    style="text-align:left;vertical-align:top;padding:4px 16px 4px 0;font-weight:bold;white-space:nowrap;"
                  >
                    {label}
                  </th>
                  <td style="padding:4px 0;">{value}</td>
                </tr>
              ))}
            </table>
          )}
          {b.beskrivning && <Stycken text={b.beskrivning} style={P} />}
          {b.atgard && <p style={P}>{b.atgard}</p>}
          {b.lank && (
            <>
              <p style="margin:24px 0;">
                <a
                  href={b.lank.url}
                  style="display:inline-block;padding:12px 24px;background:#1d4f91;color:#ffffff;font-size:16px;font-weight:bold;text-decoration:none;border-radius:4px;"
                >
                  {b.lank.text}
                </a>
              </p>
              <p style={LITEN}>
                Fungerar inte knappen? Öppna den här adressen:{' '}
                <a href={b.lank.url} style="color:#1d4f91;word-break:break-all;">
                  {b.lank.url}
                </a>
              </p>
            </>
          )}
          {(b.efterLanken ?? []).map((s) => (
            <p style={LITEN}>{s}</p>
          ))}
          <hr style="border:none;border-top:1px solid #d0d0d0;margin:24px 0 16px;" />
          <p style="margin:0;font-size:13px;line-height:1.5;color:#4a4a4a;">{sidfotText(b)}</p>
        </div>
      </body>
    </html>
  );
}

function Citat({ citat, av }: { citat: string; av?: string }) {
  return (
    <blockquote style="margin:0 0 16px;padding:8px 16px;border-left:4px solid #1d4f91;background:#f2f5fa;">
      {av && <p style="margin:0 0 4px;font-size:14px;color:#4a4a4a;">{av} skriver:</p>}
      <Stycken text={citat} style="margin:0 0 8px;font-size:16px;line-height:1.5;color:#1a1a1a;" />
    </blockquote>
  );
}

/** Text with its line breaks kept: paragraphs on blank lines, <br> within them. */
function Stycken({ text, style }: { text: string; style: string }) {
  return (
    <>
      {text
        .trim()
        .split(/\r?\n\s*\r?\n/)
        .map((p) => (
          <p style={style}>{radbrytningar(p)}</p>
        ))}
    </>
  );
}

function radbrytningar(p: string): ComponentChildren {
  return p.split(/\r?\n/).flatMap((rad, i) => (i === 0 ? [rad] : [<br />, rad]));
}
