/**
 * The HTTP server: the web app, the REST API, /healthz and /metrics, on the settings' host and port, with a Temporal
 * client on `connection` and the register and mail transport of `services`. `npm start` runs it beside its worker;
 * `npm run web` (src/webapp.ts) runs it alone, as a deployment's web instances do.
 */
import type { Server } from 'node:http';
import { Client, type Connection } from '@temporalio/client';
import type { Express } from 'express';
import { createApp, svararInom } from './api/app';
import { keepConnectionsAlive } from './api/keepAlive';
import type { Services } from './services';
import { baseUrl, oidcSettings, type Settings } from './settings';
import { pingTemporal } from './temporal/client';

export interface WebServer {
  server: Server;
  /** http://host:port, where it listens. */
  address: string;
  close(): Promise<void>;
}

export async function startWebServer(
  settings: Settings,
  services: Services,
  connection: Connection,
): Promise<WebServer> {
  return listen(createWebApp(settings, services, connection), settings);
}

/** The app, built but not yet listening (`npm start` builds it while its worker is created, and listens after). */
export function createWebApp(settings: Settings, services: Services, connection: Connection): Express {
  const client = new Client({ connection, namespace: settings.TEMPORAL_NAMESPACE });
  return createApp({
    temporalAnswers: () => pingTemporal(connection),
    registerAnswers: () => svararInom(services.register.hamtaUppgift('healthz').then(() => true)),
    smtpAnswers: () => svararInom(services.transport.verify()),
    metrics: true,
    utkorg: () => services.register.utkorgensLage(),
    trustProxy: settings.ARSHJUL_TRUST_PROXY,
    kvittens: { hemlighet: services.hemlighet, client, register: services.register },
    anslagstavla: { register: services.register, kommuner: services.kommuner },
    webb: {
      client,
      register: services.register,
      kommuner: services.kommuner,
      transport: services.transport,
      fran: settings.ARSHJUL_MAIL_FROM,
      hemlighet: services.hemlighet,
      baseUrl: baseUrl(settings),
      taskQueue: settings.ARSHJUL_TASK_QUEUE,
      oidc: oidcSettings(settings),
    },
  });
}

/** Serves `app` on the settings' host and port. */
export async function listen(
  app: Express,
  settings: Pick<Settings, 'ARSHJUL_HTTP_PORT' | 'ARSHJUL_HTTP_HOST'>,
): Promise<WebServer> {
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(settings.ARSHJUL_HTTP_PORT, settings.ARSHJUL_HTTP_HOST, () => resolve(s));
    s.once('error', reject);
  });
  keepConnectionsAlive(server);
  return {
    server,
    address: `http://${settings.ARSHJUL_HTTP_HOST}:${settings.ARSHJUL_HTTP_PORT}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
