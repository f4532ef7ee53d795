/**
 * The mail a person gets about a task: a new task, a reminder, an escalation, a returned report, a delegation,
 * a reassignment or a moved due date — in Swedish, as a subject, a plain-text body and an HTML body.
 *
 * Pure: every fact arrives resolved (names, not person ids; the organ's name; the link), so the same input
 * always gives the same message. Each kind is worded once, as the blocks of a `Brev` (src/domain/brev.ts) that
 * src/mail/brev.tsx renders to both bodies, so the text and the HTML version cannot say different things.
 */
import type { Brev, Stycke } from './brev';
import { compareDates, daysBetween, type IsoDate } from './datum';
import { langtDatum } from './svenskTid';
import { type UppgiftTyp } from './uppgift';

export const MEDDELANDE_SLAG = [
  'NY',
  'PAMINNELSE',
  'ESKALERING',
  'ESKALERING_UPPHOR',
  'RETUR',
  'DELEGERAD',
  'OMTILLDELAD',
  'NY_FORFALLODAG',
] as const;
export type MeddelandeSlag = (typeof MEDDELANDE_SLAG)[number];

/** The task as the message shows it. */
export interface MeddelandeUppgift {
  id: string;
  titel: string;
  typ: UppgiftTyp;
  /** The process the task is a step of, e.g. "Delårsrapport per den 31 augusti 2023 för kommunstyrelsen". */
  processTitel: string;
  /** The organ's name, e.g. "Kommunstyrelsen". */
  organ?: string;
  forfaller: IsoDate;
  beskrivning?: string;
  /** The assignee's name. */
  tilldelad: string;
}

/** What happened, with the facts of that kind. Names, not person ids. */
export type MeddelandeHandelse =
  | { slag: 'NY' }
  /**
   * `dagarKvar` 0 is the due date itself. A reminder the kanslichef sends (`av`) may come after the due date:
   * then `dagarForsenad` says how late the task is.
   */
  | { slag: 'PAMINNELSE'; dagarKvar: number; dagarForsenad?: number; av?: string; kommentar?: string }
  | { slag: 'ESKALERING'; dagarForsenad: number; eskaleringNummer: number }
  /** The last word to the kanslichef: `eskaleringar` were sent, the horizon is passed, the task is still open. */
  | { slag: 'ESKALERING_UPPHOR'; dagarForsenad: number; eskaleringar: number }
  /** `av` returned the report with `kommentar`; the task is the revision. */
  | { slag: 'RETUR'; av: string; kommentar: string }
  /** `av` delegated the task to the recipient; `paUppdragAv` when `av` acted for the assignee. */
  | { slag: 'DELEGERAD'; av: string; paUppdragAv?: string; kommentar?: string }
  | { slag: 'OMTILLDELAD'; av: string; kommentar?: string }
  | { slag: 'NY_FORFALLODAG'; av: string; tidigareForfallodag: IsoDate; kommentar?: string };

export interface MeddelandeInput {
  /** "Lunds kommun". */
  kommunNamn: string;
  /** The recipient's name, for the greeting (none: to several people in one message). */
  mottagare?: string;
  /** The task's page. */
  lank: string;
  uppgift: MeddelandeUppgift;
  handelse: MeddelandeHandelse;
}

/** What the person is to do, per kind of task. */
const VAD_ATT_GORA: Record<UppgiftTyp, string> = {
  budgetunderlag:
    'Skriv nämndens budgetunderlag till ekonomi- och verksamhetsplanen och lämna in det i Årshjul, så att förvaltningen kan sammanställa förslaget.',
  utkast:
    'Skriv underlaget (rapporten eller tjänsteskrivelsen) och lämna in det i Årshjul, så att det kan gå vidare till godkännande.',
  godkannande:
    'Granska rapporten. Godkänn den, eller returnera den till handläggaren med en kommentar om vad som behöver ändras.',
  registrering: 'Registrera ärendet i diariet så att det får ett diarienummer.',
  beredning: 'Ta upp ärendet på föredragningslistan till sammanträdet.',
  beslut: 'För in beslutet från sammanträdet i Årshjul.',
  overlamning: 'Lämna rapporten till kommunfullmäktige och revisorerna.',
  revisorer:
    'Lämna revisorernas bedömning (för en delårsrapport, KL 12 kap. 2 §) eller revisionsberättelse (för årsredovisningen) i Årshjul före fullmäktiges sammanträde. Skriv utlåtandet som kommentar; det följer med ärendet till fullmäktige.',
  fullmaktige: 'För in fullmäktiges beslut från sammanträdet i Årshjul.',
  protokoll:
    'Protokollför sammanträdet paragraf för paragraf och skicka protokollet till justering i god tid före justeringsdagen.',
  justering:
    'Läs protokollet. Justera det, eller returnera det till sekreteraren med en kommentar om vilka paragrafer som behöver rättas.',
  kvittens:
    'Läs protokollsutdraget som bifogas och bekräfta att du har tagit emot beslutet. Beslut för verkställighet ska verkställas.',
};

