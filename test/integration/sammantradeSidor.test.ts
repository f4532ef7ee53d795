/**
 * The sekreterare's Sammanträde pages on the real dev server, as the kommunsekreterare in Lund uses them: start a
 * meeting held a few days ago from the year's list, record its facts and a § with an omröstning and two att-satser
 * through the forms (a refused form names the field and the rule), send the protocol for justering, watch the
 * ordförande and the justerare justera it on their task pages, and download the protokollsutdrag. Anyone who is
 * not the organ's sekreterare (or the kanslichef) is refused.
 */
import { addDays, dateInStockholm, yearOf, type IsoDate } from '../../src/domain/datum';
import { sammantradeQuery } from '../../src/workflows/sammantrade';
import { KOMMUN, ORGAN, STATUS } from '../../src/workflows/searchAttributes';
import { withDevWorker } from '../helpers/devServer';
import { readPdf } from '../helpers/dokument';
import { startWebb, type TestWebb } from '../helpers/webb';
import { until } from '../helpers/until';

let webb: TestWebb;

beforeAll(async () => {
  webb = await startWebb({ name: 'sammantradeSidor' });
});

afterAll(() => webb?.close());

/** Posts a form with repeated fields (checkboxes), with the session's CSRF token. */
async function postForm(path: string, cookie: string, fields: [string, string][]) {
  const csrf = await webb.csrf(cookie);
  const res = await fetch(`${webb.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams([['csrf', csrf], ...fields]).toString(),
    redirect: 'manual',
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

/** The text of a page without its tags, whitespace made single spaces. */
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ');

it('takes a Lund KS meeting from start to justerat protocol and its protokollsutdrag, through the pages', async () => {
  const { client, deps } = webb;
  const idag = dateInStockholm(Date.now());
  // Held four days ago and registered afterwards, as a kansli taking over would.
  const datum = addDays(idag, -4);
  const sida = `/sammantraden/KS/${datum}`;

  await withDevWorker(
    webb.taskQueue,
    async () => {
      const { cookie } = await webb.signIn('kommunsekreterare@lund.example.org');
      /** A meeting's row on the year's list: date, organ, phase. */
      const listrad = async (dag: IsoDate) =>
        new RegExp(`${dag} Kommunstyrelsen (\\(extra\\) )?([^ ]+( [^ ]+)*?) (Öppna|Starta|Registrera)`).exec(
          text((await webb.get(`/sammantraden?ar=${yearOf(dag)}`, cookie)).text),
        )?.[2];

      // A meeting started before meetings wrote their phase to the register, as visibility has it (mimicked: its
      // workflow waits where no worker polls, its phase in the search attribute): the first list fills it in.
      const fore = addDays(idag, 50);
      const gammal = await client.workflow.start('sammantrade', {
        taskQueue: `${webb.taskQueue}-utan-arbetare`,
        workflowId: `sammantrade/lund/KS/${fore}`,
        args: [],
        typedSearchAttributes: [
          { key: KOMMUN, value: 'lund' },
          { key: ORGAN, value: 'KS' },
          { key: STATUS, value: 'KALLAD' },
        ],
      });
      await until('the meeting in visibility', async () => {
        for await (const w of client.workflow.list({ query: `WorkflowId = '${gammal.workflowId}'` }))
          return w;
        return undefined;
      });

      // The year's meetings of the organs the sekreterare keeps, and the form for an extra one.
      const lista = await webb.get('/sammantraden', cookie);
      expect(lista.status).toBe(200);
      expect(text(lista.text)).toContain('Kommunstyrelsen');
      expect(lista.text).toContain('Extra sammanträde');
      expect(await listrad(fore)).toBe('Kallelsen är skickad');
      await gammal.terminate('the test is done with it');

      // A coming meeting: its föredragningslista takes ärenden; a refused one names the field.
      const kommande = `/sammantraden/KS/${addDays(idag, 40)}`;
      const startad = await webb.post('/sammantraden/starta', cookie, {
        organ: 'KS',
        datum: addDays(idag, 40),
      });
      expect([startad.status, startad.location]).toEqual([303, `${kommande}?sparat=startat`]);
      await until('the coming meeting', async () =>
        (await webb.get(kommande, cookie)).status === 200 ? true : undefined,
      );
      // On the year's list with its phase, as the meeting wrote it to the register.
      await until('the coming meeting on the list', async () =>
        (await listrad(addDays(idag, 40))) === 'Föredragningslistan är öppen' ? true : undefined,
      );
      const kort = await webb.post(`${kommande}/arende`, cookie, { 'arende.rubrik': 'X' });
      expect(kort.status).toBe(409);
      expect(text(kort.text)).toMatch(/Ärende \(rubrik\) \(arende\.rubrik\): .*\[regel: too_small\]/);
      const arende = await webb.post(`${kommande}/arende`, cookie, {
        'arende.rubrik': 'Delårsrapport per den 31 augusti',
        'arende.diarienummer': 'KS 2026/0042',
        'arende.forslagTillBeslut': 'att godkänna delårsrapporten',
      });
      expect([arende.status, arende.location]).toEqual([303, `${kommande}?sparat=arende#foredragningslista`]);
      const listan = text((await webb.get(kommande, cookie)).text);
      expect(listan).toMatch(/1 Delårsrapport per den 31 augusti att godkänna delårsrapporten KS 2026\/0042/);

      // A refused start names the field.
      const felStart = await webb.post('/sammantraden/starta', cookie, { organ: 'KS', datum: '2026-13-01' });
      expect(felStart.status).toBe(400);
      expect(text(felStart.text)).toMatch(/Datum \(datum\):/);

      // Held four days ago: registered afterwards, without kallelse.
      const start = await webb.post('/sammantraden/starta', cookie, { organ: 'KS', datum });
      expect([start.status, start.location]).toEqual([303, `${sida}?sparat=efterhand`]);
      const handle = client.workflow.getHandle(`sammantrade/lund/KS/${datum}`);
      await until('the meeting day', async () =>
        (await handle.query(sammantradeQuery)).state.fas === 'PROTOKOLLFORING' ? true : undefined,
      );

      const forst = await webb.get(`${sida}?sparat=efterhand`, cookie);
      expect(forst.status).toBe(200);
      expect(text(forst.text)).toContain('Sparat: sammanträdet är registrerat i efterhand.');
      expect(text(forst.text)).toContain('ingen kallelse skickades till ledamöterna och ersättarna');
      expect(text(forst.text)).toContain('Föredragningslista');
      expect(forst.text).toContain(`href="${sida}/motet"`);

      // The meeting's facts: an announced justering too late is refused, naming the field and the rule.
      const motet: [string, string][] = [
        ['tid.fran', '14.00'],
        ['tid.till', '16.30'],
        ['ajourneringar', '15.00–15.15'],
        ['plats', 'Sessionsalen, Stadshuset'],
        ['narvaro.ledamoter', 'ks-ordforande'],
        ['narvaro.ledamoter', 'ks-vice-ordforande'],
        ['narvaro.ledamoter', 'ks-justerare'],
        ['ersattare.ks-ersattare', 'narvarande'],
        ['narvaro.ovriga', 'Kanslichefen (exempel), kanslichef'],
        ['ordforande', 'ks-ordforande'],
        ['sekreterare', 'kommunsekreterare'],
        ['justerare', 'ks-justerare'],
        ['justering.klockan', '10.00'],
        ['justering.plats', 'Digital justering'],
      ];
      const sent = await postForm(`${sida}/motet`, cookie, [
        ...motet,
        ['justering.datum', addDays(datum, 20)],
      ]);
      expect(sent.status).toBe(409);
      expect(text(sent.text)).toMatch(
        /Justeringsdag \(justering\.datum\): .* protokollet ska justeras senast 14 dagar .* \[regel: justering_inom_14_dagar\]/,
      );
      expect(sent.text).toContain('value="16.30"'); // what was written is kept
      const sparat = await postForm(`${sida}/motet`, cookie, [...motet, ['justering.datum', idag]]);
      expect([sparat.status, sparat.location]).toEqual([303, `${sida}?sparat=motet#motet`]);

      // A new §: the form offers the beslutande as vote rows; a bad att-sats is refused by its line.
      const ny = await webb.get(`${sida}/paragraf/ny`, cookie);
      expect(ny.status).toBe(200);
      const nyckel = /name="nyckel" value="([^"]+)"/.exec(ny.text)![1]!;
      const rostnamn = [...ny.text.matchAll(/name="rostnamn\.(\d+)" value="([^"]+)"/g)].map((m) => ({
        i: m[1]!,
        namn: m[2]!.replace(/&#39;/g, "'"),
      }));
      expect(rostnamn.map((r) => r.namn)).toEqual([
        'Kommunstyrelsens ordförande (exempel) (S)',
        'Kommunstyrelsens vice ordförande (exempel) (M)',
        'Ledamot i kommunstyrelsen, justerare (exempel) (MP)',
      ]);
      const roster = ['ja', 'ja', 'nej'];
      const paragraf = (attSatser: string): [string, string][] => [
        ['nyckel', nyckel],
        ['rubrik', 'Delårsrapport per den 31 augusti'],
        ['diarienummer', 'KS 2026/0042'],
        ['beslut.inledning', 'Kommunstyrelsen beslutar'],
        ['beslut.attSatser', attSatser],
        ['underlag', 'Kommunkontorets tjänsteskrivelse'],
        ['yrkanden.0.av', 'Kommunstyrelsens ordförande (exempel) (S)'],
        ['yrkanden.0.text', 'yrkar bifall till arbetsutskottets förslag'],
        ['yrkanden.1.av', 'Ledamot i kommunstyrelsen, justerare (exempel) (MP)'],
        ['yrkanden.1.text', 'yrkar avslag'],
        ['beslutsgang.typ', 'OMROSTNING'],
        ['beslutsgang.text', 'Ordföranden ställer proposition på bifall och avslag och finner bifall.'],
        ['beslutsgang.utfall', 'Kommunstyrelsen har alltså beslutat enligt ordförandens yrkande.'],
        ...rostnamn.flatMap(({ i, namn }, n): [string, string][] => [
          [`rostnamn.${i}`, namn],
          [`rost.${i}`, roster[n]!],
        ]),
        ['reservationer.0.av', 'Ledamot i kommunstyrelsen, justerare (exempel) (MP)'],
        ['skickasTill.verkstallighet', 'Kommunkontoret'],
        ['skickasTill.kannedom', 'Kommunfullmäktige'],
      ];
      const fel = await postForm(
        `${sida}/paragraf/ny`,
        cookie,
        paragraf('att godkänna delårsrapporten\ngodkänna den'),
      );
      expect(fel.status).toBe(409);
      expect(text(fel.text)).toMatch(
        /Att-satser, rad 2 \(beslut\.attSatser\.1\): en att-sats börjar med "att "/,
      );
      const ok = await postForm(
        `${sida}/paragraf/ny`,
        cookie,
        paragraf(
          'att godkänna delårsrapporten per den 31 augusti\natt överlämna delårsrapporten till kommunfullmäktige',
        ),
      );
      expect([ok.status, ok.location]).toEqual([303, `${sida}?sparat=paragraf#paragrafer`]);
      // The same form sent twice is refused by its key, not recorded twice.
      const igen = await postForm(
        `${sida}/paragraf/ny`,
        cookie,
        paragraf('att godkänna delårsrapporten per den 31 augusti'),
      );
      expect(text(igen.text)).toMatch(/redan protokollfört som § 1 \[regel: paragraf_en_gang\]/);

      const protokollfort = text((await webb.get(sida, cookie)).text);
      expect(protokollfort).toContain('§ 1 Delårsrapport per den 31 augusti');
      expect(protokollfort).toContain('Omröstning: ja 2, nej 1, avstår 0.');
      expect(protokollfort).toContain('§ 1 är inte justerad');
      // The utdrag is refused with the rule's message until the protocol is justerat.
      const tidigt = await webb.get(`${sida}/protokollsutdrag/1.pdf`, cookie);
      expect([tidigt.status, text(tidigt.text)]).toEqual([
        409,
        expect.stringContaining('§ 1 är inte justerad'),
      ]);
      // The draft protocol is the sekreterare's, the ordförande's and the justerare's.
      const utkast = await webb.get(`${sida}/protokoll.pdf`, cookie);
      expect([utkast.status, utkast.headers.get('content-type')]).toEqual([200, 'application/pdf']);

      // Someone who keeps no protocol of KS is refused the pages, the commands and the draft.
      const annan = (await webb.signIn('handlaggare.ks@lund.example.org')).cookie;
      expect((await webb.get('/sammantraden', annan)).status).toBe(403);
      expect((await webb.get(sida, annan)).status).toBe(403);
      expect((await webb.post(`${sida}/justering`, annan, {})).status).toBe(403);
      expect((await webb.get(`${sida}/protokoll.pdf`, annan)).status).toBe(403);
      // The ordförande reads the meeting's page (and the draft) but has nothing to change there.
      const ordforande = (await webb.signIn('ks.ordforande@lund.example.org')).cookie;
      const lasvy = await webb.get(sida, ordforande);
      expect(lasvy.status).toBe(200);
      expect(lasvy.text).toContain('Föredragningslista');
      expect(lasvy.text).toContain(`${sida}/protokoll.pdf`);
      expect(lasvy.text).not.toMatch(/<form method="post" action="\/sammantraden/);
      expect((await webb.post(`${sida}/justering`, ordforande, {})).status).toBe(403);

      // Skicka till justering: the ordförande and the justerare are awaited.
      const skickat = await webb.post(`${sida}/justering`, cookie, {});
      expect([skickat.status, skickat.location]).toEqual([303, `${sida}?sparat=justering#justering`]);
      const justering = text((await webb.get(sida, cookie)).text);
      expect(justering).toContain('Ute på justering');
      expect(justering).toMatch(/Kommunstyrelsens ordförande \(exempel\) Ordförande Väntar/);

      // Each justerar on the task page.
      for (const [person, adress] of [
        ['ks-ordforande', 'ks.ordforande@lund.example.org'],
        ['ks-justerare', 'ks.justerare@lund.example.org'],
      ] as const) {
        const id = `lund/KS/${datum}/justering-1-${person}`;
        // The meeting lists a task as it starts it; the task has started once it has stored itself.
        await until(`the justering task of ${person}`, async () =>
          (await handle.query(sammantradeQuery)).uppgifter[id] && (await deps.register.hamtaUppgift(id))
            ? true
            : undefined,
        );
        const { cookie: deras } = await webb.signIn(adress);
        const godkand = await webb.post(`/uppgifter/${encodeURIComponent(id)}/godkann`, deras, {});
        expect(godkand.status).toBe(303);
      }
      await until('the justering', async () =>
        (await handle.query(sammantradeQuery)).state.justerad ? true : undefined,
      );
      const justerat = text((await webb.get(sida, cookie)).text);
      expect(justerat).toContain('Status: Justerat');
      expect(justerat).toMatch(/Kommunstyrelsens ordförande \(exempel\) Ordförande Justerat/);
      expect(justerat).toMatch(/Ledamot i kommunstyrelsen, justerare \(exempel\) Justerare Justerat/);
      expect(justerat).toContain(`Protokollet justerades ${idag}.`);

      // The protokollsutdrag of § 1, in every format.
      const utdrag = await until('the justerat protocol in the register', async () => {
        const res = await fetch(`${webb.base}${sida}/protokollsutdrag/1.pdf`, { headers: { cookie } });
        return res.status === 200 ? Buffer.from(await res.arrayBuffer()) : undefined;
      });
      const pdf = readPdf(utdrag).flat;
      expect(pdf).toContain('Delårsrapport per den 31 augusti');
      expect(pdf).toContain('att godkänna delårsrapporten per den 31 augusti, samt');
      expect(pdf).toContain('att överlämna delårsrapporten till kommunfullmäktige.');
      for (const format of ['docx', 'html']) {
        const res = await webb.get(`${sida}/protokollsutdrag/1.${format}`, cookie);
        expect(res.status).toBe(200);
      }
      // Once justerat the protocol is an allmän handling: open to everyone in the kommun.
      expect((await webb.get(`${sida}/protokoll.pdf`, annan)).status).toBe(200);
    },
    deps.activities,
  );
});
