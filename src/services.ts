/**
 * What a worker needs besides Temporal: the kommun configs, the register (PostgreSQL, or PGlite in the data
 * folder) and the mail transport — opened from the settings, and closed together.
 */
import type { Transporter } from 'nodemailer';
import { createActivities } from './activities';
import { loadAllKommuner } from './config/load';
import { openRegister, type Register } from './db/register';
import type { KommunConfig } from './domain/kommun';
import { createMailTransport } from './mail/transport';
import { lasNyckelring } from './security/hemlighet';
import type { PgliteThread } from './db/pgliteThread';
import { baseUrl, registerDir, type Settings } from './settings';
import type { AllActivities } from './activities';
import type { Utkorg } from './activities/utkorg';
import type { Hemlighet } from './security/nycklar';

export interface Services {
  kommuner: Map<string, KommunConfig>;
  register: Register;
  transport: Transporter;
  /** The keys that sign the links in mail, calendar feeds, sessions and forms (src/security/nycklar.ts). */
  hemlighet: Hemlighet;
  activities: AllActivities;
  /** The outbox of task mail (src/activities/utkorg.ts): its sweep runs while the services are open. */
  utkorg: Utkorg;
  close(): Promise<void>;
}

/** Brings the register's kommuner, organ and people in line with the configuration (done by `openServices`). */
export async function syncKommuner(services: Pick<Services, 'register' | 'kommuner'>): Promise<void> {
  for (const config of services.kommuner.values()) await services.register.syncKommun(config);
}

export async function openServices(
  settings: Settings,
  smtpUrl: string,
  /** Already loaded from the settings' config folder. */
  kommuner = loadAllKommuner(settings.ARSHJUL_CONFIG_DIR),
  /**
   * False: the register is not synced with the configuration here; the caller runs `syncKommuner` before anything
   * serves (`npm start` does it while its worker is created).
   */
  sync = true,
  /** Without DATABASE_URL: the register's PGlite, its thread already started (`npm start`: registerDir). */
  pgliteThread?: PgliteThread,
): Promise<Services> {
  const register = await openRegister(
    settings.DATABASE_URL
      ? { url: settings.DATABASE_URL, poolMax: settings.ARSHJUL_ACTIVITY_CONCURRENCY }
      : { dataDir: registerDir(settings), ...(pgliteThread ? { pgliteThread } : {}) },
  );
  if (sync) await syncKommuner({ register, kommuner });
  const transport = createMailTransport(smtpUrl);
  const hemlighet = lasNyckelring(settings);
  const { activities, utkorg } = createActivities({
    register,
    kommuner,
    transport,
    fran: settings.ARSHJUL_MAIL_FROM,
    baseUrl: baseUrl(settings),
    hemlighet,
  });
  // Every process with the register and the relay helps drain the outbox: what a worker that died left, and the
  // retries that are due (its rows are claimed, so none is sent by two).
  utkorg.starta();
  return {
    kommuner,
    register,
    transport,
    hemlighet,
    activities,
    utkorg,
    async close() {
      await utkorg.stang();
      transport.close();
      await register.close();
    },
  };
}
