/**
 * The kanslichef's Årshjulet page on the real dev server: Lund's kanslichef signs in, sees the 2026 plan and
 * starts the year from the page (twice: the second time is a friendly message), sees the year per organ as a
 * timeline and every open task late first, filters them by organ, role and person, and from the list reminds
 * (a mail reaches the assignee), reassigns and moves a due date — each coming back to the page. A handläggare
 * gets 403.
 */
import { planeraAr } from '../../src/domain/planering';
import type { UppgiftRad } from '../../src/db/register';
import { addDays, dateInStockholm, type IsoDate } from '../../src/domain/datum';
import { openDayOnOrAfter } from '../../src/domain/arbetsdagar';
import { nyUppgift } from '../../src/domain/uppgift';
import { uppgiftQuery } from '../../src/workflows/uppgift';
import { withDevWorker } from '../helpers/devServer';
import { rensa, kommunensAr } from '../helpers/rensa';
import { until } from '../helpers/until';
import { startWebb, type TestWebb } from '../helpers/webb';

let webb: TestWebb;

beforeAll(async () => {
  webb = await startWebb({ name: 'arshjulsida' });
  await rensa(webb.client, kommunensAr('lund', 2026));
});

afterAll(async () => {
  if (webb) await rensa(webb.client, kommunensAr('lund', 2026));
  await webb?.close();
});

/** The task links of the page's task table, in order. */
const uppgiftslankar = (html: string) => {
  const tabell = html.slice(html.indexOf('<table class="uppgiftstabell"'));
  return [...tabell.matchAll(/<td><a href="\/uppgifter\/([^"]+)">/g)].map((m) => decodeURIComponent(m[1]!));
};

/** The shared poll (../helpers/until.ts), given a minute: the year's first tasks take a while to appear. */
const eventually = <T>(probe: () => Promise<T | undefined>, what: string) => until(what, probe, 60_000);

