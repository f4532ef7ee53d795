/**
 * The protocol as a nämndsekreterare writes it, and a justering the law can trust (issue 13), on the
 * time-skipping server with the real activities:
 *
 * - Lund KS 2023-10-11 registered the day after it was held: no kallelse goes to anyone; the series continues
 *   from § 336 as the first meeting's choice; a justerare's objection to § 99, not in the protocol, is refused;
 *   each justerare's approval is recorded with its time and the SHA-256 of the version approved, and printed on
 *   the utdrag; the report's "Anmäl beslutet" closes itself when § 336 is justerat; the anslag's real take-down day
 *   is recorded in the protocol and printed on the anslagsbevis.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { renderProtokollsutdrag } from '../../src/documents';
import type { IsoDate } from '../../src/domain/datum';
import { planeraRapport } from '../../src/domain/planering';
import type { Paragraf } from '../../src/domain/protokoll';
import { uppgiftForSteg } from '../../src/domain/rapportprocess';
import { motesfaktaFor } from '../../src/domain/sammantrade';
import {
  protokollforMotetUpdate,
  protokollforParagrafUpdate,
  sammantrade,
  sammantradeQuery,
  skickaForJusteringUpdate,
} from '../../src/workflows/sammantrade';
import { godkannUpdate, returneraUpdate, uppgift, uppgiftQuery } from '../../src/workflows/uppgift';
import { kontextFor } from '../../src/domain/rapportprocess';
import { lundMotetsFakta } from '../helpers/lundMotet';
import { arshjulTestDeps, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { lundProtokoll, readPdf } from '../helpers/dokument';
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
const DATUM = '2023-10-11' as IsoDate;

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

it('registers a meeting held yesterday without kallelse, and justerar it as the law can trust', async () => {
  ts = await timeSkippingEnv('2023-10-12T09:00:00+02:00');
  deps = await arshjulTestDeps();
  const lund = deps.kommuner.get('lund')!;
  const task = (id: string) => ts.env.client.workflow.getHandle(`uppgift/lund/KS/2023-10-11/${id}`);

  await ts.withWorker(async (taskQueue) => {
    // The delårsrapport's process waits at "Anmäl beslutet" for KS 2023-10-11 (its plan's beslut step).
    const plan = planeraRapport(lund, 'KS', 'delarsrapport-augusti', 2023);
    await deps.register.sparaRapport({
      id: plan.id,
      kommun: 'lund',
      organ: 'KS',
      slag: 'delarsrapport-augusti',
      period: '2023-08-31',
      titel: paragraf336.rubrik,
      status: 'REGISTRERAD',
      diarienummer: 'KS 2023/0431',
      plan: {
        ...plan,
        steg: plan.steg.map((s) =>
          s.steg === 'beslut' ? { ...s, sammantrade: { organ: 'KS', datum: DATUM } } : s,
        ),
      },
    });
    const beslutSpec = uppgiftForSteg(kontextFor(lund), plan, 'beslut');
    const anmal = await ts.env.client.workflow.start(uppgift, {
      args: [beslutSpec],
      taskQueue,
      workflowId: `uppgift/${beslutSpec.id}`,
    });
    expect(beslutSpec.titel).toMatch(/^Anmäl beslutet från/);

    const handle: WorkflowHandle<typeof sammantrade> = await ts.env.client.workflow.start(sammantrade, {
      args: [motesfaktaFor(lund, 'KS', DATUM)],
      taskQueue,
      workflowId: 'sammantrade/lund/KS/2023-10-11',
    });
    const status = () => handle.query(sammantradeQuery);

    // Registered afterwards: the list closes and the sekreterare records it; no one is called to it.
    await until('the protocol task', async () =>
      (await status()).state.fas === 'PROTOKOLLFORING' ? true : undefined,
    );
    expect((await status()).iEfterhand).toBe(true);
    expect(deps.smtp.messages().filter((m) => m.subject?.startsWith('Kallelse'))).toEqual([]);

    // The first meeting of KS's series in Årshjul this year continues it from § 336.
    const motet = { ...lundMotetsFakta(), forstaParagraf: 336 };
    await handle.executeUpdate(protokollforMotetUpdate, { args: [motet] });
    expect(
      await handle.executeUpdate(protokollforParagrafUpdate, {
        args: [{ aktor: 'kommunsekreterare', nyckel: 'KS 2023/0431', paragraf: paragraf336 }],
      }),
    ).toEqual({ nummer: 336 });
    // A second choice of where the series starts, once §§ are given, is refused naming them.
    expect(
      await refusal(
        handle.executeUpdate(protokollforMotetUpdate, { args: [{ ...motet, forstaParagraf: 300 }] }),
      ),
    ).toMatch(/forstaParagraf: § 336–336 är redan protokollförda; serien kan inte börja om på § 300/);
    await handle.executeUpdate(skickaForJusteringUpdate, { args: [{ aktor: 'kommunsekreterare' }] });
    await until('the justering tasks', async () =>
      Object.keys((await status()).uppgifter).filter((id) => id.includes('/justering-1-')).length === 2
        ? true
        : undefined,
    );

    // An objection can only name §§ of the protocol.
    expect(
      await refusal(
        task('justering-1-ks-justerare').executeUpdate(returneraUpdate, {
          args: [{ aktor: 'ks-justerare', kommentar: 'Fel i § 99.', paragrafer: [99] }],
        }),
      ),
    ).toMatch(
      /paragrafer: § 99 finns inte i protokollet; invändningen kan bara gälla dess paragrafer \(§ 336\)/,
    );

    await ts.advanceTo('2023-10-18T10:00:00+02:00');
    await task('justering-1-ks-ordforande').executeUpdate(godkannUpdate, {
      args: [{ aktor: 'ks-ordforande' }],
    });
    await ts.advanceTo('2023-10-18T10:30:00+02:00');
    await task('justering-1-ks-justerare').executeUpdate(godkannUpdate, {
      args: [{ aktor: 'ks-justerare' }],
    });
    const justerat = await until('the justering', async () => {
      const s = await status();
      return s.state.justerad === '2023-10-18' ? s : undefined;
    });
    expect(justerat.state.signaturer?.map((s) => [s.namn, s.roll, s.tid.slice(0, 16)])).toEqual([
      ['Anders Almgren (S)', 'Ordförande', '2023-10-18T08:00'],
      ['Axel Hallberg (MP)', 'Justerare', '2023-10-18T08:30'],
    ]);

    // "Anmäl beslutet" closed itself, on the sekreterare's behalf, naming the beslut.
    const anmalt = await until('Anmäl beslutet closed', async () => {
      const u = await anmal.query(uppgiftQuery);
      return u.status !== 'OPPEN' ? u : undefined;
    });
    expect(anmalt.status).toBe('KLAR');
    expect(anmalt.historik.at(-1)).toMatchObject({
      typ: 'SLUTFORD',
      aktor: 'kommunsekreterare',
      kommentar: 'Beslutet är justerat: KS 2023-10-11 § 336',
    });

    // The anslag comes down the morning after the appeal period; the protocol says so.
    // Nothing but the receipts is then left: they go to the register and the meeting ends (issue 16).
    await ts.advanceTo('2023-11-10T09:00:00+01:00');
    const slut = await handle.result();
    expect(slut.state.anslagNedtaget).toBe('2023-11-10');
    expect(slut.state.fas).toBe('AVSLUTAT');
    await recordHistory('sammantrade-lund-ks-2023-10-11-i-efterhand', handle);
  }, deps.activities);

  // The register's protocol: the justering as it happened, with the hash of the version each approved.
  const protokoll = (await deps.register.hamtaProtokoll({ kommun: 'lund', organ: 'KS', datum: DATUM }))!;
  const versioner = await deps.register.protokollversioner('sammantrade/lund/KS/2023-10-11');
  const { signaturer } = protokoll.justering;
  expect(signaturer).toHaveLength(2);
  expect(new Set(signaturer.map((s) => s.sha256)).size).toBe(1);
  expect(versioner.some((v) => v.version === signaturer[0]!.version)).toBe(true);
  expect(protokoll.anslagNedtaget).toBe('2023-11-10');
  expect(protokoll.kommunNamn).toBe('Lunds kommun');

  const pdf = readPdf(await renderProtokollsutdrag(protokoll, [336], 'pdf'));
  const text = pdf.flat;
  // Every page's head names the kommun, as the record does.
  for (const sida of pdf.pages) expect(sida.raw).toContain('Lunds kommun');
  expect(text).toContain('Justerat 2023-10-18.');
  expect(text).toContain(
    `Justerat digitalt Anders Almgren (S), ordförande, 2023-10-18 10.00 (version ${signaturer[0]!.version}, SHA-256 ${signaturer[0]!.sha256})`,
  );
  expect(text).toContain('Anslaget sätts upp 2023-10-19 Anslaget tas ned 2023-11-10');
  expect(text).not.toContain('Försenad justering');
});
