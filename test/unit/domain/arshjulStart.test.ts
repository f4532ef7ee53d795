/** Which years can be started (src/domain/arshjul.ts `startFel`) and which years are years at all (`arSchema`). */
import { loadAllKommuner } from '../../../src/config/load';
import { startFel } from '../../../src/domain/arshjul';
import {
  forhandsvisaStart,
  parseStartval,
  startvalAttAnvanda,
  startvalFel,
  tillampaStartval,
} from '../../../src/domain/arshjulStart';
import { arSchema, type IsoDate } from '../../../src/domain/datum';
import { planeraAr } from '../../../src/domain/planering';
import { felFromZod } from '../../../src/domain/validering';
import { arshjul } from '../../helpers/cli';

const kommuner = loadAllKommuner();
const lund = kommuner.get('lund')!;

describe('startFel', () => {
  it.each([
    ['lund', 2023],
    ['lund', 2026],
    ['lund', 2027],
    ['linkoping', 2024],
    ['eskilstuna', 2022],
  ])('lets %s start %i: its sammanträdesplan has the meetings', (kommun, ar) => {
    expect(startFel(kommuner.get(kommun)!, ar)).toEqual([]);
  });

  it.each([
    ['lund', 2029],
    ['linkoping', 2027],
    ['eskilstuna', 2026],
  ])('refuses %s %i: no meeting in the config to decide the reports at', (kommun, ar) => {
    expect(startFel(kommuner.get(kommun)!, ar)).toEqual([
      {
        field: 'ar',
        rule: 'sammantradesplan',
        message: expect.stringContaining(`kan beslutas; lägg in årets sammanträden`),
      },
    ]);
  });

  it('refuses a kommun without reports', () => {
    expect(startFel({ ...lund, rapporter: [] }, 2026)).toEqual([
      {
        field: 'kommun',
        rule: 'rapporter_finns',
        message: 'Lunds kommun har inga rapporter i konfigurationen (rapporter:)',
      },
    ]);
  });
});

describe('arSchema', () => {
  it.each([
    ['1900', 1900],
    ['2026', 2026],
    ['2100', 2100],
  ])('reads %s as %i', (text, ar) => {
    expect(arSchema.parse(text)).toBe(ar);
  });

  it.each([
    ['9999', 'ar_inom_intervall', '9999 ligger utanför åren 1900–2100'],
    ['1899', 'ar_inom_intervall', '1899 ligger utanför åren 1900–2100'],
    ['26', 'invalid_format', 'skriv året med fyra siffror, t.ex. 2027'],
    ['2026 ', 'invalid_format', 'skriv året med fyra siffror, t.ex. 2027'],
    ['tjugo', 'invalid_format', 'skriv året med fyra siffror, t.ex. 2027'],
  ])('refuses %j, naming the rule', (text, rule, message) => {
    const parsed = arSchema.safeParse(text);
    expect(parsed.success).toBe(false);
    expect(felFromZod(parsed.error!)).toEqual([{ field: '', rule, message }]);
  });
});

