/**
 * What every signed-in part of the web app needs — the pages and the REST API alike: the Temporal client (for
 * commands as Updates and for queries), the register (for reads), the kommuner's configs (people, roles,
 * organs), mail (sign-in links) and the secret that signs links and sessions.
 */
import type { Client } from '@temporalio/client';
import type { Transporter } from 'nodemailer';
import type { Register } from '../db/register';
import type { KommunConfig } from '../domain/kommun';
import type { OidcKommuner } from '../web/inloggning/oidc';
import type { Hemlighet } from '../security/nycklar';

export interface WebbDeps {
  client: Client;
  register: Register;
  kommuner: Map<string, KommunConfig>;
  transport: Transporter;
  /** The From address of Årshjul's mail. */
  fran: string;
  hemlighet: Hemlighet;
  /** Where users reach Årshjul, e.g. http://127.0.0.1:3000; links in mail begin with it. */
  baseUrl: string;
  /** The task queue workflows started from the web run on (the worker's). */
  taskQueue: string;
  /** Each kommun's identity provider, when sign-in through one is configured (kommun id → provider). */
  oidc?: OidcKommuner | undefined;
  /** The clock (epoch ms), for tests of expiry. */
  nu?: () => number;
}
