/**
 * One report's follow-up in the register (issue 17), for the task page, the REST API and the CLI alike:
 * - what the handläggare sees: the nämnd's mål, indikatorer and verksamheter of the year and its open uppdrag,
 *   prefilled from the last period (a new year starts from the last year's mål, indikatorer and verksamheter);
 * - saving it (checked against the kommun's scales; stored whole or not at all);
 * - the gate before the chef's Godkänn (what the kommun requires of this kind of report);
 * - KS's roll-up: each nämnd's counts, the total, and which nämnder have not reported;
 * - the bilaga (PDF/DOCX) with the report's tables, which may be attached to the ärende as a BILAGA version.
 */
import type { RapportRad, Register } from '../db/register';
import { objektNyckel } from '../db/uppfoljning';
import type { IsoDate } from '../domain/datum';
import { uppfoljningsbilagaDokument, type Namndrad } from '../domain/dokument';
import type { KommunConfig } from '../domain/kommun';
import type { RapportPlan } from '../domain/planering';
import { grindFel, uppfoljningsbrister } from '../domain/uppfoljning/grind';
import {
  somRader,
  tolkaUppfoljning,
  type Objekt,
  type UppfoljningIn,
  type Varde,
} from '../domain/uppfoljning/modell';
import {
  iOmfattning,
  sammanstall,
  stangdaFore,
  summera,
  type Sammanstallning,
} from '../domain/uppfoljning/sammanstallning';
import { kravFor, type UppfoljningsKrav } from '../domain/uppfoljning/skalor';
import type { Fel } from '../domain/validering';
import type { Dokument } from '../domain/dokument/block';

/** What the follow-up needs to know of a report, from its row and plan. */
export interface Rapporten {
  id: string;
  kommun: string;
  organ: string;
  ar: number;
  slag: string;
  typ: string;
  period: IsoDate;
  titel: string;
  diarienummer?: string;
  /** The styrelse's report: the nämnder's reports it is built on. */
  underlag: { id: string; organ: string; titel: string }[];
}

export function rapportenAv(rad: RapportRad): Rapporten {
  const plan = (rad.plan ?? {}) as Partial<RapportPlan>;
  const period = (plan.periodslut ?? rad.period) as IsoDate;
  return {
    id: rad.id,
    kommun: rad.kommun,
    organ: rad.organ,
    ar: plan.ar ?? Number(period.slice(0, 4)),
    slag: rad.slag,
    typ: plan.typ ?? rad.slag.replace(/-.*$/, ''),
    period,
    titel: rad.titel,
    ...(rad.diarienummer ? { diarienummer: rad.diarienummer } : {}),
    underlag: (plan.underlag?.rapporter ?? []).map((r) => ({ id: r.id, organ: r.organ, titel: r.titel })),
  };
}

/** A report's follow-up as it stands: its objects, this period's values, the last period's, and what is missing. */
export interface RapportensUppfoljning {
  rapport: Rapporten;
  krav?: UppfoljningsKrav;
  objekt: Objekt[];
  varden: Varde[];
  /** The last period's value of each object (by the object's id), shown beside this one's. */
  forra: Map<string, Varde>;
  /** The rows for the form, the sheet and the API: this period's values, or else the last period's prefilled. */
  rader: UppfoljningIn;
  sammanstallning: Sammanstallning;
  brister: Fel[];
}

type Reg = Pick<Register, 'uppfoljningsobjekt' | 'uppfoljningsvarden' | 'vardehistorik'>;

export async function lasRapportensUppfoljning(
  register: Reg,
  config: KommunConfig,
  rapport: Rapporten,
): Promise<RapportensUppfoljning> {
  const alla = await register.uppfoljningsobjekt({
    kommun: rapport.kommun,
    organ: rapport.organ,
    arTill: rapport.ar,
  });
  const historik = await register.vardehistorik(
    rapport.kommun,
    alla.map((o) => o.nyckel),
  );
  const stangda = stangdaFore(
    config.uppfoljning,
    historik.map((h) => ({
      objektId: h.objektId,
      period: h.period,
      ...(h.bedomning ? { steg: h.bedomning.steg } : {}),
    })),
    rapport.period,
  );
  let objekt = iOmfattning(alla, rapport, stangda);
  // A new year: the nämnd's mål, indikatorer and verksamheter of the last year it had any, to fill in again.
  for (const slag of ['MAL', 'INDIKATOR', 'EKONOMI'] as const) {
    if (objekt.some((o) => o.slag === slag)) continue;
    const tidigare = alla.filter((o) => o.slag === slag && o.ar < rapport.ar);
    const senaste = Math.max(...tidigare.map((o) => o.ar));
    objekt = [...objekt, ...tidigare.filter((o) => o.ar === senaste).map((o) => ({ ...o, ar: rapport.ar }))];
  }
  const egna = historik.filter((h) => h.rapportId === rapport.id);
  const nycklar = new Map(alla.map((o) => [o.nyckel, o.id]));
  const forra = new Map<string, Varde>();
  for (const h of historik) {
    if (h.period < rapport.period && h.rapportId !== rapport.id)
      forra.set(nycklar.get(h.nyckel) ?? h.objektId, h);
  }
  const varden: Varde[] = egna.map(
    ({ rapportId: _r, period: _p, nyckel: _n, sparadAv: _a, sparad: _s, ...v }) => v,
  );
  // Not yet filled in this period: the form starts from the last period's values.
  const rader = somRader(objekt, varden.length > 0 ? varden : [...forra.values()]);
  const krav = kravFor(config.uppfoljning, rapport.slag, rapport.typ);
  return {
    rapport,
    ...(krav ? { krav } : {}),
    objekt,
    varden,
    forra,
    rader,
    sammanstallning: sammanstall(config.uppfoljning, objekt, varden),
    brister: krav ? uppfoljningsbrister(krav, objekt, varden) : [],
  };
}

