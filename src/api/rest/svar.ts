/**
 * The API's answers when something is wrong: JSON `{ error, message, issues }`, each issue naming the field and
 * the rule (src/domain/validering.ts), never a stack trace. Handlers throw an `ApiFel`; the router answers it.
 */
import type { ErrorRequestHandler, Response } from 'express';
import { formatFel, type Fel } from '../../domain/validering';

export const FEL_KODER = {
  400: 'invalid_input',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
} as const;
export type FelStatus = keyof typeof FEL_KODER;

/** The largest JSON body a command may send (express's limit; the 413 message says it in kB). */
export const STORSTA_KROPP_KB = 256;

export class ApiFel extends Error {
  constructor(
    readonly status: FelStatus,
    readonly issues: Fel[],
  ) {
    super(issues.map(formatFel).join('; '));
    this.name = 'ApiFel';
  }
}

export const ogiltig = (issues: Fel[]) => new ApiFel(400, issues);
export const forbjuden = (issues: Fel[]) => new ApiFel(403, issues);
export const konflikt = (issues: Fel[]) => new ApiFel(409, issues);
/** An id in the path (or body) that names nothing. */
export const saknas = (field: string, message: string) =>
  new ApiFel(404, [{ field, rule: 'finns', message }]);

export function skickaFel(res: Response, fel: ApiFel): void {
  res.status(fel.status).json({ error: FEL_KODER[fel.status], message: fel.message, issues: fel.issues });
}

export const INTE_INLOGGAD = new ApiFel(401, [
  {
    field: 'arshjul_session',
    rule: 'inloggning',
    message: 'logga in först (/logga-in); API:t använder samma sessionskaka som webbsidorna',
  },
]);

/**
 * Errors raised before a handler runs — by the JSON body parser or by decoding the path — answered as the
 * client's mistake they are; anything else goes on to the app's 500.
 */
export const tolkningsfel: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  if (error instanceof ApiFel) return skickaFel(res, error);
  const typ = (error as { type?: unknown }).type;
  const status = (error as { status?: unknown }).status;
  if (typ === 'entity.parse.failed') {
    return skickaFel(res, ogiltig([{ field: 'body', rule: 'json', message: 'kroppen är inte giltig JSON' }]));
  }
  if (typ === 'entity.too.large') {
    return skickaFel(
      res,
      new ApiFel(413, [
        { field: 'body', rule: 'storlek', message: `kroppen är för stor (högst ${STORSTA_KROPP_KB} kB)` },
      ]),
    );
  }
  if (typ === 'charset.unsupported' || typ === 'encoding.unsupported') {
    return skickaFel(
      res,
      new ApiFel(415, [
        { field: 'content-type', rule: 'utf8', message: 'skicka JSON i UTF-8, utan annan kodning' },
      ]),
    );
  }
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // E.g. a path with broken percent-encoding (decoding the parameter failed).
    return skickaFel(
      res,
      ogiltig([{ field: 'path', rule: 'kodning', message: 'adressen kan inte avkodas' }]),
    );
  }
  next(error);
};
