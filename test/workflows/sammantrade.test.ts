/**
 * The sammanträde chain on real dates, on the time-skipping server, with the real activities (a PGlite register,
 * mail to an SMTP server on loopback, PDF documents):
 *
 * - Lund KS 2023-10-11 as document 000 shows it: kallelse, § 336 recorded through the Updates, a justerare's
 *   objection and the correction, justering 2023-10-18, anslag 2023-10-19 to 2023-11-10, laga kraft, and
 *   expediering of § 336 to Kommunkontoret and Kommunfullmäktige — then the protokollsutdrag made again from the
 *   register alone and compared with document 000 (pdftotext);
 * - a late justering whose anslag runs into midsommar: the deviation recorded, the period moved by söndagsregeln.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { renderProtokollsutdrag } from '../../src/documents';
import type { IsoDate } from '../../src/domain/datum';
import { protokollSchema, type Paragraf, type Protokoll } from '../../src/domain/protokoll';
import { planeraRapport } from '../../src/domain/planering';
import { motesfaktaFor } from '../../src/domain/sammantrade';
import {
  laggTillArendeUpdate,
  protokollforMotetUpdate,
  protokollforParagrafUpdate,
  rattaParagrafUpdate,
  sammantrade,
  sammantradeQuery,
  skickaForJusteringUpdate,
} from '../../src/workflows/sammantrade';
import { godkannUpdate, returneraUpdate, slutforUpdate } from '../../src/workflows/uppgift';
import { lundMotetsFakta } from '../helpers/lundMotet';
import { arshjulTestDeps, TEST_HEMLIGHET, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { verifieraKvittens } from '../../src/security/kvittenslank';
import { recordHistory } from '../helpers/histories';
import { readPdf } from '../helpers/dokument';
import { until } from '../helpers/until';
import { timeSkippingEnv, type TimeSkippingEnv } from '../helpers/timeSkipping';

let ts: TimeSkippingEnv;
let deps: ArshjulTestDeps;

/** Every page of a PDF as pdftotext reads it, head and foot included. */
const pdfText = (pdf: Buffer) =>
  readPdf(pdf)
    .pages.map((p) => p.raw)
    .join('\n');

afterEach(async () => {
  await ts?.teardown();
  await deps?.close();
});

const exempel = protokollSchema.parse(
  JSON.parse(readFileSync(path.resolve(__dirname, '../../config/examples/lund-ks-2023-10-11.json'), 'utf8')),
) as Protokoll;
const p336 = exempel.paragrafer.find((p) => p.nummer === 336) as Paragraf;
const { nummer: _n, ...paragraf336 } = p336;

/** "2023-10-19 08.00" in Stockholm for an instant. */
const local = (ms: number) =>
  new Date(ms)
    .toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' })
    .replace(':', '.');

/** The Update's refusal message (the validator's `Fel`, as the client sees it). */
async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    let e: unknown = error;
    const messages: string[] = [];
    while (e instanceof Error) {
      messages.push(e.message);
      e = (e as { cause?: unknown }).cause;
    }
    return messages.join(' | ');
  }
  throw new Error('the command was accepted');
}

const motet = lundMotetsFakta;

const mailTo = (address: string) =>
  deps.smtp
    .messages()
    .filter((m) => m.envelope.rcptTo.includes(address))
    .map((m) => m.subject ?? '');

