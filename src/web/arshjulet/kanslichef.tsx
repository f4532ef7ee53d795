/**
 * Årshjulet is the kanslichef's (and an admin's, who sees it): who may use it, and what its pages need. The page
 * starts the year and shows everyone's tasks, so it is for those who may start the year.
 */
import type { Client } from '@temporalio/client';
import type { Response } from 'express';
import type { Register } from '../../db/register';
import { behorighet } from '../../domain/behorighet';
import type { KommunConfig } from '../../domain/kommun';
import { formatFel } from '../../domain/validering';
import type { Session } from '../../api/session';
import { skickaMeddelande } from '../komponenter/Meddelandesida';
import { Varning } from '../komponenter/text';
import { sessionAv } from '../inloggning/vakt';

export interface ArshjulSidaDeps {
  client: Client;
  register: Pick<
    Register,
    | 'oppnaUppgifter'
    | 'audit'
    | 'sammantradenUnderAret'
    | 'hamtaRapport'
    | 'uppfoljningsobjekt'
    | 'uppfoljningsvarden'
    | 'vardehistorik'
    | 'hamtaArshjulOversikt'
    | 'rapporternasSteg'
  >;
  kommuner: Map<string, KommunConfig>;
  /** The worker's task queue: the årshjul started here runs there. */
  taskQueue: string;
}

/** The signed-in kanslichef (or admin) and their kommun. */
export interface Kanslichef {
  s: Session;
  config: KommunConfig;
}

/** The kanslichef or admin, or a 403 page. */
export function behorig(
  deps: Pick<ArshjulSidaDeps, 'kommuner'>,
  res: Response,
  kommando: 'ar.starta' | 'ar.stoppa' = 'ar.starta',
): Kanslichef | undefined {
  const s = sessionAv(res);
  const config = deps.kommuner.get(s.kommun)!;
  const fel = behorighet(config, s.person, kommando);
  if (fel.length === 0) return { s, config };
  skickaMeddelande(res, 403, {
    titel: 'Årshjulet är kanslichefens',
    texter: ['Du har inte rollen kanslichef eller administratör.'],
    inloggad: s,
    children: fel.map((f, i) => <Varning key={i}>{formatFel(f)}</Varning>),
  });
  return undefined;
}
