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
import { skapaUtkorg, type PagaendeMeddelanden, type Utkorg, type UtkorgInstallningar } from './utkorg';

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
  /** The outbox's sweep and retry pauses (./utkorg.ts), when not its defaults. */
  utkorg?: Partial<UtkorgInstallningar>;
}

export type AllActivities = ArshjulActivities &
  ArshjulMailActivities &
  SammantradeActivities &
  SammantradeMailActivities;

/** The task's news, queued in the outbox and sent beside the workflow task (./utkorg.ts): nothing is left unsent. */
export function meddelaNu(koa: Utkorg['koa']): ArshjulActivities['meddelaNu'] {
  return async ({ meddelanden }) => {
    await koa(meddelanden);
    return { ejSkickade: [] };
  };
}

/** Stores the task, then queues its news: save first, so a message never tells of a state the register lacks. */
export function sparaOchMeddela(
  spara: ArshjulActivities['sparaUppgift'],
  meddela: ArshjulActivities['meddelaNu'],
): ArshjulActivities['sparaUppgiftOchMeddela'] {
  return async ({ state, meddelanden }) => {
    await spara(state);
    return meddela({ meddelanden });
  };
}

/** The worker's activities, and the outbox their task mail goes through (its sweep started by the caller). */
export interface Aktiviteter {
  activities: AllActivities;
  utkorg: Utkorg;
}

export function createActivities(deps: ActivityDeps): Aktiviteter {
  const register = createRegisterActivities(deps);
  const pagaende: PagaendeMeddelanden = new Map();
  const mail = createMailActivities({
    mailLogg: deps.register,
    uppgift: (id) => deps.register.hamtaUppgift(id),
    ...deps,
  });
  const utkorg = skapaUtkorg({
    register: deps.register,
    skicka: mail.skickaUppgiftsmeddelande,
    pagaende,
    ...(deps.utkorg ? { installningar: deps.utkorg } : {}),
  });
  const nu = meddelaNu(utkorg.koa);
  // Data the register refuses fails at once, never retried forever (./registerfel.ts).
  const activities: AllActivities = medRegisterfel({
    ...register,
    ...mail,
    // A message the outbox is sending is waited for before the mail activity (runs from before it) sends it.
    async skickaUppgiftsmeddelande(meddelande) {
      await pagaende.get(meddelande.nyckel);
      return mail.skickaUppgiftsmeddelande(meddelande);
    },
    sparaUppgiftOchMeddela: sparaOchMeddela(register.sparaUppgift, nu),
    meddelaNu: nu,
    ...createArshjulMailActivities({ mailLogg: deps.register, ...deps }),
    ...createSammantradeActivities(deps),
    ...createSammantradeMailActivities({ mailLogg: deps.register, ...deps }),
  });
  return { activities, utkorg };
}
