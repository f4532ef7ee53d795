/**
 * Starting a year after some of its dates have passed — as every kommun that adopts Årshjul mid-year does. The
 * kanslichef first sees what would happen (which reports and meetings start, which steps are already past, how
 * many mails go to whom today) and chooses per report: run it, mark the steps already done outside Årshjul, or
 * leave it out. Tasks already late when the year starts are told in one digest per person, not as one
 * "323 dagar försenad" escalation each. Pure: the CLI, the page, the REST API and the årshjul workflow share it.
 */
import { addDays, type IsoDate } from './datum';
import { kanslichefer, personNamn, type KommunConfig } from './kommun';
import { kallelseDagar } from './kallelse';
import {
  planeraAr,
  STEG_NAMN,
  stegNyckel,
  type PlanVarning,
  type RapportPlan,
  type StegNyckel,
} from './planering';
import { uppgiftId } from './rapportprocess';
import { motesfaktaFor, planeraSammantraden } from './sammantrade';
import { z, type Fel } from './validering';

export const rapportvalSchema = z.discriminatedUnion('val', [
  z.object({ val: z.literal('kor') }).strict(),
  z.object({ val: z.literal('utelamna') }).strict(),
  /** Every step up to and including `till` was done outside Årshjul. */
  z.object({ val: z.literal('redan-gjort'), till: z.enum(STEG_NAMN) }).strict(),
]);
export type Rapportval = z.output<typeof rapportvalSchema>;

/** The kanslichef's choice per report id; a report not named runs as the proposal says. */
export const startvalSchema = z.record(z.string().min(1), rapportvalSchema);
export type Startval = z.output<typeof startvalSchema>;

export const VAL_TEXT: Record<Rapportval['val'], string> = {
  kor: 'kör i Årshjul',
  'redan-gjort': 'redan gjort utanför Årshjul',
  utelamna: 'lämnas utanför',
};

/** The steps of `plan` up to and including the last one named `till`. */
export function klaraSteg(plan: RapportPlan, till: Rapportval & { val: 'redan-gjort' }): StegNyckel[] {
  const sista = plan.steg.map((s) => s.steg).lastIndexOf(till.till);
  return plan.steg.slice(0, sista + 1).map(stegNyckel);
}

/** The proposal: run what is still ahead, mark what is past as done outside, leave out what cannot run. */
export function forslag(plan: RapportPlan, idag: IsoDate): Rapportval {
  if (plan.steg.length === 0) return { val: 'utelamna' };
  const passerade = plan.steg.filter((s) => s.forfaller < idag);
  if (passerade.length === 0) return { val: 'kor' };
  return { val: 'redan-gjort', till: passerade.at(-1)!.steg };
}

/** A task that is late on the day the year starts, told in the digest. */
export interface ForsenadVidStart {
  uppgiftId: string;
  rapportId: string;
  rapportTitel: string;
  steg: StegNyckel;
  tilldelad: string;
  forfaller: IsoDate;
}

/** Whether the report's process is held back after its start (the EVP's beslut, the nämnder's reports). */
function vantar(plan: RapportPlan, planer: readonly RapportPlan[]): boolean {
  const evp = plan.startarEfter && planer.find((p) => p.id === plan.startarEfter!.rapportId);
  const evpKors = evp !== undefined && evp.startval?.val !== 'utelamna' && !allaKlara(evp);
  const klara = new Set(plan.startval?.klara ?? []);
  return evpKors || ((plan.underlag?.rapporter.length ?? 0) > 0 && !klara.has('utkast'));
}

const allaKlara = (plan: RapportPlan) => (plan.startval?.klara?.length ?? 0) === plan.steg.length;

/** The first tasks a run report creates when it starts: the first step not done (all the budgetunderlag). */
function forstaUppgifter(plan: RapportPlan): RapportPlan['steg'] {
  const klara = new Set(plan.startval?.klara ?? []);
  const kvar = plan.steg.filter((s) => !klara.has(stegNyckel(s)) && s.steg !== 'registrering');
  const forsta = kvar[0];
  if (!forsta) return [];
  return forsta.steg === 'budgetunderlag' ? kvar.filter((s) => s.steg === 'budgetunderlag') : [forsta];
}

/**
 * The plans with the choices applied: each gets its `startval` (the steps done outside, the tasks for the
 * digest), and the styrelse no longer waits for a nämnd's report that Årshjul does not run or whose step it
 * waits for was done outside.
 */
