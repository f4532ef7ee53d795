/**
 * The pages for what went wrong, in the frame and in Swedish: no such page (404), and a fault on our side (500),
 * which says what to do next and never shows a stack trace. The signed-in person keeps their menu.
 */
import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Sessioner } from '../../api/session';
import { skickaMeddelande } from '../komponenter/Meddelandesida';

const TILL_UPPGIFTERNA = ['/uppgifter', 'Till Mina uppgifter'] as const;

export function felsidor(sessioner: Pick<Sessioner, 'session'> | undefined) {
  const inloggad = (req: Request) => sessioner?.session(req);

  const sidanFinnsInte = (req: Request, res: Response) =>
    skickaMeddelande(res, 404, {
      titel: 'Sidan finns inte',
      texter: [
        'Adressen leder inte till någon sida i Årshjul. Den kan vara felskriven, eller så har sidan flyttats.',
      ],
      inloggad: inloggad(req),
      lank: TILL_UPPGIFTERNA,
    });

  const internt: ErrorRequestHandler = (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    // The client's mistake, found before any page handler (a form over the body limit, broken %-encoding in the
    // path or the form): its 4xx, said in Swedish, and no stack in the log.
    const status = klientfel(error);
    if (status !== undefined) {
      skickaMeddelande(res, status, {
        titel:
          status === 413 ? 'Det du skickade är för stort' : 'Adressen eller formuläret gick inte att läsa',
        texter: [
          status === 413
            ? 'Formuläret innehöll mer text än Årshjul tar emot. Korta texten och försök igen.'
            : 'Adressen eller det du skickade innehöll tecken som inte går att tolka. Kontrollera adressen och försök igen.',
        ],
        inloggad: inloggad(req),
        lank: TILL_UPPGIFTERNA,
      });
      return;
    }
    console.error('Unhandled error in HTTP request:', error);
    skickaMeddelande(res, 500, {
      titel: 'Något gick fel hos oss',
      texter: [
        'Sidan kunde inte visas på grund av ett fel i Årshjul. Det du gjorde kan ha sparats eller inte: ladda om sidan och kontrollera.',
        'Försök igen om en stund. Om felet finns kvar, kontakta kansliet och berätta vad du gjorde och när.',
      ],
      inloggad: inloggad(req),
      lank: TILL_UPPGIFTERNA,
    });
  };

  return { sidanFinnsInte, internt };
}

/** The 4xx that Express or its body parser gave an error (body too large 413, unreadable 400), if any. */
function klientfel(error: unknown): 400 | 413 | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const status =
    (error as { status?: unknown; statusCode?: unknown }).status ??
    (error as { statusCode?: unknown }).statusCode;
  if (status === 413) return 413;
  return typeof status === 'number' && status >= 400 && status < 500 ? 400 : undefined;
}
