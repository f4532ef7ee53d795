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

export function createActivities(deps: ActivityDeps): AllActivities {
  // Data the register refuses fails at once, never retried forever (./registerfel.ts).
  return medRegisterfel({
    ...createRegisterActivities(deps),
    ...createMailActivities({
      mailLogg: deps.register,
      uppgift: (id) => deps.register.hamtaUppgift(id),
      ...deps,
    }),
    ...createArshjulMailActivities({ mailLogg: deps.register, ...deps }),
    ...createSammantradeActivities(deps),
    ...createSammantradeMailActivities({ mailLogg: deps.register, ...deps }),
  });
}
