/**
 * The kinds of report in a kommun's cycle: what each covers, when it can be written, what the kommun calls it,
 * whether it goes on to fullmäktige and the revisorer, and the statutory limit for that. The four kinds of
 * document 000–004 are the defaults; a kommun names and times its own in its config (`rapportslag:`), e.g.
 * "Tertialrapport 1" per 30 april or "Delårsbokslut per augusti".
 */
import { addDays, isoDate, type IsoDate } from './datum';

/** What a kind of report is, whatever the kommun calls it. */
export const RAPPORT_TYPER = [
  'delarsrapport', // a follow-up of a period of the year (delårsrapport, tertialrapport, delårsbokslut)
  'arsredovisning', // the year before, decided in the spring
  'verksamhetsplan', // the nämnd's verksamhetsplan och internbudget for the next year, on the EVP's ramar
  'evp', // ekonomi- och verksamhetsplan: KF's budget for the next year with the nämnder's ramar
] as const;
export type RapportTyp = (typeof RAPPORT_TYPER)[number];

/** A report kind's id in the config and in report ids: `delarsrapport-augusti`, `tertialrapport-1`. */
export type RapportSlag = string;

/**
 * The month the kommun's fullmäktige sets the EVP in: by law before the end of November, and many decide in
 * June (design.md §2; anchors-and-rules.md §4); Orust in August.
 */
export const EVP_BESLUTSMANADER = [
  'januari',
  'februari',
  'mars',
  'april',
  'maj',
  'juni',
  'juli',
  'augusti',
  'september',
  'oktober',
  'november',
  'december',
] as const;
export type EvpBeslutsmanad = (typeof EVP_BESLUTSMANADER)[number];

/** What the kommunövergripande report of the styrelse waits for from each nämnd's report of the same kind. */
export const UNDERLAG_STEG = ['beslut', 'inlamning'] as const;
export type UnderlagSteg = (typeof UNDERLAG_STEG)[number];

/** A kind of report as the config gives it (parsed in ./kommun.ts). */
export interface RapportSlagConfig {
  id: RapportSlag;
  typ: RapportTyp;
  /** Delårsrapport: the period's last day, `MM-DD` (03-31, 04-30, 06-30, 08-31). */
  periodslut?: string;
  /**
   * The kommun's title; `{ar}` is the report's year, `{ar+2}` two years on, `{organ}` the organ in a sentence
   * ("kommunstyrelsen"), `{Organ}` as a heading, `{dag}` and `{manad}` the period's last day ("31", "augusti").
   */
  titel?: string;
  /** Whether the styrelse's report goes on to fullmäktige (and the revisorer). */
  tillFullmaktige?: boolean;
  /** A delårsrapport that is not the statutory one: KL 11 kap. 16 § does not bind it (default: it is). */
  lagstadgad?: boolean;
  /** Working days at least between the period end and the inlämning (else the kommun's rule for the type). */
  minstArbetsdagar?: number;
  /** Styrelsen's report of this kind waits for each nämnd's report of the same kind: its beslut or inlämning. */
  namndernasUnderlag?: UnderlagSteg;
  /** EVP: fullmäktige decides in November (the law's last month) or in June. */
  beslutsmanad?: EvpBeslutsmanad;
  /** EVP: the organ that prepares it (a budgetberedning, or KS's utskott by default). */
  beredning?: string;
  /** EVP: the nämnder whose budgetunderlag it is built on (default: every nämnd with a handläggare). */
  underlagFran?: string[];
}

export interface Lagkrav {
  /** The last lawful day. */
  senast: IsoDate;
  regel: string;
  /** What must happen by then, in the kansli's words ("lämnas till fullmäktige och revisorerna"). */
  vad: string;
}

