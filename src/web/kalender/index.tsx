/**
 * Calendar feeds: `/kalender` shows a signed-in person the addresses of their own feed and of their organs'
 * (every organ's, for the kanslichef), with how to subscribe in Outlook and Google; `/kalender/<token>.ics` is
 * the feed. Calendar apps cannot sign in, so the address itself is the key: a token signed with the `kalender`
 * key naming the kommun and one person or one organ — a person's feed shows only that person's things — and the
 * person it was made for with their generation in the register. **Ny adress** moves the generation on: every
 * address the person had (their own and their organs') stops working at once, a leaked one included.
 */
import express, { type Request, type Response } from 'express';
import type { Client } from '@temporalio/client';
import type { Register } from '../../db/register';
import { dateInStockholm, yearOf } from '../../domain/datum';
import { personNamn, type KommunConfig } from '../../domain/kommun';
import { z } from '../../domain/validering';
import { signera, verifiera } from '../../security/signerat';
import { lasAret } from '../../api/arshjulAret';
import { Sida } from '../komponenter/Sida';
import { Csrf } from '../komponenter/formular';
import { Stycken } from '../komponenter/text';
import { sessionAv, type Vakt } from '../inloggning/vakt';
import { moten } from '../motesplan';
import { organFor } from '../ord';
import { skickaSida } from '../svar';
import { kalenderIcs } from './flode';
import type { Hemlighet } from '../../security/nycklar';

export interface KalenderDeps {
  client: Client;
  register: Pick<
    Register,
    | 'listaUppgifter'
    | 'hamtaArshjulOversikt'
    | 'rapporternasSteg'
    | 'kalendergeneration'
    | 'nyKalendergeneration'
  >;
  kommuner: Map<string, KommunConfig>;
  hemlighet: Hemlighet;
  baseUrl: string;
  nu?: () => number;
}

/**
 * A feed's address does not expire: a calendar keeps fetching it for years. It is revoked by its person's new
 * address (the generation), or by rotating the secret (every address changes then).
 */
const GILTIG_TILL = Date.UTC(2100, 0, 1);

const generation = z.int().min(0);
const tokenSchema = z.union([
  z
    .object({ kommun: z.string().min(1), person: z.string().min(1), gen: generation, giltigTill: z.int() })
    .strict(),
  z
    .object({
      kommun: z.string().min(1),
      organ: z.string().min(1),
      /** The person the address was made for: their new address revokes it too. */
      av: z.string().min(1),
      gen: generation,
      giltigTill: z.int(),
    })
    .strict(),
]);

const filSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.ics$/, 'en kalenderadress slutar på .ics');

/** One feed's address, to copy into a calendar app. */
const Adress = ({ titel, url, id }: { titel: string; url: string; id: string }) => (
  <li>
    <label for={id}>{titel}</label>
    <input id={id} type="url" readonly value={url} />
  </li>
);

function Kalendersida(props: {
  person: { titel: string; url: string };
  organ: readonly { kortnamn: string; namn: string; url: string }[];
  csrf: string;
}) {
  return (
    <>
      <Stycken
        texter={[
          'Prenumerera på Årshjuls datum i din kalender: dina förfallodagar och dina organs sammanträden. Kalendern hämtar ändringar själv, till exempel när en förfallodag flyttas.',
        ]}
      />
      <h2>Din kalender</h2>
      <ul class="kalendrar">
        <Adress titel={props.person.titel} url={props.person.url} id="kalender-person" />
      </ul>
      {props.organ.length > 0 && (
        <>
          <h2>Organens kalendrar</h2>
          <Stycken texter={['Varje organs sammanträden och förfallodagarna i årets rapporter.']} />
          <ul class="kalendrar">
            {props.organ.map((o) => (
              <Adress
                key={o.kortnamn}
                titel={`${o.namn} (${o.kortnamn})`}
                url={o.url}
                id={`kalender-${o.kortnamn}`}
              />
            ))}
          </ul>
        </>
      )}
      <h2>Så lägger du till kalendern</h2>
      <h3>Outlook</h3>
      <ol>
        <li>Kopiera adressen ovan.</li>
        <li>
          Öppna Kalender och välj <strong>Lägg till kalender</strong> och sedan{' '}
          <strong>Prenumerera från webben</strong> (i äldre Outlook: <strong>Från Internet</strong>).
        </li>
        <li>
          Klistra in adressen, ge kalendern ett namn och välj <strong>Importera</strong>.
        </li>
      </ol>
      <h3>Google Kalender</h3>
      <ol>
        <li>Kopiera adressen ovan.</li>
        <li>
          Välj plustecknet vid <strong>Andra kalendrar</strong> och sedan <strong>Från webbadress</strong>{' '}
          (Lägg till kalender från webbadress).
        </li>
        <li>
          Klistra in adressen och välj <strong>Lägg till kalender</strong>. Google hämtar ändringar några
          gånger per dygn.
        </li>
      </ol>
      <Stycken
        texter={['Adressen är personlig: den som har den kan se datumen i kalendern. Dela den inte.']}
      />
      <h2>Ny adress</h2>
      <Stycken
        texter={[
          'Har adressen kommit i fel händer? Skapa nya adresser. De gamla slutar fungera direkt, också organens som du har kopierat; lägg in de nya i din kalender.',
        ]}
      />
      <form method="post" action="/kalender/ny-adress">
        <Csrf csrf={props.csrf} />
        <button class="sekundar" type="submit">
          Skapa nya adresser
        </button>
      </form>
    </>
  );
}