export function tillampaStartval(
  planer: readonly RapportPlan[],
  val: Startval,
  idag: IsoDate,
): RapportPlan[] {
  const med = planer.map((plan): RapportPlan => {
    const v = plan.steg.length === 0 ? { val: 'utelamna' as const } : (val[plan.id] ?? forslag(plan, idag));
    const klara = v.val === 'redan-gjort' ? klaraSteg(plan, v) : [];
    return {
      ...plan,
      startval: {
        val: v.val,
        ...(v.val === 'redan-gjort' ? { till: v.till } : {}),
        ...(klara.length > 0 ? { klara } : {}),
      },
    };
  });
  const korsInteSteg = (id: string, steg: StegNyckel) => {
    const p = med.find((q) => q.id === id);
    return !p || p.startval?.val === 'utelamna' || (p.startval?.klara ?? []).includes(steg);
  };
  return med.map((plan) => {
    let p = plan;
    if (plan.underlag) {
      const steg = plan.underlag.steg === 'inlamning' ? 'registrering' : 'beslut';
      const rapporter = plan.underlag.rapporter.filter((r) => !korsInteSteg(r.id, steg));
      p = { ...p, underlag: { ...plan.underlag, rapporter } };
    }
    if (p.startval?.val === 'utelamna' || allaKlara(p) || p.start > idag || vantar(p, med)) return p;
    const samlade = forstaUppgifter(p)
      .filter((s) => s.forfaller < idag)
      .map((s) => uppgiftId(p, s.steg, 1, s.organ));
    return samlade.length > 0 ? { ...p, startval: { ...p.startval!, samlade } } : p;
  });
}

/** The late tasks of the digest, from the plans with their choices applied. */
export function forsenadeVidStart(planer: readonly RapportPlan[]): ForsenadVidStart[] {
  return planer.flatMap((plan) =>
    forstaUppgifter(plan)
      .filter((s) => plan.startval?.samlade?.includes(uppgiftId(plan, s.steg, 1, s.organ)))
      .map((s) => ({
        uppgiftId: uppgiftId(plan, s.steg, 1, s.organ),
        rapportId: plan.id,
        rapportTitel: plan.titel,
        steg: stegNyckel(s),
        tilldelad: s.ansvarig,
        forfaller: s.forfaller,
      })),
  );
}

export interface RapportForhandsvisning {
  id: string;
  titel: string;
  organ: string;
  start: IsoDate;
  beslut: IsoDate;
  /** Nothing fits in the sammanträdesplan: it cannot run until a meeting is added. */
  blockerad: boolean;
  /** Steps whose due date is before today. */
  passerade: StegNyckel[];
  forslag: Rapportval;
  val: Rapportval;
  /** Its first task goes out today. */
  startarIdag: boolean;
  forsenade: ForsenadVidStart[];
  varningar: PlanVarning[];
}

export interface MoteForhandsvisning {
  organ: string;
  datum: IsoDate;
  /** Held already: Årshjul leaves it alone. */
  redanHallet: boolean;
  /** Its kallelse goes out today. */
  kallelseIdag: boolean;
}

export interface Forhandsvisning {
  kommun: string;
  ar: number;
  idag: IsoDate;
  /** Some of the year's dates have passed: the kanslichef chooses per report before it starts. */
  efterStart: boolean;
  rapporter: RapportForhandsvisning[];
  sammantraden: MoteForhandsvisning[];
  /** The mails that go out today when the year starts, per person. */
  mail: { person: string; namn: string; antal: number; vad: string[] }[];
  antalMail: number;
}

/** What starting the year today would do, with the kanslichef's choices (the proposals where none is given). */
export function forhandsvisaStart(
  config: KommunConfig,
  ar: number,
  idag: IsoDate,
  val: Startval = {},
): Forhandsvisning {
  const planerade = planeraAr(config, ar);
  const planer = tillampaStartval(planerade, val, idag);
  const forsenade = forsenadeVidStart(planer);
  const mail = new Map<string, string[]>();
  const lagg = (person: string, vad: string) => mail.set(person, [...(mail.get(person) ?? []), vad]);

  const rapporter = planer.map((plan, i): RapportForhandsvisning => {
    const deras = forsenade.filter((f) => f.rapportId === plan.id);
    const startarIdag =
      plan.startval?.val !== 'utelamna' && !allaKlara(plan) && plan.start <= idag && !vantar(plan, planer);
    if (startarIdag) {
      for (const s of forstaUppgifter(plan)) {
        if (!deras.some((f) => f.steg === stegNyckel(s))) lagg(s.ansvarig, `Ny uppgift: ${plan.titel}`);
      }
    }
    return {
      id: plan.id,
      titel: plan.titel,
      organ: plan.organ,
      start: plan.start,
      beslut: plan.beslut.datum,
      blockerad: plan.varningar.some((v) => v.blockerande),
      passerade: plan.steg.filter((s) => s.forfaller < idag).map(stegNyckel),
      forslag: forslag(planerade[i]!, idag),
      val: plan.startval!.till
        ? { val: 'redan-gjort', till: plan.startval!.till }
        : ({ val: plan.startval!.val } as Rapportval),
      startarIdag,
      forsenade: deras,
      varningar: plan.varningar,
    };
  });
  // One digest per person with late tasks, and one to each kanslichef with all of them.
  for (const person of new Set(forsenade.map((f) => f.tilldelad))) {
    const n = forsenade.filter((f) => f.tilldelad === person).length;
    lagg(person, `Sammandrag: ${n} försenade uppgifter vid starten`);
  }
  const chefer = kanslichefer(config).map((p) => p.id);
  if (forsenade.length > 0)
    chefer.forEach((k) => lagg(k, `Sammandrag: ${forsenade.length} försenade uppgifter i året`));
  if (planer.some((p) => p.startval?.val !== 'utelamna' && p.varningar.length > 0))
    chefer.forEach((k) => lagg(k, 'Varningar i planen'));

  const sammantraden = planeraSammantraden(config, ar).map((m): MoteForhandsvisning => {
    const organ = config.organ.find((o) => o.kortnamn === m.organ)!;
    const d = kallelseDagar(organ, m.datum);
    // As the meeting's workflow has it: the kallelse day, or the day after the list closes.
    const kallelsedag =
      d.kallelseSenast > d.foredragningslistaStanger
        ? d.kallelseSenast
        : addDays(d.foredragningslistaStanger, 1);
    const redanHallet = m.datum < idag;
    const kallelseIdag = !redanHallet && m.start <= idag && kallelsedag <= idag;
    if (kallelseIdag) {
      for (const p of motesfaktaFor(config, m.organ, m.datum).kallade)
        lagg(p, `Kallelse: ${organ.namn} ${m.datum}`);
    }
    return { organ: m.organ, datum: m.datum, redanHallet, kallelseIdag };
  });

  const perPerson = [...mail]
    .map(([person, vad]) => ({ person, namn: personNamn(config, person), antal: vad.length, vad }))
    .sort((a, b) => b.antal - a.antal || a.person.localeCompare(b.person));
  return {
    kommun: config.kommun.id,
    ar,
    idag,
    efterStart: planerade.some((p) => p.steg.some((s) => s.forfaller < idag)),
    rapporter,
    sammantraden,
    mail: perPerson,
    antalMail: perPerson.reduce((n, p) => n + p.antal, 0),
  };
}