/** A report kind resolved for planning: its titles, period and statutory limits. */
export interface RapportSlagInfo {
  id: RapportSlag;
  typ: RapportTyp;
  /** The report's title, as the kommun writes it. */
  titel(organNamn: string, ar: number): string;
  /** The period the report covers ends on this day; the work can start the day after (none for the EVP). */
  periodslut(ar: number): IsoDate;
  /** Whether a styrelse's report of this kind goes on to KF and the revisorer. */
  tillFullmaktige: boolean;
  /** The report year it is planned in, relative to the cycle's year (the årsredovisning covers the year before). */
  avserAr(cykelAr: number): number;
  /** The styrelse's report waits for the nämnder's reports of this kind (delårsrapport and årsredovisning). */
  namndernasUnderlag?: UnderlagSteg;
  /** KL 11 kap. 16 § binds its handover (a delårsrapport, unless the kommun says it is another follow-up). */
  lagstadgad: boolean;
  minstArbetsdagar?: number;
  evp?: { beslutsmanad: EvpBeslutsmanad; beredning?: string; underlagFran?: string[] };
}

const MANADER = EVP_BESLUTSMANADER;

/** "kommunstyrelsen", "vård- och omsorgsnämnden": an organ's name inside a sentence. */
export const organITexten = (organNamn: string) => organNamn.charAt(0).toLowerCase() + organNamn.slice(1);

/** The default kinds: those of the source documents (Lund, Linköping, Eskilstuna) and the EVP. */
export const STANDARD_RAPPORTSLAG: readonly RapportSlagConfig[] = [
  {
    id: 'arsredovisning',
    typ: 'arsredovisning',
    titel: 'Årsredovisning och bokslut {ar} för {organ}',
    namndernasUnderlag: 'beslut',
  },
  {
    id: 'delarsrapport-april',
    typ: 'delarsrapport',
    periodslut: '04-30',
    titel: 'Delårsrapport per den {dag} {manad} {ar} för {organ}',
    namndernasUnderlag: 'beslut',
  },
  {
    id: 'delarsrapport-augusti',
    typ: 'delarsrapport',
    periodslut: '08-31',
    titel: 'Delårsrapport per den {dag} {manad} {ar} för {organ}',
    namndernasUnderlag: 'beslut',
  },
  {
    id: 'verksamhetsplan',
    typ: 'verksamhetsplan',
    titel: 'Verksamhetsplan och internbudget {ar} för {organ}',
  },
  { id: 'evp', typ: 'evp', titel: 'Ekonomi- och verksamhetsplan {ar}–{ar+2}' },
];

/** The title template filled in; unknown placeholders are left as they are (the config check refuses them). */
export function fyllTitel(
  mall: string,
  organNamn: string,
  ar: number,
  periodslut: IsoDate | undefined,
): string {
  return mall.replace(/\{(ar(?:\+\d)?|organ|Organ|dag|manad)\}/g, (all, namn: string) => {
    if (namn === 'ar') return String(ar);
    if (namn.startsWith('ar+')) return String(ar + Number(namn.slice(3)));
    if (namn === 'organ') return organITexten(organNamn);
    if (namn === 'Organ') return organNamn;
    if (!periodslut) return all;
    if (namn === 'dag') return String(Number(periodslut.slice(8)));
    return MANADER[Number(periodslut.slice(5, 7)) - 1]!;
  });
}

/** The placeholders a title may use. */
export const TITEL_FALT = [
  'ar',
  ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `ar+${n}`),
  'organ',
  'Organ',
  'dag',
  'manad',
] as const;

/** Two months after the period end, as KL 11 kap. 16 § counts it: the same day number two months on. */
export function twoMonthsAfter(date: IsoDate): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const target = isoDate(y, m + 2, 1);
  const [ty, tm] = target.split('-').map(Number) as [number, number];
  // A month that has no such day (31 August → 31 October exists; 30 April → 30 June) ends on its last day.
  const lastOfMonth = addDays(isoDate(ty, tm + 1, 1), -1);
  const wanted = isoDate(ty, tm, d);
  return wanted > lastOfMonth ? lastOfMonth : wanted;
}

