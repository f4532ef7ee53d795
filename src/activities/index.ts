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
import type { Hemlighet } from '../security/nycklar';

export interface ActivityDeps {
  register: Register;
  kommuner: Map<string, KommunConfig>;
  transport: Transporter;
  /** The From header of every mail. */
  fran: string;
  /** The web app's address, for links in mail. */
  baseUrl: string;
  /** Signs the acknowledgement links in mail (src/security/kvittenslank.ts). */
  hemlighet: Hemlighet;
  /** The clock for the mail log (tests on the time-skipping server pass the workflow's). */
  nu?: () => Date;
}

export type AllActivities = ArshjulActivities &
  ArshjulMailActivities &
  SammantradeActivities &
  SammantradeMailActivities;

/** How long the messages in `sparaUppgiftOchMeddela` may take, together, before they are left to the mail activity. */
const MEDDELANDEN_NU_MS = 3_000;

/** Messages `sparaUppgiftOchMeddela` left sending in this process: the mail activity waits for one before it sends. */
export type PagaendeMeddelanden = Map<string, Promise<unknown>>;

/**
 * Mails messages now, within the time a workflow task can spare: a message that fails, or is not out in time, is
 * answered as not sent (`ejSkickade`), never as a failure; one still on its way is left to finish, and the mail
 * activity that takes it over waits for it (`pagaende`) — on another worker, its key's hold in the mail log keeps
 * it from sending while this one may still be — so it is not sent twice.
 */
export function meddelaNu(
  skicka: ArshjulActivities['skickaUppgiftsmeddelande'],
  pagaende: PagaendeMeddelanden = new Map(),
): ArshjulActivities['meddelaNu'] {
  return async ({ meddelanden }) => {
    const ejSkickade: string[] = [];
    const slut = Date.now() + MEDDELANDEN_NU_MS;
    for (const meddelande of meddelanden) {
      const sending = skicka(meddelande);
      const klar = sending.catch(() => undefined); // a late failure is the mail activity's to report
      pagaende.set(meddelande.nyckel, klar);
      void klar.finally(() => {
        if (pagaende.get(meddelande.nyckel) === klar) pagaende.delete(meddelande.nyckel);
      });
      let timer: NodeJS.Timeout | undefined;
      const forSent = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error('the mail server did not answer in time')),
          Math.max(0, slut - Date.now()),
        );
      });
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

/** Stores the task, then mails its news (`meddelaNu`): save first, so a message never tells of a state the register lacks. */
export function sparaOchMeddela(
  spara: ArshjulActivities['sparaUppgift'],
  skicka: ArshjulActivities['skickaUppgiftsmeddelande'],
  pagaende: PagaendeMeddelanden = new Map(),
): ArshjulActivities['sparaUppgiftOchMeddela'] {
  const nu = meddelaNu(skicka, pagaende);
  return async ({ state, meddelanden }) => {
    await spara(state);
    return nu({ meddelanden });
  };
}

export function createActivities(deps: ActivityDeps): AllActivities {
  const register = createRegisterActivities(deps);
  const pagaende: PagaendeMeddelanden = new Map();
  const mail = createMailActivities({
    mailLogg: deps.register,
    uppgift: (id) => deps.register.hamtaUppgift(id),
    ...deps,
  });
  // Data the register refuses fails at once, never retried forever (./registerfel.ts).
  return medRegisterfel({
    ...register,
    ...mail,
    // A message the step left on its way is waited for before the mail activity takes it over.
    async skickaUppgiftsmeddelande(meddelande) {
      await pagaende.get(meddelande.nyckel);
      return mail.skickaUppgiftsmeddelande(meddelande);
    },
    sparaUppgiftOchMeddela: sparaOchMeddela(register.sparaUppgift, mail.skickaUppgiftsmeddelande, pagaende),
    meddelaNu: meddelaNu(mail.skickaUppgiftsmeddelande, pagaende),
    ...createArshjulMailActivities({ mailLogg: deps.register, ...deps }),
    ...createSammantradeActivities(deps),
    ...createSammantradeMailActivities({ mailLogg: deps.register, ...deps }),
  });
}
