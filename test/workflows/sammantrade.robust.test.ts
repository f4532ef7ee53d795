/**
 * A meeting that commands and mailboxes cannot derail (issue 15), on the time-skipping server with the real
 * activities.
 *
 * A § being recorded and the protocol sent for justering at the same moment: the record-§ Update
 * awaits its number from the register, and before, "skicka till justering" could be accepted in between, so the
 * § landed in a protocol already out for justering. The race is forced here by holding the register's numbering
 * activity: while it is held the protocol cannot be sent; once the § is in, it can, and the § is in it.
 *
 * A protokollsutdrag the recipient's server refuses is recorded as refused, never as sent.
 */
import type { Paragraf } from '../../src/domain/protokoll';
import {
  protokollforParagrafUpdate,
  sammantradeQuery,
  skickaForJusteringUpdate,
} from '../../src/workflows/sammantrade';
import { arshjulTestDeps, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { lundProtokoll } from '../helpers/dokument';
import { lundMotetProtokollfort } from '../helpers/lundMotet';
import { timeSkippingEnv, type TimeSkippingEnv } from '../helpers/timeSkipping';
import { recordHistory } from '../helpers/histories';
import { until } from '../helpers/until';
import { slutforUpdate } from '../../src/workflows/uppgift';

let ts: TimeSkippingEnv;
let deps: ArshjulTestDeps;

afterEach(async () => {
  await ts?.teardown();
  await deps?.close();
});

const exempel = lundProtokoll();
const { nummer: _n, ...paragraf336 } = exempel.paragrafer.find((p) => p.nummer === 336) as Paragraf;

/** The Update's refusal message, as the client sees it. */
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

it('does not send the protocol for justering while a § is being recorded, and the § ends up in it', async () => {
  ts = await timeSkippingEnv('2023-10-12T09:00:00+02:00');
  deps = await arshjulTestDeps();
  const lund = deps.kommuner.get('lund')!;
  // The register's numbering, held on request until released.
  let hall: Promise<void> | undefined;
  let slapp = () => {};
  let halls = false;
  const activities = {
    ...deps.activities,
    async tilldelaParagrafnummer(input: Parameters<typeof deps.activities.tilldelaParagrafnummer>[0]) {
      if (hall) {
        halls = true;
        await hall;
      }
      return deps.activities.tilldelaParagrafnummer(input);
    },
  };

  await ts.withWorker(async (taskQueue) => {
    const handle = await lundMotetProtokollfort(ts.env.client, taskQueue, lund);
    const status = () => handle.query(sammantradeQuery);
    await handle.executeUpdate(protokollforParagrafUpdate, {
      args: [{ aktor: 'kommunsekreterare', nyckel: 'KS 2023/0431', paragraf: paragraf336 }],
    });

    // The second § waits for its number …
    hall = new Promise<void>((resolve) => (slapp = resolve));
    const andra = handle.executeUpdate(protokollforParagrafUpdate, {
      args: [
        {
          aktor: 'kommunsekreterare',
          nyckel: 'KS 2023/0500',
          paragraf: { ...paragraf336, rubrik: 'Motion om fler parkbänkar i centrum' },
        },
      ],
    });
    await until('the numbering held', () => (halls ? true : undefined));
    // … and meanwhile the protocol is not sent for justering (released whatever happens, so a failure ends).
    try {
      expect(
        await refusal(
          handle.executeUpdate(skickaForJusteringUpdate, { args: [{ aktor: 'kommunsekreterare' }] }),
        ),
      ).toMatch(/en paragraf håller på att protokollföras/);
      expect((await status()).state.fas).toBe('PROTOKOLLFORING');
    } finally {
      hall = undefined;
      slapp();
    }

    // Released: the § is in, and now the protocol goes, with both.
    expect(await andra).toEqual({ nummer: 337 });
    await handle.executeUpdate(skickaForJusteringUpdate, { args: [{ aktor: 'kommunsekreterare' }] });
    const state = (await status()).state;
    expect(state.fas).toBe('JUSTERING');
    expect(state.paragrafer.map((p) => [p.nummer, p.rubrik])).toEqual([
      [336, paragraf336.rubrik],
      [337, 'Motion om fler parkbänkar i centrum'],
    ]);
  }, activities);
});

it('records a protokollsutdrag the recipient’s server refused as refused, not as sent, and goes on', async () => {
  ts = await timeSkippingEnv('2023-10-12T09:00:00+02:00');
  deps = await arshjulTestDeps();
  const lund = deps.kommuner.get('lund')!;
  // Kommunfullmäktige's mailbox is gone (550): its utdrag of a § justerad at the meeting cannot be delivered.
  deps.smtp.refuseRecipient('kommunfullmaktige@lund.example.org', 550);

  await ts.withWorker(async (taskQueue) => {
    const handle = await lundMotetProtokollfort(ts.env.client, taskQueue, lund);
    const status = () => handle.query(sammantradeQuery);
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
    });

    const rad = await until('the refused utdrag', async () =>
      (await status()).expediering.find((e) => e.paragraf === 336),
    );
    expect(rad.status).toBe('AVVISAD');
    expect(
      (await deps.register.expedieringar('sammantrade/lund/KS/2023-10-11')).map((e) => [
        e.mottagare,
        e.skickad,
      ]),
    ).toEqual([['kommunfullmaktige', undefined]]);
    // The meeting goes on: the protocol can still be sent for justering.
    await handle.executeUpdate(skickaForJusteringUpdate, { args: [{ aktor: 'kommunsekreterare' }] });
    expect((await status()).state.fas).toBe('JUSTERING');
    await recordHistory('sammantrade-avvisat-utdrag-inte-skickat', handle);
    await handle.terminate('test done');
  }, deps.activities);
});

