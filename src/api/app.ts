/**
 * The HTTP face of Årshjul. Reads come from the domain (and, later, the register); commands go to workflows.
 * Every input is parsed by a zod schema; an error is JSON naming the field and the rule, never a stack trace.
 */
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import helmet from 'helmet';
import { anslagstavlaRouter, type AnslagstavlaDeps } from './anslagstavla';
import { arshjulRouter } from './arshjulSida';
import { createInloggning } from './inloggning';
import { kalenderRouter } from './kalender';
import { kvittensRouter, type KvittensDeps } from './kvittens';
import { createMetrics } from './metrics';
import { restApi } from './rest';
import { fristerEndpoint, INGA_BEROENDEN } from './rest/frister';
import { sammantradeSidor } from './sammantradeSidor';
import { uppgiftsidor } from './uppgifter';
import type { WebbDeps } from './webbDeps';

export interface AppDeps {
  /** Whether the Temporal frontend answers. */
  temporalAnswers: () => Promise<boolean>;
  /** The acknowledgement links of protokollsutdrag (./kvittens.ts); left out where no Temporal client is given. */
  kvittens?: KvittensDeps;
  /** The public anslagstavla (./anslagstavla.ts). */
  anslagstavla?: AnslagstavlaDeps;
  /** Everything behind sign-in: the pages and the REST API (./webbDeps.ts). */
  webb?: WebbDeps;
  /** Serve Prometheus metrics at /metrics (./metrics.ts): for a deployment's scraper, not for users. */
  metrics?: boolean;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Security headers on every answer (helmet): a strict CSP by default — no scripts, nothing from elsewhere, no
  // framing; a page that needs more (the API docs' own script) sets its own. No referrer leaves with a task link.
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          styleSrc: ["'unsafe-inline'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          baseUri: ["'none'"],
          frameAncestors: ["'none'"],
        },
      },
      referrerPolicy: { policy: 'no-referrer' },
    }),
  );

  if (deps.metrics) {
    const metrics = createMetrics(deps.temporalAnswers);
    app.use(metrics.track);
    app.get('/metrics', metrics.serve);
  }

  app.get('/healthz', async (_req, res) => {
    const temporal = await deps.temporalAnswers();
    res
      .status(temporal ? 200 : 503)
      .json({ status: temporal ? 'ok' : 'degraded', temporal: temporal ? 'ok' : 'unreachable' });
  });

  // The statutory deadlines of one protocol: public and pure. The REST API serves it with the web app; without
  // the web app it is served alone, with nothing to reach but its query.
  if (!deps.webb) fristerEndpoint.registrera(app, INGA_BEROENDEN, () => undefined);

  if (deps.kvittens) app.use(kvittensRouter(deps.kvittens));
  if (deps.anslagstavla) app.use(anslagstavlaRouter(deps.anslagstavla));
  if (deps.webb) {
    const inloggning = createInloggning(deps.webb);
    app.use(inloggning.router);
    app.use(uppgiftsidor(deps.webb, inloggning));
    app.use(arshjulRouter(deps.webb, inloggning));
    app.use(kalenderRouter(deps.webb, inloggning));
    app.use(sammantradeSidor(deps.webb, inloggning));
    app.use(restApi(deps.webb, inloggning));
    app.get('/', (_req, res) => res.redirect(303, '/uppgifter'));
  }

  app.use('/api', (req, res) => {
    res.status(404).json({ error: 'not_found', message: `Okänd resurs: ${req.method} ${req.originalUrl}` });
  });

  const onError: ErrorRequestHandler = (error: unknown, _req: Request, res: Response, _next) => {
    console.error('Unhandled error in HTTP request:', error);
    res.status(500).json({
      error: 'internal',
      message: 'Ett internt fel inträffade; försök igen eller kontakta förvaltningen.',
    });
  };
  app.use(onError);
  return app;
}
