/**
 * The REST API over HTTP against the real dev server: the public paths answer without a session and every other
 * `/api/` path 401; a Linköping KS meeting goes from start to anslag through the API alone — the sekreterare
 * records it, the ordförande and the justerare justera it by approving their tasks — with the documents, the
 * anslagstavla, errors that name the field, and every command in the register's audit log.
 */
import { addDays, dateInStockholm, type IsoDate } from '../../src/domain/datum';
import { openDayOnOrAfter } from '../../src/domain/arbetsdagar';
import { beraknaFrister } from '../../src/domain/frister';
import { langtDatum } from '../../src/domain/svenskTid';
import { openBrowser, screenshot } from '../helpers/browser';
import { api, uppgiftSokvag, type Anropa } from '../helpers/api';
import { withDevWorker } from '../helpers/devServer';
import { motetBody, paragrafBody } from '../helpers/protokollUtkast';
import { rensa } from '../helpers/rensa';
import { until } from '../helpers/until';
import { startWebb, type TestWebb } from '../helpers/webb';

let webb: TestWebb;
let anonym: Anropa;

beforeAll(async () => {
  webb = await startWebb({ name: 'api' });
  anonym = api(webb);
});

afterAll(() => webb?.close());

type Json = Record<string, unknown>;

describe('without a session', () => {
  it('answers the public paths', async () => {
    const frister = await anonym('GET', '/api/frister?sammantrade=2023-10-11');
    expect(frister.status).toBe(200);
    const tavla = await anonym('GET', '/api/anslagstavla/lund');
    expect([tavla.status, tavla.json]).toEqual([200, { kommun: 'lund', anslag: [] }]);
    const okandKommun = await anonym('GET', '/api/anslagstavla/atlantis');
    expect([okandKommun.status, (okandKommun.json as Json).issues]).toEqual([
      404,
      [{ field: 'kommun', rule: 'finns', message: 'okänd kommun "atlantis"' }],
    ]);

    const dokument = await anonym('GET', '/api/openapi.json');
    expect(dokument.status).toBe(200);
    expect((dokument.json as Json).openapi).toBe('3.1.0');

    const docs = await anonym('GET', '/api/docs');
    expect(docs.status).toBe(200);
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(docs.bytes.toString()).toContain('/api/docs/swagger-ui-bundle.js');
    const bundle = await anonym('GET', '/api/docs/swagger-ui-bundle.js');
    expect([bundle.status, bundle.headers.get('content-type')]).toEqual([
      200,
      expect.stringMatching(/javascript/),
    ]);
    // Only the docs page may run scripts.
    expect(
      (await anonym('GET', '/api/anslagstavla/lund')).headers.get('content-security-policy') ?? '',
    ).not.toContain('script-src');
  });

  it.each([
    ['GET', '/api/tasks'],
    ['GET', '/api/kommuner'],
    ['GET', '/api/kommuner/lund/ar/2027'],
    ['POST', '/api/kommuner/lund/ar/2027/start'],
    ['GET', '/api/arenden'],
    ['POST', '/api/sammantraden'],
    ['GET', '/api/sammantraden/lund/KS/2027-01-13/protokoll'],
    ['POST', `/api/tasks/${encodeURIComponent('lund/x/utkast-1')}/slutfor`],
    ['GET', '/api/finns-inte'],
  ])('answers %s %s with 401 JSON', async (metod, sokvag) => {
    const svar = await anonym(metod, sokvag, metod === 'GET' ? undefined : {});
    expect(svar.status).toBe(401);
    expect(svar.json).toEqual({
      error: 'unauthenticated',
      message: expect.stringContaining('logga in'),
      issues: [expect.objectContaining({ field: 'arshjul_session', rule: 'inloggning' })],
    });
  });
});

