/**
 * The sammanträde chain in the register — § series, protocol and versions, justering, anslag, expediering — on
 * both back ends (PGlite in memory and a real PostgreSQL server, a schema of its own). The point of it all: the
 * protocol of Lund KS 2023-10-11 (document 000) goes in and comes back out of the tables exactly as it was.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { createSammantradeActivities } from '../../src/activities/sammantrade';
import { openRegister, type Register } from '../../src/db/register';
import { ParagrafKonflikt, ProtokollversionKonflikt, sammantradeId } from '../../src/db/sammantraden';
import { addDays, type IsoDate } from '../../src/domain/datum';
import {
  expedieringsmottagare,
  fristerAv,
  isFullParagraf,
  protokollSchema,
  utdragFel,
  type Paragraf,
  type Protokoll,
} from '../../src/domain/protokoll';
import { createTestSchema, type TestSchema } from '../helpers/postgres';

const EXEMPEL = path.resolve(__dirname, '../../config/examples/lund-ks-2023-10-11.json');
const lundKs = protokollSchema.parse(JSON.parse(readFileSync(EXEMPEL, 'utf8'))) as Protokoll;
const paragraf336 = lundKs.paragrafer.find((p) => p.nummer === 336) as Paragraf;

const T0 = Date.parse('2023-10-11T18:30:00+02:00');
const HOUR = 60 * 60 * 1000;
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const d = (text: string) => text as IsoDate;

/**
 * A protocol of the Lund KS meeting's shape for another kommun, organ or day: §§ `nummer`, those in `fulla`
 * recorded in full (as § 336), the rest by number only; justerad a week later and posted the day after, if asked.
 */
function protokoll(k: {
  kommun: string;
  organ?: string;
  datum: string;
  nummer: number[];
  fulla?: number[];
  justerad?: boolean;
  anslag?: boolean;
}): Protokoll {
  const datum = d(k.datum);
  const justering = addDays(datum, 7);
  const { anslagUppsatt: _anslag, anslagNedtaget: _nedtaget, ...motet } = lundKs;
  return protokollSchema.parse({
    ...motet,
    kommun: k.kommun,
    organ: k.organ ?? 'KS',
    datum,
    justering: {
      datum: justering,
      klockan: '10.00',
      plats: 'Digital justering',
      ...(k.justerad || k.anslag ? { justerad: justering } : {}),
    },
    ...(k.anslag ? { anslagUppsatt: addDays(justering, 1) } : {}),
    paragrafer: k.nummer.map((n) =>
      k.fulla?.includes(n) ? { ...paragraf336, nummer: n } : { nummer: n, rubrik: `Ärende ${n}` },
    ),
  }) as Protokoll;
}

const nyckelAv = (p: Pick<Protokoll, 'kommun' | 'organ' | 'datum'>) => ({
  kommun: p.kommun,
  organ: p.organ,
  datum: p.datum,
});

