/**
 * The OpenAPI 3.1 document of the REST API, made from the endpoints' own declarations — the schemas that parse
 * the requests are the ones it shows — at `/api/openapi.json`, and browsable at `/api/docs` with Swagger UI served
 * from this server (no CDN).
 */
import path from 'node:path';
import express from 'express';
import type * as ZodOpenApi from 'zod-openapi';
import type { ZodOpenApiOperationObject, ZodOpenApiPathsObject } from 'zod-openapi';
import { SESSION_COOKIE } from '../session';
import { UPPLADDNING_HEADER, type Endpoint } from './endpoint';
import { z } from '../../domain/validering';
import { felsvarSchema } from './schemas';
import { FEL_KODER, type FelStatus } from './svar';
import { API_DOKUMENTATION } from '../../web/ApiDokumentation';

const FEL_TEXT: Record<FelStatus, string> = {
  400: 'Fel i adressen, frågan eller kroppen; varje fel namnger fältet och regeln.',
  401: 'Inte inloggad.',
  403: 'Inloggad, men inte behörig (rollen, organet eller uppgiften): felet namnger regeln.',
  404: 'Okänd resurs (fältet namnger vilken).',
  409: 'Processen vägrar kommandot i sitt nuvarande läge (arbetsflödets validering): felet namnger regeln.',
  413: 'Kroppen är för stor.',
  415: 'Kommandon skickas som JSON (Content-Type: application/json).',
};

function operation(e: Endpoint): ZodOpenApiOperationObject {
  const felstatus: FelStatus[] = [
    400,
    ...(e.publik ? [] : [401 as const]),
    ...e.fel,
    ...(e.metod === 'get' ? [] : [413 as const, 415 as const]),
  ];
  const svar = e.svar.schema
    ? { 'application/json': { schema: e.svar.schema } }
    : Object.fromEntries(
        (e.svar.filer ?? []).map((typ) => [typ, { schema: { type: 'string' as const, format: 'binary' } }]),
      );
  return {
    tags: [e.tagg],
    summary: e.sammanfattning,
    ...(e.beskrivning ? { description: e.beskrivning } : {}),
    operationId: `${e.metod}${e.sokvag.replace(/\{(\w+)\}/g, 'By_$1').replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ?? '').toUpperCase())}`,
    security: e.publik ? [] : [{ session: [] }],
    requestParams: {
      ...(e.params ? { path: e.params as never } : {}),
      ...(e.query ? { query: e.query as never } : {}),
    },
    ...(e.fil
      ? {
          requestBody: {
            required: true,
            description: `${e.fil.beskrivning} Skickas som multipart/form-data med huvudet ${UPPLADDNING_HEADER.namn}: ${UPPLADDNING_HEADER.varde}.`,
            content: {
              'multipart/form-data': {
                schema: (e.body as z.ZodObject).extend({
                  [e.fil.falt]: z.string().meta({ format: 'binary', description: e.fil.beskrivning }),
                }),
              },
            },
          },
        }
      : e.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: e.body } } } }
        : {}),
    responses: {
      [e.svar.status]: { description: e.svar.beskrivning, content: svar },
      ...Object.fromEntries(
        felstatus.map((status) => [
          status,
          {
            description: `${FEL_TEXT[status]} (\`${FEL_KODER[status]}\`)`,
            content: { 'application/json': { schema: felsvarSchema } },
          },
        ]),
      ),
    },
  };
}

export function openapiDokument(endpoints: readonly Endpoint[]) {
  const paths: ZodOpenApiPathsObject = {};
  for (const e of endpoints) paths[e.sokvag] = { ...paths[e.sokvag], [e.metod]: operation(e) };
  // The generator when the document is first asked for, not at every start (test/unit/api/openapi.test.ts makes it).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createDocument } = require('zod-openapi') as typeof ZodOpenApi;
  return createDocument({
    openapi: '3.1.0',
    info: {
      title: 'Årshjul',
      version: '1',
      description:
        'Årshjulets REST-API: uppgifter, sammanträden, ärenden, dokument och anslagstavlan. Logga in via /logga-in; API:t använder samma sessionskaka. Kommandon skickas som JSON och går till processerna (Temporal) som Updates i den inloggades namn; varje kommando prövas två gånger — här (roll, organ, tilldelning) och i processens validering — och skrivs i granskningsloggen.',
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'Sessionen från inloggningen.',
        },
      },
    },
    paths,
  });
}

const SWAGGER_FILER = ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js'] as const;
const SWAGGER_MAPP = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const INIT_JS = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: 'StandaloneLayout' });`;

/** `/api/openapi.json` and `/api/docs`: public, with no side effects. */
export function openapiRouter(endpoints: readonly Endpoint[]): express.Router {
  const router = express.Router();
  // Made on the first request for it: a start need not wait for it (some 0.1 s of CPU, a twentieth of a start).
  let dokument: string | undefined;
  // The docs page alone may run scripts, its own from this server; everything else keeps the strict default.
  const docsCsp = (_req: express.Request, res: express.Response, next: express.NextFunction) => {
    res.set(
      'Content-Security-Policy',
      "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    next();
  };
  router.get('/api/openapi.json', (_req, res) => {
    res.type('application/json').send((dokument ??= JSON.stringify(openapiDokument(endpoints))));
  });
  router.get('/api/docs', docsCsp, (_req, res) => {
    res.type('html').send(API_DOKUMENTATION);
  });
  router.get('/api/docs/init.js', docsCsp, (_req, res) => {
    res.type('application/javascript').send(INIT_JS);
  });
  router.get('/api/docs/:fil', docsCsp, (req, res, next) => {
    const fil = SWAGGER_FILER.find((f) => f === req.params.fil);
    if (!fil) return next();
    res.sendFile(path.join(SWAGGER_MAPP, fil), { maxAge: '1d' });
  });
  return router;
}

/** The public paths of the API besides its endpoints marked `publik`. */
export const OPENAPI_SOKVAGAR = ['/api/openapi.json', '/api/docs'] as const;
