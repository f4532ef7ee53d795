/**
 * The config's checks of the reporting cycle: the kommun's kinds of report, which organ reports which, and the
 * meetings the sammanträdesplan pins to a report. Called from the kommun schema (./kommun.ts); each problem
 * names its place in the file and the rule.
 */
import { addDays, isoDate, type IsoDate } from './datum';
import {
  kommunensRapportslag,
  pinCykelAr,
  TITEL_FALT,
  type RapportSlagConfig,
  type RapportSlagInfo,
} from './rapport';

type Issue = (path: (string | number)[], rule: string, message: string) => void;

interface RapportKonfig {
  organ: { kortnamn: string; typ: string; bereder?: string | undefined }[];
  personer: { roller: { roll: string; organ?: string | undefined }[] }[];
  rapportslag?: RapportSlagConfig[] | undefined;
  rapporter: { organ: string; slag: string[] }[];
  sammantradesplan: Record<string, Record<string, { datum: IsoDate; rapporter?: string[] | undefined }[]>>;
}

export function kontrolleraRapportslag(config: RapportKonfig, issue: Issue): void {
  const organ = new Map(config.organ.map((o) => [o.kortnamn, o]));
  const ids = (config.rapportslag ?? []).map((s) => s.id);
  (config.rapportslag ?? []).forEach((slag, i) => {
    const at = (falt: string) => ['rapportslag', i, falt];
    if (ids.indexOf(slag.id) !== i) issue(at('id'), 'unikt_id', `${slag.id} finns redan`);
    if (slag.typ === 'delarsrapport') {
      if (!slag.periodslut) {
        issue(at('periodslut'), 'obligatorisk', 'en delårsrapport anger periodens sista dag, t.ex. 08-31');
      } else {
        const [mm, dd] = slag.periodslut.split('-').map(Number) as [number, number];
        // The last day of the month in a common year (February: 28).
        const sista = Number(addDays(isoDate(2023, mm + 1, 1), -1).slice(8));
        if (dd !== sista) {
          issue(at('periodslut'), 'manadens_sista_dag', `${slag.periodslut} är inte månadens sista dag`);
        }
      }
    } else if (slag.periodslut) {
      issue(at('periodslut'), 'bara_delarsrapport', 'bara en delårsrapport har en egen periods slut');
    }
    for (const falt of ['beslutsmanad', 'beredning', 'underlagFran'] as const) {
      if (slag[falt] !== undefined && slag.typ !== 'evp') {
        issue(at(falt), 'bara_evp', `${falt} gäller bara typen evp`);
      }
    }
    const okanda = [...(slag.titel ?? '').matchAll(/\{([^}]*)\}/g)]
      .map((m) => m[1]!)
      .filter((p) => !(TITEL_FALT as readonly string[]).includes(p));
    if (okanda.length > 0) {
      issue(
        at('titel'),
        'titel_falt',
        `okänt fält {${okanda.join('}, {')}} (finns: {${TITEL_FALT.join('}, {')}})`,
      );
    }
    if (slag.beredning !== undefined && !organ.has(slag.beredning)) {
      issue(at('beredning'), 'organ_finns', `okänt organ "${slag.beredning}"`);
    }
    slag.underlagFran?.forEach((namnd, j) => {
      if (organ.get(namnd)?.typ !== 'namnd')
        issue(['rapportslag', i, 'underlagFran', j], 'namnd_finns', `${namnd} är ingen nämnd`);
    });
  });

  const slagen = kommunensRapportslag(config.rapportslag);
  const kanda = [...slagen.keys()].join(', ');
  config.rapporter.forEach((plikt, i) => {
    plikt.slag.forEach((id, j) => {
      const info = slagen.get(id);
      if (!info) {
        issue(
          ['rapporter', i, 'slag', j],
          'rapportslag_finns',
          `okänt rapportslag "${id}" (finns: ${kanda})`,
        );
      } else if (info.typ === 'evp' && organ.get(plikt.organ)?.typ !== 'styrelse') {
        issue(
          ['rapporter', i, 'slag', j],
          'evp_styrelsen',
          'EVP:n (fullmäktiges budget) bereds av styrelsen: ange den under kommunstyrelsen',
        );
      }
    });
  });
  const tillKf = config.rapporter.some(
    (p) =>
      organ.get(p.organ)?.typ === 'styrelse' &&
      p.slag.some((id) => {
        const info = slagen.get(id);
        return info && info.tillFullmaktige && info.typ !== 'evp';
      }),
  );
  if (tillKf && !config.personer.some((p) => p.roller.some((r) => r.roll === 'revisor'))) {
    issue(
      ['personer'],
      'revisor_finns',
      'styrelsens rapporter går till fullmäktige och revisorerna (KL 12 kap. 2 §): ange revisorernas kontaktperson med rollen revisor',
    );
  }
  kontrolleraLasningar(config, slagen, issue);
}

