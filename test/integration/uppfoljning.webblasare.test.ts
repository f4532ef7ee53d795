/**
 * The follow-up of a delårsrapport in a real browser (issue 17), against the real dev server and register: the
 * nämnd's mål, indikatorer, uppdrag and ekonomi are in the register from an earlier period (document 000's sheet,
 * imported like a user's); the handläggare opens the follow-up from the report's task, finds it prefilled, fills in
 * this period but leaves one mål without its bedömning; the chef's Godkänn is refused with the list; the chef fills
 * it in and approves; the kanslichef sees the roll-up, and the bilaga's PDF says the same counts. Every page is
 * saved as a screenshot and checked with axe-core. The report's two tasks are started as its process starts them
 * (in a year no other test plans), so the walk does not depend on the year's calendar.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { importeraOchSpara } from '../../src/api/rest/uppfoljning';
import { sammanfattning } from '../../src/domain/uppfoljning/sammanstallning';
import { lasRapportensUppfoljning, rapportenAv } from '../../src/uppfoljning/rapportens';
import { UPPFOLJNING_EXEMPEL_DIR } from '../../src/uppfoljning/exempel';
import { visa } from '../helpers/axe';
import { openBrowser } from '../helpers/browser';
import { withDevWorker } from '../helpers/devServer';
import { addDays, dateInStockholm } from '../../src/domain/datum';
import { uppgift } from '../../src/workflows/uppgift';
import { readPdf } from '../helpers/dokument';
import { lundUtkastUppgift } from '../helpers/lund';
import { rensa } from '../helpers/rensa';
import { startWebb, type TestWebb } from '../helpers/webb';

/** A year no other test plans: the report's tasks are started here, as its process would start them. */
const AR = 2031;
const RAPPORT = `Delårsrapport per den 31 augusti ${AR} för kommunstyrelsen`;
const RAPPORT_ID = `lund/${AR}/KS/delarsrapport-augusti`;
/** The earlier period the follow-up is prefilled from. */
const FORRA = `lund/${AR}/KS/delarsrapport-april`;

let webb: TestWebb;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  webb = await startWebb({ name: 'uppfoljning-webblasare' });
  await rensa(webb.client, (id) => id.startsWith(`uppgift/${RAPPORT_ID}/`));
  browser = await openBrowser();
  // The earlier period: Lund's KS follow-up of document 000, imported through the same import as a user's sheet.
  const register = webb.deps.register;
  const lund = webb.deps.kommuner.get('lund')!;
  await register.sparaRapport({
    id: RAPPORT_ID,
    kommun: 'lund',
    organ: 'KS',
    slag: 'delarsrapport-augusti',
    period: `${AR}-08-31`,
    titel: RAPPORT,
    status: 'PAGAR',
    plan: {
      id: RAPPORT_ID,
      ar: AR,
      organ: 'KS',
      slag: 'delarsrapport-augusti',
      typ: 'delarsrapport',
      periodslut: `${AR}-08-31`,
    },
  });
  await register.sparaRapport({
    id: FORRA,
    kommun: 'lund',
    organ: 'KS',
    slag: 'delarsrapport-april',
    period: `${AR}-04-30`,
    titel: `Delårsrapport april ${AR}`,
    status: 'BESLUTAD',
    plan: {
      id: FORRA,
      ar: AR,
      organ: 'KS',
      slag: 'delarsrapport-april',
      typ: 'delarsrapport',
      periodslut: `${AR}-04-30`,
    },
  });
  const fel = await importeraOchSpara(
    { register },
    lund,
    rapportenAv((await register.hamtaRapport(FORRA))!),
    readFileSync(path.join(UPPFOLJNING_EXEMPEL_DIR, 'lund-ks-2023-augusti.xlsx')),
    'handlaggare-ks',
  );
  expect(fel).toEqual([]);
});

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  if (webb) await rensa(webb.client, (id) => id.startsWith(`uppgift/${RAPPORT_ID}/`));
  await webb?.close();
});

/** A person's own browser, signed in by the mail link: on `till` afterwards. */
async function signIn(epost: string, till: string): Promise<Page> {
  const { cookie } = await webb.signIn(epost);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  contexts.push(context);
  const [namn, ...varde] = cookie.split('=');
  await context.addCookies([{ name: namn!, value: varde.join('='), url: webb.base }]);
  const page = await context.newPage();
  await page.goto(`${webb.base}${till}`);
  return page;
}

/** The report's task of `typ` for `tilldelad`, started as its process would start it. */
async function startaUppgift(
  typ: 'utkast' | 'godkannande',
  tilldelad: string,
  titel: string,
): Promise<string> {
  const lund = webb.deps.kommuner.get('lund')!;
  const spec = {
    ...lundUtkastUppgift(lund, `uppfoljning-${typ}`, addDays(dateInStockholm(Date.now()), 10)),
    id: `${RAPPORT_ID}/${typ}-1`,
    typ,
    titel: `${titel}: ${RAPPORT}`,
    process: { id: RAPPORT_ID, titel: RAPPORT },
    tilldelad,
  };
  await webb.client.workflow.start(uppgift, {
    args: [spec],
    taskQueue: webb.taskQueue,
    workflowId: `uppgift/${spec.id}`,
  });
  return `/uppgifter/${encodeURIComponent(spec.id)}`;
}

