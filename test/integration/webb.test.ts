/**
 * The task mail's link, followed as a handläggare would: the task page asks for sign-in, the sign-in link comes
 * by mail (a real SMTP server on loopback), the link signs in once, and the task is completed from its page on the
 * real dev server — with the CSRF token, as the person signed in, and refused to anyone else.
 */
import type { Client } from '@temporalio/client';
import fc from 'fast-check';
import { sakerDestination } from '../../src/api/session';
import { addDays, dateInStockholm } from '../../src/domain/datum';
import { openDayOnOrAfter } from '../../src/domain/arbetsdagar';
import { uppgift, uppgiftQuery } from '../../src/workflows/uppgift';
import type { ArshjulTestDeps } from '../helpers/arshjulActivities';
import { uniqueTaskQueue, withDevWorker } from '../helpers/devServer';
import { lundUtkastUppgift } from '../helpers/lund';
import { until } from '../helpers/until';
import { form, startWebb, type TestWebb } from '../helpers/webb';

let webb: TestWebb;
let client: Client;
let deps: ArshjulTestDeps;
let base: string;

beforeAll(async () => {
  webb = await startWebb({ name: 'webb' });
  ({ client, deps, base } = webb);
});

afterAll(() => webb?.close());

/** Signs `address` in by its mail link, and checks the cookie and that the link is used up. */
async function signIn(address: string, till: string): Promise<{ cookie: string; location: string }> {
  const before = deps.smtp.messages().length;
  const signedIn = await webb.signIn(address, till);
  expect(signedIn.setCookie).toMatch(
    /^arshjul_session=[^;]+; Max-Age=28800; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Lax$/,
  );
  // The sign-in mail, not another mail to the same person (the task's own news may come in between).
  const mail = deps.smtp
    .messages()
    .slice(before)
    .find((m) => m.envelope.rcptTo.includes(address) && m.subject === 'Din inloggningslänk till Årshjul')!;
  const link = /http:\/\/arshjul\.test(\/logga-in\/[A-Za-z0-9_.-]+)/.exec(mail.text!)![1]!;
  const again = await fetch(`${base}${link}`, form({}));
  expect([again.status, await again.text()]).toEqual([
    400,
    expect.stringContaining('Länken är redan använd'),
  ]);
  return signedIn;
}