it('runs a Linköping KS meeting from start to anslag through the API', async () => {
  const sekreterare = api(webb, (await webb.signIn('kommunsekreterare@linkoping.example.org')).cookie);
  const ordforande = api(webb, (await webb.signIn('ks.ordforande@linkoping.example.org')).cookie);
  const justerare = api(webb, (await webb.signIn('ks.justerare@linkoping.example.org')).cookie);
  const handlaggare = api(webb, (await webb.signIn('controller.klf@linkoping.example.org')).cookie);
  const kanslichef = api(webb, (await webb.signIn('kanslichef@linkoping.example.org')).cookie);
  // Two days ago: the CLI's Linköping meeting test holds the KS meeting of today on the same dev server.
  const idag = dateInStockholm(Date.now());
  const datum = addDays(idag, -2);
  const motet = `/api/sammantraden/linkoping/KS/${datum}`;
  const id = `sammantrade/linkoping/KS/${datum}`;

  // The kommun and its year, as anyone there sees them.
  const kommuner = await handlaggare('GET', '/api/kommuner');
  expect(kommuner.status).toBe(200);
  expect((kommuner.json as { kommuner: Json[] }).kommuner.map((k) => k.id)).toEqual(['linkoping']);
  expect((await handlaggare('GET', '/api/kommuner/lund')).status).toBe(403);
  const plan = await handlaggare('GET', '/api/kommuner/linkoping/ar/2027');
  expect([plan.status, (plan.json as Json).startat, (plan.json as Json).ar]).toEqual([200, false, 2027]);
  // A year whose sammanträdesplan is not in the config cannot be started: every step would be guessed.
  const utanPlan = await kanslichef('POST', '/api/kommuner/linkoping/ar/2027/start', {});
  expect([utanPlan.status, (utanPlan.json as Json).issues]).toEqual([
    409,
    [expect.objectContaining({ field: 'ar', rule: 'sammantradesplan' })],
  ]);
  expect((await kanslichef('POST', '/api/kommuner/linkoping/ar/9999/start', {})).status).toBe(400);
  // A year whose dates have passed shows what starting it would do, and starts only once the kanslichef has
  // chosen per report or confirmed the proposals.
  const forhand = await kanslichef('GET', '/api/kommuner/linkoping/ar/2024/forhandsvisning');
  expect([forhand.status, (forhand.json as Json).efterStart]).toEqual([200, true]);
  expect((forhand.json as { rapporter: Json[] }).rapporter.map((r) => (r.forslag as Json).val)).toContain(
    'redan-gjort',
  );
  const ovald = await kanslichef('POST', '/api/kommuner/linkoping/ar/2024/start', {});
  expect([ovald.status, (ovald.json as Json).issues]).toEqual([
    409,
    [expect.objectContaining({ field: 'val', rule: 'forhandsvisning' })],
  ]);
  const felval = await kanslichef('POST', '/api/kommuner/linkoping/ar/2024/start', {
    val: { 'linkoping/2024/KS/evp': { val: 'redan-gjort', till: 'revisorer' } },
  });
  expect([felval.status, (felval.json as Json).issues]).toEqual([
    400,
    [expect.objectContaining({ field: 'val.linkoping/2024/KS/evp', rule: 'steg_finns' })],
  ]);
  // Started, and no worker has run it yet: its plan as made today, saying it did not answer — never a 500.
  try {
    expect(
      (await kanslichef('POST', '/api/kommuner/linkoping/ar/2024/start', { bekrafta: true })).status,
    ).toBe(201);
    const startad = await kanslichef('GET', '/api/kommuner/linkoping/ar/2024');
    expect([startad.status, (startad.json as Json).startat, (startad.json as Json).svarar]).toEqual([
      200,
      true,
      false,
    ]);
    expect((startad.json as { rapporter: unknown[] }).rapporter).toHaveLength(5);
  } finally {
    // No worker ran it, so the årshjul is all there is: no report or task was started.
    await rensa(webb.client, (id) => id === 'arshjul/linkoping/2024');
  }
  const arenden = await handlaggare('GET', '/api/arenden?ar=2026');
  expect([arenden.status, arenden.json]).toEqual([200, { arenden: [] }]);
  expect((await handlaggare('GET', '/api/arenden/8c7a3a4e-7c1e-4b8e-9a59-3d8f3c1f2b11')).status).toBe(404);

  await withDevWorker(
    webb.taskQueue,
    async () => {
      // A command that is not JSON is refused before anything is parsed: a form cannot be an API command.
      const form = await sekreterare('POST', '/api/sammantraden', undefined, {
        contentType: 'application/x-www-form-urlencoded',
        rawBody: `kommun=linkoping&organ=KS&datum=${datum}`,
      });
      expect([form.status, (form.json as Json).issues]).toEqual([
        415,
        [expect.objectContaining({ field: 'content-type', rule: 'json' })],
      ]);
      const utanOrgan = await sekreterare('POST', '/api/sammantraden', { kommun: 'linkoping', datum });
      expect([utanOrgan.status, utanOrgan.json]).toEqual([
        400,
        {
          error: 'invalid_input',
          message: 'organ: obligatoriskt fält saknas',
          issues: [{ field: 'organ', rule: 'obligatorisk', message: 'obligatoriskt fält saknas' }],
        },
      ]);
      expect(
        (await handlaggare('POST', '/api/sammantraden', { kommun: 'linkoping', organ: 'KS', datum })).status,
      ).toBe(403);

      const startat = await sekreterare('POST', '/api/sammantraden', {
        kommun: 'linkoping',
        organ: 'KS',
        datum,
      });
      expect([startat.status, startat.json]).toEqual([201, { id, lank: motet }]);
      const igen = await sekreterare('POST', '/api/sammantraden', {
        kommun: 'linkoping',
        organ: 'KS',
        datum,
      });
      expect([igen.status, (igen.json as Json).issues]).toEqual([
        409,
        [expect.objectContaining({ field: 'datum', rule: 'redan_startat' })],
      ]);

      // Started on the day: the kallelse goes out at once and the protocol is recorded.
      await until('the protocol phase', async () => {
        const s = await handlaggare('GET', motet);
        return s.status === 200 && (s.json as Json).fas === 'PROTOKOLLFORING' ? s : undefined;
      });
      // Too late for the föredragningslista: the workflow's validator says so.
      const sent = await sekreterare('POST', `${motet}/arenden`, { rubrik: 'Ett sent ärende' });
      expect([sent.status, (sent.json as Json).issues]).toEqual([
        409,
        [expect.objectContaining({ field: '', rule: 'fel_fas' })],
      ]);
      // The § before the meeting's facts: refused by the workflow, nothing recorded.
      const tidig = await sekreterare(
        'POST',
        `${motet}/paragrafer`,
        paragrafBody({ verkstallighet: ['Kommunledningsförvaltningen'], kannedom: ['Kommunfullmäktige'] }),
      );
      expect([tidig.status, (tidig.json as Json).issues]).toEqual([
        409,
        [expect.objectContaining({ rule: 'motet_forst' })],
      ]);

      const fakta = await sekreterare('PUT', `${motet}/motet`, motetBody(datum, 'ks-justerare'));
      expect(fakta.status).toBe(200);
      const paragraf = await sekreterare(
        'POST',
        `${motet}/paragrafer`,
        paragrafBody({ verkstallighet: ['Kommunledningsförvaltningen'], kannedom: ['Kommunfullmäktige'] }),
      );
      expect([paragraf.status, paragraf.json]).toEqual([201, { nummer: 1 }]);
      const fel = await sekreterare('PUT', `${motet}/paragrafer/1`, { paragraf: { rubrik: 'x' } });
      expect(fel.status).toBe(400);
      expect((fel.json as { issues: { field: string }[] }).issues.map((f) => f.field)).toContain(
        'paragraf.rubrik',
      );

      // The draft protocol: for those who write and justera it, not yet for everyone.
      const utkast = await justerare('GET', `${motet}/protokoll?format=html`);
      expect([utkast.status, utkast.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
      // A draft is kept by no cache, is not sniffed, and as HTML can run no script.
      expect([
        utkast.headers.get('cache-control'),
        utkast.headers.get('x-content-type-options'),
        utkast.headers.get('content-security-policy'),
      ]).toEqual(['no-store', 'nosniff', expect.stringMatching(/^default-src 'none'/)]);
      const forTidigt = await handlaggare('GET', `${motet}/protokoll`);
      expect([forTidigt.status, (forTidigt.json as Json).issues]).toEqual([
        403,
        [expect.objectContaining({ rule: 'protokollets_personer_fore_justering' })],
      ]);

      // The protocol task is the sekreterare's; the kanslichef moves its due date. The task workflow stores
      // it in the register by an activity of its own, so the list shows it shortly after the phase changed.
      const protokollUppgift = `linkoping/KS/${datum}/protokoll-1`;
      const egna = await until("the protocol task in the sekreterare's list", async () => {
        const u = (await sekreterare('GET', '/api/tasks?status=OPPEN&typ=protokoll')).json as {
          uppgifter: Json[];
        };
        return u.uppgifter.length > 0 ? u.uppgifter : undefined;
      });
      expect(egna.map((u) => u.id)).toEqual([protokollUppgift]);
      const flytt = await kanslichef('POST', uppgiftSokvag(protokollUppgift, 'andraForfallodag'), {
        // A new due date is an open day from today on (src/domain/forfallodag.ts).
        forfaller: openDayOnOrAfter(idag),
        kommentar: 'Protokollet behövs i dag.',
      });
      expect(flytt.status).toBe(200);
      expect(
        (await sekreterare('POST', uppgiftSokvag(protokollUppgift, 'andraForfallodag'), { forfaller: idag }))
          .status,
      ).toBe(403);

      const skickat = await sekreterare('POST', `${motet}/justering`, {});
      expect([skickat.status, (skickat.json as Json).fas]).toEqual([200, 'JUSTERING']);

      // Justering: the ordförande and the justerare approve their tasks.
      for (const [vem, person] of [
        [ordforande, 'ks-ordforande'],
        [justerare, 'ks-justerare'],
      ] as const) {
        const uppgifter = await until(`${person}'s justering task`, async () => {
          const u = (await vem('GET', '/api/tasks?typ=justering&status=OPPEN')).json as { uppgifter: Json[] };
          return u.uppgifter.length === 1 ? u.uppgifter : undefined;
        });
        const uppgiftId = uppgifter[0]!.id as string;
        // Someone else's task: to her it does not exist (404, as an unknown id), and the workflow would refuse too.
        expect((await handlaggare('POST', uppgiftSokvag(uppgiftId, 'godkann'), {})).status).toBe(404);
        expect((await vem('POST', uppgiftSokvag(uppgiftId, 'slutfor'), {})).status).toBe(409);
        const godkand = await vem('POST', uppgiftSokvag(uppgiftId, 'godkann'), { kommentar: 'Justerat.' });
        expect([godkand.status, (godkand.json as Json).status]).toEqual([200, 'GODKAND']);
        const igenGodkand = await vem('POST', uppgiftSokvag(uppgiftId, 'godkann'), {});
        expect([igenGodkand.status, (igenGodkand.json as Json).issues]).toEqual([
          409,
          [expect.objectContaining({ rule: 'uppgiften_avslutad' })],
        ]);

        // The command is in the audit log, as the person's.
        const audit = await until(`the audit entry of ${uppgiftId}`, async () => {
          const rader = await webb.deps.register.auditLogg({ objekt: `uppgift:${uppgiftId}` });
          return rader.find((r) => r.handling === 'GODKAND');
        });
        expect(audit).toMatchObject({ aktor: person, handling: 'GODKAND' });
        const las = await until(`${uppgiftId} in the register`, async () => {
          const u = await vem('GET', uppgiftSokvag(uppgiftId));
          return (u.json as Json).status === 'GODKAND' ? u : undefined;
        });
        expect((las.json as { historik: Json[] }).historik.map((h) => h.typ)).toEqual(['SKAPAD', 'GODKAND']);
      }

      // Justerat, and the workflow posts the anslag by itself (Linköping: the same day).
      const anslag = await until('the anslag', async () => {
        const a = (await handlaggare('GET', `${motet}/anslag`)).json as { anslag: Json[] };
        return a.anslag.length > 0 ? a.anslag : undefined;
      });
      expect(anslag[0]).toMatchObject({ typ: 'PROTOKOLL', paragrafer: [1], uppsatt: idag });
      const tavla = await anonym('GET', '/api/anslagstavla/linkoping');
      expect((tavla.json as { anslag: Json[] }).anslag[0]).toMatchObject({
        organ: 'KS',
        datum,
        typ: 'PROTOKOLL',
        dokument: `/anslagstavla/linkoping/KS/${datum}/protokoll.pdf`,
      });
      // The same in a browser, as the public reads it: the protocol went up today, and its last day to appeal
      // is three weeks on (KL 13 kap. 5 §, söndagsregeln), with the document a click away.
      const sista = (tavla.json as { anslag: { overklagandeSenast: IsoDate }[] }).anslag[0]!
        .overklagandeSenast;
      const frister = beraknaFrister({ sammantrade: datum, justering: idag, anslag: idag });
      expect(sista).toBe(frister.overklagandeSenast);
      const browser = await openBrowser();
      try {
        const sida = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
        await sida.goto(`${webb.base}/anslagstavla/linkoping`);
        const rad = sida.locator('tbody tr').first();
        expect(await rad.locator('td').allTextContents()).toEqual([
          'Kommunstyrelsen',
          datum,
          'Justerat protokoll § 1',
          idag,
          langtDatum(sista),
          frister.anslagNedtidigast,
          'Protokoll (PDF)',
        ]);
        const pdfSvar = await sida.request.get(
          `${webb.base}/anslagstavla/linkoping/KS/${datum}/protokoll.pdf`,
        );
        expect([pdfSvar.status(), pdfSvar.headers()['content-type']]).toEqual([200, 'application/pdf']);
        await screenshot(sida, 'anslagstavla-linkoping');
      } finally {
        await browser.close();
      }

      // Now the protocol is everyone's in the kommun.
      const pdf = await until('the justerat protocol', async () => {
        const p = await handlaggare('GET', `${motet}/protokoll?format=pdf`);
        return p.status === 200 ? p : undefined;
      });
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const utdrag = await handlaggare('GET', `${motet}/protokollsutdrag?paragrafer=1&format=docx`);
      expect([utdrag.status, utdrag.bytes.subarray(0, 2).toString()]).toEqual([200, 'PK']);
      expect(utdrag.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.docx"$/);
      const okandParagraf = await handlaggare('GET', `${motet}/protokollsutdrag?paragrafer=7`);
      expect([okandParagraf.status, (okandParagraf.json as { issues: Json[] }).issues[0]?.field]).toEqual([
        400,
        'paragrafer',
      ]);

      // Every command of the sekreterare is audited as theirs.
      const motesaudit = await webb.deps.register.auditLogg({ objekt: id });
      expect(motesaudit.filter((r) => r.aktor === 'kommunsekreterare').map((r) => r.handling)).toEqual(
        expect.arrayContaining(['SAMMANTRADE_STARTAT', 'SKICKAT_TILL_JUSTERING']),
      );
    },
    webb.deps.activities,
  );
}, 120_000);
