/** `arshjul overklagandetid …` against the real dev server, with a worker on its own task queue. */
import { addDays, dateInStockholm } from '../../src/domain/datum';
import { arshjul } from '../helpers/cli';
import { devServerAddress, uniqueTaskQueue, withDevWorker } from '../helpers/devServer';
import { until } from '../helpers/until';

it('starts, shows, appeals and cancels the appeal period of a Lund KS protocol', async () => {
  const taskQueue = uniqueTaskQueue('cli');
  const env = { TEMPORAL_ADDRESS: devServerAddress(), ARSHJUL_TASK_QUEUE: taskQueue };
  const today = dateInStockholm(Date.now());
  // A meeting date no other run uses: the workflow id is per kommun, organ and date.
  const sammantrade = addDays(today, -7 - (Date.now() % 1000));
  const protokoll = ['--kommun', 'lund', '--organ', 'KS', '--sammantrade', sammantrade];

  await withDevWorker(taskQueue, async () => {
    const started = await arshjul(
      [
        'overklagandetid',
        'start',
        ...protokoll,
        '--justering',
        addDays(sammantrade, 1),
        '--anslag',
        today,
        '--paragrafer',
        '327-330',
      ],
      env,
    );
    expect(started.stderr).toBe('');
    expect(started.status).toBe(0);
    expect(JSON.parse(started.stdout)).toMatchObject({
      workflowId: `overklagandetid-manuell/lund/KS/${sammantrade}`,
      status: 'ANSLAGEN',
      paragrafer: [327, 328, 329, 330].map((paragraf) => ({ paragraf, status: 'ANSLAGEN' })),
    });

    const again = await arshjul(
      [
        'overklagandetid',
        'start',
        ...protokoll,
        '--justering',
        today,
        '--anslag',
        today,
        '--paragrafer',
        '1',
      ],
      env,
    );
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/är redan startad/);

    const overklaga = (paragraf: string) =>
      arshjul(
        [
          'overklagandetid',
          'overklaga',
          ...protokoll,
          '--inkom',
          today,
          '--paragrafer',
          paragraf,
          '--av',
          'sekreteraren',
        ],
        env,
      );

    const refused = await overklaga('400');
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/--paragrafer: § 400 finns inte i protokollet \(§ 327–330\)/);

    const appealed = await overklaga('328');
    expect(appealed.status).toBe(0);
    expect(JSON.parse(appealed.stdout).status).toBe('DELVIS_OVERKLAGAD');

    expect(
      JSON.parse((await arshjul(['overklagandetid', 'avbryt', ...protokoll], env)).stdout),
    ).toMatchObject({ avbruten: true });
    // `avbryt` asks for the cancellation; the workflow has ended as cancelled once the worker has run it.
    const status = await until('the appeal period to end as cancelled', async () => {
      const s = JSON.parse((await arshjul(['overklagandetid', 'status', ...protokoll], env)).stdout);
      return s.workflowStatus === 'CANCELLED' ? s : undefined;
    });
    expect(status).toMatchObject({ workflowStatus: 'CANCELLED', status: 'DELVIS_OVERKLAGAD' });
  });
}, 120_000);

it('refuses an unknown organ and an unknown protocol with a clear message', async () => {
  const env = { TEMPORAL_ADDRESS: devServerAddress() };
  const unknownOrgan = await arshjul(
    ['overklagandetid', 'status', '--kommun', 'lund', '--organ', 'XYZ', '--sammantrade', '2023-10-11'],
    env,
  );
  expect(unknownOrgan.status).toBe(2);
  expect(unknownOrgan.stderr).toMatch(/--organ: okänt organ "XYZ" i Lunds kommun/);
  const missing = await arshjul(
    ['overklagandetid', 'status', '--kommun', 'lund', '--organ', 'KS', '--sammantrade', '1999-01-01'],
    env,
  );
  expect(missing.status).toBe(1);
  expect(missing.stderr).toMatch(
    /ingen överklagandetid är startad för overklagandetid\/lund\/KS\/1999-01-01/,
  );
  // `avbryt` reaches only one started by hand, never a meeting's own.
  const avbryt = await arshjul(
    ['overklagandetid', 'avbryt', '--kommun', 'lund', '--organ', 'KS', '--sammantrade', '1999-01-01'],
    env,
  );
  expect(avbryt.status).toBe(1);
  expect(avbryt.stderr).toMatch(
    /ingen överklagandetid är startad för overklagandetid-manuell\/lund\/KS\/1999-01-01 \(avbryt gäller bara en som startats för hand\)/,
  );
});