it('runs Lund KS 2023-10-11 from kallelse to the last receipt, as document 000 shows it', async () => {
  ts = await timeSkippingEnv('2023-09-20T09:00:00+02:00');
  deps = await arshjulTestDeps();
  const task = (id: string) => ts.env.client.workflow.getHandle(`uppgift/lund/KS/2023-10-11/${id}`);
  let arende = { arendeId: '', diarienummer: '' };

  await ts.withWorker(async (taskQueue) => {
    const handle: WorkflowHandle<typeof sammantrade> = await ts.env.client.workflow.start(sammantrade, {
      args: [motesfaktaFor(deps.kommuner.get('lund')!, 'KS', '2023-10-11' as IsoDate)],
      taskQueue,
      workflowId: 'sammantrade/lund/KS/2023-10-11',
    });
    const status = () => handle.query(sammantradeQuery);

    // The föredragningslista: the delårsrapport comes from its report process (registered, with its plan in the
    // register); the sekreterare adds a motion.
    // Lund's diarium had 430 ärenden before the delårsrapport was registered as KS 2023/0431.
    const registrera = (nyckel: string, rubrik: string) =>
      deps.register.registreraArende({
        nyckel,
        kommun: 'lund',
        diarium: 'KS',
        ar: 2023,
        rubrik,
        organ: 'KS',
        format: deps.kommuner.get('lund')!.diarienummer.format,
        registreradAv: 'registrator',
        tid: new Date('2023-09-21T10:00:00+02:00'),
      });
    for (let i = 1; i <= 430; i++) await registrera(`tidigare-${i}`, `Ärende ${i}`);
    arende = await registrera('rapport:lund/2023/KS/delarsrapport-augusti', p336.rubrik);
    expect(arende.diarienummer).toBe('KS 2023/0431');
    await deps.register.sparaRapport({
      id: 'lund/2023/KS/delarsrapport-augusti',
      kommun: 'lund',
      organ: 'KS',
      slag: 'delarsrapport-augusti',
      period: '2023-08-31',
      titel: p336.rubrik,
      status: 'REGISTRERAD',
      diarienummer: 'KS 2023/0431',
      plan: planeraRapport(deps.kommuner.get('lund')!, 'KS', 'delarsrapport-augusti', 2023),
    });
    await handle.executeUpdate(laggTillArendeUpdate, {
      args: [
        {
          aktor: 'kommunsekreterare',
          arende: {
            rubrik: 'Motion om fler parkbänkar i centrum',
            diarienummer: 'KS 2023/0500',
            forslagTillBeslut: ['att anse motionen besvarad'],
          },
        },
      ],
    });

    // The kallelse goes out seven days before (Lund's reglemente for KS), to ledamöter and ersättare.
    await ts.advanceTo('2023-10-04T09:00:00+02:00');
    const kallelse = deps.smtp.messages().filter((m) => m.subject?.startsWith('Kallelse: '));
    expect(kallelse.map((m) => m.envelope.rcptTo[0]).sort()).toEqual([
      'ks.ersattare@lund.example.org',
      'ks.justerare@lund.example.org',
      'ks.ordforande@lund.example.org',
      'ks.viceordforande@lund.example.org',
    ]);
    expect(kallelse[0]!.subject).toBe('Kallelse: Kommunstyrelsen onsdagen den 11 oktober 2023 klockan 14.00');
    const kallelsePdf = pdfText(kallelse[0]!.attachments[0]!.content);
    expect((await status()).state.arenden.map((a) => [a.punkt, a.diarienummer])).toEqual([
      [1, 'KS 2023/0500'],
      [2, 'KS 2023/0431'],
    ]);
    expect(kallelsePdf).toContain('KS 2023/0431');
    expect(kallelsePdf).toContain('Delårsrapport för kommunstyrelsen');
    expect(kallelsePdf).toContain('Motion om fler parkbänkar i centrum');
    expect(
      await refusal(
        handle.executeUpdate(laggTillArendeUpdate, {
          args: [{ aktor: 'kommunsekreterare', arende: { rubrik: 'För sent ärende' } }],
        }),
      ),
    ).toMatch(/kallelsen är skickad/);

    // §§ 1–335 of the year went to KS's earlier meetings: the series runs per organ and year.
    for (let i = 1; i <= 335; i++) {
      await deps.register.tilldelaParagrafnummer({
        kommun: 'lund',
        organ: 'KS',
        datum: '2023-09-27' as IsoDate,
        nyckel: `tidigare-${i}`,
      });
    }

    // The meeting: the sekreterare records it in the evening.
    await ts.advanceTo('2023-10-11T18:30:00+02:00');
    expect((await status()).state.fas).toBe('PROTOKOLLFORING');
    expect(
      await refusal(handle.executeUpdate(protokollforMotetUpdate, { args: [motet('2023-10-26')] })),
    ).toMatch(/justering\.datum: 2023-10-26 är efter 2023-10-25: .*KL 5 kap\. 69 §/);
    await handle.executeUpdate(protokollforMotetUpdate, { args: [motet('2023-10-18')] });
    expect(
      await handle.executeUpdate(protokollforParagrafUpdate, {
        args: [{ aktor: 'kommunsekreterare', nyckel: 'KS 2023/0431', paragraf: paragraf336 }],
      }),
    ).toEqual({ nummer: 336 });
    expect(
      await refusal(
        handle.executeUpdate(protokollforParagrafUpdate, {
          args: [{ aktor: 'kommunsekreterare', nyckel: 'KS 2023/0431', paragraf: paragraf336 }],
        }),
      ),
    ).toMatch(/redan protokollfört som § 336/);
    expect(
      await refusal(
        handle.executeUpdate(protokollforParagrafUpdate, {
          args: [
            {
              aktor: 'kommunsekreterare',
              nyckel: 'annat',
              paragraf: {
                ...paragraf336,
                skickasTill: { verkstallighet: ['Tekniska förvaltningen'], kannedom: [] },
              },
            },
          ],
        }),
      ),
    ).toMatch(/paragraf\.skickasTill\.verkstallighet\.0: okänd mottagare "Tekniska förvaltningen"/);
    expect(
      await refusal(
        handle.executeUpdate(protokollforParagrafUpdate, {
          args: [{ aktor: 'ks-justerare', nyckel: 'x', paragraf: paragraf336 }],
        }),
      ),
    ).toMatch(/ks-justerare är inte sekreterare för KS/);
    // A § justerad at the meeting (KL 5 kap. 70 §): its anslag and expediering start at once.
    expect(
      await handle.executeUpdate(protokollforParagrafUpdate, {
        args: [
          {
            aktor: 'kommunsekreterare',
            nyckel: 'brådskande',
            paragraf: {
              rubrik: 'Yttrande över remiss med kort svarstid',
              beslut: {
                inledning: 'Kommunstyrelsen beslutar',
                attSatser: ['att avge yttrande enligt förslaget'],
              },
              skickasTill: { verkstallighet: [], kannedom: ['Kommunfullmäktige'] },
              omedelbartJusterad: true,
            },
          },
        ],
      }),
    ).toEqual({ nummer: 337 });

    // Before the justering, only the omedelbart justerade § can be extracted.
    const ojusterat = (await deps.register.hamtaProtokoll({
      kommun: 'lund',
      organ: 'KS',
      datum: '2023-10-11' as IsoDate,
    }))!;
    await expect(
      Promise.resolve().then(() => renderProtokollsutdrag(ojusterat, [336], 'pdf')),
    ).rejects.toThrow(/§ 336 är inte justerad/);
    expect(pdfText(await renderProtokollsutdrag(ojusterat, [337], 'pdf'))).toContain('§ 337');

    await handle.executeUpdate(skickaForJusteringUpdate, { args: [{ aktor: 'kommunsekreterare' }] });
    expect(
      await until('the protocol task to close', async () => {
        const s = await status();
        return s.uppgifter['lund/KS/2023-10-11/protokoll-1']?.utfall;
      }),
    ).toMatchObject({ status: 'KLAR', aktor: 'kommunsekreterare' });

    // Justering, round 1: the justerare objects to § 336; the ordförande approves.
    await until('the justering tasks', async () =>
      Object.keys((await status()).uppgifter).filter((id) => id.includes('/justering-1-')).length === 2
        ? true
        : undefined,
    );
    await ts.advanceTo('2023-10-17T10:00:00+02:00');
    await task('justering-1-ks-ordforande').executeUpdate(godkannUpdate, {
      args: [{ aktor: 'ks-ordforande' }],
    });
    await task('justering-1-ks-justerare').executeUpdate(returneraUpdate, {
      args: [
        {
          aktor: 'ks-justerare',
          kommentar: 'Instämmandena i § 336 ska stå i den ordning de anmäldes.',
          paragrafer: [336],
        },
      ],
    });
    await until('the correction', async () => ((await status()).state.fas === 'RATTELSE' ? true : undefined));
    expect((await status()).state.invandningar).toEqual([
      {
        varv: 1,
        person: 'ks-justerare',
        paragrafer: [336],
        kommentar: 'Instämmandena i § 336 ska stå i den ordning de anmäldes.',
      },
    ]);
    await handle.executeUpdate(rattaParagrafUpdate, {
      args: [{ aktor: 'kommunsekreterare', nummer: 336, paragraf: paragraf336 }],
    });
    await handle.executeUpdate(skickaForJusteringUpdate, { args: [{ aktor: 'kommunsekreterare' }] });

    // Round 2, on the announced day.
    await until('round 2', async () =>
      Object.keys((await status()).uppgifter).filter((id) => id.includes('/justering-2-')).length === 2
        ? true
        : undefined,
    );
    await ts.advanceTo('2023-10-18T10:30:00+02:00');
    await task('justering-2-ks-ordforande').executeUpdate(godkannUpdate, {
      args: [{ aktor: 'ks-ordforande' }],
    });
    await task('justering-2-ks-justerare').executeUpdate(godkannUpdate, {
      args: [{ aktor: 'ks-justerare' }],
    });
    await until('the justering', async () =>
      (await status()).state.justerad === '2023-10-18' ? true : undefined,
    );

    // The anslag goes up the next morning (Lund's practice), and the utdrag go out.
    await ts.advanceTo('2023-10-19T09:00:00+02:00');
    const anslag = await until('the anslag', async () =>
      (await status()).anslag.find((a) => a.paragrafer.includes(336)),
    );
    expect(anslag.frister).toMatchObject({
      justering: '2023-10-18',
      anslag: '2023-10-19',
      overklagandeSenast: '2023-11-09',
      anslagNedtidigast: '2023-11-10',
      avvikelser: [],
    });
    await until('the utdrag of § 336', async () =>
      (await status()).expediering.filter((e) => e.paragraf === 336).length === 2 ? true : undefined,
    );
    const utdrag = deps.smtp
      .messages()
      .find(
        (m) => m.envelope.rcptTo.includes('kommunkontoret@lund.example.org') && m.subject?.includes('§ 336'),
      )!;
    expect(utdrag.subject).toMatch(/^Protokollsutdrag Kommunstyrelsen 2023-10-11 § 336: Delårsrapport/);
    expect(utdrag.text).toContain('för verkställighet eller motsvarande åtgärd');
    // The link acknowledges this receipt as this recipient: signed, so it is their credential for it.
    const token = /http:\/\/arshjul\.test\/kvittens\/([A-Za-z0-9_.-]+)/.exec(utdrag.text!)![1]!;
    expect(verifieraKvittens(token, TEST_HEMLIGHET, Date.now())).toMatchObject({
      ok: true,
      kvittens: { uppgiftId: 'lund/KS/2023-10-11/kvittens-336-kommunkontoret', person: 'kommunkontoret' },
    });
    expect(pdfText(utdrag.attachments[0]!.content).replace(/\s+/g, ' ')).toContain(
      'Anslaget sätts upp 2023-10-19',
    );

    // Kommunkontoret acknowledges at once; Kommunfullmäktige only after it is escalated.
    await ts.advanceTo('2023-10-20T10:00:00+02:00');
    await task('kvittens-336-kommunkontoret').executeUpdate(slutforUpdate, {
      args: [{ aktor: 'kommunkontoret' }],
    });
    await task('kvittens-337-kommunfullmaktige').executeUpdate(slutforUpdate, {
      args: [{ aktor: 'kommunfullmaktige' }],
    });
    await ts.advanceTo('2023-10-30T10:00:00+01:00');
    await task('kvittens-336-kommunfullmaktige').executeUpdate(slutforUpdate, {
      args: [{ aktor: 'kommunfullmaktige' }],
    });

    // The appeal period ends: the anslag comes down and the beslut vinner laga kraft.
    await ts.advanceTo('2023-11-10T09:00:00+01:00');
    const result = await handle.result();
    expect(result.state.fas).toBe('AVSLUTAT');
    const helaProtokollet = result.anslag.find((a) => a.paragrafer.includes(336))!;
    expect(helaProtokollet.nedtagen).toBe('2023-11-10');
    expect(helaProtokollet.overklagande?.status).toBe('LAGA_KRAFT');
    const omedelbar = result.anslag.find((a) => a.paragrafer.includes(337))!;
    expect(omedelbar.frister).toMatchObject({
      justering: '2023-10-11',
      anslag: '2023-10-11',
      overklagandeSenast: '2023-11-01',
    });
    expect(result.expediering.every((e) => e.status === 'KVITTERAD')).toBe(true);
    await recordHistory('sammantrade-lund-ks-2023-10-11', handle);
    // A task ended by its process (the signal), and a receipt task that is told by the utdrag mail.
    await recordHistory('uppgift-lund-ks-2023-10-11-protokoll-1', task('protokoll-1'));
    await recordHistory(
      'uppgift-lund-ks-2023-10-11-kvittens-336-kommunfullmaktige',
      task('kvittens-336-kommunfullmaktige'),
    );
  }, deps.activities);

  // The tasks, day by day, from the register.
  const events = async (id: string) =>
    (await deps.register.uppgiftshistorik(`lund/KS/2023-10-11/${id}`)).map(
      (h) =>
        `${local(h.tid)} ${h.typ}${h.mottagare ? ` → ${h.mottagare.join(', ')}` : ''}${h.aktor ? ` av ${h.aktor}` : ''}`,
    );
  expect(await events('justering-2-ks-justerare')).toEqual([
    '2023-10-17 10.00 SKAPAD',
    '2023-10-18 08.00 PAMINNELSE → ks-justerare',
    '2023-10-18 10.30 GODKAND av ks-justerare',
  ]);
  expect(await events('kvittens-336-kommunfullmaktige')).toEqual([
    '2023-10-19 08.00 SKAPAD',
    '2023-10-25 08.00 PAMINNELSE → kommunfullmaktige',
    '2023-10-26 08.00 PAMINNELSE → kommunfullmaktige',
    '2023-10-27 08.00 ESKALERING → kanslichef',
    '2023-10-30 10.00 SLUTFORD av kommunfullmaktige',
  ]);
  expect(mailTo('kommunfullmaktige@lund.example.org').map((s) => s.split(':')[0])).toEqual([
    'Protokollsutdrag Kommunstyrelsen 2023-10-11 § 337',
    'Påminnelse', // § 337's receipt is due 2023-10-18, seven days after its utdrag
    'Påminnelse',
    'Protokollsutdrag Kommunstyrelsen 2023-10-11 § 336',
    'Påminnelse',
    'Påminnelse',
  ]);

  // The register alone makes the protokollsutdrag again, and it reads as document 000.
  const protokoll = (await deps.register.hamtaProtokoll({
    kommun: 'lund',
    organ: 'KS',
    datum: '2023-10-11' as IsoDate,
  }))!;
  expect(protokoll.justering).toMatchObject({ datum: '2023-10-18', justerad: '2023-10-18' });
  expect(protokoll.anslagUppsatt).toBe('2023-10-19');
  const text = pdfText(await renderProtokollsutdrag(protokoll, [336], 'pdf'));
  for (const fact of [
    '§ 336 Delårsrapport för kommunstyrelsen samt kommunfullmäktige, inklusive revisionen, per den 31 augusti',
    'Diarienummer: KS 2023/0431',
    'Kommunstyrelsen beslutar',
    'att godkänna delårsrapport per den 31 augusti 2023 för kommunstyrelsen,',
    'till kommunfullmäktige, samt',
    'följa arbetet aktivt.',
    'Yrkanden',
    'instämmer i Axel Hallbergs (MP) yrkande',
    'Beslutsgång',
    'Underlag för beslut',
    'Beslutet skickas till',
    'Kommunkontoret',
    'Justerare',
    'Utdragsbestyrkande',
    'Axel Hallberg (MP)',
    'Anslaget sätts upp',
    '2023-10-19',
    'Anslaget tas ned',
    '2023-11-10',
    'Kommunkontoret, Bruksgatan 22, Lund',
    'Digital justering onsdagen den 18 oktober 2023, klockan 10.00',
  ]) {
    expect(text.replace(/\s+/g, ' ')).toContain(fact);
  }
  // The ärende closed when the last recipient acknowledged the beslut.
  const avslutat = (await deps.register.hamtaArende(arende.arendeId))?.avslutat;
  expect([local(avslutat!.tid.getTime()), avslutat!.genom]).toEqual([
    '2023-10-30 10.00',
    'KS 2023-10-11 § 336',
  ]);
  const versioner = await deps.register.protokollversioner('sammantrade/lund/KS/2023-10-11');
  expect(versioner.length).toBeGreaterThanOrEqual(4);
  const justeringar = await deps.register.justeringar('sammantrade/lund/KS/2023-10-11');
  expect(justeringar.map((j) => [j.person, j.typ, j.paragrafer])).toEqual(
    expect.arrayContaining([
      ['ks-justerare', 'INVANDNING', [336]],
      ['ks-justerare', 'GODKAND', []],
      ['ks-ordforande', 'GODKAND', []],
    ]),
  );
});