it('follows up the delårsrapport from the last period to the chef’s approval and the kanslichef’s roll-up', async () => {
  // With the activities: the chef's Godkänn reads the follow-up in the task's workflow too.
  await withDevWorker(
    webb.taskQueue,
    async () => {
      // The handläggare: the follow-up from the task, prefilled from April's values (the avslutade uppdrag gone).
      const handlaggare = await signIn(
        'handlaggare.ks@lund.example.org',
        await startaUppgift('utkast', 'handlaggare-ks', 'Skriv rapporten'),
      );
      await handlaggare
        .getByRole('link', { name: 'Rapportens mål, indikatorer, uppdrag och ekonomi' })
        .click();
      await handlaggare.getByText('Förifyllt från förra perioden').waitFor();
      await visa(handlaggare, 'uppfoljning-forifylld');
      const bedomningar = handlaggare.getByLabel('Bedömning');
      expect(await bedomningar.count()).toBe(4);
      expect(await handlaggare.getByLabel('Status').count()).toBe(26);
      // This period: one uppdrag försenad, with a word; the first mål's bedömning left out.
      const forstaUppdraget = handlaggare
        .locator('fieldset.uppfoljningsrad', { has: handlaggare.getByLabel('Status') })
        .first();
      await forstaUppdraget.getByLabel('Status').selectOption('Försenad');
      await forstaUppdraget.getByLabel('Kommentar').fill('Försenat av upphandlingen.');
      await bedomningar.first().selectOption('');
      await handlaggare.getByRole('button', { name: 'Spara uppföljningen' }).click();
      await handlaggare.getByText('Sparat.').waitFor();
      await handlaggare.getByText('1 sak saknas').waitFor();
      await handlaggare
        .getByText(/Målet saknar bedömning: M1/)
        .first()
        .waitFor();
      await visa(handlaggare, 'uppfoljning-sparad');

      // The chef is refused with the list, fills in the bedömning, and approves.
      const godkannande = await startaUppgift('godkannande', 'ekonomidirektor', 'Godkänn rapporten');
      const chef = await signIn('ekonomidirektor@lund.example.org', godkannande);
      await chef.getByRole('button', { name: 'Godkänn' }).press('Enter');
      await chef.getByText(/uppföljningen är inte komplett \(1 sak saknas\)/).waitFor();
      await chef.getByText(/Målet saknar bedömning: M1/).waitFor();
      await visa(chef, 'godkannande-nekat-uppfoljning');
      await chef.getByRole('link', { name: 'Rapportens mål, indikatorer, uppdrag och ekonomi' }).click();
      await chef.getByLabel('Bedömning').first().selectOption('Bedömer att målet kommer klaras');
      await chef.getByRole('button', { name: 'Spara uppföljningen' }).click();
      await chef.getByText('Inget saknas.').waitFor();
      await chef.goto(`${webb.base}${godkannande}`);
      await chef.getByRole('button', { name: 'Godkänn' }).press('Enter');
      await chef.getByText('Klart. Uppgiften är uppdaterad.').waitFor();

      // The kanslichef's roll-up, and the bilaga's PDF with the same counts.
      const lund = webb.deps.kommuner.get('lund')!;
      const u = await lasRapportensUppfoljning(
        webb.deps.register,
        lund,
        rapportenAv((await webb.deps.register.hamtaRapport(RAPPORT_ID))!),
      );
      const mal = 'Mål: 4, varav 3 klaras och 1 delvis.';
      expect(u.sammanstallning.uppdrag.totalt).toBe(26);
      expect(u.sammanstallning.uppdrag.per.find((a) => a.steg === 'forsenad')!.antal).toBeGreaterThanOrEqual(
        1,
      );
      const uppdrag = sammanfattning(u.sammanstallning, 'mnkr').find((t) =>
        t.startsWith('Uppdrag: 26, varav'),
      )!;
      const kanslichef = await signIn(
        'kanslichef@lund.example.org',
        `/rapporter/${encodeURIComponent(RAPPORT_ID)}/uppfoljning`,
      );
      await kanslichef.getByText(mal).first().waitFor();
      await kanslichef.getByText(uppdrag).first().waitFor();
      await visa(kanslichef, 'uppfoljning-sammanstallning');
      const pdf = await kanslichef.request.get(
        `${webb.base}/api/rapporter/${encodeURIComponent(RAPPORT_ID)}/uppfoljning?format=pdf`,
      );
      expect(pdf.status()).toBe(200);
      const text = readPdf(await pdf.body());
      expect(text.flat).toContain(mal);
      expect(text.flat).toContain(uppdrag);
    },
    webb.deps.activities,
  );
}, 360_000);
