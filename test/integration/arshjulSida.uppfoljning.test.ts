/**
 * The follow-up on the kanslichef's Årshjulet while the reports are being written (issue 17), from the real
 * register: Lund's KS delårsrapport per 31 augusti 2027 is in progress, KS has filled in document 000's follow-up
 * (imported like a user's sheet), the arbetsmarknads- och socialnämnden part of its own, the vård- och
 * omsorgsnämnden nothing yet. The page shows per nämnd how many mål are on each step of Lund's bedömning scale and
 * how many uppdrag on each of its statuses, the total, and who has not filled in; a report already done, and one
 * whose kind has no follow-up, are not shown. Then in the real browser: saved as a screenshot, checked with axe.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { planeraAr, type RapportPlan } from '../../src/domain/planering';
import { uppfoljningInSchema, type UppfoljningIn } from '../../src/domain/uppfoljning/modell';
import { UPPFOLJNING_EXEMPEL_DIR } from '../../src/uppfoljning/exempel';
import { importeraArk } from '../../src/uppfoljning/import';
import { rapportenAv, sparaRapportensUppfoljning } from '../../src/uppfoljning/rapportens';
import { granska } from '../helpers/axe';
import { openBrowser, screenshot } from '../helpers/browser';
import { startWebb, type TestWebb } from '../helpers/webb';

const AR = 2027;
let webb: TestWebb;
let browser: Browser | undefined;

const lund = () => webb.deps.kommuner.get('lund')!;
const planen = (id: string): RapportPlan => planeraAr(lund(), AR).find((p) => p.id === id)!;

/** The report's row as its process stores it, with the plan (and so KS's underlag of the nämnder's reports). */
async function rapport(id: string, status: string) {
  const plan = planen(id);
  await webb.deps.register.sparaRapport({
    id,
    kommun: 'lund',
    organ: plan.organ,
    slag: plan.slag,
    period: plan.periodslut,
    titel: plan.titel,
    status,
    plan,
  });
  return rapportenAv((await webb.deps.register.hamtaRapport(id))!);
}

async function fyllIn(id: string, rader: UppfoljningIn) {
  const r = rapportenAv((await webb.deps.register.hamtaRapport(id))!);
  expect(
    await sparaRapportensUppfoljning(webb.deps.register, lund(), r, rader, 'handlaggare-ks', new Date()),
  ).toEqual([]);
}

const KS = `lund/${AR}/KS/delarsrapport-augusti`;
const ASN = `lund/${AR}/ASN/delarsrapport-augusti`;
const VON = `lund/${AR}/VON/delarsrapport-augusti`;

beforeAll(async () => {
  webb = await startWebb({ name: 'arshjulsida-uppfoljning' });
  for (const id of [KS, ASN, VON, `lund/${AR}/KS/evp`]) await rapport(id, 'PAGAR');
  // The April report is done: not "being written".
  await rapport(`lund/${AR}/KS/delarsrapport-april`, 'KLAR');

  const fixtur = await importeraArk(
    readFileSync(path.join(UPPFOLJNING_EXEMPEL_DIR, 'lund-ks-2023-augusti.xlsx')),
    lund(),
    { organ: 'KS', ar: AR },
  );
  if ('fel' in fixtur) throw new Error(JSON.stringify(fixtur.fel));
  await fyllIn(KS, fixtur.rader);
  // The nämnd's own: one mål not yet assessed, one uppdrag without its status.
  await fyllIn(
    ASN,
    uppfoljningInSchema.parse({
      mal: [
        {
          id: 'ASN-M1',
          titel: 'Fler Lundabor i egen försörjning',
          bedomning: 'Bedömer att målet kommer klaras',
        },
        { id: 'ASN-M2', titel: 'Kortare handläggningstider', bedomning: 'kommer delvis klaras' },
        { id: 'ASN-M3', titel: 'Färre hushåll med långvarigt ekonomiskt bistånd' },
      ],
      indikatorer: [],
      uppdrag: [
        {
          id: 'ASN-U1',
          titel: 'Samordna insatserna för unga utanför arbete',
          status: 'Pågående',
          kommentar: 'Enligt plan.',
        },
        {
          id: 'ASN-U2',
          titel: 'Utreda ett gemensamt mottagningskontor',
          status: 'Försenad',
          kommentar: 'Rekrytering pågår.',
        },
        { id: 'ASN-U3', titel: 'Ta fram en plan mot hemlöshet' },
      ],
      ekonomi: [],
    }),
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await webb?.close();
});

/** Each row of the follow-up table of the report titled `titel`: its header and cells as text. */
function tabellen(html: string, titel: string): string[][] {
  const start = html.indexOf(`aria-label="Uppföljningen per nämnd: ${titel}"`);
  expect(start).toBeGreaterThan(0);
  const tabell = html.slice(start, html.indexOf('</table>', start));
  return [...tabell.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].map((tr) =>
    [...tr[1]!.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/gs)].map((c) => c[1]!.replace(/<[^>]+>/g, '').trim()),
  );
}

