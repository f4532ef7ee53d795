/**
 * The appeal period on the time-skipping server, with the real dates of document 000 (Lund KS 2023-10-11):
 * anslag 2023-10-19, last day of appeal 2023-11-09, laga kraft at Stockholm midnight starting 2023-11-10.
 */
import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { JusteratProtokoll } from '../../src/domain/overklagande';
import { parseParagrafSpann } from '../../src/domain/numrering';
import { validationFelOf } from '../../src/temporal/client';
import { openRegister } from '../../src/db/register';
import {
  anmalOverklagande,
  overklagandetidStatus,
  type OverklagandeFel,
} from '../../src/temporal/overklagande';
import { anmalOverklagandeUpdate, overklagandetid, statusQuery } from '../../src/workflows/overklagandetid';
import { recordHistory } from '../helpers/histories';
import { LUND_KS_FRISTER } from '../helpers/lund';
import { timeSkippingEnv, type TimeSkippingEnv } from '../helpers/timeSkipping';

const DAY = 24 * 60 * 60 * 1000;

const lundKs: JusteratProtokoll = {
  kommun: 'lund',
  organ: 'KS',
  sammantrade: '2023-10-11' as JusteratProtokoll['sammantrade'],
  justering: '2023-10-18' as JusteratProtokoll['justering'],
  anslag: '2023-10-19' as JusteratProtokoll['anslag'],
  paragrafer: parseParagrafSpann('327-365')!,
};

let ts: TimeSkippingEnv;
let ids = 0;

/** A test server per test, since its clock only moves forward; by default it starts on the morning of the
 * anslag, Thursday 2023-10-19, 09.00 in Stockholm. */
async function startServer(startAt = '2023-10-19T09:00:00+02:00') {
  await ts?.teardown();
  ts = await timeSkippingEnv(startAt);
}

beforeEach(() => startServer());

afterAll(async () => {
  await ts?.teardown();
});

async function start(taskQueue: string, protokoll: JusteratProtokoll = lundKs) {
  return ts.env.client.workflow.start(overklagandetid, {
    args: [protokoll],
    taskQueue,
    workflowId: `overklagandetid-test-${++ids}`,
  });
}

async function closeTime(handle: { describe(): Promise<{ closeTime?: Date }> }): Promise<string | undefined> {
  return (await handle.describe()).closeTime?.toISOString();
}

/** The workflow closed at `instant` — not a moment before, and within the seconds its last task takes. */
async function expectClosedAt(handle: { describe(): Promise<{ closeTime?: Date }> }, instant: string) {
  const closed = Date.parse((await closeTime(handle)) ?? 'missing');
  expect(closed).toBeGreaterThanOrEqual(Date.parse(instant));
  expect(closed - Date.parse(instant)).toBeLessThan(5000);
}

it('waits until Stockholm midnight after the last day of appeal, then every beslut vinner laga kraft', async () => {
  await ts.withWorker(async (taskQueue) => {
    const startedAt = await ts.now();
    const handle = await start(taskQueue);

    const before = await handle.query(statusQuery);
    expect(before.status).toBe('ANSLAGEN');
    expect(before.frister).toEqual(LUND_KS_FRISTER);

    const wallStart = Date.now();
    const result = await handle.result();
    const wallMs = Date.now() - wallStart;

    expect(result.status).toBe('LAGA_KRAFT');
    expect(result.paragrafer).toHaveLength(39);
    expect(result.paragrafer.every((p) => p.status === 'LAGA_KRAFT')).toBe(true);
    // 2023-11-10 00:00 in Stockholm (CET, +01:00) is 2023-11-09 23:00 UTC.
    await expectClosedAt(handle, '2023-11-09T23:00:00.000Z');
    // Once the beslut has vunnit laga kraft, no appeal can be recorded.
    await expect(
      handle.executeUpdate(anmalOverklagandeUpdate, {
        args: [{ inkom: '2023-11-09' as never, registreradAv: 'x' }],
      }),
    ).rejects.toThrow();
    const virtualDays = ((await ts.now()) - startedAt) / DAY;
    expect(virtualDays).toBeGreaterThan(21);
    console.log(
      `overklagandetid: ${virtualDays.toFixed(1)} virtual days passed in ${wallMs} ms of wall time`,
    );
  });
});