/** Why these choices cannot be taken: an unknown report, a step it does not have, a report that cannot run. */
export function startvalFel(config: KommunConfig, ar: number, val: Startval): Fel[] {
  const planer = planeraAr(config, ar);
  return Object.entries(val).flatMap(([id, v]): Fel[] => {
    const plan = planer.find((p) => p.id === id);
    const field = `val.${id}`;
    if (!plan) {
      return [{ field, rule: 'rapport_finns', message: `årets plan har ingen rapport ${id}` }];
    }
    if (v.val !== 'utelamna' && plan.steg.length === 0) {
      return [
        {
          field,
          rule: 'kan_inte_koras',
          message: `${plan.titel} kan inte köras: ${plan.varningar[0]?.meddelande ?? 'planen saknar sammanträde'}`,
        },
      ];
    }
    if (v.val === 'redan-gjort' && !plan.steg.some((s) => s.steg === v.till)) {
      return [
        {
          field,
          rule: 'steg_finns',
          message: `${plan.titel} har inget steg ${v.till} (stegen: ${[...new Set(plan.steg.map((s) => s.steg))].join(', ')})`,
        },
      ];
    }
    return [];
  });
}

/** What the kanslichef asked for when starting the year: choices, or the proposals confirmed. */
export interface Startbegaran {
  val?: Startval;
  /** Take the proposals for every report not in `val`. */
  bekrafta?: boolean;
}

/**
 * The choices to start the year with, or why not: bad choices, or a year some of whose dates have passed that
 * the kanslichef has neither chosen for nor confirmed (they see the preview first). The CLI, the pages and the
 * REST API ask this before they start a year.
 */
export function startvalAttAnvanda(
  config: KommunConfig,
  ar: number,
  idag: IsoDate,
  begaran: Startbegaran,
): { fel: Fel[] } | { startval: Startval } {
  const fel = startvalFel(config, ar, begaran.val ?? {});
  if (fel.length > 0) return { fel };
  if (begaran.val === undefined && !begaran.bekrafta) {
    const forhand = forhandsvisaStart(config, ar, idag);
    if (forhand.efterStart) {
      const passerade = forhand.rapporter.filter((r) => r.passerade.length > 0).length;
      return {
        fel: [
          {
            field: 'val',
            rule: 'forhandsvisning',
            message: `${passerade} av årets rapporter har steg vars datum redan har passerat (i dag ${idag}); se först vad som händer (förhandsvisningen) och välj per rapport, eller bekräfta förslagen`,
          },
        ],
      };
    }
  }
  return { startval: begaran.val ?? {} };
}

/** `--val <rapport>=kor|utelamna|redan-gjort:<steg>` from the command line, or the rule it breaks. */
export function parseStartval(poster: readonly string[]): { val: Startval } | { fel: Fel } {
  const val: Startval = {};
  for (const post of poster) {
    const m = /^([^=]+)=(kor|utelamna|redan-gjort:([a-z]+))$/.exec(post);
    const till = m?.[3];
    if (!m || (till !== undefined && !(STEG_NAMN as readonly string[]).includes(till))) {
      return {
        fel: {
          field: 'val',
          rule: 'val_format',
          message: `"${post}" ska skrivas <rapport>=kor, <rapport>=utelamna eller <rapport>=redan-gjort:<steg> (steg: ${STEG_NAMN.join(', ')})`,
        },
      };
    }
    val[m[1]!] = till ? { val: 'redan-gjort', till: till as never } : { val: m[2] as 'kor' | 'utelamna' };
  }
  return { val };
}
