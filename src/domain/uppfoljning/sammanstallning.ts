/**
 * What a follow-up adds up to, by the kommun's own steps: the counts the source documents write by hand —
 * "Sammantaget bedöms 12 nämndmål uppnås vid årets slut och 6 delvis", "Av dessa har 10 genomförts, 19 pågår och
 * 3 kvarstår" (003:52–54), "bedöms tre av fyra mål kunna uppnås" (000:257), 5 processområden ● and 4 ◐
 * (004:107–120) — and the economy summed with its avvikelse. Per nämnd, and in total for KS's kommunövergripande
 * report.
 */
import type { IsoDate } from '../datum';
import type { Objekt, ObjektSlag, Varde } from './modell';
import { kortNamn, type Steg, type UppfoljningConfig } from './skalor';

/** One step of a scale and how many rows are on it. */
export interface Antal {
  steg: string;
  namn: string;
  symbol?: string;
  antal: number;
}

export interface Ekonomisumma {
  budget: number;
  utfall: number;
  prognos: number;
  avvikelse: number;
  /** Lines without a prognos (not summed into prognos and avvikelse). */
  utanPrognos: number;
}

export interface Sammanstallning {
  mal: { totalt: number; per: Antal[]; utan: number; trend: Antal[] };
  indikatorer: { totalt: number; utanPrognos: number };
  uppdrag: { totalt: number; per: Antal[]; utan: number };
  ekonomi: Ekonomisumma & { rader: number };
}

/**
 * The objects a report of `organ` for year `ar` (period ending `period`) follows up: the organ's mål, indikatorer and
 * economy of the year, and every uppdrag of the organ given that year or before that no earlier period closed.
 * `stangda`: the uppdrag closed by a status in a period before this one.
 */
export function iOmfattning(
  objekt: readonly Objekt[],
  rapport: { organ: string; ar: number },
  stangda: ReadonlySet<string>,
): Objekt[] {
  return objekt.filter((o) => {
    if (!o.organ.includes(rapport.organ)) return false;
    if (o.slag === 'UPPDRAG') return o.ar <= rapport.ar && !stangda.has(o.id);
    return o.ar === rapport.ar;
  });
}

/** The avvikelse of an economy line: as given, or by the kommun's rule. */
export function avvikelseAv(v: Varde, regel: UppfoljningConfig['ekonomi']['avvikelse']): number | undefined {
  if (v.avvikelse !== undefined) return v.avvikelse;
  if (v.budget === undefined || v.prognosBelopp === undefined) return undefined;
  return avrunda(regel === 'prognos-minus-budget' ? v.prognosBelopp - v.budget : v.budget - v.prognosBelopp);
}

/** Sums of amounts written with one or two decimals, without the binary fraction's noise. */
const avrunda = (n: number) => Math.round(n * 1000) / 1000;

function rakna(skala: readonly Steg[], varden: readonly (string | undefined)[]): Antal[] {
  return skala.map((s) => ({
    steg: s.id,
    namn: kortNamn(s),
    ...(s.symbol ? { symbol: s.symbol } : {}),
    antal: varden.filter((v) => v === s.id).length,
  }));
}

/** The follow-up of one report (or several nämnders' together) counted by the kommun's steps. */
export function sammanstall(
  config: UppfoljningConfig,
  objekt: readonly Objekt[],
  varden: readonly Varde[],
): Sammanstallning {
  const vardet = new Map(varden.map((v) => [v.objektId, v]));
  const av = (slag: ObjektSlag) => objekt.filter((o) => o.slag === slag).map((o) => vardet.get(o.id));
  const mal = av('MAL');
  const uppdrag = av('UPPDRAG');
  const indikatorer = av('INDIKATOR');
  const ekonomi = av('EKONOMI');
  const summa = (f: (v: Varde) => number | undefined) =>
    avrunda(ekonomi.reduce((n, v) => n + ((v && f(v)) ?? 0), 0));
  return {
    mal: {
      totalt: mal.length,
      per: rakna(
        config.bedomning,
        mal.map((v) => v?.bedomning?.steg),
      ),
      utan: mal.filter((v) => !v?.bedomning).length,
      trend: rakna(
        config.trend,
        mal.map((v) => v?.trend?.steg),
      ),
    },
    indikatorer: { totalt: indikatorer.length, utanPrognos: indikatorer.filter((v) => !v?.prognos).length },
    uppdrag: {
      totalt: uppdrag.length,
      per: rakna(
        config.uppdragsstatus,
        uppdrag.map((v) => v?.bedomning?.steg),
      ),
      utan: uppdrag.filter((v) => !v?.bedomning).length,
    },
    ekonomi: {
      rader: ekonomi.length,
      budget: summa((v) => v.budget),
      utfall: summa((v) => v.utfallBelopp),
      prognos: summa((v) => v.prognosBelopp),
      avvikelse: summa((v) => avvikelseAv(v, config.ekonomi.avvikelse)),
      utanPrognos: ekonomi.filter((v) => v?.prognosBelopp === undefined).length,
    },
  };
}