it('records a late justering and moves the appeal period past midsommar', async () => {
  // KS 2023-05-17: justering due by 2023-05-31 (KL 5 kap. 69 §); the justerare approves on 1 June.
  ts = await timeSkippingEnv('2023-05-17T17:00:00+02:00');
  deps = await arshjulTestDeps();
  const task = (id: string) => ts.env.client.workflow.getHandle(`uppgift/lund/KS/2023-05-17/${id}`);

  await ts.withWorker(async (taskQueue) => {
    const handle = await ts.env.client.workflow.start(sammantrade, {
      args: [motesfaktaFor(deps.kommuner.get('lund')!, 'KS', '2023-05-17' as IsoDate)],
      taskQueue,
      workflowId: 'sammantrade/lund/KS/2023-05-17',
    });
    const status = () => handle.query(sammantradeQuery);
    // Started after its kallelse day: the kallelse goes out at once, and the meeting is under way.
    await until('the meeting', async () =>
      (await status()).state.fas === 'PROTOKOLLFORING' ? true : undefined,
    );
    await handle.executeUpdate(protokollforMotetUpdate, { args: [motet('2023-05-24')] });
    await handle.executeUpdate(protokollforParagrafUpdate, {
      args: [{ aktor: 'kommunsekreterare', nyckel: 'KS 2023/0431', paragraf: paragraf336 }],
    });
    await handle.executeUpdate(skickaForJusteringUpdate, { args: [{ aktor: 'kommunsekreterare' }] });
    await until('the justering tasks', async () =>
      Object.keys((await status()).uppgifter).filter((id) => id.includes('/justering-1-')).length === 2
        ? true
        : undefined,
    );
    await ts.advanceTo('2023-05-24T12:00:00+02:00');
    await task('justering-1-ks-ordforande').executeUpdate(godkannUpdate, {
      args: [{ aktor: 'ks-ordforande' }],
    });
    await ts.advanceTo('2023-06-01T10:00:00+02:00');
    await task('justering-1-ks-justerare').executeUpdate(godkannUpdate, {
      args: [{ aktor: 'ks-justerare' }],
    });

    await ts.advanceTo('2023-06-02T09:00:00+02:00');
    const anslag = await until('the anslag', async () => (await status()).anslag[0]);
    expect(anslag.frister).toMatchObject({
      justering: '2023-06-01',
      justeringSenast: '2023-05-31',
      anslag: '2023-06-02',
      // 2023-06-23 is midsommarafton, then midsommardagen and a Sunday (lag 1930:173).
      overklagandeSenast: '2023-06-26',
      anslagNedtidigast: '2023-06-27',
      lagaKraft: '2023-06-27',
      avvikelser: ['JUSTERING_FORSENAD'],
    });
    await ts.advanceTo('2023-06-27T09:00:00+02:00');
    await until('the anslag to come down', async () =>
      (await status()).anslag[0]?.nedtagen ? true : undefined,
    );
    expect((await status()).anslag[0]).toMatchObject({
      nedtagen: '2023-06-27',
      overklagande: { status: 'LAGA_KRAFT' },
    });
  }, deps.activities);

  // The kanslichef heard of the late justering before the statutory deadline passed.
  expect(
    (await deps.register.uppgiftshistorik('lund/KS/2023-05-17/justering-1-ks-justerare')).map(
      (h) => `${local(h.tid)} ${h.typ}${h.mottagare ? ` → ${h.mottagare.join(', ')}` : ''}`,
    ),
  ).toEqual([
    '2023-05-17 17.00 SKAPAD',
    '2023-05-23 08.00 PAMINNELSE → ks-justerare',
    '2023-05-24 08.00 PAMINNELSE → ks-justerare',
    '2023-05-25 08.00 ESKALERING → kanslichef',
    '2023-06-01 08.00 ESKALERING → kanslichef',
    '2023-06-01 10.00 GODKAND',
  ]);
  // The record says so: JUSTERING_FORSENAD, citing the law, on the protocol and every utdrag.
  const sent = (await deps.register.hamtaProtokoll({
    kommun: 'lund',
    organ: 'KS',
    datum: '2023-05-17' as IsoDate,
  }))!;
  expect(pdfText(await renderProtokollsutdrag(sent, [1], 'pdf')).replace(/\s+/g, ' ')).toContain(
    'Försenad justering: protokollet justerades 2023-06-01, efter sista dagen för justering 2023-05-31 (KL 5 kap. 69 §).',
  );
  const anslag = await deps.register.anslag('sammantrade/lund/KS/2023-05-17');
  expect(anslag).toEqual([
    expect.objectContaining({
      typ: 'PROTOKOLL',
      uppsatt: '2023-06-02',
      nedtagen: '2023-06-27',
      overklagandeSenast: '2023-06-26',
    }),
  ]);
});