it('shows the kanslichef each nämnd’s counts by Lund’s own categories, and who has not filled in', async () => {
  const { cookie } = await webb.signIn('kanslichef@lund.example.org');
  const sida = await webb.get(`/arshjul?ar=${AR}`, cookie);
  expect(sida.status).toBe(200);
  expect(sida.text).toContain('Uppföljningen medan rapporterna skrivs');

  const titel = planen(KS).titel;
  expect(tabellen(sida.text, titel)).toEqual([
    ['Nämnd', 'Mål per bedömning', 'Uppdrag per status'],
    [
      'Totalt',
      'klaras',
      'delvis',
      'klaras inte',
      'utan bedömning',
      'Totalt',
      'Pågående',
      'Avslutad',
      'Försenad',
      'Ej påbörjad',
      'utan status',
    ],
    // Document 000: "bedöms tre av fyra mål kunna uppnås", 24 pågående, 4 avslutade, 1 försenat, 1 ej påbörjat.
    ['Kommunstyrelsen', '4', '3', '1', '0', '0', '30', '24', '4', '1', '1', '0'],
    ['Arbetsmarknads- och socialnämnden', '3', '1', '1', '0', '1', '3', '1', '0', '1', '0', '1'],
    ['Vård- och omsorgsnämnden', 'Har inte fyllt i uppföljningen'],
    ['Totalt', '7', '4', '2', '0', '1', '33', '25', '4', '2', '1', '1'],
  ]);
  expect(sida.text).toContain('Har inte fyllt i: Vård- och omsorgsnämnden.');
  expect(sida.text).toContain(`<a href="/rapporter/${encodeURIComponent(KS)}/uppfoljning">${titel}</a>`);
  // The nämnder's reports are in KS's table, not again on their own; the done April report and the EVP (no
  // follow-up of its kind) not at all.
  for (const inte of [ASN, VON, `lund/${AR}/KS/delarsrapport-april`, `lund/${AR}/KS/evp`]) {
    expect(sida.text).not.toContain(`aria-label="Uppföljningen per nämnd: ${planen(inte).titel}"`);
  }

  // Filtered to one nämnd, the report it is part of stays; to an organ in none, the section goes.
  expect((await webb.get(`/arshjul?ar=${AR}&organ=VON`, cookie)).text).toContain(
    `Uppföljningen per nämnd: ${titel}`,
  );
  const organ = lund().organ.find((o) => !['KS', 'ASN', 'VON'].includes(o.kortnamn))!;
  expect((await webb.get(`/arshjul?ar=${AR}&organ=${organ.kortnamn}`, cookie)).text).not.toContain(
    'Uppföljningen medan rapporterna skrivs',
  );

  // In the real browser, as the kanslichef sees it.
  browser = await openBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  const [namn, ...varde] = cookie.split('=');
  await context.addCookies([{ name: namn!, value: varde.join('='), url: webb.base }]);
  const page = await context.newPage();
  await page.goto(`${webb.base}/arshjul?ar=${AR}#uppfoljningen`);
  // The whole page, and the section by itself beside it (arshjul-uppfoljningen.png), to be looked at.
  const fil = await screenshot(page, 'arshjul-uppfoljningen-sidan');
  await page.locator('section.uppfoljningen').screenshot({ path: fil.replace(/-sidan\.png$/, '.png') });
  await granska(page, 'arshjul-uppfoljningen');
});
