/**
 * The guards in front of the signed-in pages: without a session, to the sign-in page and back here after it; a
 * posted form must carry the session's CSRF token. The signed-in person is `sessionAv(res)` after them.
 */
import { timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Session, Sessioner } from '../../api/session';
import { skickaMeddelande } from '../komponenter/Meddelandesida';

export function createVakt(sessioner: Pick<Sessioner, 'session'>) {
  const inloggad = (req: Request, res: Response, next: NextFunction) => {
    const s = sessioner.session(req);
    if (!s) {
      res.redirect(303, `/logga-in?till=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    res.locals.session = s;
    next();
  };

  const csrf = (req: Request, res: Response, next: NextFunction) => {
    const s = sessionAv(res);
    const given = Buffer.from(String((req.body as { csrf?: unknown } | undefined)?.csrf ?? ''));
    const expected = Buffer.from(s.csrf);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      skickaMeddelande(res, 403, {
        titel: 'Formuläret kunde inte skickas',
        texter: ['Ladda om sidan och försök igen.'],
        inloggad: s,
      });
      return;
    }
    next();
  };

  return { inloggad, csrf };
}

export type Vakt = ReturnType<typeof createVakt>;

/** The signed-in person of a request that has passed `inloggad`. */
export const sessionAv = (res: Response): Session => res.locals.session as Session;