it('posts fullmäktige’s kallelse on the anslagstavla ten days before the meeting (KL 5 kap. 13 §)', async () => {
  ts = await timeSkippingEnv('2023-11-01T09:00:00+01:00');
  deps = await arshjulTestDeps();
  await ts.withWorker(async (taskQueue) => {
    const handle = await ts.env.client.workflow.start(sammantrade, {
      args: [motesfaktaFor(deps.kommuner.get('lund')!, 'KF', '2023-11-22' as IsoDate)],
      taskQueue,
      workflowId: 'sammantrade/lund/KF/2023-11-22',
    });
    // Lund's reglemente: kallelse 10 days before KF, on Sunday 12 November in the morning.
    await ts.advanceTo('2023-11-12T07:59:00+01:00');
    expect(deps.smtp.messages()).toHaveLength(0);
    await ts.advanceTo('2023-11-12T09:00:00+01:00');
    await until('the kallelse', async () =>
      (await handle.query(sammantradeQuery)).state.fas === 'KALLAD' ? true : undefined,
    );
    expect(
      deps.smtp
        .messages()
        .map((m) => m.envelope.rcptTo[0])
        .sort(),
    ).toEqual([
      'kf.justerare@lund.example.org',
      'kf.ordforande@lund.example.org',
      'ks.ordforande@lund.example.org',
    ]);
    expect(deps.smtp.messages()[0]!.subject).toBe(
      'Kallelse: Kommunfullmäktige onsdagen den 22 november 2023 klockan 17.00',
    );
    await handle.terminate('test done');
  }, deps.activities);
  expect(await deps.register.anslag('sammantrade/lund/KF/2023-11-22')).toEqual([
    expect.objectContaining({ typ: 'KALLELSE', uppsatt: '2023-11-12', nedtasTidigast: '2023-11-23' }),
  ]);
});
