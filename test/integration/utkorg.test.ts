/**
 * The outbox of task mail (issue 16, src/activities/utkorg.ts) on the register — PGlite and a real PostgreSQL
 * server — and a real SMTP server on loopback: a queued message goes out at once and leaves the outbox; a repeated
 * queue sends nothing twice; a relay that is down is tried again until it takes the message; a message made stale
 * meanwhile, or one that can never go out, is dropped unsent; a row its process left claimed is sent by another's
 * sweep once the claim runs out; two processes sweeping one outbox send each message once; a message still
 * refused a day after it was queued is given up; and /metrics shows what waits.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createActivities, type Aktiviteter } from '../../src/activities';
import { createApp } from '../../src/api/app';
import type { Uppgiftsmeddelande } from '../../src/workflows/activities';
import { skapaUtkorg, type Utkorg } from '../../src/activities/utkorg';
import { createMailTransport } from '../../src/mail/transport';
import {
  arshjulTestDeps,
  TEST_BASE_URL,
  TEST_HEMLIGHET,
  TEST_UTKORG,
  type ArshjulTestDeps,
} from '../helpers/arshjulActivities';
import { lundUtkastUppgift } from '../helpers/lund';
import { createTestSchema, type TestSchema } from '../helpers/postgres';
import { until } from '../helpers/until';
import { avbryt, nyUppgift } from '../../src/domain/uppgift';
import type { IsoDate } from '../../src/domain/datum';

describe.each([
  ['PGlite', false],
  ['PostgreSQL', true],
])('the outbox on %s', (_namn, server) => {
  let schema: TestSchema | undefined;
  let deps: ArshjulTestDeps;
  let n = 0;

  beforeAll(async () => {
    schema = server ? await createTestSchema('utkorg') : undefined;
    deps = await arshjulTestDeps(schema ? { registerUrl: schema.url } : {});
  });

  afterAll(async () => {
    await deps?.close();
    await schema?.drop();
  });

  beforeEach(() => {
    deps.smtp.refuse(false);
  });

  /** A "Ny uppgift" to the KS handläggare, under a key of its own. */
  function meddelande(extra: Partial<Uppgiftsmeddelande> = {}): Uppgiftsmeddelande {
    n += 1;
    return {
      nyckel: `utkorgstest:${server ? 'pg' : 'pglite'}:${n}`,
      kommun: 'lund',
      slag: 'NY',
      mottagare: ['handlaggare-ks'],
      uppgift: {
        id: `utkorgstest/${server ? 'pg' : 'pglite'}/${n}`,
        titel: `Utkorgens uppgift ${n}`,
        typ: 'utkast',
        processTitel: 'Delårsrapport',
        forfaller: '2030-01-31' as IsoDate,
        tilldelad: 'handlaggare-ks',
      },
      icsSekvens: 0,
      ...extra,
    };
  }

  const mottagna = (m: Uppgiftsmeddelande) =>
    deps.smtp.messages().filter((x) => x.subject?.includes(m.uppgift.titel));
  const iUtkorgen = async (m: Uppgiftsmeddelande) =>
    (await deps.register.utkorgen()).find((r) => r.nyckel === m.nyckel);
  const utUrUtkorgen = (m: Uppgiftsmeddelande) =>
    until(`${m.nyckel} out of the outbox`, async () => ((await iUtkorgen(m)) ? undefined : true));

  it('answers once a message is queued, sends it at once, and a repeated queue sends nothing twice', async () => {
    const m = meddelande();
    await deps.utkorg.koa([m]);
    await until('the mail', () => (mottagna(m).length > 0 ? true : undefined));
    await utUrUtkorgen(m);
    expect((await deps.register.mailLogg({ uppgiftId: m.uppgift.id })).map((r) => r.status)).toEqual([
      'SKICKAD',
    ]);
    // The local activity run again (a workflow task repeated): queued anew, found sent in the mail log.
    await deps.utkorg.koa([m]);
    await utUrUtkorgen(m);
    expect(mottagna(m)).toHaveLength(1);
  });

  it('tries again while the relay is down, and sends once it takes mail again', async () => {
    const m = meddelande();
    const fore = deps.smtp.refusals();
    deps.smtp.refuse(true);
    await deps.utkorg.koa([m]);
    // Refused, and tried again: the row stays, its attempts counted and its error kept.
    const rad = await until('two refused attempts', async () => {
      const r = await iUtkorgen(m);
      return r && r.forsok >= 2 && deps.smtp.refusals() >= fore + 2 ? r : undefined;
    });
    expect(rad.senasteFel).toBeDefined();
    expect(mottagna(m)).toHaveLength(0);
    deps.smtp.refuse(false);
    await utUrUtkorgen(m);
    expect(mottagna(m)).toHaveLength(1);
  });

  it('drops a message made stale while it waited: the task is no longer open', async () => {
    const lund = deps.kommuner.get('lund')!;
    const spec = lundUtkastUppgift(lund, `utkorg-${server ? 'pg' : 'pglite'}`, '2030-01-31' as IsoDate);
    const state = nyUppgift(spec, Date.parse('2029-12-01T09:00:00Z'));
    await deps.register.sparaUppgift(state);
    const m = meddelande({ medanOppen: {} });
    m.uppgift.id = spec.id;
    deps.smtp.refuse(true);
    const fore = deps.smtp.refusals();
    await deps.utkorg.koa([m]);
    await until('a refused attempt', () => (deps.smtp.refusals() > fore ? true : undefined));
    // Cancelled while the relay was down: the next attempt finds it stale and drops it, the relay still refusing.
    await deps.register.sparaUppgift(avbryt(state, Date.parse('2029-12-02T09:00:00Z')));
    await utUrUtkorgen(m);
    deps.smtp.refuse(false);
    expect(mottagna(m)).toHaveLength(0);
    expect((await deps.register.mailLogg({ uppgiftId: spec.id })).map((r) => r.status)).not.toContain(
      'SKICKAD',
    );
  });

  it('drops a message that can never go out (a kommun the config lacks)', async () => {
    const m = meddelande({ kommun: 'okand-kommun' });
    await deps.utkorg.koa([m]);
    await utUrUtkorgen(m);
    expect(mottagna(m)).toHaveLength(0);
  });

  it('sends what a process left claimed once its claim runs out, and two sweeping processes send each once', async () => {
    // Queued by a process that died before it sent: claimed for no time at all.
    const lamnade = [meddelande(), meddelande(), meddelande()];
    await deps.register.koaMail(
      lamnade.map((m) => ({ nyckel: m.nyckel, kommun: m.kommun, uppgiftId: m.uppgift.id, meddelande: m })),
      0,
    );
    // Two more worker processes on the same register and relay, sweeping beside the tests' own.
    const andra: Aktiviteter[] = [0, 1].map(() =>
      createActivities({
        register: deps.register,
        kommuner: deps.kommuner,
        transport: createMailTransport(deps.smtp.url),
        fran: 'Årshjul <arshjul@lund.example.org>',
        baseUrl: TEST_BASE_URL,
        hemlighet: TEST_HEMLIGHET,
        utkorg: TEST_UTKORG,
      }),
    );
    for (const a of andra) a.utkorg.starta();
    try {
      for (const m of lamnade) await utUrUtkorgen(m);
      for (const m of lamnade) expect(mottagna(m)).toHaveLength(1);
    } finally {
      for (const a of andra) await a.utkorg.stang();
    }
  });

  it('shows on /metrics what waits in the outbox while the relay is down, and nothing once it is back', async () => {
    const app = createApp({
      temporalAnswers: () => Promise.resolve(true),
      metrics: true,
      utkorg: () => deps.register.utkorgensLage(),
    });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const metrics = async () => {
      const text = await (
        await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`)
      ).text();
      const varde = (namn: string) => Number(new RegExp(`^${namn} (\\S+)$`, 'm').exec(text)?.[1]);
      return {
        antal: varde('arshjul_mail_utkorg_meddelanden'),
        aldsta: varde('arshjul_mail_utkorg_aldsta_sekunder'),
      };
    };
    try {
      expect(await metrics()).toEqual({ antal: 0, aldsta: 0 });
      deps.smtp.refuse(true);
      const m = meddelande();
      await deps.utkorg.koa([m]);
      await new Promise((r) => setTimeout(r, 300));
      const medan = await metrics();
      expect(medan.antal).toBe(1);
      expect(medan.aldsta).toBeGreaterThan(0.2);
      deps.smtp.refuse(false);
      await utUrUtkorgen(m);
      expect(await metrics()).toEqual({ antal: 0, aldsta: 0 });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('gives a message up once the next attempt would come after its day', async () => {
    const m = meddelande();
    // This outbox reads every row as queued a day ago.
    const gammal: Utkorg = skapaUtkorg({
      register: {
        ...deps.register,
        koaMail: async (rader, s) =>
          (await deps.register.koaMail(rader, s)).map((r) => ({ ...r, geUpp: new Date() })),
      },
      skicka: deps.activities.skickaUppgiftsmeddelande,
      pagaende: new Map(),
      installningar: TEST_UTKORG,
    });
    deps.smtp.refuse(true);
    const fore = deps.smtp.refusals();
    await gammal.koa([m]);
    await utUrUtkorgen(m);
    expect(deps.smtp.refusals()).toBe(fore + 1);
    await gammal.stang();
    deps.smtp.refuse(false);
    expect(mottagna(m)).toHaveLength(0);
  });
});
