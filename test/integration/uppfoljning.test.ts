/**
 * A report's follow-up in the register (issue 17), on PGlite with the real migrations: Linköping's KS sheet
 * (document 003) imported like a user's, the gate's list while something is missing, the next period prefilled
 * with the open uppdrag only, the uppdrag register's history, and KS's roll-up naming the nämnd that has not
 * reported.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { importeraOchSpara } from '../../src/api/rest/uppfoljning';
import { loadAllKommuner } from '../../src/config/load';
import { openRegister, type Register } from '../../src/db/register';
import {
  lasRapportensUppfoljning,
  rapportenAv,
  sammanrakna,
  sparaRapportensUppfoljning,
  uppfoljningsgrind,
} from '../../src/uppfoljning/rapportens';
import { UPPFOLJNING_EXEMPEL_DIR } from '../../src/uppfoljning/exempel';

const kommuner = loadAllKommuner();
const linkoping = kommuner.get('linkoping')!;
const AUG = 'linkoping/2024/KS/delarsrapport-augusti';
const MARS = 'linkoping/2025/KS/delarsrapport-mars';
const NAMND = linkoping.organ.find((o) => o.typ === 'namnd')!;
const NAMNDENS = `linkoping/2024/${NAMND.kortnamn}/delarsrapport-augusti`;

let register: Register;

async function rapport(
  id: string,
  organ: string,
  ar: number,
  slag: string,
  periodslut: string,
  underlag = false,
) {
  await register.sparaRapport({
    id,
    kommun: 'linkoping',
    organ,
    slag,
    period: periodslut,
    titel: `Delårsrapport ${periodslut} ${organ}`,
    status: 'PAGAR',
    plan: {
      id,
      ar,
      organ,
      slag,
      typ: 'delarsrapport',
      periodslut,
      ...(underlag
        ? {
            underlag: {
              steg: 'inlamning',
              rapporter: [{ id: NAMNDENS, organ: NAMND.kortnamn, titel: 'Nämndens', klart: '2024-09-20' }],
            },
          }
        : {}),
    },
  });
  return rapportenAv((await register.hamtaRapport(id))!);
}

beforeAll(async () => {
  register = await openRegister({});
});
afterAll(async () => {
  await register.close();
});

describe('a report’s follow-up in the register', () => {
  it('imports the Linköping sheet, rolls it up, and passes the gate once complete', async () => {
    const aug = await rapport(AUG, 'KS', 2024, 'delarsrapport-augusti', '2024-08-31', true);
    const bytes = readFileSync(path.join(UPPFOLJNING_EXEMPEL_DIR, 'linkoping-ks-2024-augusti.xlsx'));
    expect(await importeraOchSpara({ register }, linkoping, aug, bytes, 'handlaggare-ks')).toEqual([]);

    const u = await lasRapportensUppfoljning(register, linkoping, aug);
    const per = Object.fromEntries(u.sammanstallning.uppdrag.per.map((a) => [a.steg, a.antal]));
    expect(per).toMatchObject({ genomford: 10, pagar: 19, kvarstar: 3 });
    expect(u.brister).toEqual([]);
    expect(await uppfoljningsgrind(register, kommuner, AUG)).toEqual([]);
  });

  it('refuses the chef’s Godkänn with the list while an uppdrag lacks status and kommentar, then allows it', async () => {
    const aug = rapportenAv((await register.hamtaRapport(AUG))!);
    const u = await lasRapportensUppfoljning(register, linkoping, aug);
    const forsta = u.rader.uppdrag[0]!;
    const utan = {
      ...u.rader,
      uppdrag: [{ ...forsta, status: undefined, kommentar: undefined }, ...u.rader.uppdrag.slice(1)],
    };
    expect(
      await sparaRapportensUppfoljning(register, linkoping, aug, utan, 'handlaggare-ks', new Date()),
    ).toEqual([]);

    const fel = await uppfoljningsgrind(register, kommuner, AUG);
    expect(fel.map((f) => f.field)).toEqual([
      'uppfoljning',
      `uppdrag.${forsta.id}.status`,
      `uppdrag.${forsta.id}.kommentar`,
    ]);

    expect(
      await sparaRapportensUppfoljning(register, linkoping, aug, u.rader, 'handlaggare-ks', new Date()),
    ).toEqual([]);
    expect(await uppfoljningsgrind(register, kommuner, AUG)).toEqual([]);
  });

  it('refuses a status not in the kommun’s list, storing nothing', async () => {
    const aug = rapportenAv((await register.hamtaRapport(AUG))!);
    const u = await lasRapportensUppfoljning(register, linkoping, aug);
    const fel = await sparaRapportensUppfoljning(
      register,
      linkoping,
      aug,
      { ...u.rader, uppdrag: [{ ...u.rader.uppdrag[0]!, status: 'Nästan' }, ...u.rader.uppdrag.slice(1)] },
      'handlaggare-ks',
      new Date(),
    );
    expect(fel).toEqual([expect.objectContaining({ field: 'uppdrag.0.status', rule: 'kommunens_skala' })]);
    const efter = await lasRapportensUppfoljning(register, linkoping, aug);
    expect(efter.rader).toEqual(u.rader);
  });

  it('prefills the next period from the last: the open uppdrag (not the genomförda) and last year’s mål', async () => {
    const mars = await rapport(MARS, 'KS', 2025, 'delarsrapport-mars', '2025-03-31');
    const u = await lasRapportensUppfoljning(register, linkoping, mars);
    expect(u.varden).toEqual([]);
    expect(u.rader.uppdrag).toHaveLength(22);
    expect(u.rader.mal).toHaveLength(18);
    // The last period's status stands in the form until this period's is entered.
    expect(u.rader.uppdrag.every((r) => r.status === 'Pågår' || r.status?.startsWith('Kvarstår'))).toBe(true);
    expect(u.forra.size).toBeGreaterThan(0);
  });

  it('keeps the uppdrag register searchable, with each uppdrag’s history per period', async () => {
    const alla = await register.uppfoljningsobjekt({ kommun: 'linkoping', slag: 'UPPDRAG' });
    expect(alla).toHaveLength(32);
    const traffar = await register.uppfoljningsobjekt({
      kommun: 'linkoping',
      slag: 'UPPDRAG',
      sok: alla[0]!.titel.slice(0, 12),
    });
    expect(traffar.map((o) => o.id)).toContain(alla[0]!.id);
    const historik = await register.vardehistorik('linkoping', [alla[0]!.nyckel]);
    expect(historik.map((h) => h.rapportId)).toEqual([AUG]);
  });

  it('rolls up KS’s report: its own counts, and the nämnd that has not reported', async () => {
    const aug = rapportenAv((await register.hamtaRapport(AUG))!);
    const egen = await lasRapportensUppfoljning(register, linkoping, aug);
    const r = await sammanrakna(register, linkoping, aug, egen);
    expect(r.ejRapporterat).toEqual([NAMND.namn]);
    expect(r.totalt.uppdrag.totalt).toBe(32);
    expect(r.totalt.mal.totalt).toBe(18);
  });
});
