/**
 * Who may do what: the policy every command is checked against at the API, before it goes to its workflow
 * (whose Update validator checks the actor again, from the state it holds). Roles come from the kommun's config,
 * most of them for one organ (src/domain/kommun.ts); a task's assignee and delegates come from the task itself.
 *
 * The table `REGLER` is the policy: for each command, the people who may do it. `behorighet` answers with the
 * `Fel` that names the rule when the person is none of them (empty: allowed).
 */
import type { KommunConfig, Roll } from './kommun';
import type { Fel } from './validering';

export const KOMMANDON = [
  'kommun.lasa',
  'ar.lasa',
  'ar.starta',
  'ar.stoppa',
  'uppgift.lasa',
  'uppgift.slutfor',
  'uppgift.godkann',
  'uppgift.returnera',
  'uppgift.delegera',
  'uppgift.tilldelaOm',
  'uppgift.andraForfallodag',
  'uppgift.paminn',
  'sammantrade.lasa',
  'sammantrade.starta',
  'sammantrade.laggTillArende',
  'sammantrade.protokollforMotet',
  'sammantrade.protokollforParagraf',
  'sammantrade.rattaParagraf',
  'sammantrade.skickaForJustering',
  'sammantrade.anmalAnslag',
  'dokument.protokoll',
  'dokument.laddaUpp',
  'dokument.lasa',
  'arende.lasa',
  'person.loggaUtOveralt',
] as const;
export type BehorighetKommando = (typeof KOMMANDON)[number];

/** What the command is done to, as far as the policy needs to know. */
export interface Resurs {
  /** The organ the sammanträde, protocol or task belongs to. */
  organ?: string;
  /** The task's assignee and delegates (from the task's workflow). */
  uppgift?: { tilldelad: string; delegater: readonly string[] };
  /** The protocol is justerat (its justering date is recorded). */
  justerad?: boolean;
  /** An ärende's documents: who has had its tasks, and whether it is diariefört (registered). */
  arende?: { personer: readonly string[]; diariefort: boolean };
}

interface Vem {
  /** Who, in Swedish, for the message: "kanslichef", "sekreterare för KS" … */
  namn: (resurs: Resurs) => string;
  galler: (roller: readonly { roll: Roll; organ?: string }[], person: string, resurs: Resurs) => boolean;
}

const harRoll = (roll: Roll): Vem => ({
  namn: () => roll,
  galler: (roller) => roller.some((r) => r.roll === roll),
});
const harRollForOrganet = (roll: Roll): Vem => ({
  namn: (r) => `${roll} för ${r.organ ?? 'organet'}`,
  galler: (roller, _p, resurs) => roller.some((r) => r.roll === roll && r.organ === resurs.organ),
});
const tilldelad: Vem = {
  namn: () => 'den som uppgiften är tilldelad eller delegerad till',
  galler: (_r, person, resurs) =>
    resurs.uppgift !== undefined &&
    (resurs.uppgift.tilldelad === person || resurs.uppgift.delegater.includes(person)),
};
const kommunensPerson: Vem = { namn: () => 'person i kommunen', galler: () => true };
const efterJustering: Vem = {
  namn: () => 'person i kommunen när protokollet är justerat',
  galler: (_r, _p, resurs) => resurs.justerad === true,
};

const arendetsPerson: Vem = {
  namn: () => 'den som har haft en uppgift i ärendet',
  galler: (_r, person, resurs) => resurs.arende?.personer.includes(person) === true,
};
const diariefort: Vem = {
  namn: () => 'person i kommunen när ärendet är diariefört',
  galler: (_r, _p, resurs) => resurs.arende?.diariefort === true,
};

const kanslichef = harRoll('kanslichef');
const sekreterare = harRollForOrganet('sekreterare');

/**
 * The policy. Every person checked here is a person of the kommun (an unknown person is refused before the
 * table is read), so "person i kommunen" means anyone signed in there.
 */
