/**
 * The real activities for workflow tests: the Lund, Linköping and Eskilstuna configs, a register (PGlite in
 * memory) and mail to a real SMTP server on loopback.
 */
import { createActivities, type AllActivities } from '../../src/activities';
import type { Utkorg } from '../../src/activities/utkorg';
import { loadAllKommuner } from '../../src/config/load';
import { openRegister, type Register } from '../../src/db/register';
import type { KommunConfig } from '../../src/domain/kommun';
import { createMailTransport } from '../../src/mail/transport';
import { startTestSmtp, type TestSmtp } from './smtp';

export interface ArshjulTestDeps {
  kommuner: Map<string, KommunConfig>;
  register: Register;
  smtp: TestSmtp;
  activities: AllActivities;
  /** The outbox the task mail goes through; its sweep runs until `close`. */
  utkorg: Utkorg;
  close(): Promise<void>;
}

export const TEST_BASE_URL = 'http://arshjul.test';
/** Signs the acknowledgement links in the tests' mail. */
export const TEST_HEMLIGHET = 'test-hemlighet-som-är-minst-trettiotvå-tecken-lång';

/** The outbox's pauses in the tests: short, and in wall time (the time-skipping server's clock does not drive them). */
export const TEST_UTKORG = { svepMs: 100, forstaPausMs: 100, langstaPausMs: 1_000 };

export async function arshjulTestDeps(options: { registerUrl?: string } = {}): Promise<ArshjulTestDeps> {
  const kommuner = loadAllKommuner();
  const register = await openRegister(options.registerUrl ? { url: options.registerUrl } : {});
  for (const config of kommuner.values()) await register.syncKommun(config);
  const smtp = await startTestSmtp();
  const transport = createMailTransport(smtp.url);
  const { activities, utkorg } = createActivities({
    register,
    kommuner,
    transport,
    fran: 'Årshjul <arshjul@lund.example.org>',
    baseUrl: TEST_BASE_URL,
    hemlighet: TEST_HEMLIGHET,
    // Retries within the tests' patience (`until`'s 30 s): a relay back from an outage is tried within a second.
    utkorg: TEST_UTKORG,
  });
  utkorg.starta();
  return {
    kommuner,
    register,
    smtp,
    activities,
    utkorg,
    async close() {
      await utkorg.stang();
      transport.close();
      await smtp.stop();
      await register.close();
    },
  };
}
