/**
 * The year's read served from the register (issue 16): `GET /api/kommuner/{kommun}/ar/{ar}` answers from the row
 * the årshjul keeps (`arshjul_oversikt`) and its reports' steps from their tasks' rows, with no workflow query —
 * here no workflow and no worker at all, so the answer can only come from the register — its late marks for
 * today, and a stopped year as the plan.
 */
import { lasAret } from '../../src/api/arshjulAret';
import type { IsoDate } from '../../src/domain/datum';
import { nyUppgift, tillampa, type UppgiftSpec } from '../../src/domain/uppgift';
import type { ArshjulData } from '../../src/workflows/arshjul';
import { api, type Anropa } from '../helpers/api';
import { startWebb, type TestWebb } from '../helpers/webb';

let webb: TestWebb;
let kanslichef: Anropa;

beforeAll(async () => {
  webb = await startWebb({ name: 'arsoversikt' });
  kanslichef = api(webb, (await webb.signIn('kanslichef@lund.example.org')).cookie);
});

afterAll(() => webb?.close());

type Json = Record<string, unknown>;

it('answers the year from the register row, following it as the årshjul writes it', async () => {
  const sokvag = '/api/kommuner/lund/ar/2028';
  const forut = await kanslichef('GET', sokvag);
  expect([forut.status, (forut.json as Json).startat]).toEqual([200, false]);

  // The årshjul's write: the plan, and a first step started by a task long past its due day.
  const { planer } = await webb.deps.activities.planeraArshjul({ kommun: 'lund', ar: 2028 });
  const plan = planer.find((p) => p.steg.length > 0)!;
  const steg = plan.steg[0]!;
  const data: ArshjulData = {
    kommun: 'lund',
    ar: 2028,
    planer,
    handelser: {
      [plan.id]: {
        steg: {
          [steg.organ ? `${steg.steg}:${steg.organ}` : steg.steg]: {
            status: 'PAGAR',
            ansvarig: steg.ansvarig,
            uppgiftId: `${plan.id}/utkast-1`,
            forfaller: '2026-01-02' as IsoDate,
            tid: Date.parse('2025-12-01T08:00:00+01:00'),
          },
        },
      },
    },
    korning: 3,
  };
  await webb.deps.register.sparaArshjulOversikt({
    kommun: 'lund',
    ar: 2028,
    seq: 10,
    status: 'PAGAR',
    data,
  });
  const startat = await kanslichef('GET', sokvag);
  expect(startat.status).toBe(200);
  expect(startat.json).toMatchObject({ startat: true, svarar: true, korning: 3 });
  const rapport = (startat.json as { rapporter: { id: string; steg: Json[] }[] }).rapporter.find(
    (r) => r.id === plan.id,
  )!;
  // Late as of today: computed at read time from the stored due day.
  expect(rapport.steg[0]).toMatchObject({ status: 'FORSENAD', uppgiftId: `${plan.id}/utkast-1` });

  // Read again unchanged: the same bytes under the same tag.
  const igen = await kanslichef('GET', sokvag);
  const tagg = startat.headers.get('etag');
  expect(tagg).toMatch(/^W\/"[0-9a-f]+-[\w-]+"$/);
  expect([igen.headers.get('etag'), igen.bytes.equals(startat.bytes)]).toEqual([tagg, true]);
  expect(igen.headers.get('cache-control')).toBe('no-store');

  // The report's next step: its task, as the task's workflow writes it, with no write of the årshjul's. The year's
  // read shows it at once, and follows it when it is done (the step events are the register's own rows).
  const nasta = plan.steg[1]!;
  const uppgift = nyUppgift(
    {
      id: `${plan.id}/${nasta.steg}-1`,
      kommun: 'lund',
      ...(nasta.organ ? { organ: nasta.organ } : {}),
      typ: nasta.steg as UppgiftSpec['typ'],
      titel: 'Nästa steg',
      process: { id: plan.id, titel: plan.titel },
      tilldelad: nasta.ansvarig,
      forfaller: '2099-01-02' as IsoDate,
      paminnelseDagar: [1],
      eskaleringIntervallDagar: 7,
      utskickKlockan: '08.00',
      kanslichefer: ['kanslichef@lund.example.org'],
      personer: [nasta.ansvarig],
      chefer: {},
    },
    Date.parse('2025-12-02T08:00:00+01:00'),
  );
  await webb.deps.register.sparaUppgift(uppgift);
  const andrat = await kanslichef('GET', sokvag);
  expect(andrat.headers.get('etag')).not.toBe(tagg);
  const steget = async () =>
    ((await kanslichef('GET', sokvag)).json as { rapporter: { id: string; steg: Json[] }[] }).rapporter.find(
      (r) => r.id === plan.id,
    )!.steg[1];
  expect(await steget()).toMatchObject({
    status: 'PAGAR',
    uppgiftId: uppgift.spec.id,
    forfaller: '2099-01-02',
  });
  await webb.deps.register.sparaUppgift(
    tillampa(uppgift, { typ: 'slutfor', aktor: nasta.ansvarig }, Date.parse('2025-12-03T08:00:00+01:00')),
  );
  expect(await steget()).toMatchObject({
    status: 'KLAR',
    uppgiftId: uppgift.spec.id,
    utfordAv: nasta.ansvarig,
  });

  // An older write is ignored; the stop is shown as the plan, with how the year ended.
  await webb.deps.register.sparaArshjulOversikt({
    kommun: 'lund',
    ar: 2028,
    seq: 9,
    status: 'STOPPAD',
    data,
  });
  expect((await kanslichef('GET', sokvag)).json).toMatchObject({ startat: true, korning: 3 });
  await webb.deps.register.sparaArshjulOversikt({
    kommun: 'lund',
    ar: 2028,
    seq: 11,
    status: 'STOPPAD',
    data,
  });
  const stoppat = await kanslichef('GET', sokvag);
  expect([stoppat.status, (stoppat.json as Json).startat, (stoppat.json as Json).stoppat]).toEqual([
    200,
    false,
    'stoppat',
  ]);
});

