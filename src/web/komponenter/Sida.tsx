/**
 * The frame of every page: Swedish, landmarks (header, the menu a person's roles give them, main), a link past
 * the menu for keyboard users, the page's heading, and the one stylesheet. No scripts, nothing from elsewhere.
 */
import type { ComponentChildren } from 'preact';
import type { Session } from '../../api/session';
import { STILMALL } from '../stil';
import { Csrf } from './formular';

/** Who is signed in, as the frame needs it. */
export type Inloggad = Pick<Session, 'kommun' | 'namn' | 'csrf' | 'roller'>;

export function Sida(props: {
  titel: string;
  inloggad?: Inloggad | undefined;
  /** Room for a wide page (the årshjul's timeline). */
  bred?: boolean;
  children?: ComponentChildren;
}) {
  return (
    <html lang="sv">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`${props.titel} – Årshjul`}</title>
        <link rel="stylesheet" href={STILMALL} />
      </head>
      <body class={props.bred ? 'bred' : undefined}>
        <a class="hoppa" href="#innehall">
          Till innehållet
        </a>
        <header class="sidhuvud">
          <p class="namn">
            <a href="/uppgifter">Årshjul</a>
          </p>
          {props.inloggad && (
            <form method="post" action="/logga-ut" class="utloggning">
              <Csrf csrf={props.inloggad.csrf} />
              <span>{props.inloggad.namn}</span>{' '}
              <button class="sekundar" type="submit">
                Logga ut
              </button>
            </form>
          )}
        </header>
        {props.inloggad && <Meny vem={props.inloggad} />}
        <main id="innehall">
          <h1>{props.titel}</h1>
          {props.children}
        </main>
      </body>
    </html>
  );
}

/** The pages a person's roles give them: everyone has their tasks; the kanslichef the year; the sekreterare the meetings. */
function Meny({ vem }: { vem: Inloggad }) {
  const har = (...roller: string[]) => vem.roller.some((r) => roller.includes(r.roll));
  const lankar: [string, string][] = [['/uppgifter', 'Mina uppgifter']];
  if (har('kanslichef', 'admin')) lankar.push(['/arshjul', 'Årshjulet']);
  if (har('sekreterare', 'kanslichef')) lankar.push(['/sammantraden', 'Sammanträden']);
  lankar.push(
    ['/kalender', 'Kalender'],
    [`/anslagstavla/${encodeURIComponent(vem.kommun)}`, 'Anslagstavlan'],
  );
  return (
    <nav aria-label="Huvudmeny">
      <ul class="meny">
        {lankar.map(([href, text]) => (
          <li key={href}>
            <a href={href}>{text}</a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
