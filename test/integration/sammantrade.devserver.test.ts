/**
 * A sammanträde on the real dev server, its register on a real PostgreSQL server and its mail at a real SMTP
 * server on loopback, driven the way a sekreterare drives it today — through the `arshjul` CLI: the kallelse to
 * ledamöter and ersättare, the protocol recorded from a file, the justering tasks, the anslag and the
 * protokollsutdrag to each recipient, acknowledged through the signed link in its mail (on the HTTP server) or
 * from the command line.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client } from '@temporalio/client';
import { createApp } from '../../src/api/app';
import { addDays, dateInStockholm } from '../../src/domain/datum';
import { sammantradeQuery } from '../../src/workflows/sammantrade';
import { arshjulTestDeps, TEST_HEMLIGHET, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { arshjul } from '../helpers/cli';
import { connectTestClient, devServerAddress, uniqueTaskQueue, withDevWorker } from '../helpers/devServer';
import { readPdf } from '../helpers/dokument';
import { createTestSchema, type TestSchema } from '../helpers/postgres';
import { until } from '../helpers/until';

let client: Client;
let schema: TestSchema;
let deps: ArshjulTestDeps;

/** Every page of a PDF as pdftotext reads it, head and foot included. */
const pdfText = (pdf: Buffer) =>
  readPdf(pdf)
    .pages.map((p) => p.raw)
    .join('\n');

beforeAll(async () => {
  client = await connectTestClient();
  schema = await createTestSchema('sammantrade');
  deps = await arshjulTestDeps({ registerUrl: schema.url });
});

afterAll(async () => {
  await client?.connection.close();
  await deps?.close();
  await schema?.drop();
});