export function kalenderRouter(deps: KalenderDeps, vakt: Vakt): express.Router {
  const router = express.Router();

  const adress = (
    payload:
      | { kommun: string; person: string; gen: number }
      | { kommun: string; organ: string; av: string; gen: number },
  ) =>
    `${deps.baseUrl.replace(/\/+$/, '')}/kalender/${signera('kalender', { ...payload, giltigTill: GILTIG_TILL }, deps.hemlighet)}.ics`;

  router.get('/kalender', vakt.inloggad, async (_req, res) => {
    const s = sessionAv(res);
    const config = deps.kommuner.get(s.kommun)!;
    const organ = config.organ.filter((o) => organFor(config, s.person).includes(o.kortnamn));
    const gen = await deps.register.kalendergeneration(s.kommun, s.person);
    skickaSida(
      res,
      200,
      <Sida titel="Kalender" inloggad={s}>
        <Kalendersida
          person={{
            titel: `${s.namn}: uppgifter och sammanträden`,
            url: adress({ kommun: s.kommun, person: s.person, gen }),
          }}
          organ={organ.map((o) => ({
            ...o,
            url: adress({ kommun: s.kommun, organ: o.kortnamn, av: s.person, gen }),
          }))}
          csrf={s.csrf}
        />
      </Sida>,
    );
  });

  // New addresses: the person's generation moves on, so every address they had is refused from now on.
  router.post('/kalender/ny-adress', vakt.inloggad, vakt.csrf, async (_req, res) => {
    const s = sessionAv(res);
    await deps.register.nyKalendergeneration({
      kommun: s.kommun,
      person: s.person,
      tid: new Date((deps.nu ?? Date.now)()),
    });
    res.redirect(303, '/kalender');
  });

  router.get('/kalender/:fil', (req, res) => flode(deps, req, res));
  return router;
}

/** `/kalender/<token>.ics`: the feed the address names (a person's or an organ's). */
async function flode(deps: KalenderDeps, req: Request, res: Response) {
  const nu = deps.nu ?? Date.now;
  const fil = filSchema.safeParse(req.params.fil);
  const token = fil.success
    ? verifiera('kalender', fil.data.slice(0, -'.ics'.length), tokenSchema, deps.hemlighet, nu())
    : undefined;
  const config = token?.ok ? deps.kommuner.get(token.varde.kommun) : undefined;
  const vems = token?.ok ? ('person' in token.varde ? token.varde.person : token.varde.av) : undefined;
  // An address of an older generation: its person has made new ones (or is no longer in the kommun).
  const aktuell =
    token?.ok &&
    config !== undefined &&
    // An organ's address made by someone who has left: revoked with them (a person's own says so below).
    ('person' in token.varde || config.personer.some((p) => p.id === vems)) &&
    (await deps.register.kalendergeneration(config.kommun.id, vems!)) === token.varde.gen;
  if (!token?.ok || !config || !aktuell) {
    res
      .status(404)
      .type('text/plain; charset=utf-8')
      .send('Kalendern finns inte. Kopiera adressen på nytt från sidan Kalender i Årshjul.\n');
    return;
  }
  const varde = token.varde;
  const idag = dateInStockholm(nu());
  const organNamn = Object.fromEntries(config.organ.map((o) => [o.kortnamn, o.namn]));
  const namnPa = (id: string) => personNamn(config, id);
  // Meetings from the start of last year on: what a calendar needs, not the whole archive.
  const aktuella = moten(config).filter((m) => yearOf(m.datum) >= yearOf(idag) - 1);
  const gemensamt = {
    kommun: config.kommun.id,
    kommunNamn: config.kommun.namn,
    baseUrl: deps.baseUrl,
    tid: nu(),
    organNamn,
    namnPa,
  };
  let ics: string;
  if ('person' in varde) {
    const person = config.personer.find((p) => p.id === varde.person);
    if (!person) {
      res.status(404).type('text/plain; charset=utf-8').send('Personen finns inte längre i Årshjul.\n');
      return;
    }
    const organ = organFor(config, person.id);
    const uppgifter = await deps.register.listaUppgifter({
      kommun: config.kommun.id,
      person: person.id,
      status: ['OPPEN'],
    });
    ics = kalenderIcs({
      ...gemensamt,
      namn: `Årshjul: ${person.namn}`,
      uppgifter: uppgifter.map((u) => ({
        id: u.id,
        titel: u.titel,
        forfaller: u.forfaller,
        processTitel: u.processTitel,
      })),
      moten: aktuella.filter((m) => organ.includes(m.organ)),
      rapporter: [],
    });
  } else {
    if (!organNamn[varde.organ]) {
      res.status(404).type('text/plain; charset=utf-8').send('Organet finns inte längre i Årshjul.\n');
      return;
    }
    // This year's and next year's reports: from the running årshjul, else as planned.
    const ar = yearOf(idag);
    const ars = [ar, ar + 1].filter((a) => config.sammantradesplan[String(a)] !== undefined);
    const aren = await Promise.all(ars.map((a) => lasAret(deps.client, config, a, idag, deps.register)));
    ics = kalenderIcs({
      ...gemensamt,
      namn: `Årshjul: ${organNamn[varde.organ]} (${varde.organ})`,
      uppgifter: [],
      moten: aktuella.filter((m) => m.organ === varde.organ),
      rapporter: aren.flatMap((a) => a.oversikt.rapporter.filter((r) => r.organ === varde.organ)),
    });
  }
  res
    .status(200)
    .type('text/calendar; charset=utf-8')
    .set('Cache-Control', 'no-store')
    .set('Content-Disposition', 'inline; filename="arshjul.ics"')
    .send(ics);
}