describe('arshjul ar start', () => {
  it.each([
    ['9999', 'arshjul ar start: --ar: 9999 ligger utanför åren 1900–2100'],
    ['2029', 'arshjul ar start: --ar: sammanträdesplanen för Lunds kommun har inga sammanträden'],
  ])('refuses --ar %s before it reaches Temporal', async (ar, message) => {
    const run = await arshjul(['ar', 'start', '--kommun', 'lund', '--ar', ar], {
      TEMPORAL_ADDRESS: '127.0.0.1:1',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });
});

describe('a year started after some of its dates have passed (every kommun adopting Årshjul mid-year)', () => {
  const idag = '2026-12-05' as IsoDate;

  it('proposes to mark what is past as done outside Årshjul and run what is ahead: a handful of mails, not 22', () => {
    const f = forhandsvisaStart(lund, 2026, idag);
    expect(f.efterStart).toBe(true);
    const rapport = (id: string) => f.rapporter.find((r) => r.id === `lund/2026/${id}`)!;
    expect(rapport('KS/delarsrapport-augusti')).toMatchObject({
      forslag: { val: 'redan-gjort', till: 'fullmaktige' },
      startarIdag: false,
      forsenade: [],
    });
    expect(rapport('KS/evp').forslag).toEqual({ val: 'redan-gjort', till: 'fullmaktige' });
    // The EVP is done (KF 2026-11-26): the verksamhetsplaner written on it start now.
    expect(rapport('ASN/verksamhetsplan')).toMatchObject({ forslag: { val: 'kor' }, startarIdag: true });
    expect(rapport('VON/verksamhetsplan').forslag).toEqual({ val: 'redan-gjort', till: 'utkast' });
    expect(f.rapporter.flatMap((r) => r.forsenade)).toEqual([]);
    // Meetings held are left alone; the KSAU of 2026-12-07 is called today.
    expect(f.sammantraden.filter((m) => m.kallelseIdag)).toEqual([
      { organ: 'KSAU', datum: '2026-12-07', redanHallet: false, kallelseIdag: true },
    ]);
    expect(f.antalMail).toBeLessThanOrEqual(6);
    expect(f.mail.flatMap((m) => m.vad).filter((v) => /Sammandrag|Eskalering/.test(v))).toEqual([]);
  });

  it('tells tasks already late in one digest per person and one to the kanslichef, when a past report is run', () => {
    const f = forhandsvisaStart(lund, 2026, idag, {
      'lund/2026/KS/delarsrapport-augusti': { val: 'kor' },
      'lund/2026/VON/verksamhetsplan': { val: 'kor' },
    });
    const ks = f.rapporter.find((r) => r.id === 'lund/2026/KS/delarsrapport-augusti')!;
    expect(ks.forsenade).toEqual([
      expect.objectContaining({ steg: 'utkast', tilldelad: 'handlaggare-ks', forfaller: '2026-09-18' }),
    ]);
    const vad = (person: string) => f.mail.find((m) => m.person === person)?.vad ?? [];
    expect(vad('handlaggare-ks').filter((v) => v.startsWith('Sammandrag'))).toHaveLength(1);
    expect(vad('von-handlaggare')).toEqual(['Sammandrag: 1 försenade uppgifter vid starten']);
    expect(vad('kanslichef')).toEqual(['Sammandrag: 2 försenade uppgifter i året']);
  });

  it('leaves a report out when asked, and the styrelse no longer waits for it', () => {
    const planer = tillampaStartval(
      planeraAr(lund, 2027),
      { 'lund/2027/VON/delarsrapport-augusti': { val: 'utelamna' } },
      '2027-01-05' as IsoDate,
    );
    expect(planer.find((p) => p.id === 'lund/2027/VON/delarsrapport-augusti')!.startval?.val).toBe(
      'utelamna',
    );
    expect(
      planer
        .find((p) => p.id === 'lund/2027/KS/delarsrapport-augusti')!
        .underlag!.rapporter.map((r) => r.organ),
    ).toEqual(['ASN']);
  });

  it('refuses choices for a report the year does not have, or a step it does not have, naming them', () => {
    expect(
      startvalFel(lund, 2026, {
        'lund/2026/KS/tertial-9': { val: 'kor' },
        'lund/2026/ASN/verksamhetsplan': { val: 'redan-gjort', till: 'revisorer' },
      }),
    ).toEqual([
      expect.objectContaining({ field: 'val.lund/2026/KS/tertial-9', rule: 'rapport_finns' }),
      expect.objectContaining({ field: 'val.lund/2026/ASN/verksamhetsplan', rule: 'steg_finns' }),
    ]);
    expect(parseStartval(['lund/2026/KS/evp=halvgjort'])).toEqual({
      fel: expect.objectContaining({ field: 'val', rule: 'val_format' }),
    });
    expect(parseStartval(['lund/2026/KS/evp=redan-gjort:beslut'])).toEqual({
      val: { 'lund/2026/KS/evp': { val: 'redan-gjort', till: 'beslut' } },
    });
  });

  it('asks for the preview before a year whose dates have passed starts; a year ahead starts as planned', () => {
    expect(startvalAttAnvanda(lund, 2026, idag, {})).toEqual({
      fel: [expect.objectContaining({ field: 'val', rule: 'forhandsvisning' })],
    });
    expect(startvalAttAnvanda(lund, 2026, idag, { bekrafta: true })).toEqual({ startval: {} });
    expect(startvalAttAnvanda(lund, 2027, idag, {})).toEqual({ startval: {} });
  });

  it('is asked for by the CLI before it reaches Temporal', async () => {
    const run = await arshjul(['ar', 'start', '--kommun', 'lund', '--ar', '2026'], {
      TEMPORAL_ADDRESS: '127.0.0.1:1',
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /arshjul ar start: --val: .*förhandsvisningen.*arshjul ar forhandsvisa --kommun lund --ar 2026/,
    );
    const forhand = await arshjul(['ar', 'forhandsvisa', '--kommun', 'lund', '--ar', '2026', '--text']);
    expect(forhand.status).toBe(0);
    expect(forhand.stdout).toMatch(
      /^Start av årshjulet 2026 för lund i dag \d{4}-\d\d-\d\d: några av årets datum/,
    );
    expect(forhand.stdout).toMatch(
      /lund\/2026\/KS\/evp {2}redan gjort utanför Årshjul till och med fullmaktige/,
    );
  });
});

describe('arshjul ar plan --konfig: another kommun’s real plan', () => {
  it('prints the chains, pinned and derived', async () => {
    const run = await arshjul(
      ['ar', 'plan', '--konfig', 'config/examples/planer/vannas-2024.yaml', '--ar', '2024', '--text'],
      { TEMPORAL_ADDRESS: '127.0.0.1:1' },
    );
    expect(run.stdout).toContain('Tertial 2 2024 [planerad]');
    expect(run.stdout).toContain(
      'kedja: KSAU 2024-09-17 (härlett) → KS 2024-10-01 (härlett) → KF 2024-10-22 (härlett)',
    );
    const ljusdal = await arshjul(
      ['ar', 'plan', '--konfig', 'config/examples/planer/ljusdal-2021.yaml', '--ar', '2021', '--text'],
      { TEMPORAL_ADDRESS: '127.0.0.1:1' },
    );
    expect(ljusdal.stdout).toContain(
      'kedja: KSAU 2021-05-19 (låst) → KS 2021-05-27 (låst) → KF 2021-06-21 (låst)',
    );
  });
});
