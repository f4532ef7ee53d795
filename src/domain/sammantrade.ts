/**
 * A sammanträde from the föredragningslista to the last receipt of its protokollsutdrag, as a pure state machine:
 * what the sekreterare may record and when, who justerar, and what the workflow (src/workflows/sammantrade.ts)
 * does next. The protocol record itself and its rules are in ./protokoll.ts; the kallelse days in ./kallelse.ts.
 *
 *   FOREDRAGNINGSLISTA → KALLAD → PROTOKOLLFORING → JUSTERING ⇄ RATTELSE → JUSTERAT → (laga kraft, expediering)
 */
import { addDays, compareDates, isoDateSchema, type IsoDate } from './datum';
import { arendepunktSchema, kallelseDagar, type Arendepunkt, type Kallelse } from './kallelse';
import type { KommunConfig, Organ } from './kommun';
import { beraknaFrister } from './frister';
import {
  deltagareSchema,
  justeringsdagFel,
  laggTillFel,
  narvaroSchema,
  nedtagningFel,
  paragrafensFel,
  paragrafFaltSchema,
  tidsspannSchema,
  type Paragraf,
  type Protokoll,
  type Signatur,
} from './protokoll';
import { kontextFor, type Kontext } from './rapportprocess';
import type { UppgiftSpec, UppgiftTyp } from './uppgift';
import { handlingarMedBilagor, type Bilaga } from './arendedokument';
import { z, type Fel } from './validering';

export const SAMMANTRADE_FASER = [
  'FOREDRAGNINGSLISTA',
  'KALLAD',
  'PROTOKOLLFORING',
  'JUSTERING',
  'RATTELSE',
  'JUSTERAT',
  'AVSLUTAT',
] as const;
export type SammantradeFas = (typeof SAMMANTRADE_FASER)[number];

/** Everything the workflow needs from the config, resolved once when it starts (an activity reads the config). */
export interface Motesfakta {
  kommun: string;
  organ: string;
  organNamn: string;
  organTyp: Organ['typ'];
  reglemente: Organ['reglemente'];
  datum: IsoDate;
  klockan: string;
  plats: string;
  forvaringsplats: string;
  /** How the kommun cites a beslut: `{organ} {datum} § {paragraf}`. */
  beslutsreferensFormat: string;
  /** Days after the justering the anslag goes up (config `protokoll.anslagDagarEfterJustering`). */
  anslagDagarEfterJustering: number;
  /** Person ids of the organ's sekreterare (who record and send), first the usual one. */
  sekreterare: string[];
  /** Person ids called to the meeting: ledamöter, ersättare, ordförande. */
  kallade: string[];
  ordforande?: string;
  /** Names in "Beslutet skickas till" → the person id that receives the utdrag. */
  mottagare: Record<string, string>;
  /** Person id → name, for the protocol's text. */
  namn: Record<string, string>;
  /** Days a recipient has to acknowledge a protokollsutdrag. */
  kvittensDagar: number;
  kontext: Kontext;
  /**
   * The organ's § series this meeting numbers in: its key (the year, or the first year of the mandate period
   * where the kommun numbers so) and the number it starts from when the config says (absent in older inputs).
   */
  paragrafserie?: { serie: number; start?: number };
  /** How the anslag is put up and taken down: by Årshjul, or on a paper board by the sekreterare (absent: digital). */
  anslagstavla?: 'digital' | 'papper';
}