/** A task's message as blocks, before the parts every task mail has. */
interface Innehall {
  amne: string;
  /** The HTML version's heading: the kind of news, short (the subject is its <title>). */
  rubrik: string;
  /** The first paragraphs: what happened and what it means for the recipient. */
  inledning: Stycke[];
  /** Label and value rows about the task. */
  fakta: [string, string][];
  /** What to do (or, for an escalation, what the recipient can do). */
  atgard: string;
}

const dagar = (n: number) => `${n} ${n === 1 ? 'dag' : 'dagar'}`;
/** Titles come from config and plans: never let a line break into a subject. */
export const enRad = (s: string) => s.replace(/\s+/g, ' ').trim();
const citerad = (titel: string) => `”${enRad(titel)}”`;

/** "i dag", "i morgon", "om 7 dagar". */
function nar(dagarKvar: number): string {
  if (dagarKvar === 0) return 'i dag';
  if (dagarKvar === 1) return 'i morgon';
  return `om ${dagar(dagarKvar)}`;
}

function innehall(input: MeddelandeInput): Innehall {
  const { uppgift, handelse } = input;
  const titel = enRad(uppgift.titel);
  const senast = langtDatum(uppgift.forfaller);
  const fakta: [string, string][] = [
    ['Uppgift', titel],
    ['Senast', senast],
    ['Ansvarig', uppgift.tilldelad],
    ['Process', enRad(uppgift.processTitel)],
    ...(uppgift.organ ? [['Organ', uppgift.organ] as [string, string]] : []),
  ];
  const kommentar = (h: { kommentar?: string; av: string }): Stycke[] =>
    h.kommentar ? [{ citat: h.kommentar, av: h.av }] : [];
  const atgard = VAD_ATT_GORA[uppgift.typ];

  switch (handelse.slag) {
    case 'NY':
      return {
        amne: `Ny uppgift: ${titel} (senast ${senast})`,
        rubrik: 'Ny uppgift',
        inledning: [
          `Du har fått en ny uppgift i Årshjul: ${citerad(titel)}. Den ska vara klar senast ${senast}.`,
        ],
        fakta,
        atgard,
      };
    case 'PAMINNELSE':
      if (handelse.dagarForsenad !== undefined && handelse.dagarForsenad > 0) {
        return {
          amne: `Påminnelse: ${titel} är ${dagar(handelse.dagarForsenad)} försenad`,
          rubrik: `Påminnelse: uppgiften är ${dagar(handelse.dagarForsenad)} försenad`,
          inledning: [
            `${handelse.av ? `${handelse.av} påminner dig: u` : 'U'}ppgiften ${citerad(titel)} skulle ha varit klar senast ${senast} och är nu ${dagar(handelse.dagarForsenad)} försenad.`,
            ...(handelse.av ? kommentar({ kommentar: handelse.kommentar, av: handelse.av }) : []),
            'Är den redan klar? Markera den som klar i Årshjul, så slutar påminnelserna.',
          ],
          fakta,
          atgard,
        };
      }
      return {
        amne: `Påminnelse: ${titel} förfaller ${nar(handelse.dagarKvar)}`,
        rubrik: `Påminnelse: uppgiften förfaller ${nar(handelse.dagarKvar)}`,
        inledning: [
          `${handelse.av ? `${handelse.av} påminner dig: u` : 'Påminnelse: u'}${
            handelse.dagarKvar === 0
              ? `ppgiften ${citerad(titel)} ska vara klar i dag, ${senast}.`
              : `ppgiften ${citerad(titel)} ska vara klar senast ${senast}, det vill säga ${nar(handelse.dagarKvar)}.`
          }`,
          ...(handelse.av ? kommentar({ kommentar: handelse.kommentar, av: handelse.av }) : []),
          'Är den redan klar? Markera den som klar i Årshjul, så slutar påminnelserna.',
        ],
        fakta,
        atgard,
      };
    case 'ESKALERING': {
      const late = handelse.dagarForsenad;
      return {
        amne: `Försenad uppgift: ${titel} (${dagar(late)} försenad)`,
        rubrik: `Försenad uppgift: ${dagar(late)} efter förfallodagen`,
        inledning: [
          `Uppgiften ${citerad(titel)}, tilldelad ${uppgift.tilldelad}, skulle ha varit klar ${senast} och är nu ${dagar(late)} försenad.`,
          `Det här är eskalering nummer ${handelse.eskaleringNummer}. Förseningar meddelas kanslichefen och chefen för den som har uppgiften, tills uppgiften är klar.`,
        ],
        fakta: [...fakta, ['Försenad', `${dagar(late)} (förföll ${senast})`]],
        atgard: `Kontakta ${uppgift.tilldelad} om uppgiften. Kanslichefen kan också tilldela den till någon annan eller flytta förfallodagen i Årshjul.`,
      };
    }
    case 'ESKALERING_UPPHOR': {
      const late = handelse.dagarForsenad;
      return {
        amne: `Eskaleringen har upphört: ${titel} är fortfarande inte klar`,
        rubrik: 'Eskaleringen har upphört – uppgiften är fortfarande öppen',
        inledning: [
          `Uppgiften ${citerad(titel)}, tilldelad ${uppgift.tilldelad}, skulle ha varit klar ${senast} och är nu ${dagar(late)} försenad.`,
          `Årshjul har skickat ${handelse.eskaleringar === 1 ? 'en eskalering' : `${handelse.eskaleringar} eskaleringar`} om den och skickar inga fler. Uppgiften är fortfarande öppen och finns kvar bland de försenade uppgifterna.`,
        ],
        fakta: [...fakta, ['Försenad', `${dagar(late)} (förföll ${senast})`]],
        atgard: `Bestäm vad som ska hända med uppgiften: kontakta ${uppgift.tilldelad}, tilldela den till någon annan eller flytta förfallodagen i Årshjul. Med en ny förfallodag börjar påminnelserna och eskaleringarna om.`,
      };
    }
    case 'RETUR':
      return {
        amne: `Returnerad för revidering: ${titel} (senast ${senast})`,
        rubrik: 'Rapporten är returnerad för revidering',
        inledning: [
          `${handelse.av} har returnerat rapporten till dig med den här kommentaren:`,
          { citat: handelse.kommentar },
          `Du har fått en ny uppgift att revidera den: ${citerad(titel)}, senast ${senast}.`,
        ],
        fakta,
        atgard: 'Revidera underlaget utifrån kommentaren och lämna in det igen i Årshjul.',
      };
    case 'DELEGERAD': {
      const forWhom = handelse.paUppdragAv ?? uppgift.tilldelad;
      const who =
        handelse.paUppdragAv && handelse.paUppdragAv !== handelse.av
          ? `${handelse.av} har, på uppdrag av ${handelse.paUppdragAv},`
          : `${handelse.av} har`;
      return {
        amne: `Delegerad till dig: ${titel} (senast ${senast})`,
        rubrik: 'En uppgift har delegerats till dig',
        inledning: [
          `${who} delegerat uppgiften ${citerad(titel)} till dig. Den ska vara klar senast ${senast}.`,
          ...kommentar(handelse),
          `Du handlar på uppdrag av ${forWhom}; i uppgiftens historik står det vem som gjorde vad och för vem. ${forWhom} har kvar uppgiften och kan också själv handla.`,
        ],
        fakta,
        atgard,
      };
    }
    case 'OMTILLDELAD':
      return {
        amne: `Tilldelad dig: ${titel} (senast ${senast})`,
        rubrik: 'En uppgift har tilldelats dig',
        inledning: [
          `${handelse.av} har tilldelat dig uppgiften ${citerad(titel)}. Den ska vara klar senast ${senast}.`,
          ...kommentar(handelse),
          'Du är nu ansvarig för uppgiften.',
        ],
        fakta,
        atgard,
      };
    case 'NY_FORFALLODAG': {
      const fore = handelse.tidigareForfallodag;
      const earlier = compareDates(uppgift.forfaller, fore) < 0;
      return {
        amne: `Ny förfallodag: ${titel} (nu senast ${senast})`,
        rubrik: 'Förfallodagen har ändrats',
        inledning: [
          `${handelse.av} har flyttat förfallodagen för uppgiften ${citerad(titel)} från ${langtDatum(fore)} till ${senast}.`,
          ...kommentar(handelse),
          earlier
            ? `Observera att uppgiften nu ska vara klar ${dagar(daysBetween(uppgift.forfaller, fore))} tidigare än förut.`
            : `Uppgiften har fått ${dagar(daysBetween(fore, uppgift.forfaller))} längre tid.`,
          'Kalenderfilen i det här meddelandet ersätter den du fick förut.',
        ],
        fakta: [...fakta, ['Tidigare förfallodag', langtDatum(fore)]],
        atgard,
      };
    }
  }
}

/** The mail about a task to one person, as blocks (src/mail/brev.tsx renders its text and HTML bodies). */
export function uppgiftsbrev(input: MeddelandeInput): Brev {
  const delar = innehall(input);
  return {
    amne: delar.amne,
    rubrik: delar.rubrik,
    kommunNamn: input.kommunNamn,
    ...(input.mottagare ? { mottagare: input.mottagare } : {}),
    stycken: delar.inledning,
    fakta: delar.fakta,
    ...(input.uppgift.beskrivning ? { beskrivning: input.uppgift.beskrivning } : {}),
    atgard: delar.atgard,
    lank: { text: 'Öppna uppgiften', url: input.lank },
    efterLanken: [
      'Förfallodagen finns som heldagshändelse i den bifogade kalenderfilen (uppgift.ics), som du kan lägga in i din kalender.',
    ],
    sidfot: 'Svara inte på det; öppna uppgiften via länken.',
  };
}