it('lets the kanslichef start the year, see it per organ and act on the late tasks from one page', async () => {
  await withDevWorker(
    webb.taskQueue,
    async () => {
      const { cookie, location } = await webb.signIn('kanslichef@lund.example.org', '/oversikt?organ=KS');
      expect(location).toBe('/oversikt?organ=KS');
      // The old overview leads here, with its filters.
      const gammal = await webb.get('/oversikt?organ=KS', cookie);
      expect([gammal.status, gammal.headers.get('location')]).toEqual([303, '/arshjul?organ=KS']);

      // Not started: the plan, and — its dates having passed — a choice per report, what the choices lead to
      // and the mails of the day, before the button.
      const plan = await webb.get('/arshjul?ar=2026', cookie);
      expect(plan.status).toBe(200);
      expect(plan.text).toContain('Årshjulet 2026 är inte startat');
      expect(plan.text).toContain('Förhandsvisning av planen: 13 rapporter');
      expect(plan.text).toContain('Starta mitt i året');
      expect(plan.text).toContain('Starta årshjulet 2026 med valen</button>');
      // The KS delårsrapport is past: proposed as done outside Årshjul, to the last step.
      expect(plan.text).toMatch(
        /name="val\.lund\/2026\/KS\/delarsrapport-augusti"[^>]*>.*?<option value="redan-gjort:fullmaktige" selected>/s,
      );
      expect(plan.text).toMatch(/\d+ e-postmeddelanden går ut i dag/);
      expect(plan.text).toContain('Kommunstyrelsen (KS)');
      expect(plan.text).toMatch(/Utkast: 4 september 2026 – senast 18 september 2026, [^,]+, planerad/);

      // Others may neither see nor start it.
      const handlaggare = await webb.signIn('handlaggare.ks@lund.example.org');
      const nej = await webb.get('/arshjul', handlaggare.cookie);
      expect([nej.status, nej.text]).toEqual([403, expect.stringContaining('Årshjulet är kanslichefens')]);
      const nejStart = await webb.post('/arshjul/starta', handlaggare.cookie, { ar: '2026' });
      expect(nejStart.status).toBe(403);
      // Bad input names the field.
      const fel = await webb.get('/arshjul?ar=20x6', cookie);
      expect([fel.status, fel.text]).toEqual([
        400,
        expect.stringContaining('ar: skriv året med fyra siffror'),
      ]);
      const felOrgan = await webb.get('/arshjul?organ=XX', cookie);
      expect([felOrgan.status, felOrgan.text]).toEqual([400, expect.stringContaining('organ: okänd organ')]);

      // The kanslichef runs every report in Årshjul after all, and first sees what that leads to: the drafts
      // late at the start are told in digests, not one escalation each.
      const csrf = await webb.csrf(cookie, '/arshjul?ar=2026');
      const allaKors = Object.fromEntries(
        planeraAr(webb.deps.kommuner.get('lund')!, 2026)
          .filter((p) => p.steg.length > 0)
          .map((p) => [`val.${p.id}`, 'kor']),
      );
      const visa = await webb.post('/arshjul/starta', cookie, {
        csrf,
        ar: '2026',
        handling: 'forhandsvisa',
        ...allaKors,
      });
      expect(visa.status).toBe(200);
      expect(visa.text).toMatch(
        /uppgifter är försenade redan från starten: de ansvariga och kanslichefen får ett sammandrag var/,
      );
      expect(visa.text).toContain('Sammandrag:');
      // A step a report does not have is refused, naming the report, and nothing starts.
      const felval = await webb.post('/arshjul/starta', cookie, {
        csrf,
        ar: '2026',
        'val.lund/2026/ASN/verksamhetsplan': 'redan-gjort:revisorer',
      });
      expect([felval.status, felval.text]).toEqual([
        400,
        expect.stringContaining('har inget steg revisorer'),
      ]);
      // Started from the page; a second start is a message, not an error.
      const startat = await webb.post('/arshjul/starta', cookie, { csrf, ar: '2026', ...allaKors });
      expect([startat.status, startat.location]).toEqual([303, '/arshjul?ar=2026&startat=1']);
      const igen = await webb.post('/arshjul/starta', cookie, { csrf, ar: '2026', ...allaKors });
      expect([igen.status, igen.location]).toEqual([303, '/arshjul?ar=2026&startat=redan']);
      expect((await webb.get('/arshjul?ar=2026&startat=redan', cookie)).text).toContain(
        'Årshjulet 2026 var redan startat',
      );

      // The reports whose start has passed start at once: their drafts are late. Each draft reaches the
      // register by its own task's activity, in no set order: the KS one used below among them.
      const idag = dateInStockholm(Date.now());
      const oppna = await eventually(async () => {
        const rader = await webb.deps.register.listaUppgifter({ kommun: 'lund', status: ['OPPEN'] });
        const utkast = rader.filter((u) => u.typ === 'utkast' && u.id.startsWith('lund/2026/'));
        const medKs = utkast.some((u) => u.id === 'lund/2026/KS/delarsrapport-augusti/utkast-1');
        return utkast.length >= 9 && medKs ? utkast : undefined;
      }, 'the drafts of the reports already due');
      expect(oppna.every((u) => u.forsenad)).toBe(true);
      const sida = await eventually(async () => {
        const s = await webb.get('/arshjul?ar=2026', cookie);
        // The plan's rows and the tasks' rows reach the register by different activities: wait for both.
        const klar =
          s.text.includes('Årshjulet 2026 är igång') &&
          /Utkast: 4 september 2026 – senast 18 september 2026, [^,]+, försenad/.test(s.text);
        return klar ? s : undefined;
      }, 'the running year on the page, with the late KS draft');
      expect(sida.text).not.toContain('Starta årshjulet 2026');
      expect(sida.text).toMatch(/Utkast: 4 september 2026 – senast 18 september 2026, [^,]+, försenad/);
      expect(sida.text).toContain('Sammanträden');

      // Move one task's due date into the future: the late ones come first.
      const ks = oppna.find((u) => u.id === 'lund/2026/KS/delarsrapport-augusti/utkast-1')!;
      const asn = oppna.find((u) => u.organ === 'ASN')!;
      const tillbaka = '/arshjul?ar=2026#uppgifter';
      const framtid = openDayOnOrAfter(addDays(idag, 20));
      const flyttad = await webb.post(`/uppgifter/${encodeURIComponent(ks.id)}/flytta`, cookie, {
        csrf,
        forfaller: framtid,
        tillbaka,
      });
      expect([flyttad.status, flyttad.location]).toEqual([303, '/arshjul?ar=2026&klart=flytta#uppgifter']);
      const efter = await eventually(async () => {
        const s = await webb.get('/arshjul?ar=2026', cookie);
        return uppgiftslankar(s.text).at(-1) === ks.id ? s : undefined;
      }, 'the moved task last');
      expect(uppgiftslankar(efter.text)[0]).not.toBe(ks.id);
      const forsta = efter.text.slice(efter.text.indexOf('<table class="uppgiftstabell"'));
      expect(/<td class="datum forsenad">/.exec(forsta)?.index).toBeLessThan(forsta.indexOf(framtid));

      // Filters: organ, role of the assignee, person.
      const lankar = async (query: string) =>
        uppgiftslankar((await webb.get(`/arshjul?ar=2026&${query}`, cookie)).text);
      const von = await lankar('organ=VON');
      expect(von.length).toBeGreaterThan(0);
      // VON's own reports, and VON's budgetunderlag to the EVP (a task of KS's process, from VON).
      expect(von.every((id) => id.startsWith('lund/2026/VON/') || id.includes('/budgetunderlag-VON-'))).toBe(
        true,
      );
      expect((await lankar('roll=handlaggare')).length).toBeGreaterThanOrEqual(9);
      expect(await lankar('roll=registrator')).toEqual([]);
      const asnHandlaggare = await lankar('person=asn-handlaggare');
      expect(asnHandlaggare.length).toBeGreaterThan(0);
      expect(
        asnHandlaggare.every((id) => id.startsWith('lund/2026/ASN/') || id.includes('/budgetunderlag-ASN-')),
      ).toBe(true);
      const filtrerad = await webb.get('/arshjul?ar=2026&organ=VON&roll=handlaggare', cookie);
      expect(filtrerad.text).toContain('<option value="VON" selected>');
      expect(filtrerad.text).toContain('<option value="handlaggare" selected>Handläggare</option>');
      expect(filtrerad.text).toContain('Handläggare</span>');

      // Remind: recorded with who sent it, and mailed to the assignee right after by the task's loop.
      const fore = webb.deps.smtp.messages().length;
      const paminn = await webb.post(`/uppgifter/${encodeURIComponent(asn.id)}/paminn`, cookie, {
        csrf,
        tillbaka: '/arshjul?ar=2026&organ=ASN#uppgifter',
      });
      expect([paminn.status, paminn.location]).toEqual([
        303,
        '/arshjul?ar=2026&organ=ASN&klart=paminn#uppgifter',
      ]);
      const mail = await until('the reminder', () => {
        const till = webb.deps.smtp
          .messages()
          .slice(fore)
          .filter((m) => m.envelope.rcptTo.includes('asn.handlaggare@lund.example.org'));
        return till.length > 0 ? till : undefined;
      });
      expect(mail).toHaveLength(1);
      expect(mail[0]!.subject).toMatch(/^Påminnelse: .* är \d+ dagar försenad$/);
      expect(mail[0]!.text).toContain('Kanslichefen (exempel) påminner dig');
      expect((await webb.get('/arshjul?ar=2026&organ=ASN&klart=paminn', cookie)).text).toContain(
        'Påminnelsen är registrerad och skickas med e-post.',
      );
      const uppgift = webb.client.workflow.getHandle(`uppgift/${asn.id}`);
      expect((await uppgift.query(uppgiftQuery)).historik.at(-1)).toMatchObject({
        typ: 'PAMINNELSE',
        aktor: 'kanslichef',
      });

      // Reassign from the list; a link elsewhere is not followed back.
      const tilldelad = await webb.post(`/uppgifter/${encodeURIComponent(asn.id)}/tilldela`, cookie, {
        csrf,
        till: 'handlaggare-ks-2',
        tillbaka: 'https://example.org/',
      });
      expect([tilldelad.status, tilldelad.location]).toEqual([303, '/uppgifter?klart=tilldela']);
      expect((await uppgift.query(uppgiftQuery)).tilldelad).toBe('handlaggare-ks-2');
      const nyAgare = await eventually(async () => {
        const rader: UppgiftRad[] = await webb.deps.register.listaUppgifter({
          kommun: 'lund',
          person: 'handlaggare-ks-2',
          status: ['OPPEN'],
        });
        return rader.some((u) => u.id === asn.id) ? rader : undefined;
      }, 'the reassigned task in the register');
      expect(nyAgare.map((u) => u.id)).toContain(asn.id);
      expect(await lankar('person=handlaggare-ks-2')).toEqual([asn.id]);

      // A refused command says why and links back to the page.
      const vagrad = await webb.post(`/uppgifter/${encodeURIComponent(asn.id)}/tilldela`, cookie, {
        csrf,
        till: 'handlaggare-ks-2',
        tillbaka,
      });
      expect([vagrad.status, vagrad.text]).toEqual([409, expect.stringContaining(`href="${tillbaka}"`)]);

      // Stopping the year asks for a confirmation; confirmed, the year is stopped and its open tasks end.
      expect((await webb.get('/arshjul?ar=2026', cookie)).text).toContain('Stoppa årshjulet 2026');
      const obekraftad = await webb.post('/arshjul/stoppa', cookie, { csrf, ar: '2026' });
      expect([obekraftad.status, obekraftad.text]).toEqual([
        400,
        // Above the form, linked to the checkbox by its label.
        expect.stringContaining(
          'Jag vill stoppa årshjulet 2026</a> (bekrafta): kryssa i att du vill stoppa årshjulet',
        ),
      ]);
      const stoppad = await webb.post('/arshjul/stoppa', cookie, { csrf, ar: '2026', bekrafta: 'ja' });
      expect([stoppad.status, stoppad.location]).toEqual([303, '/arshjul?ar=2026&stoppat=1']);
      await eventually(
        async () =>
          (await webb.deps.register.hamtaUppgift(asn.id))?.status === 'AVBRUTEN' ? true : undefined,
        'the reassigned task to be cancelled with the year',
      );
      await eventually(
        async () =>
          (await webb.client.workflow.getHandle('arshjul/lund/2026').describe()).status.name === 'CANCELLED'
            ? true
            : undefined,
        'the year to end as cancelled',
      );
      const stoppat = await webb.get('/arshjul?ar=2026&stoppat=1', cookie);
      expect(stoppat.text).toContain('Årshjulet 2026 är stoppat.');
      // A stopped year is not started again: its tasks would come back under the ids of the cancelled ones.
      expect(stoppat.text).toContain(
        'Årshjulet 2026 kan inte startas: ett år startas en gång, också om det har stoppats.',
      );
      expect(stoppat.text).not.toContain('action="/arshjul/starta"');
      const nyStart = await webb.post('/arshjul/starta', cookie, { csrf, ar: '2026', ...allaKors });
      expect([nyStart.status, nyStart.location]).toEqual([303, '/arshjul?ar=2026&startat=redan']);
      const audit = await webb.deps.register.auditLogg({ objekt: 'arshjul/lund/2026' });
      expect(audit.map((r) => [r.handling, r.aktor])).toEqual(
        expect.arrayContaining([['ARSHJUL_STOPPAT', 'kanslichef']]),
      );
    },
    webb.deps.activities,
  );
});

