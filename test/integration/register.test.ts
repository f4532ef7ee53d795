/**
 * The register on both of its back ends: PGlite (in memory, and in a data folder) and a real PostgreSQL
 * server (a schema of its own per suite). Same tests, same expectations: the SQL and the query layer are one.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadKommunConfig } from '../../src/config/load';
import { migrationProvider } from '../../src/db/migrations';
import { openRegister, type Register, type RegisterOptions } from '../../src/db/register';
import type { IsoDate } from '../../src/domain/datum';
import type { KommunConfig } from '../../src/domain/kommun';
import {
  nyUppgift,
  tillampa,
  type Kommando,
  type UppgiftSpec,
  type UppgiftState,
} from '../../src/domain/uppgift';
import { createTestSchema, type TestSchema } from '../helpers/postgres';

const CONFIG = path.resolve(__dirname, '../../config');
const lund = loadKommunConfig(path.join(CONFIG, 'lund.yaml'));
const eskilstuna = loadKommunConfig(path.join(CONFIG, 'eskilstuna.yaml'));

const T0 = Date.parse('2023-09-21T08:00:00+02:00');
const HOUR = 60 * 60 * 1000;

function spec(id: string, overrides: Partial<UppgiftSpec> = {}): UppgiftSpec {
  return {
    id,
    kommun: 'lund',
    organ: 'KS',
    typ: 'utkast',
    titel: `Tjänsteskrivelse ${id}`,
    process: { id: 'rapport/lund/KS/delarsrapport/2023-08-31', titel: 'Delårsrapport augusti 2023' },
    tilldelad: 'handlaggare-ks',
    forfaller: '2023-10-02' as IsoDate,
    paminnelseDagar: [7, 1, 0],
    eskaleringIntervallDagar: 7,
    utskickKlockan: '08.00',
    kanslichefer: ['kanslichef'],
    personer: lund.personer.map((p) => p.id),
    chefer: { 'handlaggare-ks': 'kanslichef' },
    ...overrides,
  };
}

const apply = (state: UppgiftState, kommando: Kommando, hoursLater: number) =>
  tillampa(state, kommando, T0 + hoursLater * HOUR);

function registrering(nyckel: string, overrides: Partial<Parameters<Register['registreraArende']>[0]> = {}) {
  return {
    nyckel,
    kommun: 'lund',
    diarium: 'KS',
    ar: 2023,
    rubrik: `Ärende ${nyckel}`,
    organ: 'KS',
    format: lund.diarienummer.format,
    registreradAv: 'registrator',
    tid: new Date(T0),
    ...overrides,
  };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe.each(['pglite', 'postgres'] as const)('the register on %s', (backend) => {
  let schema: TestSchema | undefined;
  let options: RegisterOptions;
  let register: Register;

  beforeAll(async () => {
    if (backend === 'postgres') schema = await createTestSchema('register');
    options = schema ? { url: schema.url } : {};
    register = await openRegister(options);
  });

  afterAll(async () => {
    await register?.close();
    await schema?.drop();
  });

  describe('the kommun from its config', () => {
    it('copies organs and people, and a second sync changes nothing', async () => {
      await register.syncKommun(lund);
      const organ = await register.organ('lund');
      const personer = await register.personer('lund');

      expect(organ.map((o) => o.kortnamn).sort()).toEqual(lund.organ.map((o) => o.kortnamn).sort());
      expect(organ.find((o) => o.kortnamn === 'KSAU')).toEqual({
        kommun: 'lund',
        kortnamn: 'KSAU',
        namn: lund.organ.find((o) => o.kortnamn === 'KSAU')!.namn,
        typ: 'utskott',
        bereder: 'KS',
        diarium: 'KS',
      });
      // An organ without a diarium of its own registers in one named after it (the config's default).
      expect(organ.find((o) => o.kortnamn === 'VON')?.diarium).toBe('VON');
      expect(personer).toHaveLength(lund.personer.length);
      const sekreterare = personer.find((p) => p.id === 'kommunsekreterare');
      expect(sekreterare).toMatchObject({
        titel: 'kommunsekreterare',
        chef: 'kanslichef',
        ersattare: ['kommunsekreterare-2'],
        aktiv: true,
      });
      expect(sekreterare?.roller).toEqual(lund.personer.find((p) => p.id === 'kommunsekreterare')!.roller);

      await register.syncKommun(lund);
      expect(await register.organ('lund')).toEqual(organ);
      expect(await register.personer('lund')).toEqual(personer);
    });

    it('marks people who left the config inactive, keeps their rows, and takes them back', async () => {
      const utan: KommunConfig = {
        ...lund,
        personer: lund.personer.filter((p) => p.id !== 'handlaggare-ks-2'),
      };
      await register.syncKommun(utan);
      const efter = await register.personer('lund');
      expect(efter).toHaveLength(lund.personer.length);
      expect(efter.filter((p) => !p.aktiv).map((p) => p.id)).toEqual(['handlaggare-ks-2']);

      await register.syncKommun(lund);
      expect((await register.personer('lund')).every((p) => p.aktiv)).toBe(true);
    });
  });

  describe('ärenden and diarienummer', () => {
    it("numbers in Lund's format, KS 2023/0001 …", async () => {
      const first = await register.registreraArende(registrering('format-lund-1'));
      const second = await register.registreraArende(registrering('format-lund-2'));
      expect([first.diarienummer, second.diarienummer]).toEqual(['KS 2023/0001', 'KS 2023/0002']);
      expect([first.lopnummer, second.lopnummer]).toEqual([1, 2]);
      expect(await register.hamtaArende(first.arendeId)).toEqual({
        arendeId: first.arendeId,
        diarienummer: 'KS 2023/0001',
        lopnummer: 1,
        kommun: 'lund',
        diarium: 'KS',
        ar: 2023,
        rubrik: 'Ärende format-lund-1',
        organ: 'KS',
        registreradAv: 'registrator',
        registreradTid: new Date(T0),
        nyckel: 'format-lund-1',
      });
    });

    it("numbers in Eskilstuna's format, KSKF/2022:1 …", async () => {
      const input = (nyckel: string) =>
        registrering(nyckel, {
          kommun: 'eskilstuna',
          diarium: 'KSKF',
          ar: 2022,
          format: eskilstuna.diarienummer.format,
        });
      const first = await register.registreraArende(input('format-eskilstuna-1'));
      const second = await register.registreraArende(input('format-eskilstuna-2'));
      expect([first.diarienummer, second.diarienummer]).toEqual(['KSKF/2022:1', 'KSKF/2022:2']);
    });

    it('gives 40 concurrent registrations exactly 1..40: no gap, no duplicate', async () => {
      const started = Date.now();
      const results = await Promise.all(
        range(40).map((i) => register.registreraArende(registrering(`samtidigt-${i}`, { ar: 2024 }))),
      );
      const ms = Date.now() - started;
      expect(results.map((r) => r.lopnummer).sort((a, b) => a - b)).toEqual(range(40));
      expect(new Set(results.map((r) => r.diarienummer)).size).toBe(40);
      expect(new Set(results.map((r) => r.arendeId)).size).toBe(40);
      for (const r of results) expect(r.diarienummer).toBe(`KS 2024/${String(r.lopnummer).padStart(4, '0')}`);
      // The counter is where the last one left it.
      expect((await register.registreraArende(registrering('samtidigt-41', { ar: 2024 }))).lopnummer).toBe(
        41,
      );
      process.stdout.write(`[register/${backend}] 40 concurrent registrations in ${ms} ms\n`);
    });

    it('keeps a sequence per diarium and per year, also when they run at once', async () => {
      const streams = [
        { diarium: 'KS', ar: 2030 },
        { diarium: 'KS', ar: 2031 },
        { diarium: 'BN', ar: 2030 },
      ];
      const results = await Promise.all(
        range(10).flatMap((i) =>
          streams.map(async (s) => ({
            ...s,
            ...(await register.registreraArende(registrering(`sekvens-${s.diarium}-${s.ar}-${i}`, s))),
          })),
        ),
      );
      for (const s of streams) {
        const own = results.filter((r) => r.diarium === s.diarium && r.ar === s.ar);
        expect(own.map((r) => r.lopnummer).sort((a, b) => a - b)).toEqual(range(10));
      }
      expect(results.find((r) => r.diarium === 'BN' && r.lopnummer === 7)?.diarienummer).toBe('BN 2030/0007');
    });

    it('registers a key once: a repeat, also a concurrent one, gets the same ärende and number', async () => {
      const first = await register.registreraArende(registrering('idempotent-1', { ar: 2025 }));
      expect(await register.registreraArende(registrering('idempotent-1', { ar: 2025 }))).toEqual(first);

      const together = await Promise.all(
        range(10).map(() => register.registreraArende(registrering('idempotent-2', { ar: 2025 }))),
      );
      expect(new Set(together.map((r) => r.arendeId)).size).toBe(1);
      expect(together[0]).toMatchObject({ lopnummer: 2, diarienummer: 'KS 2025/0002' });
      // The losers' numbers went back: the next ärende is number 3.
      expect((await register.registreraArende(registrering('idempotent-3', { ar: 2025 }))).lopnummer).toBe(3);
    });
  });

  describe('reports', () => {
    it('keeps the latest row, links the ärende by diarienummer, and keeps what a later step leaves out', async () => {
      const base = {
        id: 'rapport/lund/KS/delarsrapport/2023-08-31',
        kommun: 'lund',
        organ: 'KS',
        slag: 'delarsrapport',
        period: '2023-08-31',
        titel: 'Delårsrapport augusti 2023',
      };
      const plan = [{ steg: 'utkast', forfaller: '2023-09-07' }, { steg: 'godkannande' }];
      await register.sparaRapport({ ...base, status: 'PAGAR', plan });
      expect(await register.hamtaRapport(base.id)).toMatchObject({ ...base, status: 'PAGAR', plan });
      expect((await register.hamtaRapport(base.id))?.diarienummer).toBeUndefined();

      const arende = await register.registreraArende(registrering('rapport-1', { ar: 2026 }));
      await register.sparaRapport({
        ...base,
        status: 'REGISTRERAD',
        diarienummer: arende.diarienummer,
        plan,
      });
      await register.sparaRapport({ ...base, status: 'KLAR' });
      const rad = await register.hamtaRapport(base.id);
      expect(rad).toEqual({
        ...base,
        status: 'KLAR',
        diarienummer: 'KS 2026/0001',
        arendeId: arende.arendeId,
        plan,
        uppdaterad: expect.any(Date),
      });
      expect(await register.hamtaRapport('finns-inte')).toBeUndefined();
    });

    it('never lets an older numbered write overwrite a newer one (issue 15)', async () => {
      const base = {
        id: 'rapport/lund/KS/seq/2023-08-31',
        kommun: 'lund',
        organ: 'KS',
        slag: 'delarsrapport',
        period: '2023-08-31',
        titel: 'Delårsrapport augusti 2023',
      };
      await register.sparaRapport({ ...base, status: 'PAGAR', seq: 10 });
      await register.sparaRapport({ ...base, status: 'REGISTRERAD', seq: 30 });
      // The write numbered 20 arrives after 30 (a retried activity): it changes nothing, nor does 30 again.
      await register.sparaRapport({ ...base, status: 'PAGAR', titel: 'Äldre', seq: 20 });
      await register.sparaRapport({ ...base, status: 'PAGAR', seq: 30 });
      expect(await register.hamtaRapport(base.id)).toMatchObject({ status: 'REGISTRERAD', seq: 30 });
      expect((await register.hamtaRapport(base.id))?.titel).toBe(base.titel);
      await register.sparaRapport({ ...base, status: 'KLAR', seq: 31 });
      expect(await register.hamtaRapport(base.id)).toMatchObject({ status: 'KLAR', seq: 31 });
      // A write without a number (by hand, or from a process started before them) applies and keeps it.
      await register.sparaRapport({ ...base, status: 'AVBRUTEN' });
      expect(await register.hamtaRapport(base.id)).toMatchObject({ status: 'AVBRUTEN', seq: 31 });
    });

    it('lists the open rows and closes one only while it is as read (issue 15)', async () => {
      const base = {
        kommun: 'avstamning-test',
        organ: 'KS',
        slag: 'delarsrapport',
        period: '2023-08-31',
        titel: 'T',
      };
      await register.sparaRapport({ ...base, id: 'esk/a', status: 'PAGAR', seq: 5 });
      await register.sparaRapport({ ...base, id: 'esk/b', status: 'KLAR', seq: 5 });
      await register.sparaRapport({ ...base, id: 'esk/c', status: 'AVBRUTEN', seq: 5 });
      expect((await register.oppnaRapporter('avstamning-test')).map((r) => r.id)).toEqual(['esk/a']);
      // A newer write came after the row was read: the close changes nothing.
      await register.sparaRapport({ ...base, id: 'esk/a', status: 'REGISTRERAD', seq: 6 });
      expect(
        await register.stangRapport({ id: 'esk/a', status: 'AVBRUTEN', fran: { status: 'PAGAR', seq: 5 } }),
      ).toBe(false);
      expect(
        await register.stangRapport({
          id: 'esk/a',
          status: 'AVBRUTEN',
          fran: { status: 'REGISTRERAD', seq: 6 },
        }),
      ).toBe(true);
      expect((await register.hamtaRapport('esk/a'))?.status).toBe('AVBRUTEN');
      expect(await register.oppnaRapporter('avstamning-test')).toEqual([]);
    });
  });

  describe('tasks', () => {
    it('stores events and audit entries once, and the snapshot follows the state', async () => {
      const skapad = nyUppgift(spec('spara-1'), T0);
      expect(await register.sparaUppgift(skapad)).toEqual([1]);
      expect(await register.sparaUppgift(skapad)).toEqual([]);
      expect(await register.hamtaUppgift('spara-1', '2023-09-21' as IsoDate)).toEqual({
        id: 'spara-1',
        kommun: 'lund',
        organ: 'KS',
        typ: 'utkast',
        titel: 'Tjänsteskrivelse spara-1',
        processId: 'rapport/lund/KS/delarsrapport/2023-08-31',
        processTitel: 'Delårsrapport augusti 2023',
        tilldelad: 'handlaggare-ks',
        delegater: [],
        forfaller: '2023-10-02',
        status: 'OPPEN',
        forsenad: false,
        skapad: new Date(T0),
        senastAndrad: new Date(T0),
      });

      const delegerad = apply(
        skapad,
        { typ: 'delegera', aktor: 'handlaggare-ks', till: 'handlaggare-ks-2' },
        1,
      );
      const klar = apply(
        delegerad,
        { typ: 'slutfor', aktor: 'handlaggare-ks-2', kommentar: 'Inlämnad.' },
        30,
      );
      expect(await register.sparaUppgift(klar)).toEqual([2, 3]);
      expect(await register.sparaUppgift(klar)).toEqual([]);

      expect(await register.uppgiftshistorik('spara-1')).toEqual(klar.historik);
      const rad = await register.hamtaUppgift('spara-1', '2023-10-05' as IsoDate);
      expect(rad).toMatchObject({
        status: 'KLAR',
        delegater: ['handlaggare-ks-2'],
        forsenad: false,
        avslutad: new Date(T0 + 30 * HOUR),
        senastAndrad: new Date(T0 + 30 * HOUR),
        utfall: {
          status: 'KLAR',
          aktor: 'handlaggare-ks-2',
          paUppdragAv: 'handlaggare-ks',
          kommentar: 'Inlämnad.',
          tid: T0 + 30 * HOUR,
        },
      });

      // Only what a person did is audited (the creation is Årshjul's own), once, with on whose behalf.
      const audit = await register.auditLogg({ objekt: 'uppgift:spara-1' });
      expect(audit.map(({ id: _id, ...rest }) => rest)).toEqual([
        {
          nyckel: 'uppgift:spara-1:2',
          tid: new Date(T0 + HOUR),
          aktor: 'handlaggare-ks',
          handling: 'DELEGERAD',
          objekt: 'uppgift:spara-1',
          detaljer: { till: 'handlaggare-ks-2' },
        },
        {
          nyckel: 'uppgift:spara-1:3',
          tid: new Date(T0 + 30 * HOUR),
          aktor: 'handlaggare-ks-2',
          paUppdragAv: 'handlaggare-ks',
          handling: 'SLUTFORD',
          objekt: 'uppgift:spara-1',
          detaljer: { kommentar: 'Inlämnad.' },
        },
      ]);
    });

    it('replaces the events a lost attempt stored with its retry’s, never with an older state’s', async () => {
      // A workflow task stored its state, and its worker died before the task completed: the retry makes the
      // same step anew, at its own time, and the run's history has the retry's.
      const skapad = nyUppgift(spec('retry-1'), T0);
      const forlorad = apply(skapad, { typ: 'slutfor', aktor: 'handlaggare-ks' }, 2);
      const omgjord = apply(skapad, { typ: 'slutfor', aktor: 'handlaggare-ks', kommentar: 'Klar.' }, 3);
      expect(await register.sparaUppgift(forlorad)).toEqual([1, 2]);
      expect(await register.sparaUppgift(omgjord)).toEqual([]);
      expect(await register.uppgiftshistorik('retry-1')).toEqual(omgjord.historik);
      expect((await register.hamtaUppgift('retry-1'))?.senastAndrad).toEqual(new Date(T0 + 3 * HOUR));
      // An older state that lands late (its first event made at another time) changes no event.
      expect(await register.sparaUppgift(nyUppgift(spec('retry-1'), T0 + HOUR))).toEqual([]);
      expect(await register.uppgiftshistorik('retry-1')).toEqual(omgjord.historik);
    });

    it('does not let a late, stale snapshot overwrite a newer one', async () => {
      const skapad = nyUppgift(spec('stale-1'), T0);
      const klar = apply(skapad, { typ: 'slutfor', aktor: 'handlaggare-ks' }, 2);
      await register.sparaUppgift(klar);
      expect(await register.sparaUppgift(skapad)).toEqual([]);
      expect((await register.hamtaUppgift('stale-1'))?.status).toBe('KLAR');
    });

    it('lists open tasks first, the overdue first, then by due date; filters by person and status', async () => {
      const kommun = 'ordning';
      const uppgift = (id: string, forfaller: string, tilldelad = 'handlaggare-ks') =>
        nyUppgift(spec(id, { kommun, forfaller: forfaller as IsoDate, tilldelad }), T0);
      const senare = uppgift('ordning-senare', '2023-10-20');
      const forsenad = uppgift('ordning-forsenad', '2023-10-01', 'asn-handlaggare');
      const idag = uppgift('ordning-idag', '2023-10-10');
      const forsenadMest = uppgift('ordning-forsenad-mest', '2023-09-25');
      const klar = apply(
        uppgift('ordning-klar', '2023-09-01'),
        { typ: 'slutfor', aktor: 'handlaggare-ks' },
        1,
      );
      const delegerad = apply(
        uppgift('ordning-delegerad', '2023-10-15', 'asn-handlaggare'),
        { typ: 'delegera', aktor: 'asn-handlaggare', till: 'handlaggare-ks' },
        1,
      );
      for (const state of [senare, forsenad, idag, klar, forsenadMest, delegerad]) {
        await register.sparaUppgift(state);
      }

      const alla = await register.listaUppgifter({ kommun, idag: '2023-10-10' as IsoDate });
      expect(alla.map((u) => [u.id, u.forfaller, u.forsenad])).toEqual([
        ['ordning-forsenad-mest', '2023-09-25', true],
        ['ordning-forsenad', '2023-10-01', true],
        ['ordning-idag', '2023-10-10', false],
        ['ordning-delegerad', '2023-10-15', false],
        ['ordning-senare', '2023-10-20', false],
        ['ordning-klar', '2023-09-01', false],
      ]);

      const mina = await register.listaUppgifter({
        kommun,
        person: 'handlaggare-ks',
        status: ['OPPEN'],
        idag: '2023-10-10' as IsoDate,
      });
      expect(mina.map((u) => u.id)).toEqual([
        'ordning-forsenad-mest',
        'ordning-idag',
        'ordning-delegerad',
        'ordning-senare',
      ]);
      expect((await register.listaUppgifter({ kommun, status: ['KLAR'] })).map((u) => u.id)).toEqual([
        'ordning-klar',
      ]);
      expect(await register.listaUppgifter({ kommun, status: [] })).toEqual([]);
      expect(await register.listaUppgifter({ kommun: 'ingen-sadan' })).toEqual([]);
    });

    it('pages the open tasks for the overview by due date, with their number, filtered by organ, kind, person and assignee', async () => {
      const kommun = 'oversikt';
      const uppgift = (id: string, forfaller: string, extra: Partial<Parameters<typeof spec>[1]> = {}) =>
        nyUppgift(spec(id, { kommun, forfaller: forfaller as IsoDate, ...extra }), T0);
      const states = [
        uppgift('o-5', '2023-10-05'),
        uppgift('o-1', '2023-10-01', { tilldelad: 'asn-handlaggare', organ: 'ASN' }),
        uppgift('o-3b', '2023-10-03'),
        uppgift('o-3a', '2023-10-03', { typ: 'godkannande' }),
        uppgift('o-9', '2023-10-09'),
        apply(uppgift('o-klar', '2023-09-01'), { typ: 'slutfor', aktor: 'handlaggare-ks' }, 1),
        apply(
          uppgift('o-delegerad', '2023-10-07', { tilldelad: 'asn-handlaggare', organ: 'ASN' }),
          { typ: 'delegera', aktor: 'asn-handlaggare', till: 'handlaggare-ks' },
          1,
        ),
      ];
      for (const state of states) await register.sparaUppgift(state);
      const idag = '2023-10-04' as IsoDate;
      const sida = async (n: number, filter: Partial<Parameters<typeof register.oppnaUppgifter>[0]> = {}) =>
        register.oppnaUppgifter({ kommun, sida: n, perSida: 3, idag, ...filter });

      const forsta = await sida(1);
      expect(forsta.totalt).toBe(6);
      expect(forsta.rader.map((r) => [r.id, r.forsenad])).toEqual([
        ['o-1', true],
        ['o-3a', true],
        ['o-3b', true],
      ]);
      expect(forsta.rader[0]).toEqual({
        id: 'o-1',
        organ: 'ASN',
        typ: 'utkast',
        titel: 'Tjänsteskrivelse o-1',
        tilldelad: 'asn-handlaggare',
        forfaller: '2023-10-01',
        forsenad: true,
      });
      expect((await sida(2)).rader.map((r) => r.id)).toEqual(['o-5', 'o-delegerad', 'o-9']);
      expect(await sida(3)).toEqual({ rader: [], totalt: 6 });

      expect((await sida(1, { organ: 'ASN' })).rader.map((r) => r.id)).toEqual(['o-1', 'o-delegerad']);
      expect((await sida(1, { typ: 'godkannande' })).rader.map((r) => r.id)).toEqual(['o-3a']);
      // Assigned or delegated to the person (the delegates through the GIN index's operator).
      const hennes = await sida(1, { person: 'handlaggare-ks', perSida: 10 });
      expect(hennes.rader.map((r) => r.id)).toEqual(['o-3a', 'o-3b', 'o-5', 'o-delegerad', 'o-9']);
      expect(
        (await sida(1, { tilldeladI: [{ person: 'asn-handlaggare', organ: 'ASN' }] })).rader.map((r) => r.id),
      ).toEqual(['o-1', 'o-delegerad']);
      expect(await sida(1, { tilldeladI: [] })).toEqual({ rader: [], totalt: 0 });

      // The totals by organ and kind (the trigger-kept count), and by person (counted over the selection).
      expect((await sida(1, { organ: 'ASN' })).totalt).toBe(2);
      expect((await sida(1, { organ: 'KS', typ: 'utkast' })).totalt).toBe(3);
      expect((await sida(1, { typ: 'godkannande' })).totalt).toBe(1);
      expect(hennes.totalt).toBe(5);
      // Saved again while open, the count stays; completed, it drops.
      await register.sparaUppgift(states[0]!);
      expect((await sida(1)).totalt).toBe(6);
      await register.sparaUppgift(apply(states[4]!, { typ: 'slutfor', aktor: 'handlaggare-ks' }, 1));
      expect((await sida(1)).totalt).toBe(5);
      expect((await sida(2)).rader.map((r) => r.id)).toEqual(['o-5', 'o-delegerad']);
      expect((await sida(1, { organ: 'KS' })).totalt).toBe(3);
      expect(await sida(9)).toEqual({ rader: [], totalt: 5 });
    });

    it('reads dates back as YYYY-MM-DD strings and instants as Dates', async () => {
      // New Year's Eve and Day: a date parsed as midnight in some zone would land on the other year.
      const skapad = nyUppgift(spec('datum-1', { forfaller: '2023-12-31' as IsoDate }), T0);
      const flyttad = apply(
        skapad,
        { typ: 'andraForfallodag', aktor: 'kanslichef', forfaller: '2024-01-01' as IsoDate },
        1,
      );
      await register.sparaUppgift(flyttad);
      const rad = await register.hamtaUppgift('datum-1');
      expect(typeof rad?.forfaller).toBe('string');
      expect(rad?.forfaller).toBe('2024-01-01');
      const historik = await register.uppgiftshistorik('datum-1');
      expect(historik.map((h) => h.forfaller)).toEqual(['2023-12-31', '2024-01-01']);
      expect(rad?.skapad).toBeInstanceOf(Date);
      expect(rad?.skapad.getTime()).toBe(T0);
    });
  });

  describe('the mail log', () => {
    const reservation = (uppgiftId: string, epost: string) => ({
      nyckel: `uppgift:${uppgiftId}:ny`,
      kommun: 'lund',
      uppgiftId,
      slag: 'NY',
      mottagare: [epost],
      amne: `Ny uppgift: Tjänsteskrivelse ${uppgiftId}`,
      tid: new Date(T0),
    });

    it('holds a key for the attempt about to send it: another gets UPPTAGEN until it lets go or the hold runs out', async () => {
      const mail = { ...reservation('upptagen-1', 'handlaggare-ks@example.org'), upptagen: 60 };
      expect(await register.reserveraMail(mail)).toBe('NY');
      expect(await register.reserveraMail(mail)).toBe('UPPTAGEN');
      // Without a hold (only recording the intent) the answer is the status, as before.
      expect(await register.reserveraMail({ ...mail, upptagen: undefined })).toBe('RESERVERAD');
      await register.slappMail(mail.nyckel);
      expect(await register.reserveraMail(mail)).toBe('RESERVERAD');
      expect(await register.reserveraMail(mail)).toBe('UPPTAGEN');
      await register.markeraMailSkickat(mail.nyckel, '<upptagen@arshjul>', new Date(T0));
      expect(await register.reserveraMail(mail)).toBe('SKICKAD');

      // A hold that runs out (a worker that died sending) is taken over by the next attempt.
      const kort = { ...reservation('upptagen-2', 'handlaggare-ks@example.org'), upptagen: 0.2 };
      expect(await register.reserveraMail(kort)).toBe('NY');
      expect(await register.reserveraMail(kort)).toBe('UPPTAGEN');
      await new Promise((r) => setTimeout(r, 400));
      expect(await register.reserveraMail(kort)).toBe('RESERVERAD');
    });

    it('reserves a key once, tells a retry whether to send again, and never after it was sent', async () => {
      const mail = reservation('spara-1', 'handlaggare-ks@example.org');
      expect(await register.reserveraMail(mail)).toBe('NY');
      expect(await register.reserveraMail(mail)).toBe('RESERVERAD');
      await register.markeraMailSkickat(mail.nyckel, '<1@arshjul>', new Date(T0 + 1000));
      expect(await register.reserveraMail(mail)).toBe('SKICKAD');
      // A repeated mark (a retried activity) keeps the first message id.
      await register.markeraMailSkickat(mail.nyckel, '<2@arshjul>', new Date(T0 + 2000));

      await register.reserveraMail({
        ...mail,
        nyckel: 'annan-kommun',
        kommun: 'eskilstuna',
        uppgiftId: undefined,
      });
      expect(await register.mailLogg({ uppgiftId: 'spara-1' })).toEqual([
        {
          nyckel: 'uppgift:spara-1:ny',
          kommun: 'lund',
          uppgiftId: 'spara-1',
          slag: 'NY',
          mottagare: ['handlaggare-ks@example.org'],
          amne: 'Ny uppgift: Tjänsteskrivelse spara-1',
          status: 'SKICKAD',
          messageId: '<1@arshjul>',
          reserverad: new Date(T0),
          skickad: new Date(T0 + 1000),
        },
      ]);
      expect((await register.mailLogg({ kommun: 'eskilstuna' })).map((m) => [m.nyckel, m.status])).toEqual([
        ['annan-kommun', 'RESERVERAD'],
      ]);
      await expect(
        register.markeraMailSkickat('aldrig-reserverad', '<3@arshjul>', new Date()),
      ).rejects.toThrow(/never reserved/);
    });

    it('records a refusal with the server’s answer; a refused key is never sent, nor marked sent after', async () => {
      const mail = reservation('avvisad-1', 'fel-adress@lund.example.org');
      const svar = '550 5.1.1 <fel-adress@lund.example.org>: Recipient address rejected: User unknown';
      expect(await register.reserveraMail(mail)).toBe('NY');
      await register.markeraMailAvvisat(mail.nyckel, svar, new Date(T0 + 1000));
      expect(await register.reserveraMail(mail)).toBe('AVVISAD');
      // Neither a later mark of either kind changes the record.
      await register.markeraMailSkickat(mail.nyckel, '<1@arshjul>', new Date(T0 + 2000));
      await register.markeraMailAvvisat(mail.nyckel, '550 annat svar', new Date(T0 + 3000));
      const { tid, ...rad } = mail;
      expect(await register.mailLogg({ uppgiftId: 'avvisad-1' })).toEqual([
        { ...rad, status: 'AVVISAD', reserverad: tid, svar, avvisad: new Date(T0 + 1000) },
      ]);
      await expect(register.markeraMailAvvisat('aldrig-reserverad', svar, new Date())).rejects.toThrow(
        /never reserved, so it cannot be marked as refused/,
      );
    });

    it('reads the status of the keys it has, reserving none (a message to several people and its retry)', async () => {
      const sent = reservation('status-1', 'a@lund.example.org');
      const reserved = reservation('status-2', 'b@lund.example.org');
      await register.reserveraMail(sent);
      await register.markeraMailSkickat(sent.nyckel, '<s1@arshjul>', new Date(T0 + 1000));
      await register.reserveraMail(reserved);
      expect(await register.mailStatusar([sent.nyckel, reserved.nyckel, 'status-okand'])).toEqual(
        new Map([
          [sent.nyckel, 'SKICKAD'],
          [reserved.nyckel, 'RESERVERAD'],
        ]),
      );
      expect(await register.mailStatusar([])).toEqual(new Map());
      expect(await register.reserveraMail({ ...sent, nyckel: 'status-okand' })).toBe('NY');
    });
  });

  describe('the audit log', () => {
    it('writes an entry once per key', async () => {
      const entry = {
        nyckel: 'arende:test:registrerat',
        tid: new Date(T0),
        aktor: 'kommunsekreterare-2',
        paUppdragAv: 'registrator',
        handling: 'REGISTRERAT',
        objekt: 'arende:test',
        detaljer: { diarienummer: 'KS 2023/0001', bilagor: ['a.pdf'] },
      };
      expect(await register.audit(entry)).toBe(true);
      expect(await register.audit({ ...entry, handling: 'ANNAT' })).toBe(false);
      const logg = await register.auditLogg({ objekt: 'arende:test' });
      expect(logg).toEqual([{ ...entry, id: expect.any(Number) }]);
    });
  });

  describe('an ärende’s documents', () => {
    const bytes = (text: string) => new Uint8Array(Buffer.from(`%PDF-1.7 ${text}`));
    const version = (id: string, innehall: Uint8Array, roll: 'RAPPORT' | 'BILAGA' = 'RAPPORT') => ({
      id,
      kommun: 'lund',
      processId: 'lund/2023/KS/dokumenttest',
      roll,
      namn: 'Delårsrapport.pdf',
      typ: 'pdf' as const,
      sha256: createHash('sha256').update(innehall).digest('hex'),
      bytes: innehall,
      uppladdadAv: 'handlaggare-ks',
      uppladdad: new Date(T0),
    });

    it('numbers the versions 1, 2, … and keeps the same content once, every byte as stored', async () => {
      const a = bytes('a');
      const alla = new Uint8Array(256).map((_, i) => i);
      const v1 = await register.sparaDokument(version('00000000-0000-4000-8000-00000000d001', a));
      const v2 = await register.sparaDokument(version('00000000-0000-4000-8000-00000000d002', a));
      const v3 = await register.sparaDokument(
        version('00000000-0000-4000-8000-00000000d003', alla, 'BILAGA'),
      );
      expect([v1.nr, v2.nr, v3.nr]).toEqual([1, 2, 3]);
      expect(await register.dokumentinnehall(v1.sha256)).toEqual(a);
      expect(await register.dokumentinnehall(v3.sha256)).toEqual(alla);
      expect((await register.listaDokument('lund/2023/KS/dokumenttest')).map((d) => d.id)).toEqual([
        v1.id,
        v2.id,
        v3.id,
      ]);
    });

    it('stores a version with its audit entry, or neither', async () => {
      const b = bytes('b');
      const audit = {
        nyckel: 'dokument:test:uppladdat',
        tid: new Date(T0),
        aktor: 'handlaggare-ks',
        handling: 'DOKUMENT_UPPLADDAT',
        objekt: 'arende:test',
      };
      await register.sparaDokument(version('00000000-0000-4000-8000-00000000d004', b), audit);
      // The same id again: refused by the key, and nothing of it stays (its audit entry neither).
      await expect(
        register.sparaDokument(version('00000000-0000-4000-8000-00000000d004', bytes('c')), {
          ...audit,
          nyckel: 'dokument:test:2',
        }),
      ).rejects.toThrow();
      expect(await register.dokumentinnehall(version('x', bytes('c')).sha256)).toBeUndefined();
      expect((await register.auditLogg({ objekt: 'arende:test' })).map((a) => a.nyckel)).not.toContain(
        'dokument:test:2',
      );
    });

    it('binds an approval to versions, and gives the last approval’s', async () => {
      await register.sparaGodkannande({
        uppgiftId: 'lund/2023/KS/dokumenttest/godkannande-1',
        processId: 'lund/2023/KS/dokumenttest',
        godkandAv: 'ekonomidirektor',
        godkand: new Date(T0),
        dokument: [{ id: '00000000-0000-4000-8000-00000000d001', sha256: version('x', bytes('a')).sha256 }],
      });
      await register.sparaGodkannande({
        uppgiftId: 'lund/2023/KS/dokumenttest/godkannande-2',
        processId: 'lund/2023/KS/dokumenttest',
        godkandAv: 'ekonomidirektor',
        godkand: new Date(T0 + 60_000),
        dokument: [
          { id: '00000000-0000-4000-8000-00000000d002', sha256: version('x', bytes('a')).sha256 },
          {
            id: '00000000-0000-4000-8000-00000000d003',
            sha256: createHash('sha256')
              .update(new Uint8Array(256).map((_, i) => i))
              .digest('hex'),
          },
        ],
      });
      expect((await register.godkandaDokument('lund/2023/KS/dokumenttest')).map((d) => d.nr)).toEqual([2, 3]);
      expect(
        (await register.godkannanden('lund/2023/KS/dokumenttest')).map((g) => g.dokument.length),
      ).toEqual([1, 2]);
    });
  });

  describe('migrations', () => {
    it('run again on reopening without error, and the record is still there', async () => {
      if (backend === 'pglite') {
        // In memory there is nothing to reopen: the data-folder test below covers PGlite.
        const again = await openRegister({});
        await again.close();
        return;
      }
      const second = await openRegister(options);
      try {
        expect((await second.registreraArende(registrering('format-lund-1'))).diarienummer).toBe(
          'KS 2023/0001',
        );
        expect((await second.registreraArende(registrering('format-lund-3'))).diarienummer).toBe(
          'KS 2023/0003',
        );
        const applied = await schema!.query<{ name: string }>(
          'select name from kysely_migration order by name',
        );
        expect(applied.map((r) => r.name)).toEqual(
          Object.keys(await migrationProvider.getMigrations()).sort(),
        );
      } finally {
        await second.close();
      }
    });
  });
});

describe('the register in a PGlite data folder', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'arshjul-register-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the record across close and reopen, and migrates the reopened folder without error', async () => {
    const dataDir = path.join(dir, 'register');
    const first = await openRegister({ dataDir });
    await first.syncKommun(lund);
    const arende = await first.registreraArende(registrering('mapp-1'));
    await first.sparaUppgift(nyUppgift(spec('mapp-uppgift', { forfaller: '2023-12-31' as IsoDate }), T0));
    await first.close();

    const second = await openRegister({ dataDir });
    try {
      expect(await second.hamtaArende(arende.arendeId)).toMatchObject({ diarienummer: 'KS 2023/0001' });
      expect((await second.registreraArende(registrering('mapp-2'))).diarienummer).toBe('KS 2023/0002');
      expect((await second.hamtaUppgift('mapp-uppgift'))?.forfaller).toBe('2023-12-31');
      expect(await second.personer('lund')).toHaveLength(lund.personer.length);
    } finally {
      await second.close();
    }
  });
});

describe('the register on PostgreSQL opened by two processes at once', () => {
  let schema: TestSchema;
  beforeAll(async () => {
    schema = await createTestSchema('register_two');
  });
  afterAll(() => schema.drop());

  it('migrates once: the second waits for the lock and finds nothing left to do', async () => {
    // Two pools are two sessions, as two worker processes would be; the schema starts empty.
    const both = await Promise.all([openRegister({ url: schema.url }), openRegister({ url: schema.url })]);
    try {
      const applied = await schema.query<{ name: string }>('select name from kysely_migration');
      expect(applied.map((r) => r.name)).toEqual(Object.keys(await migrationProvider.getMigrations()).sort());
      const [a, b] = both;
      const numbers = await Promise.all(
        range(20).map((i) => (i % 2 ? a : b)!.registreraArende(registrering(`tva-${i}`))),
      );
      expect(numbers.map((n) => n.lopnummer).sort((x, y) => x - y)).toEqual(range(20));
    } finally {
      await Promise.all(both.map((r) => r.close()));
    }
  });
});
