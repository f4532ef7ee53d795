/**
 * The gate before the chef's Godkänn (issue 17): a report is not approved while a mål lacks its bedömning, an
 * indikator its prognos where the period requires one, an open uppdrag its status or kommentar, or a line of the
 * economy its prognos — the gap kommunrevisioner keep pointing out (Uppsala's auditors could not judge the goals of
 * the delårsrapport 2025-08-31 because mål, uppdrag and indikatorer lacked "tydlighet, struktur och helhet",
 * anchors-and-rules.md §3.8). What each kind of report requires is the kommun's (`uppfoljning.krav`).
 */
import type { Fel } from '../validering';
import type { Objekt, Varde } from './modell';
import type { UppfoljningsKrav } from './skalor';

/** What is missing, one `Fel` per gap, naming the object: `uppdrag.KS-U07.kommentar`. */
export function uppfoljningsbrister(
  krav: UppfoljningsKrav,
  objekt: readonly Objekt[],
  varden: readonly Varde[],
): Fel[] {
  const vardet = new Map(varden.map((v) => [v.objektId, v]));
  const fel: Fel[] = [];
  const saknas = (o: Objekt, lista: string, falt: string, vad: string) =>
    fel.push({
      field: `${lista}.${o.id}.${falt}`,
      rule: 'uppfoljning_saknas',
      message: `${vad}: ${o.id} ${forkorta(o.titel)}`,
    });
  for (const o of objekt) {
    const v = vardet.get(o.id);
    switch (o.slag) {
      case 'MAL':
        if (krav.malBedomning && !v?.bedomning) saknas(o, 'mal', 'bedomning', 'Målet saknar bedömning');
        break;
      case 'INDIKATOR':
        if (krav.indikatorPrognos && !v?.prognos)
          saknas(o, 'indikatorer', 'prognos', 'Indikatorn saknar prognos');
        break;
      case 'UPPDRAG':
        if (krav.uppdragStatus && !v?.bedomning) saknas(o, 'uppdrag', 'status', 'Uppdraget saknar status');
        if (krav.uppdragKommentar && !v?.kommentar)
          saknas(o, 'uppdrag', 'kommentar', 'Uppdraget saknar kommentar');
        break;
      case 'EKONOMI':
        if (krav.ekonomiPrognos && v?.prognosBelopp === undefined)
          saknas(o, 'ekonomi', 'prognos', 'Verksamheten saknar helårsprognos');
        break;
    }
  }
  return fel;
}

/** A long title cut for a list: "Minskad administration för lärarna", "Samtliga nämnder ska fortsätta …". */
export function forkorta(titel: string, max = 80): string {
  return titel.length <= max ? titel : `${titel.slice(0, max - 1).trimEnd()}…`;
}

/** The refusal of a Godkänn while something is missing: one line, then each gap. */
export function grindFel(brister: readonly Fel[]): Fel[] {
  if (brister.length === 0) return [];
  return [
    {
      field: 'uppfoljning',
      rule: 'uppfoljning_ofullstandig',
      message: `uppföljningen är inte komplett (${brister.length} ${brister.length === 1 ? 'sak saknas' : 'saker saknas'}); den kan godkännas när allt är ifyllt`,
    },
    ...brister,
  ];
}
