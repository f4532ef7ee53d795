/**
 * The walk through the web app in a real browser (Debian's Chromium, playwright-core), against the real
 * dev server, a register and a real SMTP server: the kanslichef of Lund signs in by the mail link and starts the
 * year 2026 from Årshjulet; the KS delårsrapport per den 31 augusti goes from the handläggare's task — the
 * prefilled tjänsteskrivelse downloaded and uploaded back, the report uploaded — through the chef's approval of
 * the PDF shown inline, a new version that reopens it, and the beredning; the approved versions are on the
 * föredragningslista and attached to the kallelse (the same SHA-256); the sekreterare starts the KS meeting of 2026-10-14 (held before the year was
 * in Årshjul), records its facts and the report's § and sends the protocol for justering; the ordförande and the
 * justerare justera from their tasks; the sekreterare downloads the protokollsutdrag; and the kanslichef sees the
 * late tasks first. Every page on the way is saved as a screenshot (test/helpers/browser.ts) to be looked at, and
 * checked with axe-core against WCAG 2.1 AA (test/helpers/axe.ts).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import PizZip from 'pizzip';
import { granska, visa } from '../helpers/axe';
import { openBrowser, screenshot } from '../helpers/browser';
import { withDevWorker } from '../helpers/devServer';
import { readPdf } from '../helpers/dokument';
import { rapportPdf } from '../helpers/filer';
import { rensa, kommunensAr } from '../helpers/rensa';
import { until as vanta } from '../helpers/until';
import { startWebb, type TestWebb } from '../helpers/webb';

const AR = 2026;
const RAPPORT = 'Delårsrapport per den 31 augusti 2026 för kommunstyrelsen';
const MOTET = '/sammantraden/KS/2026-10-14';

let webb: TestWebb;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  webb = await startWebb({ name: 'webblasare' });
  await rensa(webb.client, kommunensAr('lund', AR));
  browser = await openBrowser();
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  if (webb) await rensa(webb.client, kommunensAr('lund', AR));
  await webb?.close();
});

/** A person's own browser, signed in through the mail link as a person does it: on `till` afterwards. */
async function signIn(epost: string, till: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  contexts.push(context);
  const page = await context.newPage();
  await page.goto(`${webb.base}${till}`);
  expect(new URL(page.url()).pathname).toBe('/logga-in');
  await granska(page, 'logga-in');
  await page.getByLabel('Din e-postadress').fill(epost);
  const before = webb.deps.smtp.messages().length;
  await page.getByRole('button', { name: 'Skicka inloggningslänk' }).click();
  await page.getByRole('heading', { name: 'Kolla din e-post' }).waitFor();
  await granska(page, 'kolla-din-e-post');
  const link = await until(() => {
    const mail = webb.deps.smtp
      .messages()
      .slice(before)
      .find((m) => m.envelope.rcptTo.includes(epost) && m.subject === 'Din inloggningslänk till Årshjul');
    return mail && /http:\/\/arshjul\.test(\/logga-in\/\S+)/.exec(mail.text!)?.[1];
  }, `the sign-in mail to ${epost}`);
  await page.goto(`${webb.base}${link}`);
  await granska(page, 'logga-in-lank');
  await page.getByRole('button', { name: /^Logga in som / }).click();
  await page.waitForURL((url) => `${url.pathname}${url.search}` === till);
  return page;
}

/** The shared poll (../helpers/until.ts) for a condition that is met when truthy, for a minute. */
const until = <T>(check: () => T | undefined | false | Promise<T | undefined | false>, what: string) =>
  vanta(what, async () => (await check()) || undefined, 60_000);

