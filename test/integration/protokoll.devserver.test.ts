/**
 * Issue 13 on the real dev server, through the pages as a nämndsekreterare uses them:
 *
 * - a Lund KS meeting held 20 days ago is registered afterwards: no kallelse goes to anyone;
 * - the facts refuse a justering day beyond 14 days (KL 5 kap. 69 §); the series continues from § 169 as the
 *   first meeting's choice;
 * - each real § of the golden examples (Kungsbacka, config/examples/protokoll/) is recorded through the § editor;
 * - the meeting page flags JUSTERING_FORSENAD while it is not justerat, a justerare's objection to § 99 is refused,
 *   the justering today is flagged on the page, in Årshjulet and in the record;
 * - each § 's protokollsutdrag is a sealed PDF that pdfsig verifies (one changed byte breaks it) holding every fact
 *   of the §; the omedelbart justerad § is on the public anslagstavla, which links its sealed PDF.
 */
import { addDays, dateInStockholm, type IsoDate } from '../../src/domain/datum';
import { isFullParagraf, justeringSenast, type Paragraf } from '../../src/domain/protokoll';
import { sammantradeQuery } from '../../src/workflows/sammantrade';
import { paragraffalt } from '../../src/web/sammantraden/paragrafFalt';
import { api, uppgiftSokvag } from '../helpers/api';
import { withDevWorker } from '../helpers/devServer';
import { readPdf } from '../helpers/dokument';
import { exempel, norm, paragrafFakta } from '../helpers/gyllene';
import { motetBody } from '../helpers/protokollUtkast';
import { pdfsig, TEST_SIGILL_LOSENORD, testSigill } from '../helpers/sigill';
import { until } from '../helpers/until';
import { startWebb, type TestWebb } from '../helpers/webb';

let webb: TestWebb;
const MILJO = 'ARSHJUL_TEST_SIGILL_LOSENORD';

/** The real §§ of the golden examples, each with the numbers the source gave it. */
const verkliga: Paragraf[] = exempel.flatMap((e) =>
  e.protokoll.paragrafer.filter(
    (p): p is Paragraf => isFullParagraf(p) && e.kalla.paragrafer.includes(p.nummer),
  ),
);

beforeAll(async () => {
  webb = await startWebb({ name: 'protokoll' });
  const lund = webb.deps.kommuner.get('lund')!;
  // The kommun's seal (test material, made now) and, as Lund's mottagare, whom the real §§ are sent to.
  const sigill = testSigill();
  lund.protokoll.sigill = { p12: sigill.fil, losenordMiljovariabel: MILJO };
  process.env[MILJO] = TEST_SIGILL_LOSENORD;
  const mottagare = [
    ...new Set(
      verkliga.flatMap((p) => [
        ...p.skickasTill.verkstallighet,
        ...p.skickasTill.kannedom,
        ...p.skickasTill.mottagare,
      ]),
    ),
  ];
  mottagare.forEach((namn, i) =>
    lund.personer.push({
      id: `mottagare-${i + 1}`,
      namn,
      epost: `mottagare-${i + 1}@lund.example.org`,
      roller: [{ roll: 'mottagare' }],
      ersattare: [],
    }),
  );
  await webb.deps.register.syncKommun(lund);
});

afterAll(async () => {
  delete process.env[MILJO];
  await webb?.close();
});