export function motesfaktaFor(config: KommunConfig, organKortnamn: string, datum: IsoDate): Motesfakta {
  const organ = config.organ.find((o) => o.kortnamn === organKortnamn);
  if (!organ) throw new Error(`okänt organ "${organKortnamn}" i ${config.kommun.namn}`);
  const plan = Object.values(config.sammantradesplan)
    .flatMap((perOrgan) => perOrgan[organKortnamn] ?? [])
    .find((m) => m.datum === datum);
  const withRole = (...roller: string[]) =>
    config.personer
      .filter((p) => p.roller.some((r) => roller.includes(r.roll) && r.organ === organKortnamn))
      .map((p) => p.id);
  const mottagare: Record<string, string> = {};
  for (const p of config.personer) mottagare[p.namn] = p.id;
  return {
    kommun: config.kommun.id,
    organ: organ.kortnamn,
    organNamn: organ.namn,
    organTyp: organ.typ,
    reglemente: organ.reglemente,
    datum,
    klockan: plan?.tid ?? '13.00',
    plats: plan?.plats ?? 'Stadshuset',
    forvaringsplats: config.protokoll.forvaringsplats,
    anslagDagarEfterJustering: config.protokoll.anslagDagarEfterJustering,
    beslutsreferensFormat: config.beslutsreferens.format,
    sekreterare: withRole('sekreterare'),
    kallade: withRole('ordforande', 'vice_ordforande', 'ledamot', 'ersattare'),
    ...(withRole('ordforande')[0] ? { ordforande: withRole('ordforande')[0] } : {}),
    mottagare,
    namn: Object.fromEntries(config.personer.map((p) => [p.id, p.namn])),
    kvittensDagar: config.regler.sammantraden.kvittensDagar,
    kontext: kontextFor(config),
    paragrafserie: paragrafserieFor(organ, datum),
    anslagstavla: config.anslagstavla.papper ? 'papper' : 'digital',
  };
}

/**
 * The § series a meeting on `datum` numbers in: per year, or per mandate period (from 15 October of an election
 * year for fullmäktige, KL 5 kap. 9 §; from the 1st of January after it for the other organs) where the kommun
 * numbers so; and the number the config says it starts from.
 */
export function paragrafserieFor(organ: Organ, datum: IsoDate): { serie: number; start?: number } {
  const ar = Number(datum.slice(0, 4));
  const numrering = organ.paragrafer?.numrering ?? 'ar';
  let serie = ar;
  if (numrering === 'mandatperiod') {
    // Election years: 2022, 2026, … (every fourth year from 1994).
    const valar = ar - ((((ar - 1994) % 4) + 4) % 4);
    const borjar = organ.typ === 'fullmaktige' ? `${valar}-10-15` : `${valar + 1}-01-01`;
    serie = datum >= borjar ? (organ.typ === 'fullmaktige' ? valar : valar + 1) : valar - 3;
    if (organ.typ === 'fullmaktige' && datum < borjar) serie = valar - 4;
  }
  const start = organ.paragrafer?.start?.[String(serie)];
  return { serie, ...(start !== undefined ? { start } : {}) };
}

/** A meeting of the year's sammanträdesplan, and the day the årshjul starts its workflow. */
export interface PlaneratSammantrade {
  organ: string;
  datum: IsoDate;
  start: IsoDate;
}

/** Every meeting of the year in the config's sammanträdesplan, by the day its workflow starts. */
export function planeraSammantraden(config: KommunConfig, ar: number): PlaneratSammantrade[] {
  const plan = config.sammantradesplan[String(ar)] ?? {};
  return config.organ
    .flatMap((organ) =>
      (plan[organ.kortnamn] ?? []).map((m) => ({
        organ: organ.kortnamn,
        datum: m.datum,
        // Early enough that ärenden can be put on its föredragningslista (config `regler.sammantraden`).
        start: addDays(
          kallelseDagar(organ, m.datum).foredragningslistaStanger,
          -config.regler.sammantraden.startDagarForeForedragningslistan,
        ),
      })),
    )
    .sort((a, b) => compareDates(a.start, b.start) || a.organ.localeCompare(b.organ));
}

const personId = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ett person-id ur konfigurationen');
const klockslag = z.string().regex(/^([01]\d|2[0-3])\.[0-5]\d$/, 'skrivs tt.mm, t.ex. 10.00');

export const laggTillArendeSchema = z
  .object({ aktor: personId, arende: arendepunktSchema.omit({ punkt: true }) })
  .strict();

/** The meeting's facts, recorded once it is held (and corrected until the protocol is justerat). */
export const protokollforMotetSchema = z
  .object({
    aktor: personId,
    tid: tidsspannSchema,
    ajourneringar: z.array(tidsspannSchema).default([]),
    plats: z.string().min(2).optional(),
    narvaro: narvaroSchema,
    /** Names as the protocol shows them: "Anders Almgren (S)". */
    ordforande: z.string().min(2),
    sekreterare: z.string().min(2),
    justerare: z.array(deltagareSchema.pick({ namn: true, personId: true }).required()).min(1),
    justering: z
      .object({
        datum: isoDateSchema,
        klockan: klockslag.optional(),
        plats: z.string().min(2),
        /** The whole protocol justerat at the meeting (KL 5 kap. 70 §). */
        omedelbar: z.boolean().optional(),
      })
      .strict(),
    /**
     * The number the organ's § series starts from, when this is the first meeting of its series recorded in
     * Årshjul (Lund KS's October meeting holds §§ 327–365); refused when it would leave a gap or reuse a number.
     */
    forstaParagraf: z.int().min(1).max(9999).optional(),
  })
  .strict();