export const REGLER: Record<BehorighetKommando, { regel: string; vem: readonly Vem[] }> = {
  // The kommun's organs, its year and its diarium are the kommun's own business, open to everyone working there.
  'kommun.lasa': { regel: 'kommunens_person', vem: [kommunensPerson] },
  'ar.lasa': { regel: 'kommunens_person', vem: [kommunensPerson] },
  // The kanslichef runs the kommun's year (design.md §1); the administrator sets Årshjul up.
  'ar.starta': { regel: 'kanslichef_eller_admin', vem: [kanslichef, harRoll('admin')] },
  'ar.stoppa': { regel: 'kanslichef_eller_admin', vem: [kanslichef, harRoll('admin')] },
  // A task is its assignee's (and their delegates'); the kanslichef may act on any task, as on the task page.
  'uppgift.lasa': { regel: 'tilldelad_eller_kanslichef', vem: [tilldelad, kanslichef] },
  'uppgift.slutfor': { regel: 'tilldelad_eller_kanslichef', vem: [tilldelad, kanslichef] },
  'uppgift.godkann': { regel: 'tilldelad_eller_kanslichef', vem: [tilldelad, kanslichef] },
  'uppgift.returnera': { regel: 'tilldelad_eller_kanslichef', vem: [tilldelad, kanslichef] },
  'uppgift.delegera': { regel: 'tilldelad_eller_kanslichef', vem: [tilldelad, kanslichef] },
  // Moving work between people and changing its deadlines is the kansli's management, not the assignee's.
  'uppgift.tilldelaOm': { regel: 'endast_kanslichef', vem: [kanslichef] },
  'uppgift.andraForfallodag': { regel: 'endast_kanslichef', vem: [kanslichef] },
  'uppgift.paminn': { regel: 'endast_kanslichef', vem: [kanslichef] },
  // A meeting's agenda is no secret: the kallelse lists it, for fullmäktige on the anslagstavla (KL 5 kap. 13 §).
  'sammantrade.lasa': { regel: 'kommunens_person', vem: [kommunensPerson] },
  // The protocol is kept under the ordförande's responsibility (KL 5 kap. 69 §, for nämnder 6 kap. 35 §); the
  // reglemente gives the keeping of it to the organ's sekreterare. The kanslichef stands in for any of them.
  'sammantrade.starta': { regel: 'sekreterare_eller_kanslichef', vem: [sekreterare, kanslichef] },
  'sammantrade.laggTillArende': { regel: 'sekreterare_eller_kanslichef', vem: [sekreterare, kanslichef] },
  'sammantrade.protokollforMotet': { regel: 'sekreterare_eller_kanslichef', vem: [sekreterare, kanslichef] },
  'sammantrade.protokollforParagraf': {
    regel: 'sekreterare_eller_kanslichef',
    vem: [sekreterare, kanslichef],
  },
  'sammantrade.rattaParagraf': { regel: 'sekreterare_eller_kanslichef', vem: [sekreterare, kanslichef] },
  'sammantrade.skickaForJustering': {
    regel: 'sekreterare_eller_kanslichef',
    vem: [sekreterare, kanslichef],
  },
  // A paper board's anslag: the sekreterare who put it up records the day it came down.
  'sammantrade.anmalAnslag': { regel: 'sekreterare_eller_kanslichef', vem: [sekreterare, kanslichef] },
  // A protocol is an allmän handling once it is justerat (TF 2 kap. 10 §); until then only those who write and
  // justera it (KL 5 kap. 69 §) and the kanslichef see the draft.
  'dokument.protokoll': {
    regel: 'protokollets_personer_fore_justering',
    vem: [
      sekreterare,
      harRollForOrganet('ordforande'),
      harRollForOrganet('vice_ordforande'),
      harRollForOrganet('justerare'),
      kanslichef,
      efterJustering,
    ],
  },
  // An ärende's documents are written by its handläggare and approved by its chef: those who have had its tasks,
  // the organ's handläggare, chef and sekreterare, and the kanslichef may add a version.
  'dokument.laddaUpp': {
    regel: 'arendets_personer',
    vem: [
      arendetsPerson,
      harRollForOrganet('handlaggare'),
      harRollForOrganet('chef'),
      sekreterare,
      kanslichef,
    ],
  },
  // A draft is not yet an allmän handling (TF 2 kap. 12 §): until the ärende is diariefört only its people and
  // the registrator read it; once registered (OSL 5 kap. 1 §) it is open to everyone in the kommun, as the
  // diarium is, and goes to the members with the kallelse.
  'dokument.lasa': {
    regel: 'arendets_personer_fore_diarieforing',
    vem: [
      arendetsPerson,
      harRollForOrganet('handlaggare'),
      harRollForOrganet('chef'),
      sekreterare,
      kanslichef,
      harRoll('registrator'),
      diariefort,
    ],
  },
  // Allmänna handlingar are registered (OSL 5 kap. 1 §) and the diarium is open: everyone here may read it.
  'arende.lasa': { regel: 'kommunens_person', vem: [kommunensPerson] },
  // Ending a person's sessions everywhere (a lost laptop, a person leaving): those who run the kommun's Årshjul.
  'person.loggaUtOveralt': { regel: 'kanslichef_eller_admin', vem: [kanslichef, harRoll('admin')] },
};

/**
 * Why `personId` may not do `kommando` on `resurs` in the kommun of `config` (empty when they may). A person
 * not in the config — of another kommun, or removed from it — may do nothing there.
 */
export function behorighet(
  config: KommunConfig,
  personId: string,
  kommando: BehorighetKommando,
  resurs: Resurs = {},
): Fel[] {
  const person = config.personer.find((p) => p.id === personId);
  if (!person) {
    return [
      {
        field: '',
        rule: 'kommunens_person',
        message: `${personId} hör inte till ${config.kommun.namn}`,
      },
    ];
  }
  const { regel, vem } = REGLER[kommando];
  if (vem.some((v) => v.galler(person.roller, person.id, resurs))) return [];
  return [
    {
      field: '',
      rule: regel,
      message: `bara ${ellerLista(vem.map((v) => v.namn(resurs)))} får göra detta (${kommando})`,
    },
  ];
}

/** "a", "a eller b", "a, b eller c". */
function ellerLista(delar: string[]): string {
  return delar.length <= 1 ? (delar[0] ?? '') : `${delar.slice(0, -1).join(', ')} eller ${delar.at(-1)}`;
}
