/**
 * The pages as a person using only a keyboard, or a screen reader, meets them — in a real browser (Debian's
 * Chromium), against the real dev server, a register and a real SMTP server: the walk from the task mail's link
 * through sign-in to Slutför with Tab and Enter alone, every focused control visibly outlined; refused forms with
 * their error summary linked to the field and what was typed kept; the Swedish 404 and 500 pages in the frame;
 * and every one of these pages checked with axe-core against WCAG 2.1 AA. Also what the pages refuse before any
 * command: a text the register cannot hold (NUL), and zod's generic wording, which never reaches a page.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../src/api/app';
import { addDays, dateInStockholm } from '../../src/domain/datum';
import type { UppgiftSpec } from '../../src/domain/uppgift';
import { uppgift, uppgiftQuery } from '../../src/workflows/uppgift';
import { tillganglighetsbrott, visa } from '../helpers/axe';
import { openBrowser } from '../helpers/browser';
import { uniqueTaskQueue, withDevWorker } from '../helpers/devServer';
import { lundUtkastUppgift } from '../helpers/lund';
import { lyssna } from '../helpers/lyssna';
import { until } from '../helpers/until';
import { form, startWebb, type TestWebb } from '../helpers/webb';

let webb: TestWebb;
let browser: Browser;

beforeAll(async () => {
  webb = await startWebb({ name: 'webbsidor' });
  browser = await openBrowser();
});

afterAll(async () => {
  await browser?.close();
  await webb?.close();
});

const HANDLAGGARE = 'handlaggare.ks@lund.example.org';

/** The sign-in link the last mail to `epost` carries (after `fore` mails). */
const lankI = (epost: string, fore: number) =>
  until('the sign-in mail', () => {
    const mail = webb.deps.smtp
      .messages()
      .slice(fore)
      .find((m) => m.envelope.rcptTo.includes(epost) && m.subject === 'Din inloggningslänk till Årshjul');
    return mail ? /http:\/\/arshjul\.test(\/logga-in\/\S+)/.exec(mail.text!)?.[1] : undefined;
  });

/** A draft task of its own for Lund's KS handläggare, started, with its worker running while `gor` runs. */
async function medUppgift(
  namn: string,
  gor: (u: { spec: UppgiftSpec; sida: string; handle: WorkflowHandle<typeof uppgift> }) => Promise<void>,
): Promise<void> {
  const taskQueue = uniqueTaskQueue(namn);
  const forfaller = addDays(dateInStockholm(Date.now()), 10);
  const spec = lundUtkastUppgift(webb.deps.kommuner.get('lund')!, taskQueue, forfaller);
  await withDevWorker(
    taskQueue,
    async () => {
      const workflowId = `uppgift/${spec.id}`;
      const handle = await webb.client.workflow.start(uppgift, { args: [spec], taskQueue, workflowId });
      await gor({ spec, sida: `/uppgifter/${encodeURIComponent(spec.id)}`, handle });
    },
    webb.deps.activities,
  );
}

/** A browser of its own (a fresh context) for `gor`, closed after it. */
async function iWebblasaren(gor: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'sv-SE' });
  try {
    await gor(await context.newPage());
  } finally {
    await context.close();
  }
}

/** What has focus: its tag, its name as a person hears it, and whether its focus is drawn. */
const fokus = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { tag: 'body', namn: '', synlig: false };
    const label = (el as HTMLInputElement).labels?.[0]?.textContent ?? '';
    const stil = getComputedStyle(el);
    return {
      tag: el.tagName.toLowerCase(),
      namn: (label || el.textContent || el.getAttribute('aria-label') || '').trim(),
      synlig: stil.outlineStyle !== 'none' && parseFloat(stil.outlineWidth) >= 2,
    };
  });

/** Presses Tab until the control named `namn` has focus; every stop on the way must show its focus. */
async function tabbaTill(page: Page, tag: string, namn: RegExp): Promise<number> {
  for (let tryck = 1; tryck <= 40; tryck++) {
    await page.keyboard.press('Tab');
    const nu = await fokus(page);
    if (nu.tag !== 'body') expect({ ...nu, synlig: nu.synlig }).toEqual({ ...nu, synlig: true });
    if (nu.tag === tag && namn.test(nu.namn)) return tryck;
  }
  throw new Error(`no ${tag} "${String(namn)}" reached with Tab on ${page.url()}`);
}