/** Posts a form whose fields may repeat (checkboxes), with the session's CSRF token. */
async function postForm(path: string, cookie: string, falt: Record<string, string | string[]>) {
  const csrf = await webb.csrf(cookie);
  const par: [string, string][] = [['csrf', csrf]];
  for (const [k, v] of Object.entries(falt)) for (const x of ([] as string[]).concat(v)) par.push([k, x]);
  const res = await fetch(`${webb.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams(par).toString(),
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

/** A page's text as read: tags gone, and no space that a tag left before a colon. */
const text = (html: string) =>
  norm(
    html
      .replace(/<[^>]+>/g, ' ')
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'"),
  ).replace(/ :/g, ':');

it('records the real §§ through the § editor, flags the late justering, and gives sealed utdrag', async () => {
  const { client, deps } = webb;
  const idag = dateInStockholm(Date.now());
  const datum = addDays(idag, -20) as IsoDate;
  const sida = `/sammantraden/KS/${datum}`;
  const handle = client.workflow.getHandle(`sammantrade/lund/KS/${datum}`);
  const status = () => handle.query(sammantradeQuery);
  const uppgift = (id: string) => `lund/KS/${datum}/${id}`;

  await withDevWorker(
    webb.taskQueue,
    async () => {
      const { cookie } = await webb.signIn('kommunsekreterare@lund.example.org');
      const start = await webb.post('/sammantraden/starta', cookie, { organ: 'KS', datum });
      expect([start.status, start.location]).toEqual([303, `${sida}?sparat=efterhand`]);
      await until('the meeting under way', async () =>
        (await status()).state.fas === 'PROTOKOLLFORING' ? true : undefined,
      );
      expect((await status()).iEfterhand).toBe(true);
      expect(deps.smtp.messages().filter((m) => m.subject?.startsWith('Kallelse'))).toEqual([]);

      // The facts: a justering day beyond 14 days is refused with the law; the series starts at § 169.
      const anropa = api(webb, cookie);
      const motet = motetBody(datum, 'ks-justerare');
      const sen = await anropa('PUT', `/api/sammantraden/lund/KS/${datum}/motet`, {
        ...motet,
        justering: { ...motet.justering, datum: addDays(datum, 16) },
      });
      expect(sen.status).toBe(409);
      expect(JSON.stringify(sen.json)).toContain('KL 5 kap. 69 §');
      const ok = await anropa('PUT', `/api/sammantraden/lund/KS/${datum}/motet`, {
        ...motet,
        forstaParagraf: 169,
      });
      expect(ok.status).toBe(200);

      // Each real § through the § editor, field by field as the sekreterare types it.
      const nummer: number[] = [];
      for (const [i, p] of verkliga.entries()) {
        const svar = await postForm(`${sida}/paragraf/ny`, cookie, {
          ...paragraffalt(p, []),
          nyckel: `verklig-${i}`,
        });
        expect([svar.status, svar.location]).toEqual([303, `${sida}?sparat=paragraf#paragrafer`]);
        nummer.push(169 + i);
      }
      expect((await status()).state.paragrafer.map((p) => p.nummer)).toEqual(nummer);

      // Not justerat, and the last day has passed: the page says so, with the law.
      const fore = text((await webb.get(sida, cookie)).text);
      expect(fore).toContain(
        `JUSTERING_FORSENAD: Protokollet är inte justerat och sista dagen för justering var ${justeringSenast(datum)}`,
      );

      const skickat = await webb.post(`${sida}/justering`, cookie, {});
      expect(skickat.status).toBe(303);
      // The meeting lists a task as it starts it; the task has started once it has stored itself (the commands
      // below are checked against its register row).
      await until('the justering tasks, started', async () => {
        const ids = Object.keys((await status()).uppgifter).filter((id) => id.includes('/justering-1-'));
        if (ids.length !== 2) return undefined;
        const rader = await Promise.all(ids.map((id) => deps.register.hamtaUppgift(id)));
        return rader.every(Boolean) ? true : undefined;
      });

      // The justerare objects to § 99, which the protocol does not have: refused, naming it.
      const justerare = api(webb, (await webb.signIn('ks.justerare@lund.example.org')).cookie);
      const fel = await justerare('POST', uppgiftSokvag(uppgift('justering-1-ks-justerare'), 'returnera'), {
        kommentar: 'Fel i § 99.',
        paragrafer: [99],
      });
      expect(fel.status).toBe(409);
      expect(JSON.stringify(fel.json)).toContain('§ 99 finns inte i protokollet');

      const ordforande = api(webb, (await webb.signIn('ks.ordforande@lund.example.org')).cookie);
      expect(
        (await ordforande('POST', uppgiftSokvag(uppgift('justering-1-ks-ordforande'), 'godkann'), {})).status,
      ).toBe(200);
      expect(
        (await justerare('POST', uppgiftSokvag(uppgift('justering-1-ks-justerare'), 'godkann'), {})).status,
      ).toBe(200);
      await until('justerat', async () => ((await status()).state.justerad === idag ? true : undefined));

      // Justerat late: on the page, in the kanslichef's Årshjulet and in the record, with the law.
      const flagga = `Protokollet justerades ${idag}, efter sista dagen för justering ${justeringSenast(datum)}`;
      expect(text((await webb.get(sida, cookie)).text)).toContain(`JUSTERING_FORSENAD: ${flagga}`);
      const kanslichef = (await webb.signIn('kanslichef@lund.example.org')).cookie;
      // Årshjulet reads the meetings from the register, which the meeting's activity writes a moment after its step.
      const arshjulet = await until('the late justering on Årshjulet', async () => {
        const sidan = text((await webb.get(`/arshjul?ar=${datum.slice(0, 4)}`, kanslichef)).text);
        return sidan.includes(`Kommunstyrelsen ${datum}: ${flagga}`) ? sidan : undefined;
      });
      expect(arshjulet).toContain('Försenade justeringar (JUSTERING_FORSENAD)');
      expect(arshjulet).toContain(`Kommunstyrelsen ${datum}: ${flagga}`);

      // Each § 's protokollsutdrag: sealed, verified by pdfsig, holding every fact of the § and the flag.
      for (const [i, p] of verkliga.entries()) {
        const n = nummer[i]!;
        const pdf = await fetch(`${webb.base}${sida}/protokollsutdrag/${n}.pdf`, { headers: { cookie } });
        expect(pdf.status).toBe(200);
        const bytes = Buffer.from(await pdf.arrayBuffer());
        expect(pdfsig(bytes)).toMatchObject({ giltig: true });
        const lasta = norm(readPdf(bytes).flat);
        const { nummer: _n, ...utanNummer } = p;
        for (const faktum of paragrafFakta(utanNummer as Paragraf)) expect(lasta).toContain(faktum);
        expect(lasta).toContain(`Försenad justering: protokollet justerades ${idag}`);
        expect(lasta).toContain('Justerat digitalt');
        if (i === 0) {
          const andrad = Buffer.from(bytes);
          andrad[andrad.indexOf('Kommunstyrelsen')] = 'k'.charCodeAt(0);
          expect(pdfsig(andrad).giltig).toBe(false);
        }
      }

      // The omedelbart justerad § is on the public anslagstavla, which links its sealed utdrag.
      const omedelbar = nummer[verkliga.findIndex((p) => p.omedelbartJusterad)]!;
      const tavlan = (await webb.get('/anslagstavla/lund')).text;
      const lank = `/anslagstavla/lund/KS/${datum}/utdrag-${omedelbar}.pdf`;
      expect(tavlan).toContain(`href="${lank}"`);
      const publik = Buffer.from(await (await fetch(`${webb.base}${lank}`)).arrayBuffer());
      expect(pdfsig(publik)).toMatchObject({ giltig: true });

      await handle.terminate('test done');
    },
    deps.activities,
  );

  const protokoll = (await deps.register.hamtaProtokoll({ kommun: 'lund', organ: 'KS', datum }))!;
  expect(protokoll.justering.justerad).toBe(idag);
  expect(protokoll.justering.signaturer.map((s) => s.roll)).toEqual(['Ordförande', 'Justerare']);
}, 240_000);