it('runs a Linköping KS meeting from kallelse to acknowledged protokollsutdrag, through the CLI', async () => {
  const taskQueue = uniqueTaskQueue('sammantrade');
  const env = { TEMPORAL_ADDRESS: devServerAddress(), ARSHJUL_TASK_QUEUE: taskQueue };
  const datum = dateInStockholm(Date.now());
  const motet = ['--kommun', 'linkoping', '--organ', 'KS', '--datum', datum];
  const cli = async (...args: string[]) => {
    const run = await arshjul(args, env);
    if (run.status !== 0) throw new Error(`arshjul ${args.join(' ')} → ${run.status}: ${run.stderr}`);
    return JSON.parse(run.stdout) as Record<string, unknown>;
  };
  /** The sekreterare's command on this meeting. */
  const sekreterare = (sub: string, ...args: string[]) =>
    cli('sammantrade', sub, ...motet, '--som', 'kommunsekreterare', ...args);

  // The protocol as the sekreterare wrote it: Lund's § 336, here in Linköping's KS, today.
  const lund = JSON.parse(
    readFileSync(path.resolve(__dirname, '../../config/examples/lund-ks-2023-10-11.json'), 'utf8'),
  );
  const p336 = lund.paragrafer.find((p: { nummer: number }) => p.nummer === 336);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'arshjul-')), 'protokoll.json');
  writeFileSync(
    file,
    JSON.stringify({
      ...lund,
      kommun: 'linkoping',
      datum,
      justering: { datum: addDays(datum, 3), klockan: '10.00', plats: 'Digital justering' },
      anslagUppsatt: undefined,
      anslagNedtaget: undefined,
      forvaringsplats: 'Kommunledningsförvaltningen, Stadshuset, Linköping',
      paragrafer: [
        {
          ...p336,
          nummer: 1,
          diarienummer: 'KS 2026-0042',
          skickasTill: { verkstallighet: ['Kommunledningsförvaltningen'], kannedom: ['Kommunfullmäktige'] },
        },
      ],
    }),
  );

  await withDevWorker(
    taskQueue,
    async () => {
      expect(await cli('sammantrade', 'start', ...motet)).toMatchObject({ startat: true });
      const handle = client.workflow.getHandle(`sammantrade/linkoping/KS/${datum}`);

      // Started on the day: the kallelse goes out at once, to ledamöter and ersättare.
      const kallelse = await until('the kallelse', () => {
        const sent = deps.smtp.messages().filter((m) => m.subject?.startsWith('Kallelse: Kommunstyrelsen'));
        return sent.length === 2 ? sent : undefined;
      });
      expect(kallelse.map((m) => m.envelope.rcptTo[0]).sort()).toEqual([
        'ks.justerare@linkoping.example.org',
        'ks.ordforande@linkoping.example.org',
      ]);
      expect(kallelse[0]!.attachments[0]!.contentType).toBe('application/pdf');

      // The meeting day: the protocol is open once the kallelse is out (the mail is sent before the phase
      // changes). A refused command names the option and the rule, and changes nothing.
      await until('the meeting day', async () =>
        (await handle.query(sammantradeQuery)).state.fas === 'PROTOKOLLFORING' ? true : undefined,
      );
      const wrong = await arshjul(
        [
          'sammantrade',
          'paragraf',
          ...motet,
          '--som',
          'kommunsekreterare',
          '--protokoll',
          file,
          '--paragraf',
          '1',
        ],
        env,
      );
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toMatch(/protokollför sammanträdets fakta .* först/);

      await sekreterare('motet', '--protokoll', file, '--justerare', 'ks-justerare');
      expect(await sekreterare('paragraf', '--protokoll', file, '--paragraf', '1')).toEqual({ nummer: 1 });
      await sekreterare('justering');

      // The justering tasks reach the ordförande and the justerare by mail. The ordförande justerar; the
      // justerare objects to § 1, the sekreterare corrects it and sends it again, and round 2 is justerat.
      const justeringsuppgift = (varv: number, person: string) =>
        `linkoping/KS/${datum}/justering-${varv}-${person}`;
      for (const [person, address] of [
        ['ks-ordforande', 'ks.ordforande@linkoping.example.org'],
        ['ks-justerare', 'ks.justerare@linkoping.example.org'],
      ] as const) {
        const mail = await until(`the justering task of ${person}`, () =>
          deps.smtp
            .messages()
            .find((m) => m.envelope.rcptTo.includes(address) && m.subject?.startsWith('Ny uppgift: Justera')),
        );
        expect(mail.text).toContain(`/uppgifter/${encodeURIComponent(justeringsuppgift(1, person))}`);
      }
      await cli(
        'uppgift',
        'godkann',
        '--id',
        justeringsuppgift(1, 'ks-ordforande'),
        '--som',
        'ks-ordforande',
      );
      const bad = await arshjul(
        [
          'uppgift',
          'returnera',
          '--id',
          justeringsuppgift(1, 'ks-justerare'),
          '--som',
          'ks-justerare',
          '--kommentar',
          'Fel',
          '--paragrafer',
          'ett',
        ],
        env,
      );
      expect([bad.status, bad.stderr]).toEqual([2, expect.stringMatching(/--paragrafer: "ett" ska skrivas/)]);
      await cli(
        'uppgift',
        'returnera',
        '--id',
        justeringsuppgift(1, 'ks-justerare'),
        '--som',
        'ks-justerare',
        '--kommentar',
        'Yrkandet i § 1 ska återges ordagrant.',
        '--paragrafer',
        '1',
      );
      await until('the correction', async () =>
        (await handle.query(sammantradeQuery)).state.fas === 'RATTELSE' ? true : undefined,
      );
      expect((await handle.query(sammantradeQuery)).state.invandningar).toEqual([
        {
          varv: 1,
          person: 'ks-justerare',
          paragrafer: [1],
          kommentar: 'Yrkandet i § 1 ska återges ordagrant.',
        },
      ]);
      await sekreterare('ratta', '--protokoll', file, '--paragraf', '1');
      await sekreterare('justering');
      for (const person of ['ks-ordforande', 'ks-justerare']) {
        // The meeting lists a task as it starts it; the task has started once it has stored itself.
        const id = justeringsuppgift(2, person);
        await until(`round 2 for ${person}`, async () =>
          (await handle.query(sammantradeQuery)).uppgifter[id] && (await deps.register.hamtaUppgift(id))
            ? true
            : undefined,
        );
        await cli('uppgift', 'godkann', '--id', justeringsuppgift(2, person), '--som', person);
      }

      // Justerat and posted today (Linköping posts at once); the utdrag go to both recipients.
      const utdrag = await until('the protokollsutdrag', () => {
        const sent = deps.smtp
          .messages()
          .filter((m) => m.subject?.startsWith('Protokollsutdrag Kommunstyrelsen'));
        return sent.length === 2 ? sent : undefined;
      });
      const klf = utdrag.find((m) => m.envelope.rcptTo.includes('klf@linkoping.example.org'))!;
      expect(klf.text).toContain('för verkställighet eller motsvarande åtgärd');
      const text = pdfText(klf.attachments[0]!.content).replace(/\s+/g, ' ');
      expect(text).toContain('Diarienummer: KS 2026-0042');
      expect(text).toContain(`Anslaget sätts upp ${datum}`);
      expect(text).toContain('Utdragsbestyrkande');

      // Kommunledningsförvaltningen acknowledges through the link in its mail, on the HTTP server; a tampered
      // link is refused, a second press changes nothing.
      const anslagFrister = (await handle.query(sammantradeQuery)).anslag[0]!.frister;
      const app = createApp({
        temporalAnswers: async () => true,
        kvittens: { hemlighet: TEST_HEMLIGHET, client, register: deps.register },
        anslagstavla: { register: deps.register, kommuner: deps.kommuner },
      });
      const server = await new Promise<Server>((resolve) => {
        const s = app.listen(0, '127.0.0.1', () => resolve(s));
      });
      try {
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const link = /http:\/\/arshjul\.test(\/kvittens\/[A-Za-z0-9_.-]+)/.exec(klf.text!)![1]!;
        const shown = await fetch(`${base}${link}`);
        expect(shown.status).toBe(200);
        const html = await shown.text();
        expect(html).toContain('<form method="post">');
        expect(html).toContain('Bekräfta protokollsutdrag § 1');
        const tampered = await fetch(`${base}${link.slice(0, -3)}abc`, { method: 'POST' });
        expect([tampered.status, await tampered.text()]).toEqual([
          400,
          expect.stringContaining('Länken är inte giltig'),
        ]);
        const done = await fetch(`${base}${link}`, { method: 'POST' });
        expect([done.status, await done.text()]).toEqual([
          200,
          expect.stringContaining('Tack! Mottagandet är bekräftat'),
        ]);
        // A second press is the same update (its id is the receipt's): answered again, applied once.
        const again = await fetch(`${base}${link}`, { method: 'POST' });
        expect([again.status, await again.text()]).toEqual([
          200,
          expect.stringMatching(/Tack! Mottagandet är bekräftat|redan bekräftat/),
        ]);
        const later = await fetch(`${base}${link}`);
        expect(await later.text()).toContain('Mottagandet är redan bekräftat');

        // The public anslagstavla shows the justering with its last day of appeal, and the protocol.
        const tavla = await fetch(`${base}/anslagstavla/linkoping`);
        const tavlaHtml = (await tavla.text()).replace(/\s+/g, ' ');
        expect(tavla.status).toBe(200);
        expect(tavlaHtml).toContain(
          `<td>Kommunstyrelsen</td><td class="datum">${datum}</td><td>Justerat protokoll § 1</td><td class="datum">${datum}</td>`,
        );
        expect(tavlaHtml).toContain(`<td class="datum">${anslagFrister.anslagNedtidigast}</td>`);
        expect(tavlaHtml).toContain('laglighetsprövning hos förvaltningsrätten');
        const pdf = await fetch(`${base}/anslagstavla/linkoping/KS/${datum}/protokoll.pdf`);
        expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
        const protokollText = pdfText(Buffer.from(await pdf.arrayBuffer())).replace(/\s+/g, ' ');
        expect(protokollText).toContain(`Anslaget sätts upp ${datum}`);
        expect((await fetch(`${base}/anslagstavla/linkoping/KS/${datum}/utdrag-1.pdf`)).status).toBe(404);
        expect((await fetch(`${base}/anslagstavla/ystad`)).status).toBe(404);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
      // Kommunfullmäktige's registry acknowledges from the command line.
      await cli(
        'uppgift',
        'slutfor',
        '--id',
        `linkoping/KS/${datum}/kvittens-1-kommunfullmaktige`,
        '--som',
        'kommunfullmaktige',
      );
      const status = await until('the receipts', async () => {
        const s = await handle.query(sammantradeQuery);
        return s.expediering.length === 2 && s.expediering.every((e) => e.status === 'KVITTERAD')
          ? s
          : undefined;
      });
      expect(status.state.justerad).toBe(datum);
      // The query shows a receipt before the workflow's next activity stores it: stored before it is stopped.
      await until('the receipts in the register', async () => {
        const rader = await deps.register.expedieringar(`sammantrade/linkoping/KS/${datum}`);
        return rader.length === 2 && rader.every((e) => e.kvitterad !== undefined) ? true : undefined;
      });
      // The rest is the three weeks of the appeal period: not for this test.
      await handle.terminate('test done');
    },
    deps.activities,
  );

  // The register (PostgreSQL) keeps it all: the receipt once, by the recipient.
  expect(
    (await deps.register.uppgiftshistorik(`linkoping/KS/${datum}/kvittens-1-klf`)).map((h) => [
      h.typ,
      h.aktor,
    ]),
  ).toEqual([
    ['SKAPAD', undefined],
    ['SLUTFORD', 'klf'],
  ]);
  const id = `sammantrade/linkoping/KS/${datum}`;
  expect(await deps.register.hamtaProtokoll({ kommun: 'linkoping', organ: 'KS', datum })).toMatchObject({
    justering: { justerad: datum },
    anslagUppsatt: datum,
  });
  expect((await deps.register.anslag(id)).map((a) => [a.typ, a.uppsatt])).toEqual([['PROTOKOLL', datum]]);
  expect(
    (await deps.register.expedieringar(id)).map((e) => [e.mottagare, e.for, e.kvitterad !== undefined]),
  ).toEqual(
    expect.arrayContaining([
      ['klf', 'VERKSTALLIGHET', true],
      ['kommunfullmaktige', 'KANNEDOM', true],
    ]),
  );
});