/** What a pin on a meeting of `organ` means for a report of kind `info`: its beredning, beslut or KF meeting. */
function lasningensRoll(
  config: RapportKonfig,
  info: RapportSlagInfo,
  organKortnamn: string,
): { rapporterande: string; roll: 'beredning' | 'beslut' | 'fullmaktige' } | undefined {
  const rapporterar = (o: string) => config.rapporter.some((p) => p.organ === o && p.slag.includes(info.id));
  const organ = config.organ.find((o) => o.kortnamn === organKortnamn);
  if (!organ) return undefined;
  if (rapporterar(organ.kortnamn)) return { rapporterande: organ.kortnamn, roll: 'beslut' };
  if (organ.typ === 'utskott' && organ.bereder && rapporterar(organ.bereder))
    return { rapporterande: organ.bereder, roll: 'beredning' };
  const styrelse = config.organ.find((o) => o.typ === 'styrelse' && rapporterar(o.kortnamn));
  if (organ.typ === 'fullmaktige' && styrelse && info.tillFullmaktige)
    return { rapporterande: styrelse.kortnamn, roll: 'fullmaktige' };
  if (info.evp?.beredning === organ.kortnamn && styrelse)
    return { rapporterande: styrelse.kortnamn, roll: 'beredning' };
  return undefined;
}

function kontrolleraLasningar(
  config: RapportKonfig,
  slagen: Map<string, RapportSlagInfo>,
  issue: Issue,
): void {
  // (reporting organ, kind, cycle) → the pinned meetings by their role, with where they are in the file.
  const per = new Map<string, Partial<Record<'beredning' | 'beslut' | 'fullmaktige', IsoDate>>>();
  const ORDNING = ['beredning', 'beslut', 'fullmaktige'] as const;
  for (const [year, perOrgan] of Object.entries(config.sammantradesplan)) {
    for (const [organ, meetings] of Object.entries(perOrgan)) {
      meetings.forEach((m, k) => {
        m.rapporter?.forEach((id, r) => {
          const path = ['sammantradesplan', year, organ, k, 'rapporter', r];
          const info = slagen.get(id);
          if (!info) {
            issue(
              path,
              'rapportslag_finns',
              `okänt rapportslag "${id}" (finns: ${[...slagen.keys()].join(', ')})`,
            );
            return;
          }
          const roll = lasningensRoll(config, info, organ);
          if (!roll) {
            issue(
              path,
              'lasning_organ',
              `${organ} ${m.datum} kan inte ta ${id}: inget organ som ${organ} bereder eller beslutar åt rapporterar ${id}`,
            );
            return;
          }
          const key = `${roll.rapporterande}/${id}/${pinCykelAr(info.typ, m.datum)}`;
          const lasta = per.get(key) ?? {};
          const tidigare = lasta[roll.roll];
          if (tidigare) {
            issue(
              path,
              'en_lasning',
              `${id} för ${roll.rapporterande} är redan låst till ${organ} ${tidigare}; ett sammanträde per steg`,
            );
            return;
          }
          lasta[roll.roll] = m.datum;
          per.set(key, lasta);
          const fore = ORDNING.slice(0, ORDNING.indexOf(roll.roll)).map((k2) => [k2, lasta[k2]] as const);
          const efter = ORDNING.slice(ORDNING.indexOf(roll.roll) + 1).map((k2) => [k2, lasta[k2]] as const);
          // KS in the morning and KF in the afternoon is a kommun's choice (Skövde, Gnesta): the same day is allowed.
          const sammaDag = (namn: string) => [namn, roll.roll].sort().join() === 'beslut,fullmaktige';
          for (const [namn, datum] of fore) {
            if (datum && (datum > m.datum || (datum === m.datum && !sammaDag(namn))))
              issue(
                path,
                'lasning_ordning',
                `${roll.roll} ${m.datum} måste komma efter ${namn} ${datum} (${id})`,
              );
          }
          for (const [namn, datum] of efter) {
            if (datum && (datum < m.datum || (datum === m.datum && !sammaDag(namn))))
              issue(
                path,
                'lasning_ordning',
                `${roll.roll} ${m.datum} måste komma före ${namn} ${datum} (${id})`,
              );
          }
        });
      });
    }
  }
}
