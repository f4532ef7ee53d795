/**
 * The calendar feeds, fetched as a calendar app would (no session, the signed address only): a person's feed
 * has their open tasks and their organs' meetings and nothing of anyone else's; an organ's feed has its meetings
 * and its reports' step deadlines from the plan. The iCal is checked against RFC 5545's basics; an altered
 * address is refused without a server error.
 */
import { addDays, dateInStockholm, yearOf } from '../../src/domain/datum';
import { uppgift } from '../../src/workflows/uppgift';
import { withDevWorker } from '../helpers/devServer';
import { lundUtkastUppgift } from '../helpers/lund';
import { startWebb, type TestWebb } from '../helpers/webb';

let webb: TestWebb;

beforeAll(async () => {
  webb = await startWebb({ name: 'kalender' });
});

afterAll(() => webb?.close());

/** The feed addresses on the /kalender page, as paths on the test server. */
const adresser = (html: string) =>
  [...html.matchAll(/value="http:\/\/arshjul\.test(\/kalender\/[A-Za-z0-9_.-]+\.ics)"/g)].map((m) => m[1]!);

interface Vevent {
  [property: string]: string;
}

/** Unfolds the content lines (RFC 5545 §3.1) and reads each VEVENT's properties (name with parameters → value). */
function lasIcs(text: string): { rader: string[]; events: Vevent[] } {
  const rader = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  const events: Vevent[] = [];
  let current: Vevent | undefined;
  for (const rad of rader) {
    if (rad === 'BEGIN:VEVENT') current = {};
    else if (rad === 'END:VEVENT') {
      events.push(current!);
      current = undefined;
    } else if (current) {
      const i = rad.indexOf(':');
      current[rad.slice(0, i)] = rad.slice(i + 1);
    }
  }
  return { rader, events };
}

function expectValidIcs(text: string) {
  // CRLF line endings everywhere, no bare LF; no line over 75 octets.
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  const { rader, events } = lasIcs(text);
  expect(rader[0]).toBe('BEGIN:VCALENDAR');
  expect(rader).toContain('VERSION:2.0');
  expect(rader.some((r) => r.startsWith('PRODID:'))).toBe(true);
  expect(rader.filter((r) => r === 'END:VCALENDAR')).toHaveLength(1);
  for (const event of events) {
    expect(event.UID).toMatch(/@arshjul$/);
    expect(event.DTSTAMP).toMatch(/^\d{8}T\d{6}Z$/);
    expect(event['DTSTART;VALUE=DATE'] ?? event.DTSTART).toBeDefined();
  }
  const uids = events.map((e) => e.UID);
  expect(new Set(uids).size).toBe(uids.length);
  return events;
}