it('takes the handläggare from the task mail’s link through sign-in to Slutför with the keyboard alone', async () => {
  await medUppgift('tangentbord', ({ sida, handle }) =>
    iWebblasaren(async (page) => {
      await page.goto(`${webb.base}${sida}`);
      expect(new URL(page.url()).pathname).toBe('/logga-in');

      // The first Tab reaches the link past the menu; then the address field, typed into; Enter sends it.
      await page.keyboard.press('Tab');
      expect(await fokus(page)).toMatchObject({ tag: 'a', namn: 'Till innehållet', synlig: true });
      await tabbaTill(page, 'input', /^Din e-postadress$/);
      const fore = webb.deps.smtp.messages().length;
      await page.keyboard.type(HANDLAGGARE);
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { name: 'Kolla din e-post' }).waitFor();

      // The link in the mail, opened; its button reached and pressed with the keyboard.
      await page.goto(`${webb.base}${await lankI(HANDLAGGARE, fore)}`);
      await tabbaTill(page, 'button', /^Logga in som /);
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => `${url.pathname}${url.search}` === sida);

      // The task: the comment, then Slutför.
      await tabbaTill(page, 'textarea', /^Kommentar \(frivillig\)$/);
      await page.keyboard.type('Klar, med tangentbordet.');
      await tabbaTill(page, 'button', /^Slutför$/);
      await page.keyboard.press('Enter');
      await page.getByText('Klart. Uppgiften är uppdaterad.').waitFor();
      await visa(page, 'uppgift-klar');
      expect(await handle.result()).toMatchObject({
        status: 'KLAR',
        aktor: 'handlaggare-ks',
        kommentar: 'Klar, med tangentbordet.',
      });
    }),
  );
});

it('shows a refused form with its error summary linked to the field, keeping what was typed', async () => {
  await medUppgift('felsammanfattning', ({ spec, sida }) =>
    iWebblasaren(async (page) => {
      // Sign-in with an address that is not one (the browser's own check set aside, as an old browser would).
      await page.goto(`${webb.base}/logga-in`);
      await page.locator('form').evaluate((f) => ((f as HTMLFormElement).noValidate = true));
      await page.getByLabel('Din e-postadress').fill('inte en adress');
      await page.getByRole('button', { name: 'Skicka inloggningslänk' }).click();
      const summering = page.getByRole('alert');
      await expect(summering.textContent()).resolves.toContain(
        'Din e-postadress (epost): skriv en e-postadress, t.ex. namn@kommun.se',
      );
      await expect(page.getByLabel('Din e-postadress').inputValue()).resolves.toBe('inte en adress');
      await visa(page, 'logga-in-fel');
      // The summary's link leads to the field.
      await summering.getByRole('link', { name: 'Din e-postadress' }).click();
      expect(await fokus(page)).toMatchObject({ tag: 'input', namn: 'Din e-postadress' });

      // The kanslichef moves the due date to the day it already has: refused above that form, the date kept.
      const fore = webb.deps.smtp.messages().length;
      await page.goto(`${webb.base}/logga-in?till=${encodeURIComponent(sida)}`);
      await page.getByLabel('Din e-postadress').fill('kanslichef@lund.example.org');
      await page.getByRole('button', { name: 'Skicka inloggningslänk' }).click();
      await page.goto(`${webb.base}${await lankI('kanslichef@lund.example.org', fore)}`);
      await page.getByRole('button', { name: /^Logga in som / }).click();
      await page.waitForURL((url) => url.pathname === sida);
      await page.getByLabel('Ny förfallodag').fill(spec.forfaller);
      await page.getByRole('button', { name: 'Flytta förfallodagen' }).click();
      await expect(page.getByRole('alert').textContent()).resolves.toMatch(
        /Ny förfallodag \(forfaller\): förfallodagen är redan \d{4}-\d{2}-\d{2}/,
      );
      await expect(page.getByLabel('Ny förfallodag').getAttribute('aria-invalid')).resolves.toBe('true');
      await visa(page, 'uppgift-fel');
    }),
  );
});