export type ProtokollforMotet = z.output<typeof protokollforMotetSchema>;

const paragrafUtanNummer = paragrafFaltSchema
  .omit({ nummer: true })
  .superRefine((p, ctx) => laggTillFel(ctx, paragrafensFel(p, 'Paragrafen')));
export type ParagrafUtkast = z.output<typeof paragrafUtanNummer>;

/** A § as the sekreterare records it: its number comes from the organ's series; `nyckel` makes a retry harmless. */
export const protokollforParagrafSchema = z
  .object({ aktor: personId, nyckel: z.string().min(1).max(200), paragraf: paragrafUtanNummer })
  .strict();
/** A corrected §: its fields, the rules across them named by its number (`rattaParagrafSchema`). */
export const rattaParagrafFaltSchema = z
  .object({ aktor: personId, nummer: z.int().min(1), paragraf: paragrafFaltSchema.omit({ nummer: true }) })
  .strict();
export const rattaParagrafSchema = rattaParagrafFaltSchema.superRefine((k, ctx) =>
  laggTillFel(
    ctx,
    paragrafensFel(k.paragraf, `§ ${k.nummer}`).map((f) => ({ ...f, field: `paragraf.${f.field}` })),
  ),
);
export const skickaForJusteringSchema = z.object({ aktor: personId }).strict();
/** The day a paper board's anslag was taken down, as the sekreterare records it. */
export const anmalAnslagSchema = z.object({ aktor: personId, nedtagen: isoDateSchema }).strict();

export type SammantradeKommando =
  | ({ typ: 'laggTillArende' } & z.output<typeof laggTillArendeSchema>)
  | ({ typ: 'protokollforMotet' } & ProtokollforMotet)
  | ({ typ: 'protokollforParagraf' } & z.output<typeof protokollforParagrafSchema>)
  | ({ typ: 'rattaParagraf' } & z.output<typeof rattaParagrafSchema>)
  | ({ typ: 'skickaForJustering' } & z.output<typeof skickaForJusteringSchema>)
  | ({ typ: 'anmalAnslag' } & z.output<typeof anmalAnslagSchema>);

export interface Invandning {
  varv: number;
  person: string;
  paragrafer: number[];
  kommentar: string;
}

/** A report whose plan has a step on this meeting (from the register; see `rapporterForSammantrade`). */
export interface RapportTillMotet {
  id: string;
  titel: string;
  status: string;
  diarienummer?: string;
  /** What the meeting does with it: beredning (an utskott's förslag), beslut, or KF. */
  steg: string;
  /** Documents that have joined the ärende (the revisorer's bedömning), listed with the report. */
  handlingar?: string[];
  /** The versions the chef approved: they go with the ärende to the meeting. */
  bilagor?: Bilaga[];
}

export interface SammantradeState {
  fakta: Motesfakta;
  fas: SammantradeFas;
  arenden: Arendepunkt[];
  mote?: ProtokollforMotet;
  paragrafer: Paragraf[];
  /** The key each § was recorded under → its number (a § recorded twice is refused by its key). */
  nycklar: Record<string, number>;
  /** Bumped by every change to the protocol; each version is stored in the register. */
  version: number;
  /** 1 for the first round of justering, 2 after the first correction, … */
  justeringsvarv: number;
  invandningar: Invandning[];
  /** Reports planned for this meeting that were not registered (no diarienummer) when the list closed. */
  ejKlaraRapporter: RapportTillMotet[];
  justerad?: IsoDate;
  anslagUppsatt?: IsoDate;
  anslagNedtaget?: IsoDate;
  /** Each justerare's approval of the round that justerade the protocol. */
  signaturer?: Signatur[];
}

export function nyttSammantrade(fakta: Motesfakta): SammantradeState {
  return {
    fakta,
    fas: 'FOREDRAGNINGSLISTA',
    arenden: [],
    paragrafer: [],
    nycklar: {},
    version: 0,
    justeringsvarv: 0,
    invandningar: [],
    ejKlaraRapporter: [],
  };
}

