/**
 * The activities the workflows call, as the workflows see them: the register, the mail and the config.
 * src/activities/index.ts implements this interface (the type check holds the two together).
 */
import type { RapportHandelser } from '../domain/arshjul';
import type { IsoDate } from '../domain/datum';
import type { RapportPlan } from '../domain/planering';
import type { Kontext } from '../domain/rapportprocess';
import type { UppgiftState, UppgiftTyp } from '../domain/uppgift';

export type MeddelandeSlag =
  'NY' | 'PAMINNELSE' | 'ESKALERING' | 'RETUR' | 'DELEGERAD' | 'OMTILLDELAD' | 'NY_FORFALLODAG';

/** One message about a task, to the given people; sent once per `nyckel`. */
export interface Uppgiftsmeddelande {
  nyckel: string;
  kommun: string;
  slag: MeddelandeSlag;
  /** Person ids from the config. */
  mottagare: string[];
  uppgift: {
    id: string;
    titel: string;
    typ: UppgiftTyp;
    processTitel: string;
    organ?: string;
    forfaller: IsoDate;
    tilldelad: string;
    beskrivning?: string;
  };
  /** PAMINNELSE: days left (0 = today). */
  dagarKvar?: number;
  /** ESKALERING: days late and which escalation this is. */
  dagarForsenad?: number;
  eskaleringNummer?: number;
  /** RETUR, DELEGERAD, OMTILLDELAD, NY_FORFALLODAG: the comment and who acted (person ids). */
  kommentar?: string;
  aktor?: string;
  paUppdragAv?: string;
  /** NY_FORFALLODAG: the due date before. */
  tidigareForfallodag?: IsoDate;
  /** The .ics SEQUENCE: grows each time the due date moves, so calendars update the same event. */
  icsSekvens: number;
}

export interface ArshjulPlan {
  kontext: Kontext;
  planer: RapportPlan[];
}

export interface ArshjulActivities {
  /** Register: the task's snapshot and any events not stored yet (idempotent). */
  sparaUppgift(state: UppgiftState): Promise<number[]>;
  skickaUppgiftsmeddelande(meddelande: Uppgiftsmeddelande): Promise<unknown>;
  /** Register: a report's row (idempotent upsert). */
  sparaRapport(input: {
    id: string;
    kommun: string;
    organ: string;
    slag: string;
    period: string;
    titel: string;
    status: string;
    diarienummer?: string;
    plan?: unknown;
  }): Promise<void>;
  /** Register: the ärende and its diarienummer, without gaps (idempotent by `nyckel`). */
  registreraArende(input: {
    nyckel: string;
    kommun: string;
    organ: string;
    ar: number;
    rubrik: string;
    registreradAv: string;
    /** Workflow time (epoch ms) of the registration. */
    tid: number;
  }): Promise<{ arendeId: string; diarienummer: string; lopnummer: number }>;
  /** Register: every step of these reports as recorded (src/domain/arshjul.ts `handelserFranRegistret`). */
  lasRapportstatus(input: { rapportIds: string[] }): Promise<Record<string, RapportHandelser>>;
  /** Config: the kommun's year planned backwards (src/domain/planering.ts), and the context its tasks need. */
  planeraArshjul(input: { kommun: string; ar: number }): Promise<ArshjulPlan>;
}