it('pages the open tasks, 50 to a page, by due date, with links to the other pages', async () => {
  const { cookie } = await webb.signIn('kanslichef@lund.example.org');
  // 60 open tasks more, due years from now: they come last, in their order.
  const ids = Array.from({ length: 60 }, (_, i) => `lund/sidor/${String(i).padStart(2, '0')}`);
  for (const [i, id] of ids.entries()) {
    await webb.deps.register.sparaUppgift(
      nyUppgift(
        {
          id,
          kommun: 'lund',
          organ: 'KS',
          typ: 'utkast',
          titel: `Sidtest ${i}`,
          process: { id: 'rapport/lund/KS/sidtest/2030', titel: 'Sidtest' },
          tilldelad: 'handlaggare-ks',
          forfaller: addDays('2030-01-01' as IsoDate, i),
          paminnelseDagar: [],
          eskaleringIntervallDagar: 7,
          utskickKlockan: '08.00',
          kanslichefer: ['kanslichef'],
          personer: ['handlaggare-ks'],
          chefer: {},
        },
        Date.now(),
      ),
    );
  }
  const forsta = await webb.get('/arshjul?ar=2026', cookie);
  const totalt = Number(/<h2 id="uppgifter">Öppna uppgifter \((\d+)\)<\/h2>/.exec(forsta.text)?.[1]);
  expect(totalt).toBeGreaterThanOrEqual(60);
  const sidor = Math.ceil(totalt / 50);
  expect(uppgiftslankar(forsta.text)).toHaveLength(50);
  expect(forsta.text).toContain(`Uppgift 1–50 av ${totalt}.`);
  expect(forsta.text).toContain('<span aria-current="page">1</span>');
  expect(forsta.text).toContain(`href="/arshjul?ar=2026&amp;sida=${sidor}#uppgifter"`);

  // Every page, in order: every open task once, ours last, by due date.
  const alla: string[] = [];
  for (let n = 1; n <= sidor; n++)
    alla.push(...uppgiftslankar((await webb.get(`/arshjul?ar=2026&sida=${n}`, cookie)).text));
  expect(alla).toHaveLength(totalt);
  expect(new Set(alla).size).toBe(totalt);
  expect(alla.slice(-60)).toEqual(ids);
  // The filters stay on the page links.
  const ks = await webb.get('/arshjul?ar=2026&organ=KS&sida=2', cookie);
  expect(ks.text).toContain('href="/arshjul?ar=2026&amp;organ=KS&amp;sida=1#uppgifter"');
});