/** Several nämnders' roll-ups added up (KS's total). */
export function summera(delar: readonly Sammanstallning[], config: UppfoljningConfig): Sammanstallning {
  const plus = (a: Antal[], b: Antal[]) => a.map((x, i) => ({ ...x, antal: x.antal + (b[i]?.antal ?? 0) }));
  const noll: Sammanstallning = sammanstall(config, [], []);
  return delar.reduce(
    (s, d) => ({
      mal: {
        totalt: s.mal.totalt + d.mal.totalt,
        per: plus(s.mal.per, d.mal.per),
        utan: s.mal.utan + d.mal.utan,
        trend: plus(s.mal.trend, d.mal.trend),
      },
      indikatorer: {
        totalt: s.indikatorer.totalt + d.indikatorer.totalt,
        utanPrognos: s.indikatorer.utanPrognos + d.indikatorer.utanPrognos,
      },
      uppdrag: {
        totalt: s.uppdrag.totalt + d.uppdrag.totalt,
        per: plus(s.uppdrag.per, d.uppdrag.per),
        utan: s.uppdrag.utan + d.uppdrag.utan,
      },
      ekonomi: {
        rader: s.ekonomi.rader + d.ekonomi.rader,
        budget: avrunda(s.ekonomi.budget + d.ekonomi.budget),
        utfall: avrunda(s.ekonomi.utfall + d.ekonomi.utfall),
        prognos: avrunda(s.ekonomi.prognos + d.ekonomi.prognos),
        avvikelse: avrunda(s.ekonomi.avvikelse + d.ekonomi.avvikelse),
        utanPrognos: s.ekonomi.utanPrognos + d.ekonomi.utanPrognos,
      },
    }),
    noll,
  );
}

/** "12 uppnås och 6 delvis": the steps that have rows, as a report writes the count. */
export function raknatSom(per: readonly Antal[], utan = 0): string {
  const delar = [
    ...per.filter((a) => a.antal > 0).map((a) => `${a.antal} ${a.namn}`),
    ...(utan > 0 ? [`${utan} utan bedömning`] : []),
  ];
  if (delar.length === 0) return 'inga';
  return delar.length === 1 ? delar[0]! : `${delar.slice(0, -1).join(', ')} och ${delar.at(-1)}`;
}

/** The roll-up in the words of a report's summary. */
export function sammanfattning(s: Sammanstallning, enhet: string): string[] {
  const rader: string[] = [];
  if (s.mal.totalt > 0) rader.push(`Mål: ${s.mal.totalt}, varav ${raknatSom(s.mal.per, s.mal.utan)}.`);
  if (s.mal.trend.some((t) => t.antal > 0)) rader.push(`Trend: ${raknatSom(s.mal.trend)}.`);
  if (s.uppdrag.totalt > 0)
    rader.push(`Uppdrag: ${s.uppdrag.totalt}, varav ${raknatSom(s.uppdrag.per, s.uppdrag.utan)}.`);
  if (s.ekonomi.rader > 0) {
    rader.push(
      `Ekonomi (${enhet}): budget ${belopp(s.ekonomi.budget)}, utfall ${belopp(s.ekonomi.utfall)}, helårsprognos ${belopp(s.ekonomi.prognos)}, avvikelse ${belopp(s.ekonomi.avvikelse)}.`,
    );
  }
  return rader;
}

/** An amount as Swedish reports write it: "641,0", "-4,0", "2 640 631". */
export function belopp(n: number): string {
  const decimaler = Number.isInteger(n) && Math.abs(n) >= 1000 ? 0 : 1;
  return n
    .toLocaleString('sv-SE', {
      minimumFractionDigits: decimaler,
      maximumFractionDigits: Math.max(decimaler, 2),
    })
    .replace(/\u2212/g, '-')
    .replace(/\u00a0/g, ' ');
}

/** The uppdrag closed by a status of a period before `period`, from their values per period. */
export function stangdaFore(
  config: UppfoljningConfig,
  historik: readonly { objektId: string; period: IsoDate; steg?: string }[],
  period: IsoDate,
): Set<string> {
  const avslutar = new Set(config.uppdragsstatus.filter((s) => s.avslutar).map((s) => s.id));
  return new Set(
    historik.filter((h) => h.period < period && h.steg && avslutar.has(h.steg)).map((h) => h.objektId),
  );
}
