/**
 * `npm run web` — the web app and the REST API alone, without a worker, for a deployment that runs several web
 * instances beside its workers (docker-compose.yml's `web`). It needs TEMPORAL_ADDRESS, DATABASE_URL (the register
 * the workers write) and SMTP_URL (sign-in links go by mail). Stops cleanly on SIGINT/SIGTERM.
 */
import { Connection } from '@temporalio/client';
import { ConfigError } from './config/load';
import { openServices } from './services';
import { readSettings } from './settings';
import { startWebServer } from './webServer';

const log = (message: string) => console.log(`[arshjul-web] ${message}`);

async function main(): Promise<void> {
  const settings = readSettings();
  if (!settings.TEMPORAL_ADDRESS)
    throw new Error('TEMPORAL_ADDRESS is not set: the web app needs a Temporal server.');
  if (!settings.DATABASE_URL)
    throw new Error('DATABASE_URL is not set: the web app reads the register the workers write.');
  if (!settings.SMTP_URL) throw new Error('SMTP_URL is not set: the web app sends sign-in links by mail.');
  const services = await openServices(settings, settings.SMTP_URL);
  const connection = await Connection.connect({ address: settings.TEMPORAL_ADDRESS });
  const web = await startWebServer(settings, services, connection);
  const stop = () => {
    log('stopping');
    void web
      .close()
      .then(() => connection.close())
      .then(() => services.close())
      .then(() => log('stopped'));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  log(
    `listening on ${web.address} (Temporal ${settings.TEMPORAL_ADDRESS}, namespace ${settings.TEMPORAL_NAMESPACE})`,
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
