/**
 * The HTML pages' frame: Swedish, accessible (landmarks, labels, visible focus, AA contrast), no scripts, no
 * external resources, never cached (they show a person's work). Every value is escaped here or by the caller.
 */
import type { Response } from 'express';
import { escapeHtml } from '../domain/meddelanden';
import { formatFel, type Fel } from '../domain/validering';
import { TIDSLINJE_STIL, UPPGIFTER_STIL } from './arshjulStil';

export const e = escapeHtml;

/** A form's CSRF token (./inloggning.ts checks it). */
export const csrfFalt = (csrf: string) => `<input type="hidden" name="csrf" value="${e(csrf)}">`;

const STIL = `body{font-family:Arial,'Helvetica Neue',Helvetica,sans-serif;color:#1a1a1a;max-width:48rem;margin:0 auto;padding:1rem;line-height:1.5}
header{display:flex;flex-wrap:wrap;gap:.5rem;justify-content:space-between;align-items:center;border-bottom:1px solid #d0d0d0;margin-bottom:1.5rem}
h1{font-size:1.5rem}a{color:#1d4f91}
button{font-size:1rem;padding:.6rem 1.2rem;background:#1d4f91;color:#fff;border:0;border-radius:4px;cursor:pointer}
a.knapp{display:inline-block;font-size:1rem;padding:.6rem 1.2rem;background:#1d4f91;color:#fff;border-radius:4px;text-decoration:none}
button.sekundar{background:#fff;color:#1d4f91;border:2px solid #1d4f91}
button:focus,a:focus,input:focus,textarea:focus{outline:3px solid #f2a900;outline-offset:2px}
label{display:block;font-weight:bold;margin:.75rem 0 .25rem}input,textarea{font-size:1rem;padding:.5rem;width:100%;max-width:32rem;box-sizing:border-box}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #e0e0e0;vertical-align:top}
.forsenad{color:#a40000;font-weight:bold}.fel{border-left:4px solid #a40000;padding:.5rem 1rem;background:#fff3f3}
.klart{border-left:4px solid #1e7a3c;padding:.5rem 1rem;background:#f1f8f3}
.datum{white-space:nowrap}
@media (max-width:40rem){table{display:block;overflow-x:auto}}
.meny{list-style:none;display:flex;flex-wrap:wrap;gap:.25rem 1.25rem;padding:0;margin:0 0 1rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
${TIDSLINJE_STIL}
${UPPGIFTER_STIL}`;

export function sida(
  res: Response,
  status: number,
  titel: string,
  innehall: string,
  options: { inloggad?: Inloggad } = {},
): void {
  const anvandare = options.inloggad
    ? `<form method="post" action="/logga-ut">${csrfFalt(options.inloggad.csrf)}<span>${e(options.inloggad.namn)}</span> <button class="sekundar" type="submit">Logga ut</button></form>`
    : '';
  const meny = options.inloggad ? navigering(options.inloggad) : '';
  res
    .status(status)
    .type('html')
    .set('Cache-Control', 'no-store')
    .set('Referrer-Policy', 'no-referrer')
    .set('X-Content-Type-Options', 'nosniff')
    .set('X-Frame-Options', 'DENY')
    .set(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'",
    ).send(`<!DOCTYPE html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${e(titel)} – Årshjul</title>
<style>${STIL}</style>
</head>
<body>
<header><p><a href="/uppgifter">Årshjul</a></p>${anvandare}</header>
${meny}
<main>
<h1>${e(titel)}</h1>
${innehall}
</main>
</body>
</html>`);
}

/** Who is signed in, as the frame needs it (a Session from ./inloggning.ts). */
export interface Inloggad {
  kommun: string;
  namn: string;
  csrf: string;
  roller: readonly { roll: string; organ?: string | undefined }[];
}

/** The pages a person's roles give them: everyone has their tasks; the kanslichef the year; the sekreterare the meetings. */
function navigering(vem: Inloggad): string {
  const har = (...roller: string[]) => vem.roller.some((r) => roller.includes(r.roll));
  const lankar: [string, string][] = [['/uppgifter', 'Mina uppgifter']];
  if (har('kanslichef', 'admin')) lankar.push(['/arshjul', 'Årshjulet']);
  if (har('sekreterare', 'kanslichef')) lankar.push(['/sammantraden', 'Sammanträden']);
  lankar.push(
    ['/kalender', 'Kalender'],
    [`/anslagstavla/${encodeURIComponent(vem.kommun)}`, 'Anslagstavlan'],
  );
  return `<nav aria-label="Huvudmeny"><ul class="meny">${lankar
    .map(([href, text]) => `<li><a href="${e(href)}">${e(text)}</a></li>`)
    .join('')}</ul></nav>`;
}

export const stycken = (texter: string[]) => texter.map((t) => `<p>${e(t)}</p>`).join('\n');

/** Each broken rule as an alert naming its field. */
export const felLista = (fel: readonly Fel[]) =>
  fel.map((f) => `<p class="fel" role="alert">${e(formatFel(f))}</p>`).join('\n');
