/**
 * Every activity the worker runs: the side effects — the register, the mail, the config — each small and
 * idempotent. Built from their dependencies, so the worker, the tests and a second worker process share code.
 */
import type { Transporter } from 'nodemailer';
import type { Register } from '../db/register';
import type { KommunConfig } from '../domain/kommun';
import type {
  ArshjulActivities,
  ArshjulMailActivities,
  SammantradeActivities,
  SammantradeMailActivities,
} from '../workflows/activities';
import { createArshjulMailActivities } from './arshjulMail';
import { createMailActivities } from './mail';
import { createRegisterActivities } from './register';
import { medRegisterfel } from './registerfel';
import { createSammantradeActivities } from './sammantrade';
import { createSammantradeMailActivities } from './sammantradeMail';

export interface ActivityDeps {
  register: Register;
  kommuner: Map<string, KommunConfig>;
  transport: Transporter;
  /** The From header of every mail. */
  fran: string;
  /** The web app's address, for links in mail. */
  baseUrl: string;
  /** Signs the acknowledgement links in mail (src/security/kvittenslank.ts). */
  hemlighet: string;
  /** The clock for the mail log (tests on the time-skipping server pass the workflow's). */
  nu?: () => Date;
}

export type AllActivities = ArshjulActivities &
  ArshjulMailActivities &
  SammantradeActivities &
  SammantradeMailActivities;

/** How long a message in `sparaUppgiftOchMeddela` may take before it is left to the retried mail activity. */
const MEDDELANDE_NU_MS = 5_000;

/**
 * Stores the task, then mails its news: save first, so a message never tells of a state the register lacks. A
 * message that fails or hangs now is answered as not sent, never as the step's failure (the store is done).
 */
export function sparaOchMeddela(
  spara: ArshjulActivities['sparaUppgift'],
  skicka: ArshjulActivities['skickaUppgiftsmeddelande'],
): ArshjulActivities['sparaUppgiftOchMeddela'] {
  return async ({ state, meddelanden }) => {
    await spara(state);
    const ejSkickade: string[] = [];
    for (const meddelande of meddelanden) {
      let timer: NodeJS.Timeout | undefined;
      const forSent = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('the mail server did not answer in time')),
          MEDDELANDE_NU_MS,
        );
      });
      const sending = skicka(meddelande);
      sending.catch(() => undefined); // a late failure is the retried mail activity's to report
      try {
        await Promise.race([sending, forSent]);
      } catch {
        ejSkickade.push(meddelande.nyckel);
      } finally {
        clearTimeout(timer);
      }
    }
    return { ejSkickade };
  };
}

export function createActivities(deps: ActivityDeps): AllActivities {
  const register = createRegisterActivities(deps);
  const mail = createMailActivities({
    mailLogg: deps.register,
    uppgift: (id) => deps.register.hamtaUppgift(id),
    ...deps,
  });
  // Data the register refuses fails at once, never retried forever (./registerfel.ts).
  return medRegisterfel({
    ...register,
    ...mail,
    sparaUppgiftOchMeddela: sparaOchMeddela(register.sparaUppgift, mail.skickaUppgiftsmeddelande),
    ...createArshjulMailActivities({ mailLogg: deps.register, ...deps }),
    ...createSammantradeActivities(deps),
    ...createSammantradeMailActivities({ mailLogg: deps.register, ...deps }),
  });
}