/**
 * The föredragningslista closes: every report planned for this meeting that is registered (has its
 * diarienummer) goes on it, unless the sekreterare already put it there; the others are noted as not ready.
 */
export function medRapporter(
  state: SammantradeState,
  rapporter: readonly RapportTillMotet[],
): SammantradeState {
  const nya = rapporterAttLagga(state, rapporter).map((r, i) => ({
    punkt: state.arenden.length + i + 1,
    rubrik: r.titel,
    diarienummer: r.diarienummer!,
    forslagTillBeslut: [],
    handlingar: handlingarMedBilagor(r.titel, r.bilagor ?? [], r.handlingar),
    bilagor: r.bilagor ?? [],
  }));
  return {
    ...state,
    arenden: [...state.arenden, ...nya],
    ejKlaraRapporter: rapporter.filter((r) => r.diarienummer === undefined),
  };
}

/**
 * An ärende the sekreterare puts on the list: when it is one of the registered reports planned for this meeting
 * (by its diarienummer), its approved versions go with it, named among its handlingar.
 */
export function medGodkandaBilagor<A extends Omit<Arendepunkt, 'punkt'>>(
  arende: A,
  rapporter: readonly Pick<RapportTillMotet, 'diarienummer' | 'bilagor'>[],
): A {
  const rapport = arende.diarienummer
    ? rapporter.find((r) => r.diarienummer === arende.diarienummer)
    : undefined;
  const bilagor = rapport?.bilagor ?? [];
  if (bilagor.length === 0) return arende;
  const namn = handlingarMedBilagor(arende.rubrik, bilagor);
  return {
    ...arende,
    bilagor,
    handlingar: [...namn, ...arende.handlingar.filter((h) => h !== arende.rubrik && !namn.includes(h))],
  };
}

/** The registered reports planned for this meeting that are not on its föredragningslista yet. */
export function rapporterAttLagga<R extends Pick<RapportTillMotet, 'titel' | 'diarienummer'>>(
  state: Pick<SammantradeState, 'arenden'>,
  rapporter: readonly R[],
): (R & { diarienummer: string })[] {
  const listed = new Set(state.arenden.flatMap((a) => [a.diarienummer, a.rubrik]));
  return rapporter.filter(
    (r): r is R & { diarienummer: string } =>
      r.diarienummer !== undefined && !listed.has(r.diarienummer) && !listed.has(r.titel),
  );
}

/** The id of one of the meeting's tasks, from its id within the meeting (`motesuppgift`). */
export function motesuppgiftId(
  fakta: Pick<Motesfakta, 'kommun' | 'organ' | 'datum'>,
  lokaltId: string,
): string {
  return `${sammantradeId(fakta).replace(/^sammantrade\//, '')}/${lokaltId}`;
}

/** One person's justering task in round `varv`, within the meeting. */
export const justeringLokaltId = (varv: number, person: string) => `justering-${varv}-${person}`;

/** The day the anslag of a protocol justerat on `justerad` goes up, as the kommun does it (KL 8 kap. 12 §). */
export function anslagsdag(fakta: Pick<Motesfakta, 'anslagDagarEfterJustering'>, justerad: IsoDate): IsoDate {
  return addDays(justerad, fakta.anslagDagarEfterJustering);
}

export function sammantradeId(f: Pick<Motesfakta, 'kommun' | 'organ' | 'datum'>): string {
  return `sammantrade/${f.kommun}/${f.organ}/${f.datum}`;
}

const KOMMANDO_FASER: Record<SammantradeKommando['typ'], readonly SammantradeFas[]> = {
  laggTillArende: ['FOREDRAGNINGSLISTA'],
  protokollforMotet: ['PROTOKOLLFORING', 'RATTELSE'],
  protokollforParagraf: ['PROTOKOLLFORING', 'RATTELSE'],
  rattaParagraf: ['PROTOKOLLFORING', 'RATTELSE'],
  skickaForJustering: ['PROTOKOLLFORING', 'RATTELSE'],
  anmalAnslag: ['JUSTERAT'],
};

/** Whether a command of kind `typ` can be given in the meeting's present phase. */
export const kanGoras = (state: Pick<SammantradeState, 'fas'>, typ: SammantradeKommando['typ']): boolean =>
  KOMMANDO_FASER[typ].includes(state.fas);

