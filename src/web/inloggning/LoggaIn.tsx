/**
 * The sign-in pages: the address form (and the kommun's own sign-in, when configured), "Kolla din e-post", and
 * the link's page — a button, not an automatic sign-in, so that a mail scanner opening links does not use it up.
 */
import type { Request, Response } from 'express';
import { personNamn, type KommunConfig } from '../../domain/kommun';
import { sakerDestination, type Sessioner } from '../../api/session';
import { z, type Fel } from '../../domain/validering';
import { Dolt, Formular, Textfalt } from '../komponenter/formular';
import { Sida } from '../komponenter/Sida';
import type { Falt } from '../formular/falt';
import { skickaSida } from '../svar';
import { LANK_MINUTER, type Epostlank, type LankFel } from './epostlank';
import { skickaMeddelande } from '../komponenter/Meddelandesida';

const ETIKETTER = { epost: 'Din e-postadress' };

const FEL_TEXT: Record<LankFel, string> = {
  FORMAT: 'Länken är ofullständig. Kopiera hela adressen ur e-postmeddelandet.',
  SIGNATUR: 'Länken är inte giltig. Begär en ny inloggningslänk.',
  UTGANGEN: `Länken har gått ut (den gäller i ${LANK_MINUTER} minuter). Begär en ny.`,
  ANVAND: 'Länken är redan använd. Begär en ny inloggningslänk.',
};

/** A kommun whose own sign-in (OIDC) is offered. */
interface OidcKommun {
  kommun: string;
  namn: string;
}

function LoggaInSida(props: {
  till: string;
  oidc: readonly OidcKommun[];
  falt?: Falt;
  fel?: readonly Fel[];
}) {
  return (
    <Sida titel="Logga in">
      {props.oidc.length > 0 && (
        <>
          {props.oidc.map((o) => (
            <p key={o.kommun}>
              <a
                class="knapp"
                href={`/logga-in/oidc?kommun=${encodeURIComponent(o.kommun)}&till=${encodeURIComponent(props.till)}`}
              >
                {props.oidc.length === 1
                  ? 'Logga in med kommunens inloggning'
                  : `Logga in med ${o.namn}s inloggning`}
              </a>
            </p>
          ))}
          <p>eller få en inloggningslänk via e-post:</p>
        </>
      )}
      <Formular action="/logga-in" fel={props.fel} etiketter={ETIKETTER}>
        <Dolt name="till" value={props.till} />
        <Textfalt
          f={props.falt ?? {}}
          name="epost"
          label={ETIKETTER.epost}
          type="email"
          autocomplete="email"
          required
        />
        <p>
          <button type="submit">Skicka inloggningslänk</button>
        </p>
      </Formular>
    </Sida>
  );
}

const lankenKanInteAnvandas = (res: Response, fel: LankFel) =>
  skickaMeddelande(res, 400, {
    titel: 'Länken kan inte användas',
    texter: [FEL_TEXT[fel]],
    lank: ['/logga-in', 'Logga in'],
  });

export function inloggningssidor(deps: {
  lank: Epostlank;
  sessioner: Sessioner;
  kommuner: Map<string, KommunConfig>;
  oidc: readonly OidcKommun[];
}) {
  const { lank, sessioner, oidc } = deps;
  const formular = (req: Request, res: Response) =>
    skickaSida(res, 200, <LoggaInSida till={sakerDestination(req.query.till)} oidc={oidc} />);

  const begar = async (req: Request, res: Response) => {
    const body = req.body as { epost?: unknown; till?: unknown };
    const till = sakerDestination(body.till);
    const text = typeof body.epost === 'string' ? body.epost.trim() : '';
    const epost = z.email('skriv en e-postadress, t.ex. namn@kommun.se').safeParse(text);
    if (!epost.success) {
      const fel: Fel[] = [
        { field: 'epost', rule: 'invalid_format', message: epost.error.issues[0]!.message },
      ];
      return skickaSida(res, 400, <LoggaInSida till={till} oidc={oidc} falt={{ epost: text }} fel={fel} />);
    }
    const svar = await lank.begar(epost.data, till, req.ip ?? '');
    if (svar === 'SMTP_NERE') {
      // The mail server is away (an outage, not a refusal): a page that says so, not a 500 to a form — the same
      // for every address, so it tells no one who has an account.
      res.set('Retry-After', '60');
      return skickaMeddelande(res, 503, {
        titel: 'E-posten fungerar inte just nu',
        texter: ['Vi kan inte skicka inloggningslänkar just nu. Försök igen om en stund.'],
      });
    }
    if (svar === 'BEGRANSAD') {
      return skickaMeddelande(res, 429, {
        titel: 'Vänta en stund',
        texter: ['För många inloggningsförsök. Försök igen om en kvart.'],
      });
    }
    // The same answer either way: the page does not tell who has an account.
    skickaMeddelande(res, 200, {
      titel: 'Kolla din e-post',
      texter: [
        `Om ${epost.data} finns i Årshjul har vi skickat en inloggningslänk dit. Den gäller i ${LANK_MINUTER} minuter.`,
      ],
    });
  };

  const visaLank = (req: Request, res: Response) => {
    const l = lank.las(String(req.params.token));
    if (!l.ok) return lankenKanInteAnvandas(res, l.fel);
    const namn = personNamn(deps.kommuner.get(l.lank.kommun) ?? { personer: [] }, l.lank.person);
    skickaSida(
      res,
      200,
      <Sida titel="Logga in">
        <form method="post">
          <p>
            <button type="submit">Logga in som {namn}</button>
          </p>
        </form>
      </Sida>,
    );
  };

  const anvandLank = async (req: Request, res: Response) => {
    const l = lank.las(String(req.params.token));
    if (!l.ok) return lankenKanInteAnvandas(res, l.fel);
    if (!(await lank.anvand(l.lank))) return lankenKanInteAnvandas(res, 'ANVAND');
    await sessioner.loggaIn(res, { kommun: l.lank.kommun, person: l.lank.person }, l.lank.till);
  };

  return { formular, begar, visaLank, anvandLank };
}