it('refuses a text the register cannot hold, by its field, and never shows zod’s own wording', async () => {
  await medUppgift('tecken', async ({ sida, handle }) => {
    const { cookie } = await webb.signIn(HANDLAGGARE, sida);
    const nul = await webb.post(`${sida}/slutfor`, cookie, { kommentar: 'Klar\u0000 nu' });
    expect(nul.status).toBe(409);
    expect(nul.text).toContain(
      'Kommentar</a> (kommentar): texten innehåller ett styrtecken eller ett ensamt',
    );
    expect(nul.text).toContain('[regel: tecken_kan_sparas]');
    expect((await handle.query(uppgiftQuery)).status).toBe('OPPEN');
    // Another C0 control (BEL): refused the same way. (A form cannot carry a lone surrogate: the browser
    // encodes it as U+FFFD.)
    const bel = await webb.post(`${sida}/slutfor`, cookie, { kommentar: 'Klar\u0007 nu' });
    expect(bel.status).toBe(409);
    expect(bel.text).toContain('[regel: tecken_kan_sparas]');
    expect((await handle.query(uppgiftQuery)).status).toBe('OPPEN');

    // A comment longer than the task takes: said as what to write, not as zod says it.
    const lang = await webb.post(`${sida}/slutfor`, cookie, { kommentar: 'x'.repeat(4001) });
    expect(lang.status).toBe(409);
    expect(lang.text).toContain('Kommentar</a> (kommentar): skriv högst 4000 tecken');
    expect(lang.text).not.toMatch(/För (lite|stor)\(t\)|förväntade string/);
    expect((await handle.query(uppgiftQuery)).status).toBe('OPPEN');
  });

  // The sekreterare's ärende with too short a rubrik, on a meeting's föredragningslista (run by the worker of
  // the web app's task queue, where the pages start meetings).
  await withDevWorker(
    webb.taskQueue,
    async () => {
      const sekreterare = (await webb.signIn('kommunsekreterare@lund.example.org')).cookie;
      const datum = addDays(dateInStockholm(Date.now()), 57);
      const motet = `/sammantraden/KS/${datum}`;
      const start = await webb.post('/sammantraden/starta', sekreterare, { organ: 'KS', datum });
      expect(start.status).toBe(303);
      await until('the meeting', async () =>
        (await webb.get(motet, sekreterare)).status === 200 ? true : undefined,
      );
      const kort = await webb.post(`${motet}/arende`, sekreterare, { 'arende.rubrik': 'X' });
      expect(kort.status).toBe(409);
      expect(kort.text).toContain('Ärende (rubrik)</a> (arende.rubrik): skriv minst 3 tecken');
      expect(kort.text).not.toMatch(/För (lite|stor)\(t\)|förväntade string/);
      expect(kort.text).toContain('value="X"');
      await webb.client.workflow.getHandle(`sammantrade/lund/KS/${datum}`).terminate('test done');
    },
    webb.deps.activities,
  );
});

it('answers an unknown page and a fault with Swedish pages in the frame, never a stack trace', async () => {
  const { cookie } = await webb.signIn(HANDLAGGARE);
  const okand = await webb.get('/finns-inte', cookie);
  expect(okand.status).toBe(404);
  expect(okand.text).toContain('<h1>Sidan finns inte</h1>');
  expect(okand.text).toContain('Mina uppgifter');
  // The API keeps answering JSON.
  const api = await webb.get('/api/finns-inte', cookie);
  expect([api.status, api.headers.get('content-type')]).toEqual([404, expect.stringContaining('json')]);

  // The same app over a register that fails: the 500 page.
  const register = {
    ...webb.webb.register,
    listaUppgifter: () => Promise.reject(new Error('the register is unreachable')),
  };
  const trasig = await lyssna(
    createApp({ temporalAnswers: async () => true, webb: { ...webb.webb, register } }),
  );
  const fel = console.error;
  console.error = () => undefined;
  try {
    const svar = await fetch(`${trasig.base}/uppgifter`, { headers: { cookie } });
    const html = await svar.text();
    expect(svar.status).toBe(500);
    expect(html).toContain('<h1>Något gick fel hos oss</h1>');
    expect(html).not.toContain('unreachable');
    expect(svar.headers.get('content-security-policy')).toContain("style-src 'self'");
    expect(svar.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");

    const [name, value] = cookie.split('=') as [string, string];
    await iWebblasaren(async (page) => {
      await page.context().addCookies([
        { name, value, url: webb.base },
        { name, value, url: trasig.base },
      ]);
      await page.goto(`${webb.base}/finns-inte`);
      await visa(page, 'sidan-finns-inte');
      await page.goto(`${trasig.base}/uppgifter`);
      await visa(page, 'internt-fel');
    });
    // A form posted without its page's token is refused, in the frame.
    const utanToken = await fetch(`${webb.base}/logga-ut`, form({ csrf: 'fel' }, cookie));
    expect(utanToken.status).toBe(403);
  } finally {
    console.error = fel;
    await trasig.close();
  }
});

it('finds what breaks WCAG 2.1 AA: the check itself can fail', async () => {
  const page = await browser.newPage();
  try {
    await page.setContent(
      '<html><body><img src="data:,"><input name="x"><p style="color:#ccc">grått</p></body></html>',
    );
    const brott = (await tillganglighetsbrott(page)).map((b) => b.regel);
    expect(brott).toEqual(expect.arrayContaining(['html-has-lang', 'image-alt', 'label', 'color-contrast']));
  } finally {
    await page.close();
  }
});