it('gives each person and organ a feed of their dates, signed, and refuses an altered one', async () => {
  const lund = webb.deps.kommuner.get('lund')!;
  const idag = dateInStockholm(Date.now());
  const spec = lundUtkastUppgift(lund, `kalender-${Date.now()}`, addDays(idag, 10));

  await withDevWorker(
    webb.taskQueue,
    async () => {
      const handle = await webb.client.workflow.start(uppgift, {
        args: [spec],
        taskQueue: webb.taskQueue,
        workflowId: `uppgift/${spec.id}`,
      });
      for (
        let i = 0;
        (await webb.deps.register.listaUppgifter({ person: 'handlaggare-ks' })).length === 0;
        i++
      ) {
        if (i > 200) throw new Error('the task never reached the register');
        await new Promise((r) => setTimeout(r, 100));
      }

      // The handläggare's page: their own feed and their organ's (KS), no other organ's.
      const { cookie } = await webb.signIn('handlaggare.ks@lund.example.org', '/kalender');
      const sida = await webb.get('/kalender', cookie);
      expect(sida.status).toBe(200);
      expect(sida.text).toContain('Lägg till kalender från webbadress');
      expect(sida.text).toContain('Prenumerera från webben');
      expect(sida.text).toContain('Kommunstyrelsen (KS)');
      expect(sida.text).not.toContain('Arbetsmarknads- och socialnämnden');
      const [egen, ks, ...ovriga] = adresser(sida.text);
      expect(ovriga).toEqual([]);

      // The person's feed: the task on its due date (all day), KS's meetings, no ASN meeting.
      const personFlode = await webb.get(egen!);
      expect(personFlode.status).toBe(200);
      expect(personFlode.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      const events = expectValidIcs(personFlode.text);
      const task = events.find((e) => e.UID === `${spec.id}@arshjul`)!;
      expect(task['DTSTART;VALUE=DATE']).toBe(spec.forfaller.replaceAll('-', ''));
      expect(task['DTEND;VALUE=DATE']).toBe(addDays(spec.forfaller, 1).replaceAll('-', ''));
      expect(task.SUMMARY).toBe(`Förfaller: ${spec.titel}`);
      expect(task['URL;VALUE=URI']).toBe(`http://arshjul.test/uppgifter/${encodeURIComponent(spec.id)}`);
      const ksMote = events.filter((e) => e.UID?.startsWith('sammantrade/lund/KS/'));
      expect(ksMote.length).toBeGreaterThan(0);
      expect(events.some((e) => e.UID?.startsWith('sammantrade/lund/ASN/'))).toBe(false);
      expect(events.some((e) => e.UID === 'sammantrade/lund/KS/2026-12-16@arshjul')).toBe(
        yearOf(idag) <= 2027,
      );
      // The same events under the same UIDs on the next fetch.
      const igen = lasIcs((await webb.get(egen!)).text).events.map((e) => e.UID);
      expect(igen).toEqual(events.map((e) => e.UID));

      // Someone else's feed does not have the task.
      const kanslichef = await webb.signIn('kanslichef@lund.example.org', '/kalender');
      const kanslichefensSida = await webb.get('/kalender', kanslichef.cookie);
      const [kanslichefensFlode, ...organFloden] = adresser(kanslichefensSida.text);
      expect(organFloden).toHaveLength(lund.organ.length);
      expect(kanslichefensSida.text).toContain('Renhållningsstyrelsen (RS)');
      const hennes = expectValidIcs((await webb.get(kanslichefensFlode!)).text);
      expect(hennes.some((e) => e.UID === `${spec.id}@arshjul`)).toBe(false);

      // KS's feed: its meetings and every step's deadline of this year's reports, as planned.
      const organFlode = await webb.get(ks!);
      expect(organFlode.status).toBe(200);
      const organEvents = expectValidIcs(organFlode.text);
      expect(organEvents.some((e) => e.UID?.startsWith('sammantrade/lund/KS/'))).toBe(true);
      expect(organEvents.some((e) => e.UID?.startsWith('sammantrade/lund/ASN/'))).toBe(false);
      expect(organEvents.some((e) => e.UID?.startsWith('uppgift') || e.UID === `${spec.id}@arshjul`)).toBe(
        false,
      );
      if (yearOf(idag) === 2026) {
        const utkast = organEvents.find(
          (e) => e.UID === 'rapport/lund/2026/KS/delarsrapport-augusti/utkast@arshjul',
        )!;
        expect(utkast['DTSTART;VALUE=DATE']).toBe('20260918');
        expect(utkast.SUMMARY).toBe(
          'Utkast senast: Delårsrapport per den 31 augusti 2026 för kommunstyrelsen',
        );
      }

      // Altered, truncated or made-up addresses: refused, never a server error.
      const [kid, body, signatur] = egen!.slice('/kalender/'.length, -'.ics'.length).split('.') as [
        string,
        string,
        string,
      ];
      const annanPerson = Buffer.from(
        JSON.stringify({ kommun: 'lund', person: 'kanslichef', gen: 0, giltigTill: 4102444800000 }),
      ).toString('base64url');
      for (const path of [
        `/kalender/${kid}.${annanPerson}.${signatur}.ics`,
        `/kalender/${kid}.${body}.${signatur.slice(0, -2)}AA.ics`,
        `/kalender/AAAAAAAA.${body}.${signatur}.ics`,
        `/kalender/${body}.${signatur}.ics`,
        `/kalender/${kid}.${body}.ics`,
        '/kalender/x.ics',
        `/kalender/${kid}.${body}.${signatur}`,
      ]) {
        const svar = await webb.get(path);
        expect([path, svar.status]).toEqual([path, 404]);
        expect(svar.text).not.toContain('BEGIN:VCALENDAR');
      }

      await handle.terminate('test done');
    },
    webb.deps.activities,
  );
});

it('revokes every address of a person when they make new ones, and only theirs', async () => {
  const { cookie } = await webb.signIn('kommunsekreterare@lund.example.org', '/kalender');
  const [egen, organ] = adresser((await webb.get('/kalender', cookie)).text);
  const kollega = await webb.signIn('handlaggare.ks@lund.example.org', '/kalender');
  const [kollegans] = adresser((await webb.get('/kalender', kollega.cookie)).text);
  for (const adress of [egen!, organ!, kollegans!]) expect((await webb.get(adress)).status).toBe(200);

  const ny = await webb.post('/kalender/ny-adress', cookie, {});
  expect([ny.status, ny.location]).toEqual([303, '/kalender']);
  // The old addresses (the person's own and the organ's they copied): refused, and say what to do.
  for (const adress of [egen!, organ!]) {
    const svar = await webb.get(adress);
    expect([svar.status, svar.text]).toEqual([404, expect.stringContaining('Kopiera adressen på nytt')]);
  }
  const [nyEgen, nyOrgan] = adresser((await webb.get('/kalender', cookie)).text);
  expect([nyEgen, nyOrgan]).not.toEqual([egen, organ]);
  expect((await webb.get(nyEgen!)).status).toBe(200);
  expect((await webb.get(nyOrgan!)).status).toBe(200);
  // A colleague's address is theirs: untouched.
  expect((await webb.get(kollegans!)).status).toBe(200);
  // Without the form's CSRF token nothing changes.
  const utan = await webb.post('/kalender/ny-adress', cookie, { csrf: 'fel' });
  expect(utan.status).toBe(403);
  expect((await webb.get(nyEgen!)).status).toBe(200);
});
