/**
 * What a worker needs besides Temporal: the kommun configs, the register (PostgreSQL, or PGlite in the data
 * folder) and the mail transport — opened from the settings, and closed together.
 */
import path from 'node:path';
import type { Transporter } from 'nodemailer';
import { createActivities } from './activities';
import { loadAllKommuner } from './config/load';
import { openRegister, type Register } from './db/register';
import type { KommunConfig } from './domain/kommun';
import { createMailTransport } from './mail/transport';
import { lasNyckelring } from './security/hemlighet';
import { baseUrl, type Settings } from './settings';
import type { AllActivities } from './activities';
import type { Hemlighet } from './security/nycklar';

export interface Services {
  kommuner: Map<string, KommunConfig>;
  register: Register;
  transport: Transporter;
  /** The keys that sign the links in mail, calendar feeds, sessions and forms (src/security/nycklar.ts). */
  hemlighet: Hemlighet;
  activities: AllActivities;
  close(): Promise<void>;
}

export async function openServices(
  settings: Settings,
  smtpUrl: string,
  /** Already loaded from the settings' config folder. */
  kommuner = loadAllKommuner(settings.ARSHJUL_CONFIG_DIR),
): Promise<Services> {
  const register = await openRegister(
    settings.DATABASE_URL
      ? { url: settings.DATABASE_URL, poolMax: settings.ARSHJUL_ACTIVITY_CONCURRENCY }
      : { dataDir: path.join(settings.ARSHJUL_DATA_DIR, 'register') },
  );
  for (const config of kommuner.values()) await register.syncKommun(config);
  const transport = createMailTransport(smtpUrl);
  const hemlighet = lasNyckelring(settings);
  return {
    kommuner,
    register,
    transport,
    hemlighet,
    activities: createActivities({
      register,
      kommuner,
      transport,
      fran: settings.ARSHJUL_MAIL_FROM,
      baseUrl: baseUrl(settings),
      hemlighet,
    }),
    async close() {
      transport.close();
      await register.close();
    },
  };
}