/** The page at a phone's width (390 px), looked at and checked, then back at the laptop's. */
async function telefon(page: Page, namn: string): Promise<void> {
  await page.setViewportSize({ width: 390, height: 844 });
  await visa(page, namn);
  // Nothing is cut off or pushes the page sideways (a wide table scrolls in its own region).
  await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Reloads a page until a link with `name` is on it, then follows it. */
async function openWhenListed(page: Page, name: string | RegExp): Promise<void> {
  await until(
    async () => {
      await page.reload();
      return (await page.getByRole('link', { name }).count()) > 0;
    },
    `a link "${String(name)}" on ${page.url()}`,
  );
  await page.getByRole('link', { name }).first().click();
}

/** Uploads a file as a new version from the page's upload form, and waits for "Klart". */
async function laddaUpp(
  page: Page,
  roll: string,
  fil: { name: string; mimeType: string; buffer: Buffer },
  kommentar?: string,
): Promise<void> {
  await page.getByLabel('Vilken handling').selectOption(roll);
  await page.getByLabel('Fil', { exact: true }).setInputFiles(fil);
  if (kommentar) await page.getByLabel('Kommentar till versionen').fill(kommentar);
  await page.getByRole('button', { name: 'Ladda upp' }).click();
  await page.getByText('Klart. Den nya versionen är sparad.').waitFor();
}

/**
 * The PDF in its frame loaded and painted by the browser's viewer, before a screenshot is taken for people to look
 * at (the viewer draws after the load; nothing is asserted on it).
 */
async function pdfVisad(iframe: Locator): Promise<void> {
  const frame = await (await iframe.elementHandle())!.contentFrame();
  await frame!.waitForLoadState('load');
  await iframe.page().waitForTimeout(2_000);
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Fills a form by its fields' names: text, select, checkbox and radio alike. */
async function fill(page: Page, fields: [string, string][]): Promise<void> {
  for (const [name, value] of fields) {
    const inputs = page.locator(`[name="${name}"]`);
    const first = inputs.first();
    const tag = await first.evaluate((el) => el.tagName.toLowerCase());
    const type = (await first.getAttribute('type')) ?? '';
    if (tag === 'select') await first.selectOption(value);
    else if (type === 'checkbox' || type === 'radio') {
      await page.locator(`[name="${name}"][value="${value}"]`).check();
    } else await first.fill(value);
  }
}

it('takes Lund’s delårsrapport from the year’s start to the protokollsutdrag in the browser', async () => {
  await withDevWorker(
    webb.taskQueue,
    async () => {
      // The kanslichef starts the year from Årshjulet.
      const kanslichef = await signIn('kanslichef@lund.example.org', `/arshjul?ar=${AR}`);
      await visa(kanslichef, 'arshjul-ej-startat');
      // The year's dates have passed: the kanslichef runs KS's delårsrapport in Årshjul (proposed: done outside),
      // sees what that leads to, and starts the year with the choices.
      await kanslichef.getByLabel(`Val för ${RAPPORT}`).selectOption('kor');
      await kanslichef.getByRole('button', { name: 'Visa vad valen ger' }).click();
      await kanslichef.getByText('försenade redan från starten').first().waitFor();
      await visa(kanslichef, 'arshjul-starta-mitt-i-aret');
      await kanslichef.getByRole('button', { name: `Starta årshjulet ${AR} med valen` }).click();
      await visa(kanslichef, 'arshjul');

      // The handläggare writes the report: the task from Mina uppgifter. The tjänsteskrivelse comes filled in
      // from the ärende; it goes back as the first version, then the report itself, with a word to the chef.
      const handlaggare = await signIn('handlaggare.ks@lund.example.org', '/uppgifter');
      await openWhenListed(handlaggare, `Skriv rapporten: ${RAPPORT}`);
      await visa(handlaggare, 'uppgift');
      await telefon(handlaggare, 'uppgift-telefon');
      const uppgiftssida = handlaggare.url();
      const [nedladdning] = await Promise.all([
        handlaggare.waitForEvent('download'),
        handlaggare.getByRole('link', { name: 'Hämta tjänsteskrivelsen' }).click(),
      ]);
      expect(nedladdning.suggestedFilename()).toBe(`Tjänsteskrivelse ${RAPPORT}.docx`);
      const tjansteskrivelse = await readFile((await nedladdning.path())!);
      expect(new PizZip(tjansteskrivelse).file('word/document.xml')!.asText()).toContain(RAPPORT);
      await laddaUpp(handlaggare, 'TJANSTESKRIVELSE', {
        name: 'Tjänsteskrivelse delårsrapport augusti 2026.docx',
        mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
        buffer: tjansteskrivelse,
      });
      const rapportV1 = await rapportPdf(RAPPORT, [
        'Prognosen för helåret: ett överskott om 92 miljoner kronor.',
      ]);
      await laddaUpp(
        handlaggare,
        'RAPPORT',
        { name: 'Delårsrapport augusti 2026.pdf', mimeType: 'application/pdf', buffer: rapportV1 },
        'Prognosen är avstämd med nämnderna.',
      );
      await pdfVisad(handlaggare.locator('.visning iframe'));
      await visa(handlaggare, 'uppgift-handlingar');
      expect(handlaggare.url()).toContain(uppgiftssida.replace(/\?.*$/, ''));
      await handlaggare.getByLabel('Kommentar (frivillig)').fill('Rapporten ligger i ärendet.');
      await handlaggare.getByRole('button', { name: 'Slutför' }).click();
      await handlaggare.getByText('Klart. Uppgiften är uppdaterad.').waitFor();
      // Mina uppgifter reads the register, which the task's workflow updates just after the command.
      await until(async () => {
        await handlaggare.goto(`${webb.base}/uppgifter`);
        return (await handlaggare.getByRole('link', { name: `Skriv rapporten: ${RAPPORT}` }).count()) === 0;
      }, 'the completed task gone from Mina uppgifter');
      await visa(handlaggare, 'mina-uppgifter');
      await telefon(handlaggare, 'mina-uppgifter-telefon');

      // The chef sees what is approved: the report inline as PDF, the handläggare's words, every version; and
      // approves exactly these versions. Årshjul registers the ärende.
      const chef = await signIn('ekonomidirektor@lund.example.org', '/uppgifter');
      await openWhenListed(chef, new RegExp(`Godkänn.*${RAPPORT}`));
      await chef.getByText('Prognosen är avstämd med nämnderna.').waitFor();
      await chef.getByText('Handläggarens kommentar till utkastet: ”Rapporten ligger i ärendet.”').waitFor();
      const visning = chef.locator('.visning iframe');
      const pdfSvar = await chef.request.get(`${webb.base}${await visning.getAttribute('src')}`);
      expect([pdfSvar.status(), pdfSvar.headers()['content-type']]).toEqual([200, 'application/pdf']);
      expect(sha256(await pdfSvar.body())).toBe(sha256(rapportV1));
      await pdfVisad(visning);
      await visa(chef, 'godkannande-med-dokumentet');
      await chef.getByRole('button', { name: 'Godkänn' }).press('Enter');
      await chef.getByText('Klart. Uppgiften är uppdaterad.').waitFor();
      const rapportId = `lund/${AR}/KS/delarsrapport-augusti`;
      await until(
        async () => (await webb.deps.register.godkandaDokument(rapportId)).length === 2,
        'the approval bound',
      );

      // A new version after the approval: the chef is asked again, and approves the new one.
      await handlaggare.goto(`${webb.base}/rapporter/${encodeURIComponent(rapportId)}`);
      const rapportV2 = await rapportPdf(RAPPORT, [
        'Prognosen för helåret: ett överskott om 95 miljoner kronor.',
      ]);
      await laddaUpp(
        handlaggare,
        'RAPPORT',
        { name: 'Delårsrapport augusti 2026.pdf', mimeType: 'application/pdf', buffer: rapportV2 },
        'Rättad prognos efter septembers utfall.',
      );
      const omprovning = `${rapportId}/godkannande-2`;
      await until(
        async () => (await webb.deps.register.hamtaUppgift(omprovning))?.status === 'OPPEN',
        'the approval asked again',
      );
      await chef.goto(`${webb.base}/uppgifter/${encodeURIComponent(omprovning)}`);
      await chef
        .getByText('En ny version av ärendets dokument har laddats upp efter godkännandet.')
        .waitFor();
      await chef.getByText('Rättad prognos efter septembers utfall.').waitFor();
      await pdfVisad(chef.locator('.visning iframe'));
      await visa(chef, 'godkannande-ny-version');
      await chef.getByRole('button', { name: 'Godkänn' }).press('Enter');
      await chef.getByText('Klart. Uppgiften är uppdaterad.').waitFor();
      const godkanda = await until(async () => {
        const d = await webb.deps.register.godkandaDokument(rapportId);
        return d.some((v) => v.sha256 === sha256(rapportV2)) && d;
      }, 'the second approval bound');
      const godkandRapport = godkanda.find((d) => d.roll === 'RAPPORT')!;
      // The ärende's page: every version, both approvals, who did what.
      await handlaggare.goto(`${webb.base}/rapporter/${encodeURIComponent(rapportId)}`);
      await pdfVisad(handlaggare.locator('.visning iframe'));
      await visa(handlaggare, 'arendet');

      const sekreterare = await signIn('kommunsekreterare@lund.example.org', '/uppgifter');
      await openWhenListed(sekreterare, new RegExp(`Bered.*${RAPPORT}`));
      await sekreterare.getByRole('button', { name: 'Slutför' }).click();
      await sekreterare.getByText('Klart. Uppgiften är uppdaterad.').waitFor();

      // The KS meeting that decides it was held before the year was in Årshjul: the sekreterare starts it.
      await sekreterare.goto(`${webb.base}/sammantraden?ar=${AR}`);
      await visa(sekreterare, 'sammantraden');
      await telefon(sekreterare, 'sammantraden-telefon');
      await sekreterare
        .locator('form[action="/sammantraden/starta"]')
        .filter({ has: sekreterare.locator('input[name="datum"][value="2026-10-14"]') })
        .filter({ has: sekreterare.locator('input[name="organ"][value="KS"]') })
        .getByRole('button')
        .click();
      await sekreterare.waitForURL((url) => url.pathname === MOTET);
      // The registered report is on its föredragningslista, with the versions the chef approved: once the list has
      // closed (the report is offered on the page before that, without its bilagor).
      const bilaga = sekreterare.locator('ul.bilagor a', {
        hasText: 'Rapport: Delårsrapport augusti 2026.pdf',
      });
      await until(async () => {
        await sekreterare.reload();
        return (await bilaga.count()) > 0;
      }, 'the report with its approved versions on the föredragningslista');
      expect(await bilaga.getAttribute('href')).toBe(`/api/dokument/${godkandRapport.id}`);
      expect(await sekreterare.locator('ul.bilagor code').last().getAttribute('title')).toBe(
        `SHA-256 ${godkandRapport.sha256}`,
      );
      // Held before it was started here, the meeting is registered afterwards: no one is called to a meeting in
      // the past (the kallelse's attachments are proven in kallelse.bilagor.test.ts).
      await sekreterare.getByText('Sammanträdet registrerades i efterhand').waitFor();
      const kallelser = webb.deps.smtp.messages().map((m) => m.subject ?? '');
      expect(
        kallelser.filter((a) => a.startsWith('Kallelse: Kommunstyrelsen') && a.includes('14 oktober 2026')),
      ).toEqual([]);

      // The meeting day has passed: the protocol can be recorded at once.
      await until(async () => {
        await sekreterare.reload();
        return (
          (await sekreterare.getByRole('link', { name: 'Protokollför sammanträdets fakta' }).count()) > 0
        );
      }, 'the meeting open for its protocol');
      await sekreterare.goto(`${webb.base}${MOTET}/motet`);
      await fill(sekreterare, [
        ['tid.fran', '13.00'],
        ['tid.till', '15.10'],
        ['plats', 'Stadshuset, sessionssalen'],
        ['narvaro.ledamoter', 'ks-ordforande'],
        ['narvaro.ledamoter', 'ks-vice-ordforande'],
        ['narvaro.ledamoter', 'ks-justerare'],
        ['ordforande', 'ks-ordforande'],
        ['sekreterare', 'kommunsekreterare'],
        ['justerare', 'ks-justerare'],
        ['justering.datum', '2026-10-21'],
        ['justering.plats', 'Stadskontoret'],
      ]);
      await visa(sekreterare, 'sammantrade-fakta');
      // A justering announced too late is refused above the form, linked to its field, the rest kept.
      await fill(sekreterare, [['justering.datum', '2026-11-30']]);
      await sekreterare.getByRole('button', { name: 'Spara sammanträdets fakta' }).click();
      await sekreterare.getByRole('link', { name: 'Justeringsdag' }).waitFor();
      await visa(sekreterare, 'sammantrade-fakta-fel');
      await fill(sekreterare, [['justering.datum', '2026-10-21']]);
      await sekreterare.getByRole('button', { name: 'Spara sammanträdets fakta' }).click();
      await sekreterare.waitForURL((url) => url.pathname === MOTET);

      await sekreterare.getByRole('link', { name: /^Protokollför punkt 1$/ }).click();
      // The protocol's "Underlag för beslut" names the approved versions.
      await expect(sekreterare.locator('[name="underlag"]').inputValue()).resolves.toContain(
        `Rapport: Delårsrapport augusti 2026.pdf (version ${godkandRapport.nr})`,
      );
      await fill(sekreterare, [
        ['beslut.inledning', 'Kommunstyrelsen beslutar'],
        [
          'beslut.attSatser',
          'att godkänna delårsrapporten per den 31 augusti 2026\natt överlämna delårsrapporten till kommunfullmäktige',
        ],
        ['skickasTill.verkstallighet', 'Kommunkontoret'],
        ['skickasTill.kannedom', 'Kommunfullmäktige'],
      ]);
      await visa(sekreterare, 'paragraf');
      await sekreterare
        .locator('form')
        .filter({ has: sekreterare.locator('[name="nyckel"]') })
        .locator('button[type="submit"]')
        .last()
        .click();
      await sekreterare.waitForURL((url) => url.pathname === MOTET);
      await sekreterare.getByRole('button', { name: 'Skicka till justering' }).click();
      await sekreterare.waitForURL((url) => url.pathname === MOTET);

      // The ordförande and the justerare justera from their tasks.
      for (const epost of ['ks.ordforande@lund.example.org', 'ks.justerare@lund.example.org']) {
        const justerare = await signIn(epost, '/uppgifter');
        await openWhenListed(justerare, /Justera protokollet från Kommunstyrelsen 2026-10-14/);
        // The protocol they justera, from the task; and the meeting's page, to read.
        const protokollLank = justerare.getByRole('link', { name: 'Läs protokollet (PDF)' });
        const protokollPdf = await justerare.request.get(
          `${webb.base}${await protokollLank.getAttribute('href')}`,
        );
        expect([protokollPdf.status(), protokollPdf.headers()['content-type']]).toEqual([
          200,
          'application/pdf',
        ]);
        expect(readPdf(Buffer.from(await protokollPdf.body())).flat).toContain(
          'Delårsrapport augusti 2026.pdf',
        );
        // (The protocol's viewer settles first: it may move the page while it loads.)
        await pdfVisad(justerare.locator('.visning iframe'));
        if (epost.startsWith('ks.justerare')) {
          await visa(justerare, 'justering');
          const uppgiften = justerare.url();
          await justerare.getByRole('link', { name: 'Sammanträdets sida' }).click();
          await justerare.getByRole('heading', { name: 'Föredragningslista' }).waitFor();
          await visa(justerare, 'sammantrade-for-justeraren');
          await justerare.goto(uppgiften);
          await pdfVisad(justerare.locator('.visning iframe'));
        }
        // Pressed from the keyboard: headless Chromium loses a mouse click scrolled to past a PDF viewer.
        await justerare.getByRole('button', { name: 'Godkänn' }).press('Enter');
        await justerare.getByText('Klart. Uppgiften är uppdaterad.').waitFor();
      }

      // Justerat: the sekreterare downloads the protokollsutdrag of the §.
      // Both have justerat; the protocol is justerat when the workflow has recorded both.
      await until(async () => {
        await sekreterare.goto(`${webb.base}${MOTET}`);
        return (await sekreterare.locator('a[href$="/protokollsutdrag/1.pdf"]').count()) > 0;
      }, 'the justerat protocol on the meeting page');
      await expect(
        sekreterare
          .locator('section[aria-labelledby="justering"] .status')
          .getByText('Justerat', { exact: true })
          .count(),
      ).resolves.toBe(2);
      // Each approval with its time and the SHA-256 of the version approved; late, and said so (KL 5 kap. 69 §).
      await expect(sekreterare.locator('section[aria-labelledby="justering"] .hash').count()).resolves.toBe(
        2,
      );
      await sekreterare.getByText('JUSTERING_FORSENAD:').first().waitFor();
      await visa(sekreterare, 'sammantrade');
      await telefon(sekreterare, 'sammantrade-telefon');
      const utdragLink = sekreterare.locator('a[href$="/protokollsutdrag/1.pdf"]').first();
      const href = await utdragLink.getAttribute('href');
      // The page shows the meeting's workflow; the download reads the register, where the workflow stores the
      // justerat protocol by an activity just after.
      const pdf = await until(async () => {
        const svar = await sekreterare.request.get(`${webb.base}${href}`);
        return svar.status() === 200 && svar;
      }, 'the justerat protocol in the register');
      expect(pdf.status()).toBe(200);
      expect(pdf.headers()['content-type']).toBe('application/pdf');
      const utdrag = readPdf(Buffer.from(await pdf.body()));
      expect(utdrag.pages[0]!.raw).toMatch(/Protokollsutdrag/i);
      expect(utdrag.flat).toContain('att godkänna delårsrapporten per den 31 augusti 2026');

      // The kanslichef's Årshjulet: the late tasks first.
      await kanslichef.goto(`${webb.base}/arshjul?ar=${AR}`);
      await visa(kanslichef, 'arshjul-uppgifter');
      await telefon(kanslichef, 'arshjul-telefon');
      const rader = kanslichef.locator('table.uppgiftstabell tbody tr');
      // The report's finished steps are not among the open tasks (the register's read model keeps up). Which
      // tasks of the year are late depends on today's date; whichever they are, they come first.
      const oppna = await rader.allTextContents();
      expect(oppna.length).toBeGreaterThan(0);
      const sena = oppna.map((r) => r.includes('försenad'));
      expect(sena).toEqual([...sena].sort((a, b) => Number(b) - Number(a)));
      expect(oppna.filter((r) => r.includes(`Skriv rapporten: ${RAPPORT}`))).toEqual([]);
      expect(oppna.filter((r) => r.includes(`Godkänn rapporten: ${RAPPORT}`))).toEqual([]);

      // The other pages, for the notes.
      await kanslichef.goto(`${webb.base}/kalender`);
      await visa(kanslichef, 'kalender');
      await kanslichef.goto(`${webb.base}/anslagstavla/lund`);
      await visa(kanslichef, 'anslagstavla');
      await telefon(kanslichef, 'anslagstavla-telefon');
      await kanslichef.goto(`${webb.base}/api/docs`);
      await screenshot(kanslichef, 'api-docs');
      const anonym = await browser.newPage();
      await anonym.goto(`${webb.base}/logga-in`);
      await visa(anonym, 'logga-in');
      await anonym.close();
    },
    webb.deps.activities,
  );
});