it('takes the handläggare from the task mail’s link through sign-in to the completed task', async () => {
  const taskQueue = uniqueTaskQueue('webb');
  const spec = lundUtkastUppgift(
    deps.kommuner.get('lund')!,
    taskQueue,
    addDays(dateInStockholm(Date.now()), 10),
    {},
  );
  const id = spec.id;
  const page = `/uppgifter/${encodeURIComponent(id)}`;

  await withDevWorker(
    taskQueue,
    async () => {
      const handle = await client.workflow.start(uppgift, {
        args: [spec],
        taskQueue,
        workflowId: `uppgift/${id}`,
      });

      // The link from the mail, without a session: to sign-in, and back afterwards.
      const anonymous = await fetch(`${base}${page}`, { redirect: 'manual' });
      expect([anonymous.status, anonymous.headers.get('location')]).toEqual([
        303,
        `/logga-in?till=${encodeURIComponent(page)}`,
      ]);

      // An unknown address gets the same answer, and no mail.
      const before = deps.smtp.messages().length;
      const unknown = await fetch(`${base}/logga-in`, form({ epost: 'okand@example.org', till: page }));
      expect(await unknown.text()).toContain(
        'Om okand@example.org finns i Årshjul har vi skickat en inloggningslänk',
      );
      const bad = await fetch(`${base}/logga-in`, form({ epost: 'inte en adress', till: page }));
      // The refusal names the field by its label (its name for whoever helps) and keeps what was typed.
      expect([bad.status, await bad.text()]).toEqual([
        400,
        expect.stringMatching(
          /Din e-postadress<\/a> \(epost\): skriv en e-postadress[^]*value="inte en adress"/,
        ),
      ]);
      const tampered = await fetch(`${base}/logga-in/eyJhIjoxfQ.AAAA`, form({}));
      expect(tampered.status).toBe(400);
      // No sign-in mail went out for any of the three (the task's own news may come in between).
      expect(
        deps.smtp
          .messages()
          .slice(before)
          .filter(
            (m) =>
              m.subject === 'Din inloggningslänk till Årshjul' ||
              m.envelope.rcptTo.includes('okand@example.org'),
          ),
      ).toEqual([]);

      const handlaggare = await signIn('handlaggare.ks@lund.example.org', page);
      expect(handlaggare.location).toBe(page);
      const shown = await fetch(`${base}${page}`, { headers: { cookie: handlaggare.cookie } });
      const html = await shown.text();
      expect(shown.status).toBe(200);
      expect(shown.headers.get('content-security-policy')).toContain("default-src 'none'");
      expect(shown.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(html).toContain('Skriv rapporten: Delårsrapport per den 31 augusti för kommunstyrelsen');
      expect(html).toContain('<button type="submit">Slutför</button>');
      const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;

      // Mina uppgifter lists it (from the register, where the task's workflow stores it by an activity).
      const mine = await until('the task in Mina uppgifter', async () => {
        const svar = await fetch(`${base}/uppgifter`, { headers: { cookie: handlaggare.cookie } });
        const lista = await svar.text();
        return lista.includes(page) ? lista : undefined;
      });
      expect(mine).toContain(page);

      // Someone else signed in may not see it: the page answers as for an id that names no task, so that an id
      // does not tell a stranger that the task exists.
      const chef = await signIn('ekonomidirektor@lund.example.org', '/uppgifter');
      const other = await fetch(`${base}${page}`, { headers: { cookie: chef.cookie } });
      const saknadSida = `/uppgifter/${encodeURIComponent('lund/finns/inte-1')}`;
      const saknad = await fetch(`${base}${saknadSida}`, { headers: { cookie: chef.cookie } });
      // The same page but for the id, and the sign-out form's nonce (one per page drawn).
      const utanId = (html: string, sida: string) =>
        html
          .replaceAll(decodeURIComponent(sida.slice('/uppgifter/'.length)), '<id>')
          .replace(/name="nonce" value="[^"]+"/, 'name="nonce"');
      expect(other.status).toBe(404);
      expect(utanId(await other.text(), page)).toBe(utanId(await saknad.text(), saknadSida));

      // The kanslichef sees it among the kommun's open tasks, and moves its due date from its page.
      const kanslichef = await signIn('kanslichef@lund.example.org', '/oversikt');
      expect(kanslichef.location).toBe('/oversikt');
      const oversikt = await fetch(`${base}/oversikt?organ=KS&typ=utkast`, {
        headers: { cookie: kanslichef.cookie },
      });
      const oversiktHtml = await oversikt.text();
      expect(oversikt.status).toBe(200);
      expect(oversiktHtml).toContain(`href="${page}"`);
      expect(oversiktHtml).toContain('<option value="KS" selected>');
      const filtered = await fetch(`${base}/oversikt?organ=ASN`, { headers: { cookie: kanslichef.cookie } });
      expect(await filtered.text()).not.toContain(`href="${page}"`);
      expect((await fetch(`${base}/oversikt`, { headers: { cookie: chef.cookie } })).status).toBe(403);
      const kanslichefensSida = await (
        await fetch(`${base}${page}`, { headers: { cookie: kanslichef.cookie } })
      ).text();
      expect(kanslichefensSida).toContain('Flytta förfallodagen');
      const kanslichefCsrf = /name="csrf" value="([^"]+)"/.exec(kanslichefensSida)![1]!;
      const nyDag = openDayOnOrAfter(addDays(spec.forfaller, 3));
      const flyttad = await fetch(`${base}${page}/flytta`, {
        ...form({ csrf: kanslichefCsrf, forfaller: nyDag }),
        headers: { ...form({}).headers, cookie: kanslichef.cookie },
      });
      expect(flyttad.status).toBe(303);
      expect((await handle.query(uppgiftQuery)).forfaller).toBe(nyDag);
      const fel = await fetch(`${base}${page}/flytta`, {
        ...form({ csrf: kanslichefCsrf, forfaller: '2026-02-30' }),
        headers: { ...form({}).headers, cookie: kanslichef.cookie },
      });
      expect([fel.status, await fel.text()]).toEqual([409, expect.stringContaining('forfaller')]);

      // Without the form's CSRF token nothing happens; with it, the task is done, as the handläggare.
      const forged = await fetch(`${base}${page}/slutfor`, {
        ...form({ csrf: 'fel', kommentar: 'x' }),
        headers: { ...form({}).headers, cookie: handlaggare.cookie },
      });
      expect(forged.status).toBe(403);
      const done = await fetch(`${base}${page}/slutfor`, {
        ...form({ csrf, kommentar: 'Rapporten ligger i diariet.' }),
        headers: { ...form({}).headers, cookie: handlaggare.cookie },
      });
      expect([done.status, done.headers.get('location')]).toEqual([303, `${page}?klart=1`]);
      expect(await handle.result()).toMatchObject({
        status: 'KLAR',
        aktor: 'handlaggare-ks',
        kommentar: 'Rapporten ligger i diariet.',
      });
      const after = await fetch(`${base}${page}?klart=1`, { headers: { cookie: handlaggare.cookie } });
      expect(await after.text()).toContain('Klart. Uppgiften är uppdaterad.');

      // A second submit from an old tab reaches a task whose workflow has ended: told why, not a 500.
      const igen = await fetch(`${base}${page}/slutfor`, {
        ...form({ csrf, kommentar: 'Igen.' }),
        headers: { ...form({}).headers, cookie: handlaggare.cookie },
      });
      expect([igen.status, await igen.text()]).toEqual([
        409,
        expect.stringContaining('är redan slutförd; den kan inte'),
      ]);
    },
    deps.activities,
  );
});