/** A kind from the config (or the defaults) resolved for planning. */
export function rapportSlagInfo(slag: RapportSlagConfig): RapportSlagInfo {
  const titelMall = slag.titel ?? STANDARD_RAPPORTSLAG.find((s) => s.typ === slag.typ)!.titel!;
  const base = {
    id: slag.id,
    typ: slag.typ,
    lagstadgad: slag.lagstadgad ?? true,
    ...(slag.minstArbetsdagar !== undefined ? { minstArbetsdagar: slag.minstArbetsdagar } : {}),
  };
  switch (slag.typ) {
    case 'delarsrapport': {
      const [mm, dd] = (slag.periodslut ?? '08-31').split('-').map(Number) as [number, number];
      const periodslut = (ar: number) => isoDate(ar, mm, dd);
      return {
        ...base,
        titel: (organ, ar) => fyllTitel(titelMall, organ, ar, periodslut(ar)),
        periodslut,
        tillFullmaktige: slag.tillFullmaktige ?? true,
        avserAr: (ar) => ar,
        namndernasUnderlag: slag.namndernasUnderlag ?? 'beslut',
      };
    }
    case 'arsredovisning':
      return {
        ...base,
        titel: (organ, ar) => fyllTitel(titelMall, organ, ar, isoDate(ar, 12, 31)),
        periodslut: (ar) => isoDate(ar, 12, 31),
        tillFullmaktige: slag.tillFullmaktige ?? true,
        avserAr: (ar) => ar - 1,
        namndernasUnderlag: slag.namndernasUnderlag ?? 'beslut',
      };
    case 'verksamhetsplan':
      return {
        ...base,
        titel: (organ, ar) => fyllTitel(titelMall, organ, ar, undefined),
        // Written on the ramar of KF's budget; without an EVP in the year, work starts in December (lund 002:80).
        periodslut: (ar) => isoDate(ar - 1, 11, 30),
        tillFullmaktige: slag.tillFullmaktige ?? false,
        avserAr: (ar) => ar + 1,
      };
    case 'evp':
      return {
        ...base,
        titel: (organ, ar) => fyllTitel(titelMall, organ, ar, undefined),
        // The budget of the next year is planned backwards from fullmäktige; its work starts with the cycle's year.
        periodslut: (ar) => isoDate(ar - 2, 12, 31),
        tillFullmaktige: true,
        avserAr: (ar) => ar + 1,
        evp: {
          beslutsmanad: slag.beslutsmanad ?? 'november',
          ...(slag.beredning ? { beredning: slag.beredning } : {}),
          ...(slag.underlagFran ? { underlagFran: slag.underlagFran } : {}),
        },
      };
  }
}

/** The kommun's kinds: the defaults, each replaced by the config's kind of the same id, and the config's own. */
export function kommunensRapportslag(
  egna: readonly RapportSlagConfig[] | undefined,
): Map<RapportSlag, RapportSlagInfo> {
  const alla = new Map<RapportSlag, RapportSlagConfig>(STANDARD_RAPPORTSLAG.map((s) => [s.id, s]));
  for (const slag of egna ?? []) alla.set(slag.id, slag);
  return new Map([...alla].map(([id, slag]) => [id, rapportSlagInfo(slag)]));
}

/**
 * Which cycle year a meeting pinned to a kind of report belongs to: a delårsrapport, årsredovisning or EVP is
 * decided in its cycle's own year; a verksamhetsplan from June (after a June EVP) to May of the next year.
 */
export function pinCykelAr(typ: RapportTyp, datum: IsoDate): number {
  const year = Number(datum.slice(0, 4));
  if (typ !== 'verksamhetsplan') return year;
  return Number(datum.slice(5, 7)) >= 6 ? year : year - 1;
}

/** A stable id for one report of one kommun: `lund/2023/KS/delarsrapport-augusti`. */
export function rapportId(kommun: string, ar: number, organ: string, slag: RapportSlag): string {
  return `${kommun}/${ar}/${organ}/${slag}`;
}