it('reads the row once for the reads that come while it is on its way; a read after a write sees the write', async () => {
  const register = webb.deps.register;
  const lund = webb.deps.kommuner.get('lund')!;
  const { planer } = await webb.deps.activities.planeraArshjul({ kommun: 'lund', ar: 2029 });
  const data: ArshjulData = { kommun: 'lund', ar: 2029, planer, handelser: {}, korning: 1 };
  await register.sparaArshjulOversikt({ kommun: 'lund', ar: 2029, seq: 1, status: 'PAGAR', data });
  // The register as lasAret sees it, counting its selects of the year's row.
  let selects = 0;
  const raknat = {
    hamtaArshjulOversikt: (...args: Parameters<typeof register.hamtaArshjulOversikt>) => {
      selects += 1;
      return register.hamtaArshjulOversikt(...args);
    },
    rapporternasSteg: (ids: string[]) => register.rapporternasSteg(ids),
  };
  const las = () => lasAret(webb.client, lund, 2029, '2029-03-01' as IsoDate, raknat);

  const tio = await Promise.all(Array.from({ length: 10 }, las));
  expect(selects).toBe(1);
  expect(tio.every((a) => a.lage === 'STARTAT')).toBe(true);

  // One by one, each read selects (the row's seq only, as it is known).
  await las();
  await las();
  expect(selects).toBe(3);

  // Written, then read: its own select, and the new row.
  await register.sparaArshjulOversikt({ kommun: 'lund', ar: 2029, seq: 2, status: 'STOPPAD', data });
  const efter = await las();
  expect(selects).toBe(4);
  expect(efter).toMatchObject({ lage: 'PLAN', stoppat: 'stoppat' });
});