it('refuses a § whose number came back after the protocol task sent the protocol for justering', async () => {
  ts = await timeSkippingEnv('2023-10-12T09:00:00+02:00');
  deps = await arshjulTestDeps();
  const lund = deps.kommuner.get('lund')!;
  let hall: Promise<void> | undefined;
  let slapp = () => {};
  let halls = false;
  const activities = {
    ...deps.activities,
    async tilldelaParagrafnummer(input: Parameters<typeof deps.activities.tilldelaParagrafnummer>[0]) {
      if (hall) {
        halls = true;
        await hall;
      }
      return deps.activities.tilldelaParagrafnummer(input);
    },
  };
  const task = (id: string) => ts.env.client.workflow.getHandle(`uppgift/lund/KS/2023-10-11/${id}`);

  await ts.withWorker(async (taskQueue) => {
    const handle = await lundMotetProtokollfort(ts.env.client, taskQueue, lund);
    const status = () => handle.query(sammantradeQuery);
    await handle.executeUpdate(protokollforParagrafUpdate, {
      args: [{ aktor: 'kommunsekreterare', nyckel: 'KS 2023/0431', paragraf: paragraf336 }],
    });

    // A second § waits for its number, and meanwhile the sekreterare completes the protocol task: that sends
    // the protocol for justering (the task is not the Update, whose validator waits for the §).
    hall = new Promise<void>((resolve) => (slapp = resolve));
    const andra = refusal(
      handle.executeUpdate(protokollforParagrafUpdate, {
        args: [
          {
            aktor: 'kommunsekreterare',
            nyckel: 'KS 2023/0500',
            paragraf: { ...paragraf336, rubrik: 'Motion om fler parkbänkar i centrum' },
          },
        ],
      }),
    );
    try {
      await until('the numbering held', () => (halls ? true : undefined));
      await until('the protocol task', async () =>
        (await status()).uppgifter['lund/KS/2023-10-11/protokoll-1'] ? true : undefined,
      );
      await task('protokoll-1').executeUpdate(slutforUpdate, { args: [{ aktor: 'kommunsekreterare' }] });
      await until('the protocol out for justering', async () =>
        (await status()).state.fas === 'JUSTERING' ? true : undefined,
      );
    } finally {
      hall = undefined;
      slapp();
    }

    // The number came back to a protocol out for justering: the § is refused, never added to it.
    expect(await andra).toMatch(/protokollet är ute på justering/);
    const state = (await status()).state;
    expect(state.fas).toBe('JUSTERING');
    expect(state.paragrafer.map((p) => p.nummer)).toEqual([336]);
    await recordHistory('sammantrade-paragraf-fragar-om-fasen', handle);
    await handle.terminate('test done');
  }, activities);
});