it('records an appeal of one paragraf; the others vinner laga kraft when the period ends', async () => {
  await ts.withWorker(async (taskQueue) => {
    const handle = await start(taskQueue);
    await ts.advance(5 * DAY); // Tuesday 2023-10-24
    const after = await handle.executeUpdate(anmalOverklagandeUpdate, {
      args: [
        {
          inkom: '2023-10-24' as never,
          paragrafer: [336],
          klagande: 'En kommunmedlem',
          registreradAv: 'kommunsekreterare',
        },
      ],
    });
    expect(after.status).toBe('DELVIS_OVERKLAGAD');
    expect(after.overklaganden).toEqual([
      expect.objectContaining({ inkom: '2023-10-24', paragrafer: [336], registrerad: '2023-10-24' }),
    ]);

    const result = await handle.result();
    expect(result.status).toBe('DELVIS_OVERKLAGAD');
    expect(result.paragrafer.find((p) => p.paragraf === 336)?.status).toBe('OVERKLAGAD');
    expect(result.paragrafer.filter((p) => p.status === 'LAGA_KRAFT')).toHaveLength(38);
    await expectClosedAt(handle, '2023-11-09T23:00:00.000Z');
    await recordHistory('overklagandetid-delvis-overklagad', handle);
  });
});

it('returns at once when every beslut is appealed', async () => {
  await ts.withWorker(async (taskQueue) => {
    const handle = await start(taskQueue, { ...lundKs, paragrafer: [336] });
    await ts.advance(2 * DAY);
    const now = await ts.now();
    await handle.executeUpdate(anmalOverklagandeUpdate, {
      args: [
        { inkom: new Date(now).toISOString().slice(0, 10) as never, registreradAv: 'kommunsekreterare' },
      ],
    });
    const result = await handle.result();
    expect(result.status).toBe('OVERKLAGAD');
    expect(Date.parse((await closeTime(handle))!)).toBeLessThan(Date.parse('2023-11-01T00:00:00Z'));
  });
});