const FAS_TEXT: Record<SammantradeFas, string> = {
  FOREDRAGNINGSLISTA: 'föredragningslistan är öppen',
  KALLAD: 'kallelsen är skickad och sammanträdet har inte börjat',
  PROTOKOLLFORING: 'protokollet förs',
  JUSTERING: 'protokollet är ute på justering',
  RATTELSE: 'protokollet rättas efter justerarnas invändningar',
  JUSTERAT: 'protokollet är justerat',
  AVSLUTAT: 'sammanträdet är avslutat',
};

/** Why the command cannot be applied now (empty when it can). Pure: `idag` is the workflow's date. */
export function sammantradeKommandoFel(
  state: SammantradeState,
  k: SammantradeKommando,
  idag: IsoDate,
): Fel[] {
  const { fakta } = state;
  if (!kanGoras(state, k.typ)) {
    return [{ field: '', rule: 'fel_fas', message: `det går inte nu: ${FAS_TEXT[state.fas]}` }];
  }
  const fel: Fel[] = [];
  if (!fakta.sekreterare.includes(k.aktor) && !fakta.kontext.kanslichefer.includes(k.aktor)) {
    fel.push({
      field: 'aktor',
      rule: 'behorig_aktor',
      message: `${k.aktor} är inte sekreterare för ${fakta.organ} eller kanslichef`,
    });
  }
  switch (k.typ) {
    case 'protokollforMotet': {
      fel.push(...justeringsdagFel(fakta.datum, k.justering.datum, 'justering.datum'));
      const givna = state.paragrafer.map((p) => p.nummer);
      if (
        k.forstaParagraf !== undefined &&
        givna.length > 0 &&
        k.forstaParagraf !== state.mote?.forstaParagraf
      ) {
        fel.push({
          field: 'forstaParagraf',
          rule: 'paragrafserie_bestamd',
          message: `§ ${Math.min(...givna)}–${Math.max(...givna)} är redan protokollförda; serien kan inte börja om på § ${k.forstaParagraf}`,
        });
      }
      const okanda = k.justerare.filter((j) => !fakta.kontext.personer.includes(j.personId));
      okanda.forEach((j) =>
        fel.push({
          field: 'justerare',
          rule: 'person_finns',
          message: `okänd person "${j.personId}" (${j.namn})`,
        }),
      );
      break;
    }
    case 'protokollforParagraf':
      if (state.nycklar[k.nyckel] !== undefined) {
        fel.push({
          field: 'nyckel',
          rule: 'paragraf_en_gang',
          message: `ärendet "${k.nyckel}" är redan protokollfört som § ${state.nycklar[k.nyckel]}`,
        });
      }
      if (!state.mote) {
        fel.push({
          field: '',
          rule: 'motet_forst',
          message: 'protokollför sammanträdets fakta (tid, närvaro, justerare) först',
        });
      }
      fel.push(...mottagareFel(fakta, k.paragraf));
      break;
    case 'rattaParagraf':
      if (!state.paragrafer.some((p) => p.nummer === k.nummer)) {
        fel.push({
          field: 'nummer',
          rule: 'paragraf_finns',
          message: `§ ${k.nummer} finns inte i protokollet`,
        });
      } else if (state.paragrafer.find((p) => p.nummer === k.nummer)!.omedelbartJusterad) {
        fel.push({
          field: 'nummer',
          rule: 'omedelbart_justerad',
          message: `§ ${k.nummer} är omedelbart justerad och kan inte ändras`,
        });
      }
      fel.push(...mottagareFel(fakta, k.paragraf));
      break;
    case 'skickaForJustering':
      if (!state.mote) {
        fel.push({ field: '', rule: 'motet_forst', message: 'sammanträdets fakta är inte protokollförda' });
      }
      if (state.paragrafer.length === 0) {
        fel.push({ field: '', rule: 'paragraf_finns', message: 'protokollet har inga paragrafer' });
      }
      break;
    case 'anmalAnslag':
      fel.push(...anmalAnslagFel(state, k.nedtagen, idag));
      break;
    case 'laggTillArende':
      break;
  }
  if (compareDates(idag, fakta.datum) < 0 && k.typ !== 'laggTillArende') {
    fel.push({ field: '', rule: 'efter_sammantradet', message: `sammanträdet är ${fakta.datum}` });
  }
  return fel;
}

