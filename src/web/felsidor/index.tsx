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
    console.error('Unhandled error in HTTP request:', error);
    if (res.headersSent) return next(error);
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
