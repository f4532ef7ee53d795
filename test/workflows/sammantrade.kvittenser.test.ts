/**
 * A meeting waiting only for receipts ends (issue 16): once the anslag is down and the beslut have vunnit laga
 * kraft, the receipts still outstanding go to the register and the meeting ends. A receipt by its link after that
 * is written to the register through the web layer (/kvittens/<token>), its task having closed with the meeting.
 *
 * On the time-skipping server with the real activities; the meeting is registered afterwards.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/api/app';
import type { Paragraf } from '../../src/domain/protokoll';
import {
  protokollforParagrafUpdate,
  sammantradeQuery,
  skickaForJusteringUpdate,
} from '../../src/workflows/sammantrade';
import { godkannUpdate, slutforUpdate } from '../../src/workflows/uppgift';
import { arshjulTestDeps, TEST_HEMLIGHET, type ArshjulTestDeps } from '../helpers/arshjulActivities';
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

const exempel = lundProtokoll();
const { nummer: _n, ...paragraf336 } = exempel.paragrafer.find((p) => p.nummer === 336) as Paragraf;
const ID = 'sammantrade/lund/KS/2023-10-11';

it('hands the outstanding receipts to the register and ends; a late receipt is recorded there', async () => {
  ts = await timeSkippingEnv('2023-10-12T09:00:00+02:00');
  deps = await arshjulTestDeps();
  const lund = deps.kommuner.get('lund')!;
  const task = (id: string) => ts.env.client.workflow.getHandle(`uppgift/lund/KS/2023-10-11/${id}`);

  const token = await ts.withWorker(async (taskQueue) => {
    const handle = await lundMotetProtokollfort(ts.env.client, taskQueue, lund);
    const status = () => handle.query(sammantradeQuery);
    await handle.executeUpdate(protokollforParagrafUpdate, {
      args: [{ aktor: 'kommunsekreterare', nyckel: 'KS 2023/0431', paragraf: paragraf336 }],
    });
    await handle.executeUpdate(skickaForJusteringUpdate, { args: [{ aktor: 'kommunsekreterare' }] });
    await until('the justering tasks', async () =>
      Object.keys((await status()).uppgifter).filter((u) => u.includes('/justering-1-')).length === 2
        ? true
        : undefined,
    );
    await ts.advanceTo('2023-10-18T10:00:00+02:00');
    await task('justering-1-ks-ordforande').executeUpdate(godkannUpdate, {
      args: [{ aktor: 'ks-ordforande' }],
    });
    await task('justering-1-ks-justerare').executeUpdate(godkannUpdate, {
      args: [{ aktor: 'ks-justerare' }],
    });

    // The utdrag go out with the anslag; Kommunkontoret acknowledges, Kommunfullmäktige does not.
    await ts.advanceTo('2023-10-19T09:00:00+02:00');
    await until('the utdrag of § 336', async () =>
      (await status()).expediering.filter((e) => e.paragraf === 336).length === 2 ? true : undefined,
    );
    await task('kvittens-336-kommunkontoret').executeUpdate(slutforUpdate, {
      args: [{ aktor: 'kommunkontoret' }],
    });
    const utdrag = deps.smtp
      .messages()
      .find(
        (m) =>
          m.envelope.rcptTo.includes('kommunfullmaktige@lund.example.org') && m.subject?.includes('§ 336'),
      )!;
    const lank = /http:\/\/arshjul\.test\/kvittens\/([A-Za-z0-9_.-]+)/.exec(utdrag.text!)![1]!;

    // The appeal period ends and the anslag comes down: nothing but a receipt is left, and the meeting ends.
    await ts.advanceTo('2023-11-10T09:00:00+01:00');
    const result = await handle.result();
    expect(result.state.fas).toBe('AVSLUTAT');
    expect(result.expediering.map((e) => [e.mottagare, e.status]).sort()).toEqual([
      ['kommunfullmaktige', 'I_REGISTRET'],
      ['kommunkontoret', 'KVITTERAD'],
    ]);
    await recordHistory('sammantrade-kvittenser-i-registret', handle);
    return lank;
  }, deps.activities);

  const rader = await until('the receipts in the register', async () => {
    const r = await deps.register.expedieringar(ID);
    return r.some((x) => x.overlamnad) ? r : undefined;
  });
  expect(rader.map((r) => [r.mottagare, Boolean(r.kvitterad), Boolean(r.overlamnad)]).sort()).toEqual([
    ['kommunfullmaktige', false, true],
    ['kommunkontoret', true, false],
  ]);

  // Kommunfullmäktige's link, after the meeting ended: the page offers the button, the press is recorded.
  const app = createApp({
    temporalAnswers: async () => true,
    kvittens: { hemlighet: TEST_HEMLIGHET, client: ts.env.client, register: deps.register },
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sida = await fetch(`${base}/kvittens/${token}`);
    expect(sida.status).toBe(200);
    expect(await sida.text()).toContain('Bekräfta mottagandet');
    const svar = await fetch(`${base}/kvittens/${token}`, { method: 'POST' });
    expect(await svar.text()).toContain('Tack! Mottagandet är bekräftat');
    expect(svar.status).toBe(200);
    const kf = await until('the late receipt in the register', async () =>
      (await deps.register.expedieringar(ID)).find((x) => x.mottagare === 'kommunfullmaktige' && x.kvitterad),
    );
    expect(kf.overlamnad).toBeDefined();
    // A second press changes nothing.
    const igen = await fetch(`${base}/kvittens/${token}`);
    expect(await igen.text()).toContain('Mottagandet är redan bekräftat');
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});