describe.each(['pglite', 'postgres'] as const)('the sammanträde register on %s', (backend) => {
  let schema: TestSchema | undefined;
  let register: Register;

  beforeAll(async () => {
    if (backend === 'postgres') schema = await createTestSchema('sammantraden');
    register = await openRegister(schema ? { url: schema.url } : {});
  });

  afterAll(async () => {
    await register?.close();
    await schema?.drop();
  });

  describe('the protocol', () => {
    it('stores Lund KS 2023-10-11 and rebuilds it, § by §, from the tables exactly as it went in', async () => {
      const id = sammantradeId(lundKs);
      expect(id).toBe('sammantrade/lund/KS/2023-10-11');
      expect(await register.hamtaProtokoll(nyckelAv(lundKs))).toBeUndefined();

      const ny = await register.sparaProtokoll({
        protokoll: lundKs,
        version: 1,
        handelse: 'PROTOKOLLFORT',
        aktor: 'kommunsekreterare',
        tid: new Date(T0),
      });
      expect(ny).toBe(true);

      const tillbaka = await register.hamtaProtokoll(nyckelAv(lundKs));
      expect(tillbaka).toStrictEqual(lundKs);
      expect(await register.hamtaSammantrade(nyckelAv(lundKs))).toEqual({
        id,
        kommun: 'lund',
        organ: 'KS',
        datum: '2023-10-11',
        status: 'ANSLAGET',
        version: 1,
      });

      // What a secretary needs years later: the extract of § 336 can be made, and goes where it was decided.
      expect(utdragFel(tillbaka!, [336])).toEqual([]);
      const p336 = tillbaka!.paragrafer.find((p) => p.nummer === 336)!;
      expect(isFullParagraf(p336) && p336.diarienummer).toBe('KS 2023/0431');
      expect(isFullParagraf(p336) && p336.beslut.attSatser).toHaveLength(3);
      expect(isFullParagraf(p336) && expedieringsmottagare(p336)).toEqual([
        { mottagare: 'Kommunkontoret', for: 'VERKSTALLIGHET' },
        { mottagare: 'Kommunfullmäktige', for: 'KANNEDOM' },
      ]);
      expect(tillbaka!.paragrafer).toHaveLength(39);

      // The series for KS 2023 now stands at § 365: the next meeting's first § is 366.
      expect((await register.paragrafserie('lund', 'KS', 2023)).senaste).toBe(365);
      expect(
        await register.tilldelaParagrafnummer({
          kommun: 'lund',
          organ: 'KS',
          datum: d('2023-10-25'),
          nyckel: 'lund-ks-2023-10-25-1',
        }),
      ).toBe(366);
      // KSAU numbers its own series.
      expect(
        await register.tilldelaParagrafnummer({
          kommun: 'lund',
          organ: 'KSAU',
          datum: d('2023-10-16'),
          nyckel: 'lund-ksau-2023-10-16-1',
        }),
      ).toBe(1);

      if (schema) {
        // The facts live in columns and per-§ rows, not only in the version's copy: spoil that copy, and the
        // protocol still comes back whole.
        const rader = await schema.query<{
          nummer: number;
          diarienummer: string | null;
          satser: number | null;
        }>(
          `select nummer, diarienummer, jsonb_array_length(beslut->'attSatser') as satser
             from paragrafer where sammantrade_id = $1 order by nummer`,
          [id],
        );
        expect(rader.map((r) => r.nummer)).toEqual(range(327, 365));
        expect(rader.find((r) => r.nummer === 336)).toEqual({
          nummer: 336,
          diarienummer: 'KS 2023/0431',
          satser: 3,
        });
        const [fakta] = await schema.query<Record<string, unknown>>(
          `select plats, justering_datum::text, justerad::text, anslag_uppsatt::text, forvaringsplats, justerare
             from sammantraden where id = $1`,
          [id],
        );
        expect(fakta).toEqual({
          plats: 'Sessionsalen, Stadshuset',
          justering_datum: '2023-10-18',
          justerad: '2023-10-18',
          anslag_uppsatt: '2023-10-19',
          forvaringsplats: 'Kommunkontoret, Bruksgatan 22, Lund',
          justerare: ['Axel Hallberg (MP)'],
        });
        await schema.query(
          `update protokollversioner set protokoll = '{}'::jsonb where sammantrade_id = $1`,
          [id],
        );
        expect(await register.hamtaProtokoll(nyckelAv(lundKs))).toStrictEqual(lundKs);
      }
    });

    it('keeps every version; a late, older version joins the history but does not overwrite a newer one', async () => {
      const v1 = protokoll({ kommun: 'versioner', datum: '2023-11-08', nummer: [1, 2, 3] });
      const v2 = protokoll({
        kommun: 'versioner',
        datum: '2023-11-08',
        nummer: [1, 2, 3, 4],
        fulla: [2],
        justerad: true,
      });
      const v3 = protokoll({
        kommun: 'versioner',
        datum: '2023-11-08',
        nummer: [1, 2, 3, 4],
        fulla: [2, 4],
        anslag: true,
      });
      const id = sammantradeId(v1);
      const spara = (p: Protokoll, version: number, handelse: string, aktor?: string) =>
        register.sparaProtokoll({
          protokoll: p,
          version,
          handelse,
          aktor,
          tid: new Date(T0 + version * HOUR),
        });

      expect(await spara(v1, 1, 'PROTOKOLLFORT', 'kommunsekreterare')).toBe(true);
      expect(await register.hamtaSammantrade(nyckelAv(v1))).toMatchObject({
        status: 'PROTOKOLLFORT',
        version: 1,
      });
      expect(await spara(v3, 3, 'ANSLAGET')).toBe(true);
      // Version 2 arrives last (an attempt that timed out, then landed): history, not the current protocol.
      expect(await spara(v2, 2, 'JUSTERAT', 'ordforande')).toBe(true);

      expect(await register.hamtaProtokoll(nyckelAv(v1))).toStrictEqual(v3);
      expect(await register.hamtaSammantrade(nyckelAv(v1))).toMatchObject({ status: 'ANSLAGET', version: 3 });
      const versioner = await register.protokollversioner(id);
      expect(versioner.map((v) => [v.version, v.handelse, v.aktor, v.tid])).toEqual([
        [1, 'PROTOKOLLFORT', 'kommunsekreterare', new Date(T0 + HOUR)],
        [2, 'JUSTERAT', 'ordforande', new Date(T0 + 2 * HOUR)],
        [3, 'ANSLAGET', undefined, new Date(T0 + 3 * HOUR)],
      ]);
      expect(versioner.map((v) => v.protokoll)).toEqual([v1, v2, v3]);

      const audit = await register.auditLogg({ objekt: id });
      expect(audit.map((a) => [a.nyckel, a.handling, a.aktor, a.detaljer])).toEqual([
        [`protokoll:${id}:1`, 'PROTOKOLLFORT', 'kommunsekreterare', { version: 1, paragrafer: '§ 1–3' }],
        [`protokoll:${id}:2`, 'JUSTERAT', 'ordforande', { version: 2, paragrafer: '§ 1–4' }],
        [`protokoll:${id}:3`, 'ANSLAGET', undefined, { version: 3, paragrafer: '§ 1–4' }],
      ]);

      // A known version number with other content is a mistake of the caller's: refused, nothing changes.
      await expect(spara(v1, 3, 'ANSLAGET')).rejects.toThrow(ProtokollversionKonflikt);
      await expect(spara(v1, 3, 'ANSLAGET')).rejects.toThrow(
        `version 3 of the protocol of ${id} is stored with other content`,
      );
      expect(await register.hamtaProtokoll(nyckelAv(v1))).toStrictEqual(v3);
    });
  });

  describe('every write is idempotent', () => {
    it('writes once when called twice: protocol, version, audit, justering, anslag, expediering, § number', async () => {
      const p = protokoll({ kommun: 'idempotent', datum: '2023-10-11', nummer: [1, 2], fulla: [1, 2] });
      const id = sammantradeId(p);
      const k = nyckelAv(p);
      const tid = new Date(T0);

      const nummer = [
        await register.tilldelaParagrafnummer({ ...k, nyckel: 'id-1' }),
        await register.tilldelaParagrafnummer({ ...k, nyckel: 'id-1' }),
        await register.tilldelaParagrafnummer({ ...k, nyckel: 'id-2' }),
      ];
      expect(nummer).toEqual([1, 1, 2]);

      const skriv = { protokoll: p, version: 1, handelse: 'PROTOKOLLFORT', aktor: 'kommunsekreterare', tid };
      expect(await register.sparaProtokoll(skriv)).toBe(true);
      expect(await register.sparaProtokoll(skriv)).toBe(false);

      const justering = {
        ...k,
        nyckel: `${id}:justering:1:axel`,
        version: 1,
        person: 'justerare-mp',
        typ: 'GODKAND' as const,
        paragrafer: [],
        tid,
      };
      expect(await register.registreraJustering(justering)).toMatchObject({
        ny: true,
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect((await register.registreraJustering(justering)).ny).toBe(false);

      const anslag = {
        ...k,
        nyckel: `${id}:anslag`,
        typ: 'PROTOKOLL' as const,
        paragrafer: [1, 2],
        uppsatt: d('2023-10-19'),
      };
      await register.sparaAnslag(anslag);
      await register.sparaAnslag(anslag);

      const expediering = {
        ...k,
        nyckel: `${id}:1:Kommunkontoret`,
        paragraf: 1,
        mottagare: 'Kommunkontoret',
        for: 'VERKSTALLIGHET' as const,
        uppgiftId: 'expediering-1',
        skickad: new Date(T0 + HOUR),
      };
      await register.sparaExpediering(expediering);
      await register.sparaExpediering(expediering);

      expect(await register.protokollversioner(id)).toHaveLength(1);
      expect(await register.justeringar(id)).toHaveLength(1);
      expect(await register.anslag(id)).toHaveLength(1);
      expect(await register.expedieringar(id)).toHaveLength(1);
      expect((await register.auditLogg({ objekt: id })).map((a) => a.nyckel)).toEqual([
        `protokoll:${id}:1`,
        `justering:${id}:justering:1:axel`,
      ]);
      expect(await register.paragrafserie('idempotent', 'KS', 2023)).toEqual({
        kommun: 'idempotent',
        organ: 'KS',
        ar: 2023,
        senaste: 2,
        tilldelade: [
          { nummer: 1, nyckel: 'id-1', sammantradeId: id },
          { nummer: 2, nyckel: 'id-2', sammantradeId: id },
        ],
      });
      expect(await register.hamtaProtokoll(k)).toStrictEqual(p);
    });
  });

  describe('§ numbers, per organ and year', () => {
    it('gives 40 concurrent allocations for two meetings of one organ exactly 1..40', async () => {
      const moten = [d('2024-03-13'), d('2024-03-20')];
      const started = Date.now();
      const results = await Promise.all(
        range(1, 40).map(async (i) => {
          const datum = moten[i % 2]!;
          const nummer = await register.tilldelaParagrafnummer({
            kommun: 'samtidigt',
            organ: 'KS',
            datum,
            nyckel: `samtidigt-${i}`,
          });
          return { datum, nummer };
        }),
      );
      const ms = Date.now() - started;
      expect(results.map((r) => r.nummer).sort((a, b) => a - b)).toEqual(range(1, 40));
      const serie = await register.paragrafserie('samtidigt', 'KS', 2024);
      expect(serie.senaste).toBe(40);
      expect(serie.tilldelade.map((t) => t.nummer)).toEqual(range(1, 40));
      for (const datum of moten) {
        const id = sammantradeId({ kommun: 'samtidigt', organ: 'KS', datum });
        expect(serie.tilldelade.filter((t) => t.sammantradeId === id)).toHaveLength(20);
      }
      expect(
        await register.tilldelaParagrafnummer({
          kommun: 'samtidigt',
          organ: 'KS',
          datum: d('2024-04-10'),
          nyckel: 'samtidigt-41',
        }),
      ).toBe(41);
      process.stdout.write(`[register/${backend}] 40 concurrent § allocations (two meetings) in ${ms} ms\n`);
    });

    it('starts at 1 each year for each organ, and the series do not disturb each other when run at once', async () => {
      const serier = [
        { organ: 'KS', datum: d('2023-12-13'), ar: 2023 },
        { organ: 'KS', datum: d('2024-01-17'), ar: 2024 },
        { organ: 'KSAU', datum: d('2023-12-04'), ar: 2023 },
      ];
      const results = await Promise.all(
        range(1, 10).flatMap((i) =>
          serier.map(async (s) => ({
            ...s,
            nummer: await register.tilldelaParagrafnummer({
              kommun: 'serier',
              organ: s.organ,
              datum: s.datum,
              nyckel: `serier-${s.organ}-${s.ar}-${i}`,
            }),
          })),
        ),
      );
      for (const s of serier) {
        const egna = results.filter((r) => r.organ === s.organ && r.ar === s.ar).map((r) => r.nummer);
        expect(egna.sort((a, b) => a - b)).toEqual(range(1, 10));
        expect((await register.paragrafserie('serier', s.organ, s.ar)).senaste).toBe(10);
      }
      expect((await register.paragrafserie('serier', 'KF', 2023)).senaste).toBe(0);
    });

    it('stores a protocol while the organ’s §§ are being allocated: no deadlock, no number given twice', async () => {
      // The protocol's transaction locks its meeting and then raises the series past its §§; an allocation locks
      // the series and then refers to a meeting. Run together, many times, none may wait for the other in a ring.
      for (let round = 0; round < 20; round++) {
        const kommun = `import-${round}`;
        const results = await Promise.allSettled([
          register.sparaProtokoll({
            protokoll: { ...lundKs, kommun },
            version: 1,
            handelse: 'IMPORTERAT',
            tid: new Date(T0),
          }),
          ...range(1, 8).map((i) =>
            register.tilldelaParagrafnummer({
              kommun,
              organ: 'KS',
              datum: i % 2 ? lundKs.datum : d('2023-10-25'),
              nyckel: `${kommun}-${i}`,
            }),
          ),
        ]);
        expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
        const tilldelade = (await register.paragrafserie(kommun, 'KS', 2023)).tilldelade.map((t) => t.nummer);
        expect(tilldelade).toHaveLength(8);
        expect(tilldelade.filter((n) => n >= 327 && n <= 365)).toEqual([]);
      }
    });

    it('gives a key one number, also to concurrent calls; the losers’ numbers go back', async () => {
      const k = { kommun: 'nyckel', organ: 'KS', datum: d('2023-10-11') };
      expect(await register.tilldelaParagrafnummer({ ...k, nyckel: 'n-1' })).toBe(1);
      const together = await Promise.all(
        range(1, 10).map(() => register.tilldelaParagrafnummer({ ...k, nyckel: 'n-2' })),
      );
      expect(new Set(together)).toEqual(new Set([2]));
      expect(await register.tilldelaParagrafnummer({ ...k, nyckel: 'n-3' })).toBe(3);
    });
  });

  describe('a § number taken twice', () => {
    it('in one meeting: the database refuses it, and nothing of the new version is written', async () => {
      const v1 = protokoll({ kommun: 'dubblett', datum: '2023-10-11', nummer: [1, 2, 3], fulla: [2] });
      const id = sammantradeId(v1);
      await register.sparaProtokoll({
        protokoll: v1,
        version: 1,
        handelse: 'PROTOKOLLFORT',
        tid: new Date(T0),
      });
      const fore = await register.hamtaSammantrade(nyckelAv(v1));

      // Past the schema (which would refuse it first): the key in the database is the last line of defence.
      const trasig: Protokoll = {
        ...v1,
        justering: { ...v1.justering, justerad: v1.justering.datum },
        paragrafer: [...v1.paragrafer.slice(0, 2), { nummer: 2, rubrik: 'En gång till' }, v1.paragrafer[2]!],
      };
      const spara = register.sparaProtokoll({
        protokoll: trasig,
        version: 2,
        handelse: 'JUSTERAT',
        aktor: 'ordforande',
        tid: new Date(T0 + HOUR),
      });
      await expect(spara).rejects.toThrow(ParagrafKonflikt);
      await expect(spara).rejects.toThrow(
        `the protocol of ${id} (version 2) was not stored: § 2 appears twice in it`,
      );
      await expect(spara).rejects.toMatchObject({ dubbletter: [2], upptagna: [], cause: { code: '23505' } });

      expect(await register.hamtaSammantrade(nyckelAv(v1))).toEqual(fore);
      expect(fore).toMatchObject({ status: 'PROTOKOLLFORT', version: 1 });
      expect(await register.hamtaProtokoll(nyckelAv(v1))).toStrictEqual(v1);
      expect((await register.protokollversioner(id)).map((v) => v.version)).toEqual([1]);
      expect((await register.auditLogg({ objekt: id })).map((a) => a.nyckel)).toEqual([`protokoll:${id}:1`]);
    });

    it('across two meetings of the organ in one year: refused, naming the meeting that has it', async () => {
      const a = protokoll({ kommun: 'krock', datum: '2023-10-11', nummer: [1, 2, 3] });
      const b = protokoll({ kommun: 'krock', datum: '2023-10-25', nummer: [3, 4] });
      await register.sparaProtokoll({
        protokoll: a,
        version: 1,
        handelse: 'PROTOKOLLFORT',
        tid: new Date(T0),
      });
      const spara = register.sparaProtokoll({
        protokoll: b,
        version: 1,
        handelse: 'PROTOKOLLFORT',
        tid: new Date(T0),
      });
      await expect(spara).rejects.toThrow(`§ 3 is already recorded for ${sammantradeId(a)}`);
      await expect(spara).rejects.toMatchObject({
        upptagna: [{ nummer: 3, sammantradeId: sammantradeId(a) }],
      });
      // Rolled back whole: not even the meeting's row was left behind.
      expect(await register.hamtaSammantrade(nyckelAv(b))).toBeUndefined();
      expect(await register.protokollversioner(sammantradeId(b))).toEqual([]);
      expect(await register.hamtaProtokoll(nyckelAv(a))).toStrictEqual(a);

      // The same numbers next year, or in another organ, are another series.
      const nastaAr = protokoll({ kommun: 'krock', datum: '2024-01-17', nummer: [1, 2, 3] });
      const au = protokoll({ kommun: 'krock', organ: 'KSAU', datum: '2023-10-02', nummer: [1, 2, 3] });
      for (const p of [nastaAr, au]) {
        await register.sparaProtokoll({
          protokoll: p,
          version: 1,
          handelse: 'PROTOKOLLFORT',
          tid: new Date(T0),
        });
        expect(await register.hamtaProtokoll(nyckelAv(p))).toStrictEqual(p);
      }
    });
  });

  describe('justering, anslag and expediering', () => {
    it('records each justerare’s answer, objections per § with a comment, audited as theirs', async () => {
      const p = protokoll({ kommun: 'justering', datum: '2023-10-11', nummer: [1, 2, 3], fulla: [2] });
      const id = sammantradeId(p);
      await register.sparaProtokoll({
        protokoll: p,
        version: 1,
        handelse: 'PROTOKOLLFORT',
        tid: new Date(T0),
      });
      await register.registreraJustering({
        ...nyckelAv(p),
        nyckel: `${id}:1:justerare-mp`,
        version: 1,
        person: 'justerare-mp',
        typ: 'INVANDNING',
        paragrafer: [2],
        kommentar: 'Tredje att-satsen saknar "årligen".',
        tid: new Date(T0 + 24 * HOUR),
      });
      await register.registreraJustering({
        ...nyckelAv(p),
        nyckel: `${id}:2:ordforande`,
        version: 2,
        person: 'ordforande',
        typ: 'GODKAND',
        paragrafer: [],
        tid: new Date(T0 + 48 * HOUR),
      });
      expect(await register.justeringar(id)).toEqual([
        {
          nyckel: `${id}:1:justerare-mp`,
          sammantradeId: id,
          version: 1,
          person: 'justerare-mp',
          typ: 'INVANDNING',
          paragrafer: [2],
          kommentar: 'Tredje att-satsen saknar "årligen".',
          tid: new Date(T0 + 24 * HOUR),
        },
        {
          nyckel: `${id}:2:ordforande`,
          sammantradeId: id,
          version: 2,
          person: 'ordforande',
          typ: 'GODKAND',
          paragrafer: [],
          tid: new Date(T0 + 48 * HOUR),
        },
      ]);
      const audit = await register.auditLogg({ objekt: id });
      expect(audit.slice(1).map((a) => [a.aktor, a.handling, a.detaljer])).toEqual([
        [
          'justerare-mp',
          'JUSTERING_INVANDNING',
          {
            version: 1,
            paragrafer: [2],
            kommentar: 'Tredje att-satsen saknar "årligen".',
            // The hash of the version answered, as stored (issue 13).
            sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          },
        ],
        ['ordforande', 'JUSTERING_GODKAND', { version: 2 }],
      ]);
    });

    it('keeps the anslag by key: dates left out stay, nedtagen is never cleared; the meeting’s status follows', async () => {
      const k = { kommun: 'lund-anslag', organ: 'KS', datum: d('2023-10-11') };
      const id = sammantradeId(k);
      // The kallelse comes first: the meeting is in the register before its protocol.
      await register.sparaAnslag({
        ...k,
        nyckel: `${id}:kallelse`,
        typ: 'KALLELSE',
        paragrafer: [],
        uppsatt: d('2023-10-04'),
        nedtagen: d('2023-10-11'),
      });
      expect(await register.hamtaSammantrade(k)).toMatchObject({ status: 'KALLAT' });
      expect(await register.hamtaSammantrade(k)).not.toHaveProperty('version');
      expect(await register.hamtaProtokoll(k)).toBeUndefined();

      const p = { ...lundKs, kommun: 'lund-anslag' };
      await register.sparaProtokoll({ protokoll: p, version: 1, handelse: 'JUSTERAT', tid: new Date(T0) });
      // The statutory dates of document 000, as the domain computes them (KL 8 kap. 12 §, 13 kap. 5 §).
      const frister = fristerAv(p);
      const protokollAnslag = {
        ...k,
        nyckel: `${id}:protokoll`,
        typ: 'PROTOKOLL' as const,
        paragrafer: range(327, 365),
        uppsatt: p.anslagUppsatt!,
        nedtasTidigast: frister.anslagNedtidigast,
        overklagandeSenast: frister.overklagandeSenast,
        lagaKraft: frister.lagaKraft,
      };
      await register.sparaAnslag(protokollAnslag);
      expect(await register.hamtaSammantrade(k)).toMatchObject({ status: 'ANSLAGET' });
      await register.sparaAnslag({ ...protokollAnslag, nedtagen: d('2023-11-10') });
      expect(await register.hamtaSammantrade(k)).toMatchObject({ status: 'LAGA_KRAFT' });
      // A retried, older step without the dates: they stay, and so does nedtagen; the status does not go back.
      const { nedtasTidigast: _n, overklagandeSenast: _o, lagaKraft: _l, ...utanDatum } = protokollAnslag;
      await register.sparaAnslag(utanDatum);
      await register.sparaProtokoll({ protokoll: p, version: 1, handelse: 'JUSTERAT', tid: new Date(T0) });

      expect(await register.anslag(id)).toEqual([
        {
          nyckel: `${id}:kallelse`,
          sammantradeId: id,
          typ: 'KALLELSE',
          paragrafer: [],
          uppsatt: '2023-10-04',
          nedtagen: '2023-10-11',
        },
        {
          nyckel: `${id}:protokoll`,
          sammantradeId: id,
          typ: 'PROTOKOLL',
          paragrafer: range(327, 365),
          uppsatt: '2023-10-19',
          nedtasTidigast: '2023-11-10',
          overklagandeSenast: '2023-11-09',
          lagaKraft: '2023-11-10',
          nedtagen: '2023-11-10',
        },
      ]);
      expect(await register.hamtaSammantrade(k)).toMatchObject({ status: 'LAGA_KRAFT', version: 1 });
    });

    it('sets skickad and kvitterad once: a later save without them never clears them', async () => {
      const k = { kommun: 'expediering', organ: 'KS', datum: d('2023-10-11') };
      const id = sammantradeId(k);
      const bas = {
        ...k,
        nyckel: `${id}:336:Kommunkontoret`,
        paragraf: 336,
        mottagare: 'Kommunkontoret',
        for: 'VERKSTALLIGHET' as const,
        uppgiftId: 'expediering-336-kommunkontoret',
      };
      await register.sparaExpediering(bas);
      expect(await register.expedieringar(id)).toEqual([
        {
          nyckel: `${id}:336:Kommunkontoret`,
          sammantradeId: id,
          paragraf: 336,
          mottagare: 'Kommunkontoret',
          for: 'VERKSTALLIGHET',
          uppgiftId: 'expediering-336-kommunkontoret',
        },
      ]);

      await register.sparaExpediering({ ...bas, skickad: new Date(T0) });
      await register.sparaExpediering({ ...bas, kvitterad: new Date(T0 + HOUR) });
      // A retry of the sending step (no receipt in its input), and a second receipt: the first ones stay.
      await register.sparaExpediering({ ...bas, skickad: new Date(T0 + 5 * HOUR) });
      await register.sparaExpediering({ ...bas, kvitterad: new Date(T0 + 9 * HOUR) });
      await register.sparaExpediering(bas);
      await register.sparaExpediering({
        ...k,
        nyckel: `${id}:336:Kommunfullmäktige`,
        paragraf: 336,
        mottagare: 'Kommunfullmäktige',
        for: 'KANNEDOM',
        uppgiftId: 'expediering-336-kf',
      });

      const rader = await register.expedieringar(id);
      expect(rader.map((r) => [r.mottagare, r.for, r.skickad, r.kvitterad])).toEqual([
        ['Kommunkontoret', 'VERKSTALLIGHET', new Date(T0), new Date(T0 + HOUR)],
        ['Kommunfullmäktige', 'KANNEDOM', undefined, undefined],
      ]);
    });
  });

  describe("the meetings' phases (the year's list of meetings)", () => {
    const motet = (organ: string, datum: string) => ({ kommun: 'fasby', organ, datum: d(datum) });

    it('keeps the phase with the highest seq, and lists the started meetings of the organs and year', async () => {
      const ks = motet('KS', '2024-03-06');
      await register.sparaSammantradetsFas({ ...ks, fas: 'FOREDRAGNINGSLISTA', seq: 10 });
      await register.sparaSammantradetsFas({ ...ks, fas: 'JUSTERING', seq: 30 });
      // A phase can go back (an objection): only a later write moves it; an older or repeated one is ignored.
      await register.sparaSammantradetsFas({ ...ks, fas: 'PROTOKOLLFORING', seq: 20 });
      await register.sparaSammantradetsFas({ ...ks, fas: 'RATTELSE', seq: 30 });
      await register.sparaSammantradetsFas({ ...motet('KF', '2024-03-18'), fas: 'KALLAD', seq: 5 });
      await register.sparaSammantradetsFas({ ...motet('KS', '2025-01-08'), fas: 'KALLAD', seq: 5 });
      // A row written by the protocol chain alone (no phase) is no started meeting of the list.
      await register.tilldelaParagrafnummer({ ...motet('KS', '2024-05-15'), nyckel: 'fasby:1' });

      expect(await register.startadeSammantraden('fasby', ['KS', 'KF'], 2024)).toEqual([
        { ...ks, fas: 'JUSTERING' },
        { ...motet('KF', '2024-03-18'), fas: 'KALLAD' },
      ]);
      expect(await register.startadeSammantraden('fasby', ['KF'], 2024)).toEqual([
        { ...motet('KF', '2024-03-18'), fas: 'KALLAD' },
      ]);
      expect(await register.startadeSammantraden('fasby', [], 2024)).toEqual([]);
      expect(await register.hamtaSammantrade(ks)).toMatchObject({ status: 'PLANERAT' });
    });

    it('fills in the meetings from visibility once, below any phase a workflow wrote', async () => {
      const skrivet = motet('AU', '2024-02-01');
      await register.sparaSammantradetsFas({ ...skrivet, fas: 'JUSTERAT', seq: 1 });
      expect(await register.faserEfterfyllda('fasby')).toBe(false);

      await register.efterfyllFaser('fasby', [
        { ...skrivet, fas: 'KALLAD' },
        { ...motet('AU', '2024-01-10'), fas: 'AVSLUTAT' },
        motet('AU', '2024-04-03'),
      ]);
      expect(await register.faserEfterfyllda('fasby')).toBe(true);
      expect(await register.startadeSammantraden('fasby', ['AU'], 2024)).toEqual([
        { ...motet('AU', '2024-01-10'), fas: 'AVSLUTAT' },
        { ...skrivet, fas: 'JUSTERAT' },
        // Started, in a phase the list cannot name.
        motet('AU', '2024-04-03'),
      ]);
      // The workflow's own next write wins over the filled-in phase.
      await register.sparaSammantradetsFas({ ...motet('AU', '2024-01-10'), fas: 'AVSLUTAT', seq: 2 });
      await register.sparaSammantradetsFas({ ...motet('AU', '2024-04-03'), fas: 'KALLAD', seq: 2 });
      expect((await register.startadeSammantraden('fasby', ['AU'], 2024)).map((m) => m.fas)).toEqual([
        'AVSLUTAT',
        'JUSTERAT',
        'KALLAD',
      ]);
      // Filling in again changes nothing.
      await register.efterfyllFaser('fasby', [{ ...skrivet, fas: 'KALLAD' }]);
      expect((await register.startadeSammantraden('fasby', ['AU'], 2024))[1]).toMatchObject({
        fas: 'JUSTERAT',
      });
    });

    it('the activity refuses a phase the workflow cannot have, without retrying', async () => {
      const acts = createSammantradeActivities({ register });
      const error = await acts
        .sparaSammantradetsFas({ ...motet('KS', '2024-06-05'), fas: 'OKAND' as 'KALLAD', seq: 1 })
        .then(
          () => undefined,
          (e: unknown) => e,
        );
      expect(error).toBeInstanceOf(ApplicationFailure);
      expect((error as ApplicationFailure).nonRetryable).toBe(true);
      await acts.sparaSammantradetsFas({ ...motet('KS', '2024-06-05'), fas: 'KALLAD', seq: 1 });
      expect(await register.startadeSammantraden('fasby', ['KS'], 2024)).toContainEqual({
        ...motet('KS', '2024-06-05'),
        fas: 'KALLAD',
      });
    });
  });

  describe('the activities', () => {
    it('run the chain with workflow times in epoch ms, and a retry of each writes nothing new', async () => {
      const acts = createSammantradeActivities({ register });
      const k = { kommun: 'aktiviteter', organ: 'KS', datum: d('2023-10-11') };
      const id = sammantradeId(k);
      const nummer: number[] = [];
      for (const punkt of [1, 2, 3]) {
        nummer.push(await acts.tilldelaParagrafnummer({ ...k, nyckel: `${id}:punkt:${punkt}` }));
      }
      expect(nummer).toEqual([1, 2, 3]);
      expect(await acts.tilldelaParagrafnummer({ ...k, nyckel: `${id}:punkt:2` })).toBe(2);

      const p = protokoll({ kommun: 'aktiviteter', datum: '2023-10-11', nummer, fulla: [2], anslag: true });
      for (let i = 0; i < 2; i++) {
        await acts.sparaProtokoll({
          protokoll: p,
          version: 1,
          handelse: 'PROTOKOLLFORT',
          aktor: 'sekr',
          tid: T0,
        });
        await acts.registreraJustering({
          ...k,
          nyckel: `${id}:1:justerare`,
          version: 1,
          person: 'justerare',
          typ: 'GODKAND',
          paragrafer: [],
          tid: T0 + 24 * HOUR,
        });
        await acts.sparaAnslag({
          ...k,
          nyckel: `${id}:protokoll`,
          typ: 'PROTOKOLL',
          paragrafer: nummer,
          uppsatt: p.anslagUppsatt!,
          ...(({ anslagNedtidigast, overklagandeSenast, lagaKraft }) => ({
            nedtasTidigast: anslagNedtidigast,
            overklagandeSenast,
            lagaKraft,
          }))(fristerAv(p)),
        });
        const paragraf = p.paragrafer.find(isFullParagraf)!;
        for (const m of expedieringsmottagare(paragraf)) {
          await acts.sparaExpediering({
            ...k,
            nyckel: `${id}:${paragraf.nummer}:${m.mottagare}`,
            paragraf: paragraf.nummer,
            ...m,
            uppgiftId: `uppgift:${id}:${paragraf.nummer}:${m.mottagare}`,
            skickad: T0 + 48 * HOUR,
            ...(m.for === 'VERKSTALLIGHET' ? { kvitterad: T0 + 50 * HOUR } : {}),
          });
        }
      }

      expect(await register.hamtaProtokoll(k)).toStrictEqual(p);
      expect(await register.protokollversioner(id)).toEqual([
        { version: 1, protokoll: p, handelse: 'PROTOKOLLFORT', aktor: 'sekr', tid: new Date(T0) },
      ]);
      expect((await register.justeringar(id)).map((j) => j.tid)).toEqual([new Date(T0 + 24 * HOUR)]);
      expect(await register.anslag(id)).toMatchObject([
        {
          typ: 'PROTOKOLL',
          uppsatt: '2023-10-19',
          overklagandeSenast: '2023-11-09',
          lagaKraft: '2023-11-10',
        },
      ]);
      expect((await register.expedieringar(id)).map((e) => [e.mottagare, e.skickad, e.kvitterad])).toEqual([
        ['Kommunkontoret', new Date(T0 + 48 * HOUR), new Date(T0 + 50 * HOUR)],
        ['Kommunfullmäktige', new Date(T0 + 48 * HOUR), undefined],
      ]);
    });

    it('refuse what no retry can mend, without retrying, saying why', async () => {
      const acts = createSammantradeActivities({ register });
      const p = protokoll({ kommun: 'aktivitetsfel', datum: '2023-10-11', nummer: [1, 2], fulla: [1] });
      await acts.sparaProtokoll({ protokoll: p, version: 1, handelse: 'PROTOKOLLFORT', tid: T0 });

      const fel = async (promise: Promise<unknown>) => {
        const error: unknown = await promise.then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ApplicationFailure);
        const failure = error as ApplicationFailure;
        expect(failure.nonRetryable).toBe(true);
        return failure;
      };

      // An att-sats must begin with "att " (the protocol's schema, in Swedish, naming the field).
      const ogiltig = JSON.parse(JSON.stringify(p)) as { paragrafer: { beslut?: { attSatser: string[] } }[] };
      ogiltig.paragrafer[0]!.beslut!.attSatser[0] = 'godkänna rapporten';
      const a = await fel(
        acts.sparaProtokoll({
          protokoll: ogiltig as unknown as Protokoll,
          version: 2,
          handelse: 'X',
          tid: T0,
        }),
      );
      expect(a.type).toBe('OgiltigSammantradesdata');
      expect(a.message).toContain('protokoll.paragrafer.0.beslut.attSatser.0: en att-sats börjar med "att "');

      const annat = protokoll({ kommun: 'aktivitetsfel', datum: '2023-10-25', nummer: [2, 3] });
      const b = await fel(
        acts.sparaProtokoll({ protokoll: annat, version: 1, handelse: 'PROTOKOLLFORT', tid: T0 }),
      );
      expect(b.type).toBe('ParagrafKonflikt');
      expect(b.message).toContain(`§ 2 is already recorded for ${sammantradeId(p)}`);

      const c = await fel(
        acts.sparaProtokoll({ protokoll: { ...p, plats: 'Annan sal' }, version: 1, handelse: 'X', tid: T0 }),
      );
      expect(c.type).toBe('ProtokollversionKonflikt');

      const dd = await fel(
        acts.sparaAnslag({
          ...nyckelAv(p),
          nyckel: 'fel-datum',
          typ: 'PROTOKOLL',
          paragrafer: [1],
          uppsatt: d('2023-02-30'),
        }),
      );
      expect(dd.type).toBe('OgiltigSammantradesdata');
      expect(dd.message).toContain('uppsatt');

      const e = await fel(
        acts.sparaAnslag({
          ...nyckelAv(p),
          nyckel: 'ned-fore-upp',
          typ: 'PROTOKOLL',
          paragrafer: [1],
          uppsatt: d('2023-10-19'),
          nedtagen: d('2023-10-18'),
        }),
      );
      expect(e.type).toBe('RegisterDataFel');
      expect(e.message).toContain('SQLSTATE 23514');
    });
  });
});