/**
 * Why a paper board's anslag cannot be recorded as taken down on `nedtagen`: it is not up, the kommun's board is
 * Årshjul's, the day is still to come, or it is before the appeal period is over (KL 13 kap. 5 §).
 */
function anmalAnslagFel(state: SammantradeState, nedtagen: IsoDate, idag: IsoDate): Fel[] {
  const { fakta, justerad, anslagUppsatt } = state;
  if (!justerad || !anslagUppsatt) {
    return [{ field: 'nedtagen', rule: 'anslag_uppsatt', message: 'anslaget är inte uppsatt' }];
  }
  if (fakta.anslagstavla !== 'papper') {
    return [
      {
        field: 'nedtagen',
        rule: 'anslagstavla_papper',
        message:
          'anslaget på den digitala anslagstavlan tas ned av Årshjul; bara en anslagstavla av papper anmäls för hand',
      },
    ];
  }
  if (state.anslagNedtaget) {
    return [{ field: 'nedtagen', rule: 'en_gang', message: `anslaget togs ned ${state.anslagNedtaget}` }];
  }
  if (compareDates(nedtagen, idag) > 0) {
    return [{ field: 'nedtagen', rule: 'inte_i_framtiden', message: `${nedtagen} har inte kommit än` }];
  }
  const frister = beraknaFrister({ sammantrade: fakta.datum, justering: justerad, anslag: anslagUppsatt });
  return nedtagningFel(frister, nedtagen, 'nedtagen');
}

/** Every recipient in "Beslutet skickas till" must be someone the kommun can send to. */
function mottagareFel(fakta: Motesfakta, paragraf: ParagrafUtkast): Fel[] {
  const known = Object.keys(fakta.mottagare);
  return (['verkstallighet', 'kannedom', 'mottagare'] as const).flatMap((lista) =>
    paragraf.skickasTill[lista].flatMap((namn, i) =>
      fakta.mottagare[namn] === undefined
        ? [
            {
              field: `paragraf.skickasTill.${lista}.${i}`,
              rule: 'mottagare_finns',
              message: `okänd mottagare "${namn}": lägg till den i konfigurationen (personer med rollen mottagare) eller välj bland ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}`,
            },
          ]
        : [],
    ),
  );
}

/** Applies a valid command; `nummer` is the § number the register allocated (protokollforParagraf only). */
export function tillampaSammantrade(
  state: SammantradeState,
  k: SammantradeKommando,
  nummer?: number,
): SammantradeState {
  switch (k.typ) {
    case 'laggTillArende':
      return { ...state, arenden: [...state.arenden, { ...k.arende, punkt: state.arenden.length + 1 }] };
    case 'protokollforMotet': {
      const { typ: _t, ...mote } = k;
      return { ...state, mote, version: state.version + 1 };
    }
    case 'protokollforParagraf':
      return {
        ...state,
        paragrafer: [
          ...state.paragrafer,
          {
            ...k.paragraf,
            nummer: nummer!,
            // A protocol justerat at the meeting as a whole: each § is (KL 5 kap. 70 §).
            omedelbartJusterad: k.paragraf.omedelbartJusterad || state.mote?.justering.omedelbar === true,
          },
        ].sort((a, b) => a.nummer - b.nummer),
        nycklar: { ...state.nycklar, [k.nyckel]: nummer! },
        version: state.version + 1,
      };
    case 'rattaParagraf':
      return {
        ...state,
        paragrafer: state.paragrafer.map((p) =>
          p.nummer === k.nummer ? { ...k.paragraf, nummer: k.nummer } : p,
        ),
        version: state.version + 1,
      };
    case 'skickaForJustering':
      return {
        ...state,
        fas: 'JUSTERING',
        justeringsvarv: state.justeringsvarv + 1,
        version: state.version + 1,
      };
    case 'anmalAnslag':
      return { ...state, anslagNedtaget: k.nedtagen, version: state.version + 1 };
  }
}