it('sends a signed-in user only to a path on this site', () => {
  expect(sakerDestination('/uppgifter/lund%2Fx')).toBe('/uppgifter/lund%2Fx');
  for (const evil of [
    '//evil.example/x',
    'https://evil.example',
    '/\\evil.example',
    'javascript:alert(1)',
    42,
  ]) {
    expect(sakerDestination(evil)).toBe('/uppgifter');
  }
});

it('refuses expired, reused, altered and random sign-in links, never with a 5xx', async () => {
  let now = Date.now();
  const klocka = await startWebb({ name: 'lankar', nu: () => now });
  try {
    const address = 'registrator@lund.example.org';
    const link = async () => {
      const before = klocka.deps.smtp.messages().length;
      expect((await fetch(`${klocka.base}/logga-in`, form({ epost: address }))).status).toBe(200);
      for (let i = 0; i < 100; i++) {
        const mail = klocka.deps.smtp
          .messages()
          .slice(before)
          .find(
            (m) => m.envelope.rcptTo.includes(address) && m.subject === 'Din inloggningslänk till Årshjul',
          );
        if (mail) return /http:\/\/arshjul\.test(\/logga-in\/[A-Za-z0-9_.-]+)/.exec(mail.text!)![1]!;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error('no sign-in mail');
    };

    // Expired: 15 minutes and a second after it was made.
    const gammal = await link();
    now += 15 * 60_000 + 1_000;
    const utgangen = await fetch(`${klocka.base}${gammal}`, form({}));
    expect([utgangen.status, await utgangen.text()]).toEqual([
      400,
      expect.stringContaining('Länken har gått ut'),
    ]);
    expect(utgangen.headers.get('set-cookie')).toBeNull();

    // Altered: one character of the signature or of the body changed.
    const farsk = await link();
    const token = farsk.slice('/logga-in/'.length);
    const [body, mac] = token.split('.') as [string, string];
    const byt = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
    for (const andrad of [`${body}.${byt(mac, 3)}`, `${byt(body, 5)}.${mac}`, `${body}.`, body]) {
      const svar = await fetch(`${klocka.base}/logga-in/${andrad}`, form({}));
      expect(svar.status).toBe(400);
      expect(svar.headers.get('set-cookie')).toBeNull();
    }
    // The genuine one still works once, and only once.
    expect((await fetch(`${klocka.base}${farsk}`, form({}))).status).toBe(303);
    expect((await fetch(`${klocka.base}${farsk}`, form({}))).status).toBe(400);

    // Anything else in its place: a clear page, never a session, never a 5xx.
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 300 }), fc.boolean(), async (skrap, post) => {
        const svar = await fetch(
          `${klocka.base}/logga-in/${encodeURIComponent(skrap || 'x')}`,
          post ? form({}) : { redirect: 'manual' },
        );
        expect(svar.status).toBeLessThan(500);
        expect(svar.headers.get('set-cookie') ?? '').not.toContain('arshjul_session=');
      }),
      { numRuns: 60 },
    );
  } finally {
    await klocka.close();
  }
});
