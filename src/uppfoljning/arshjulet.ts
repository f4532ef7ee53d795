/**
 * The follow-up of the year's reports while they are being written, for the kanslichef's Årshjulet (issue 17):
 * per report in progress whose kind the kommun follows up, each nämnd's counts by the kommun's own categories and
 * which nämnder have not filled in theirs. Read from the register (the report rows and their values), never from
 * the workflows. A styrelse's report shows its nämnder's; a nämnd's report it covers is not shown again on its own.
 */
import type { Register } from '../db/register';
import type { Namndrad } from '../domain/dokument';
import type { KommunConfig } from '../domain/kommun';
import { summera, type Sammanstallning } from '../domain/uppfoljning/sammanstallning';
import { kravFor } from '../domain/uppfoljning/skalor';
import { lasRapportensUppfoljning, rapportenAv, sammanrakna, type Rapporten } from './rapportens';

export interface PagaendeUppfoljning {
  rapport: Rapporten;
  /** The report's own organ first, then each nämnd of its underlag. */
  namnder: Namndrad[];
  totalt: Sammanstallning;
  /** The organs (by name) with nothing filled in for this period yet. */
  ejIfyllt: string[];
}

type Reg = Pick<Register, 'hamtaRapport' | 'uppfoljningsobjekt' | 'uppfoljningsvarden' | 'vardehistorik'>;

/** Reports the process is still writing or approving (`PAGAR`), before they are registered. */
const PAGAR = 'PAGAR';

export async function pagaendeUppfoljningar(
  register: Reg,
  config: KommunConfig,
  rapportIds: readonly string[],
): Promise<PagaendeUppfoljning[]> {
  const rader = (await Promise.all(rapportIds.map((id) => register.hamtaRapport(id)))).filter(
    (r) => r !== undefined && r.status === PAGAR,
  );
  const rapporter = rader
    .map((r) => rapportenAv(r!))
    .filter((r) => kravFor(config.uppfoljning, r.slag, r.typ) !== undefined);
  const tackta = new Set(rapporter.flatMap((r) => r.underlag.map((u) => u.id)));
  const svar: PagaendeUppfoljning[] = [];
  for (const rapport of rapporter.filter((r) => !tackta.has(r.id))) {
    const egen = await lasRapportensUppfoljning(register, config, rapport);
    const r = await sammanrakna(register, config, rapport, egen);
    const namn = config.organ.find((o) => o.kortnamn === rapport.organ)?.namn ?? rapport.organ;
    const egenRad: Namndrad = {
      organ: rapport.organ,
      namn,
      rapporterat: egen.varden.length > 0,
      sammanstallning: egen.sammanstallning,
    };
    const namnder = [egenRad, ...r.namnder];
    svar.push({
      rapport,
      namnder,
      totalt: summera(
        namnder.filter((n) => n.rapporterat).map((n) => n.sammanstallning),
        config.uppfoljning,
      ),
      ejIfyllt: namnder.filter((n) => !n.rapporterat).map((n) => n.namn),
    });
  }
  return svar;
}