/** The protocol record as it stands (for the register and the documents); undefined before the meeting's facts. */
export function protokollAv(state: SammantradeState): Protokoll | undefined {
  const { fakta, mote } = state;
  if (!mote || state.paragrafer.length === 0) return undefined;
  return {
    kommun: fakta.kommun,
    kommunNamn: fakta.kontext.kommunNamn,
    organ: fakta.organ,
    organNamn: fakta.organNamn,
    datum: fakta.datum,
    tid: mote.tid,
    ajourneringar: mote.ajourneringar,
    plats: mote.plats ?? fakta.plats,
    narvaro: mote.narvaro,
    ordforande: mote.ordforande,
    sekreterare: mote.sekreterare,
    justerare: mote.justerare.map((j) => j.namn),
    justering: {
      datum: mote.justering.datum,
      ...(mote.justering.klockan ? { klockan: mote.justering.klockan } : {}),
      plats: mote.justering.plats,
      ...(state.justerad ? { justerad: state.justerad } : {}),
      ...(mote.justering.omedelbar ? { omedelbar: true } : {}),
      signaturer: state.signaturer ?? [],
    },
    ...(state.anslagUppsatt ? { anslagUppsatt: state.anslagUppsatt } : {}),
    ...(state.anslagNedtaget ? { anslagNedtaget: state.anslagNedtaget } : {}),
    forvaringsplats: fakta.forvaringsplats,
    paragrafer: state.paragrafer,
  };
}

/** The kallelse as it goes out on `utfardad`. */
export function kallelseAv(state: SammantradeState, utfardad: IsoDate): Kallelse {
  const { fakta } = state;
  return {
    kommun: fakta.kommun,
    organ: fakta.organ,
    organNamn: fakta.organNamn,
    datum: fakta.datum,
    klockan: fakta.klockan,
    plats: fakta.plats,
    utfardad,
    ordforande: fakta.ordforande ? (fakta.namn[fakta.ordforande] ?? fakta.ordforande) : 'Ordföranden',
    sekreterare: fakta.namn[fakta.sekreterare[0] ?? ''] ?? 'Sekreteraren',
    arenden: state.arenden,
  };
}

/** Who justerar: the ordförande (when the config names one) and each justerare recorded at the meeting. */
export function justerandePersoner(state: SammantradeState): string[] {
  const justerare = state.mote?.justerare.map((j) => j.personId) ?? [];
  return [...new Set([...(state.fakta.ordforande ? [state.fakta.ordforande] : []), ...justerare])];
}

/** A task of the meeting, built like every other (src/domain/uppgift.ts). */
export function motesuppgift(
  state: SammantradeState,
  options: {
    id: string;
    typ: UppgiftTyp;
    titel: string;
    tilldelad: string;
    forfaller: IsoDate;
    beskrivning?: string;
    /** A justering: the §§ of the protocol, the only ones its justerare can object to. */
    paragrafer?: number[];
  },
): UppgiftSpec {
  const { fakta } = state;
  const k = fakta.kontext;
  const process = sammantradeId(fakta);
  return {
    id: motesuppgiftId(fakta, options.id),
    kommun: fakta.kommun,
    organ: fakta.organ,
    typ: options.typ,
    titel: options.titel,
    ...(options.beskrivning ? { beskrivning: options.beskrivning } : {}),
    ...(options.paragrafer ? { paragrafer: options.paragrafer } : {}),
    process: { id: process, titel: `${fakta.organNamn} ${fakta.datum}` },
    tilldelad: options.tilldelad,
    forfaller: options.forfaller,
    paminnelseDagar: k.regler.paminnelseDagarPerTyp[options.typ] ?? k.regler.paminnelseDagar,
    eskaleringIntervallDagar: k.regler.eskaleringIntervallDagar,
    // Absent in facts read before the setting was (a sammanträde already running).
    ...(k.regler.eskaleringHorisontDagar !== undefined
      ? { eskaleringHorisontDagar: k.regler.eskaleringHorisontDagar }
      : {}),
    utskickKlockan: k.regler.utskickKlockan,
    kanslichefer: k.kanslichefer,
    personer: k.personer,
    chefer: k.chefer,
  };
}

/** The justering tasks are due on the announced day, or today when that has passed. */
export function justeringForfaller(state: SammantradeState, idag: IsoDate): IsoDate {
  const planerad = state.mote?.justering.datum ?? idag;
  return compareDates(planerad, idag) < 0 ? idag : planerad;
}

/** The protocol task is due the day before the announced justering (at least the meeting day). */
export function protokollForfaller(fakta: Motesfakta): IsoDate {
  return addDays(fakta.datum, Math.max(0, fakta.reglemente.justeringDagar - 1));
}