/** Saves the report's follow-up as entered (the form, the API, an imported sheet), or the refusals. */
export async function sparaRapportensUppfoljning(
  register: Pick<Register, 'sparaUppfoljning' | 'uppfoljningsobjekt'>,
  config: KommunConfig,
  rapport: Rapporten,
  input: UppfoljningIn,
  av: string,
  tid: Date,
  tolkad?: ReturnType<typeof tolkaUppfoljning>,
): Promise<Fel[]> {
  const kandaMal = (
    await register.uppfoljningsobjekt({
      kommun: rapport.kommun,
      organ: rapport.organ,
      ar: rapport.ar,
      slag: 'MAL',
    })
  ).map((o) => o.id);
  const svar = tolkad ?? tolkaUppfoljning(input, config, rapport, undefined, kandaMal);
  if ('fel' in svar) return svar.fel;
  await register.sparaUppfoljning({
    kommun: rapport.kommun,
    rapportId: rapport.id,
    period: rapport.period,
    objekt: svar.ok.objekt,
    varden: svar.ok.varden,
    av,
    tid,
    audit: {
      nyckel: `uppfoljning:${rapport.id}:${tid.toISOString()}:${av}`,
      tid,
      aktor: av,
      handling: 'UPPFOLJNING_SPARAD',
      objekt: `rapport:${rapport.id}`,
      detaljer: {
        mal: input.mal.length,
        indikatorer: input.indikatorer.length,
        uppdrag: input.uppdrag.length,
        ekonomi: input.ekonomi.length,
        nycklar: svar.ok.objekt.map(objektNyckel),
      },
    },
  });
  return [];
}

/**
 * The gate before the chef's Godkänn of report `rapportId`: the refusal with the list of what is missing, or
 * nothing. A report with nothing to follow up (no mål, indikatorer, uppdrag or verksamheter of its nämnd in the
 * register) and a kind the kommun requires nothing of pass.
 */
export async function uppfoljningsgrind(
  register: Reg & Pick<Register, 'hamtaRapport'>,
  kommuner: Map<string, KommunConfig>,
  rapportId: string,
): Promise<Fel[]> {
  const rad = await register.hamtaRapport(rapportId);
  const config = rad && kommuner.get(rad.kommun);
  if (!rad || !config) return [];
  const u = await lasRapportensUppfoljning(register, config, rapportenAv(rad));
  return grindFel(u.brister);
}

/** KS's roll-up: each nämnd's counts (or that it has not reported), its own, and the total. */
export interface Sammanrakning {
  namnder: Namndrad[];
  egen: Sammanstallning;
  totalt: Sammanstallning;
  ejRapporterat: string[];
}

export async function sammanrakna(
  register: Reg & Pick<Register, 'hamtaRapport'>,
  config: KommunConfig,
  rapport: Rapporten,
  egen: RapportensUppfoljning,
): Promise<Sammanrakning> {
  const namnder: Namndrad[] = [];
  for (const u of rapport.underlag) {
    const rad = await register.hamtaRapport(u.id);
    const namn = config.organ.find((o) => o.kortnamn === u.organ)?.namn ?? u.organ;
    const deras = rad ? await lasRapportensUppfoljning(register, config, rapportenAv(rad)) : undefined;
    const rapporterat = deras !== undefined && deras.varden.length > 0;
    namnder.push({
      organ: u.organ,
      namn,
      rapporterat,
      sammanstallning: rapporterat ? deras.sammanstallning : sammanstall(config.uppfoljning, [], []),
    });
  }
  const rapporterade = namnder.filter((n) => n.rapporterat).map((n) => n.sammanstallning);
  return {
    namnder,
    egen: egen.sammanstallning,
    totalt: summera([egen.sammanstallning, ...rapporterade], config.uppfoljning),
    ejRapporterat: namnder.filter((n) => !n.rapporterat).map((n) => n.namn),
  };
}

/** The report's follow-up as a bilaga in the source documents' layout (with the nämnder's, for KS). */
export function bilagan(
  config: KommunConfig,
  u: RapportensUppfoljning,
  namnder?: readonly Namndrad[],
): Dokument {
  const organ = config.organ.find((o) => o.kortnamn === u.rapport.organ);
  return uppfoljningsbilagaDokument({
    kommun: config.kommun.namn,
    organ: { kortnamn: u.rapport.organ, namn: organ?.namn ?? u.rapport.organ },
    rapport: {
      id: u.rapport.id,
      titel: u.rapport.titel,
      period: u.rapport.period,
      ...(u.rapport.diarienummer ? { diarienummer: u.rapport.diarienummer } : {}),
    },
    config: config.uppfoljning,
    objekt: u.objekt,
    varden: u.varden,
    sammanstallning:
      namnder && namnder.length > 0
        ? summera(
            [u.sammanstallning, ...namnder.filter((n) => n.rapporterat).map((n) => n.sammanstallning)],
            config.uppfoljning,
          )
        : u.sammanstallning,
    ...(namnder && namnder.length > 0 ? { namnder } : {}),
  });
}
