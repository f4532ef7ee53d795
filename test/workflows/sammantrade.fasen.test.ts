/**
 * The meeting keeps its phase in the register (issue 16), where the year's list of meetings reads it: written when
 * it starts and at each change — also back, from JUSTERING to RATTELSE on an objection — and the last phase is in
 * the register before the meeting ends. Recorded as the replay fixture of patch `sammantrade-fasen-i-registret`.
 *
 * Lund KS 2023-10-11 registered afterwards, on the time-skipping server with the real activities.
 */
import type { Paragraf } from '../../src/domain/protokoll';
import {
  protokollforParagrafUpdate,
  rattaParagrafUpdate,
  sammantradeQuery,
  skickaForJusteringUpdate,
} from '../../src/workflows/sammantrade';
import { godkannUpdate, returneraUpdate, slutforUpdate } from '../../src/workflows/uppgift';
import { arshjulTestDeps, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { lundProtokoll } from '../helpers/dokument';
import { lundMotetProtokollfort } from '../helpers/lundMotet';
import { recordHistory } from '../helpers/histories';
import { timeSkippingEnv, type TimeSkippingEnv } from '../helpers/timeSkipping';
import { until } from '../helpers/until';

let ts: TimeSkippingEnv;
let deps: ArshjulTestDeps;

afterEach(async () => {
  await ts?.teardown();
  await deps?.close();
});

const { nummer: _n, ...paragraf336 } = lundProtokoll().paragrafer.find((p) => p.nummer === 336) as Paragraf;

it('writes its phase to the register at start and at each change, the last before it ends', async () => {
  ts = await timeSkippingEnv('2023-10-12T09:00:00+02:00');
  deps = await arshjulTestDeps();
  const lund = deps.kommuner.get('lund')!;
  const task = (id: string) => ts.env.client.workflow.getHandle(`uppgift/lund/KS/2023-10-11/${id}`);
  /** The phase the year's list reads. */
  const iRegistret = async () =>
    (await deps.register.startadeSammantraden('lund', ['KS'], 2023)).find((m) => m.datum === '2023-10-11')
      ?.fas;
  const fasen = (fas: string) =>
    until(`${fas} in the register`, async () => ((await iRegistret()) === fas ? true : undefined));

  await ts.withWorker(async (taskQueue) => {
    const handle = await lundMotetProtokollfort(ts.env.client, taskQueue, lund);
    const status = () => handle.query(sammantradeQuery);
    await fasen('PROTOKOLLFORING');

    await handle.executeUpdate(protokollforParagrafUpdate, {
      args: [{ aktor: 'kommunsekreterare', nyckel: 'KS 2023/0431', paragraf: paragraf336 }],
    });
    await handle.executeUpdate(skickaForJusteringUpdate, { args: [{ aktor: 'kommunsekreterare' }] });
    await fasen('JUSTERING');

    // The justerare's objection sends it back to the sekreterare, and the corrected protocol goes out again.
    await until('the justering tasks', async () =>
      Object.keys((await status()).uppgifter).filter((u) => u.includes('/justering-1-')).length === 2
        ? true
        : undefined,
    );
    await task('justering-1-ks-ordforande').executeUpdate(godkannUpdate, {
      args: [{ aktor: 'ks-ordforande' }],
    });
    await task('justering-1-ks-justerare').executeUpdate(returneraUpdate, {
      args: [{ aktor: 'ks-justerare', kommentar: 'Instämmandena i fel ordning.', paragrafer: [336] }],
    });
    await fasen('RATTELSE');
    await handle.executeUpdate(rattaParagrafUpdate, {
      args: [{ aktor: 'kommunsekreterare', nummer: 336, paragraf: paragraf336 }],
    });
    await handle.executeUpdate(skickaForJusteringUpdate, { args: [{ aktor: 'kommunsekreterare' }] });
    await fasen('JUSTERING');

    await until('round 2', async () =>
      Object.keys((await status()).uppgifter).filter((u) => u.includes('/justering-2-')).length === 2
        ? true
        : undefined,
    );
    await ts.advanceTo('2023-10-18T10:00:00+02:00');
    await task('justering-2-ks-ordforande').executeUpdate(godkannUpdate, {
      args: [{ aktor: 'ks-ordforande' }],
    });
    await task('justering-2-ks-justerare').executeUpdate(godkannUpdate, {
      args: [{ aktor: 'ks-justerare' }],
    });
    await fasen('JUSTERAT');

    // The utdrag go out with the anslag; when the appeal period is over the meeting ends.
    await ts.advanceTo('2023-10-19T09:00:00+02:00');
    await until('the utdrag of § 336', async () =>
      (await status()).expediering.filter((e) => e.paragraf === 336).length === 2 ? true : undefined,
    );
    await task('kvittens-336-kommunkontoret').executeUpdate(slutforUpdate, {
      args: [{ aktor: 'kommunkontoret' }],
    });
    await ts.advanceTo('2023-11-10T09:00:00+01:00');
    expect((await handle.result()).state.fas).toBe('AVSLUTAT');
    // Written before the meeting ended, not after.
    expect(await iRegistret()).toBe('AVSLUTAT');
    await recordHistory('sammantrade-fasen-i-registret', handle);
  }, deps.activities);
});
