/**
 * The HTTP face of Årshjul: the pages (src/web/, one folder per user area) and the REST API (./rest/), over one
 * session (./session.ts). Reads come from the register; commands go to workflows. Every input is parsed by a zod
 * schema; an error names the field and the rule — a page in Swedish, or JSON under /api — never a stack trace.
 */
import express, { type ErrorRequestHandler, type Request, type Response } from 'express';
import helmet from 'helmet';
import {
  anslagstavlaRouter,
  createVakt,
  felsidor,
  kvittensRouter,
  stilRouter,
  webbsidor,
  type AnslagstavlaDeps,
  type KvittensDeps,
} from '../web';
import { sparbarTextFel } from '../domain/tecken';
import { createMetrics, type UtkorgensLage } from './metrics';
import { restApi } from './rest';
import { fristerEndpoint, INGA_BEROENDEN } from './rest/frister';
import { arApi, createSessioner } from './session';
import type { WebbDeps } from './webbDeps';

export interface AppDeps {
  /** Whether the Temporal frontend answers. */
  temporalAnswers: () => Promise<boolean>;
  /** Whether the register answers a read; /healthz leaves it out when not given. */
  registerAnswers?: () => Promise<boolean>;
  /** Whether the SMTP relay answers; /healthz leaves it out when not given. */
  smtpAnswers?: () => Promise<boolean>;
  /** The acknowledgement links of protokollsutdrag (src/web/kvittens/); left out where no Temporal client is given. */
  kvittens?: KvittensDeps;
  /** The public anslagstavla (src/web/anslagstavlan/). */
  anslagstavla?: AnslagstavlaDeps;
  /** Everything behind sign-in: the pages and the REST API (./webbDeps.ts). */
  webb?: WebbDeps;
  /** Serve Prometheus metrics at /metrics (./metrics.ts): for a deployment's scraper, not for users. */
  metrics?: boolean;
  /** What waits in the outbox of task mail, for /metrics; left out when not given. */
  utkorg?: UtkorgensLage;
  /** Express's `trust proxy` (ARSHJUL_TRUST_PROXY): whose X-Forwarded-For names the client. Default: no one's. */
  trustProxy?: boolean | number | string;
}

export function createApp(deps: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // `req.ip` is the connection's address unless a proxy we trust says otherwise (the sign-in limiter counts it).
  app.set('trust proxy', deps.trustProxy ?? false);
  // Security headers on every answer (helmet): a strict CSP by default — no scripts, styles only from this site's
  // stylesheet, nothing from elsewhere, no framing; an answer that needs more (the API docs' own script, a
  // document's inline styles) sets its own. No referrer leaves with a task link.
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          styleSrc: ["'self'"],
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
    const metrics = createMetrics(deps.temporalAnswers, deps.utkorg);
    app.use(metrics.track);
    app.get('/metrics', metrics.serve);
  }

  // Each part on its own line, and `degraded` when any is down. 503 only when Temporal or the register is: without
  // them nothing works here; without SMTP the pages and the API still do (mail waits), so the instance stays in.
  app.get('/healthz', async (_req, res) => {
    const [temporal, register, smtp] = await Promise.all([
      deps.temporalAnswers(),
      deps.registerAnswers?.(),
      deps.smtpAnswers?.(),
    ]);
    const svar = (ok: boolean) => (ok ? 'ok' : 'unreachable');
    const uppe = temporal && register !== false;
    res.status(uppe ? 200 : 503).json({
      status: uppe && smtp !== false ? 'ok' : 'degraded',
      temporal: svar(temporal),
      ...(register !== undefined ? { register: svar(register) } : {}),
      ...(smtp !== undefined ? { smtp: svar(smtp) } : {}),
    });
  });

  // The statutory deadlines of one protocol: public and pure. The REST API serves it with the web app; without
  // the web app it is served alone, with nothing to reach but its query.
  if (!deps.webb) fristerEndpoint.registrera(app, INGA_BEROENDEN, () => undefined);

  app.use(stilRouter());
  if (deps.kvittens) app.use(kvittensRouter(deps.kvittens));
  if (deps.anslagstavla) app.use(anslagstavlaRouter(deps.anslagstavla));
  const sessioner = deps.webb ? createSessioner(deps.webb) : undefined;
  // The session (a register row) read once per request, before any page, endpoint or error page asks for it.
  if (sessioner) app.use(sessioner.las);
  // A page's query string with a character nothing can store (a NUL, a lone surrogate): the client's 400 page
  // before any page passes it on to the register. (The REST API refuses it by field in its own schemas.)
  app.use((req, _res, next) => {
    if (arApi(req.path)) return next();
    const fel = sparbarTextFel(req.query);
    if (fel.length === 0) return next();
    next(
      Object.assign(new Error(`unreadable query: ${fel.map((f) => f.field).join(', ')}`), { status: 400 }),
    );
  });
  if (deps.webb && sessioner) {
    // A request to the REST API passes the pages by: no page lives under /api, and their routers (the form
    // parser and a hundred routes) would only be walked through to get here.
    const sidorna = webbsidor(deps.webb, sessioner, createVakt(sessioner));
    app.use((req, res, next) => (arApi(req.path) ? next() : sidorna(req, res, next)));
    app.use(restApi(deps.webb, sessioner));
  }

  app.use('/api', (req, res) => {
    res.status(404).json({ error: 'not_found', message: `Okänd resurs: ${req.method} ${req.originalUrl}` });
  });
  const sidor = felsidor(sessioner);
  app.use(sidor.sidanFinnsInte);

  const onError: ErrorRequestHandler = (error: unknown, req: Request, res: Response, next) => {
    if (!req.originalUrl.startsWith('/api/') && req.originalUrl !== '/api')
      return sidor.internt(error, req, res, next);
    console.error('Unhandled error in HTTP request:', error);
    res.status(500).json({
      error: 'internal',
      message: 'Ett internt fel inträffade; försök igen eller kontakta förvaltningen.',
    });
  };
  app.use(onError);
  return app;
}

/** Whether `check` succeeds within two seconds: a part that hangs counts as down. */
export async function svararInom(check: Promise<unknown>, ms = 2000): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([check.then(() => true as const), timeout]);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