it('refuses a bad appeal with the field and the rule, and changes nothing', async () => {
  await ts.withWorker(async (taskQueue) => {
    const handle = await start(taskQueue);
    const refused = async (input: Record<string, unknown>) => {
      const error = await handle.executeUpdate(anmalOverklagandeUpdate, { args: [input as never] }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
      return validationFelOf(error);
    };

    expect(await refused({ inkom: '2023-10-19', paragrafer: [400], registreradAv: 'x' })).toEqual([
      expect.objectContaining({ field: 'paragrafer', rule: 'paragraf_i_protokollet' }),
    ]);
    expect(await refused({ inkom: '2023-02-30', registreradAv: 'x' })).toEqual([
      expect.objectContaining({ field: 'inkom', rule: 'giltigt_datum' }),
    ]);
    expect(await refused({ inkom: '2023-10-25', registreradAv: 'x' })).toEqual([
      expect.objectContaining({ field: 'inkom', rule: 'inte_i_framtiden' }),
    ]);
    expect(await refused({ inkom: '2023-10-19' })).toEqual([
      expect.objectContaining({ field: 'registreradAv', rule: 'obligatorisk' }),
    ]);

    const status = await handle.query(statusQuery);
    expect(status.overklaganden).toEqual([]);
    expect(status.status).toBe('ANSLAGEN');
    await handle.terminate('test done');
  });
});

it('moves the end of the period past midsommar (lag 1930:173), in summer time', async () => {
  // Anslag Friday 2023-06-02 + 3 weeks = midsommarafton 2023-06-23 → Monday 26 June is the last day of
  // appeal; laga kraft at midnight starting Tuesday 27 June, CEST (+02:00).
  await startServer('2023-06-02T08:00:00+02:00');
  await ts.withWorker(async (taskQueue) => {
    const handle = await start(taskQueue, {
      ...lundKs,
      sammantrade: '2023-05-24' as never,
      justering: '2023-06-01' as never,
      anslag: '2023-06-02' as never,
    });
    await ts.advance(21 * DAY); // Friday 23 June, midsommarafton: still within the period
    expect((await handle.query(statusQuery)).status).toBe('ANSLAGEN');
    const result = await handle.result();
    expect(result.frister.overklagandeSenast).toBe('2023-06-26');
    expect(result.status).toBe('LAGA_KRAFT');
    await expectClosedAt(handle, '2023-06-26T22:00:00.000Z');
  });
});

it('ends at once when the clock is already past the period (started late)', async () => {
  await startServer('2023-12-01T09:00:00+01:00');
  await ts.withWorker(async (taskQueue) => {
    const result = await (await start(taskQueue)).result();
    expect(result.status).toBe('LAGA_KRAFT');
    expect(result.frister.lagaKraft).toBe('2023-11-10');
  });
});

it('fails a protocol whose dates break the law, naming the field', async () => {
  await ts.withWorker(async (taskQueue) => {
    const error = await ts.env.client.workflow
      .execute(overklagandetid, {
        args: [{ ...lundKs, justering: '2023-10-10' as never }],
        taskQueue,
        workflowId: `overklagandetid-test-${++ids}`,
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(WorkflowFailedError);
    expect(validationFelOf(error)).toEqual([
      expect.objectContaining({ field: 'justering', rule: 'justering_tidigast_sammantrade' }),
    ]);
  });
});

describe('an appeal heard of after the period (issue 15)', () => {
  const nyckel = { kommun: 'lund', organ: 'KS', sammantrade: '2023-10-11' };
  /** 2023-11-20, ten days after the beslut would have vunnit laga kraft, in the morning. */
  const senare = Date.parse('2023-11-20T10:00:00+01:00');

  it('is recorded with the day it came in: in time, the beslut has not vunnit laga kraft', async () => {
    const register = await openRegister({});
    try {
      await ts.withWorker(async (taskQueue) => {
        const handle = await start(taskQueue);
        expect((await handle.result()).status).toBe('LAGA_KRAFT');
        expect((await handle.describe()).status.name).toBe('COMPLETED');

        // The court tells the kommun on 20 November of an appeal that reached it on the last day of appeal.
        const status = await anmalOverklagande(
          ts.env.client,
          register,
          handle.workflowId,
          nyckel,
          {
            inkom: '2023-11-09' as never,
            paragrafer: [336],
            malnummer: '1234-23',
            registreradAv: 'kommunsekreterare',
          },
          senare,
        );
        expect(status.status).toBe('DELVIS_OVERKLAGAD');
        expect(status.paragrafer.find((p) => p.paragraf === 336)?.status).toBe('OVERKLAGAD');
        expect(status.paragrafer.filter((p) => p.status === 'LAGA_KRAFT')).toHaveLength(38);
        expect(status.meddelanden).toEqual([
          'beslutet har inte vunnit laga kraft (§ 336) — överklagande som inkom 2023-11-09 blev känt 2023-11-20',
        ]);
        expect(status.efterhand).toEqual([
          expect.objectContaining({
            inkom: '2023-11-09',
            kant: '2023-11-20',
            paragrafer: [336],
            forSent: false,
          }),
        ]);
        // Read again, as the status answers it from now on.
        expect(
          (await overklagandetidStatus(ts.env.client, register, handle.workflowId, nyckel)).meddelanden,
        ).toEqual(status.meddelanden);
      });
    } finally {
      await register.close();
    }
  });

  it('is recorded as late (för sent inkommet) when it came in after the last day, and changes nothing', async () => {
    const register = await openRegister({});
    try {
      await ts.withWorker(async (taskQueue) => {
        const handle = await start(taskQueue);
        await handle.result();
        const status = await anmalOverklagande(
          ts.env.client,
          register,
          handle.workflowId,
          nyckel,
          { inkom: '2023-11-10' as never, kant: '2023-11-13' as never, registreradAv: 'kommunsekreterare' },
          senare,
        );
        expect(status.status).toBe('LAGA_KRAFT');
        expect(status.paragrafer.every((p) => p.status === 'LAGA_KRAFT')).toBe(true);
        expect(status.efterhand).toEqual([
          expect.objectContaining({ inkom: '2023-11-10', kant: '2023-11-13', forSent: true }),
        ]);
        expect(status.meddelanden).toEqual([
          'överklagande som inkom 2023-11-10 kom in för sent (sista dagen var 2023-11-09); det hindrar inte laga kraft',
        ]);

        // A day in the future, or an unknown §, is refused naming its field, and nothing is recorded.
        const fel = (input: object) =>
          anmalOverklagande(
            ts.env.client,
            register,
            handle.workflowId,
            nyckel,
            { registreradAv: 'x', ...input } as never,
            senare,
          ).then(
            () => [],
            (e: OverklagandeFel) => e.fel.map((f) => `${f.field}:${f.rule}`),
          );
        expect(await fel({ inkom: '2023-11-21' })).toEqual(['inkom:inte_i_framtiden']);
        expect(await fel({ inkom: '2023-11-01', kant: '2023-11-21' })).toEqual(['kant:inte_i_framtiden']);
        expect(await fel({ inkom: '2023-11-01', paragrafer: [400] })).toEqual([
          'paragrafer:paragraf_i_protokollet',
        ]);
        expect(await register.overklagandenIEfterhand(nyckel)).toHaveLength(1);
      });
    } finally {
      await register.close();
    }
  });
});
