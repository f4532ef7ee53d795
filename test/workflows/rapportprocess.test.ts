/**
 * The real Lund 2023 delårsrapport chain of document 000 on the time-skipping server: period end 2023-08-31,
 * tjänsteskrivelse (inlämning) 2023-09-21, KSAU 2023-10-02, KS 2023-10-11. People act on given days; the test
 * asserts the exact moments at which every task, reminder and escalation happens, from the register (workflow
 * time) and the mail at a real SMTP server.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { createArkiv } from '../../src/arkiv';
import { planeraRapport } from '../../src/domain/planering';
import { kontextFor } from '../../src/domain/rapportprocess';
import type { UppgiftUtfall } from '../../src/domain/uppgift';
import { rapportprocess, rapportprocessQuery } from '../../src/workflows/rapportprocess';
import { godkannUpdate, returneraUpdate, slutforUpdate, uppgiftQuery } from '../../src/workflows/uppgift';
import { arshjulTestDeps, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { rapportPdf } from '../helpers/filer';
import { recordHistory } from '../helpers/histories';
import { timeSkippingEnv, type TimeSkippingEnv } from '../helpers/timeSkipping';

let ts: TimeSkippingEnv;
let deps: ArshjulTestDeps;

beforeEach(async () => {
  ts = await timeSkippingEnv('2023-09-01T08:00:00+02:00');
  deps = await arshjulTestDeps();
});

afterEach(async () => {
  await ts?.teardown();
  await deps?.close();
});

/** "2023-09-08 08.00" in Stockholm for an instant. */
const local = (ms: number) =>
  new Date(ms)
    .toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm', dateStyle: 'short', timeStyle: 'short' })
    .replace(':', '.');

async function taskOf(
  handle: WorkflowHandle<typeof rapportprocess>,
  steg: string,
  varv = 1,
): Promise<string> {
  const id = `lund/2023/KS/delarsrapport-augusti/${steg}-${varv}`;
  for (let i = 0; i < 200; i++) {
    const status = await handle.query(rapportprocessQuery);
    if (status.steg[steg]?.uppgiftId === id && status.steg[steg]?.status === 'PAGAR') return id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`task ${id} never started`);
}

/** KS's chain of document 000 alone: the nämnder's reports it waits for are the next test's. */
function ksChain() {
  const lund = deps.kommuner.get('lund')!;
  const { underlag: _underlag, ...plan } = planeraRapport(lund, 'KS', 'delarsrapport-augusti', 2023);
  return { lund, plan };
}

it('runs the Lund 2023 delårsrapport chain of document 000 on the exact days', async () => {
  const { lund, plan } = ksChain();
  const wallStart = Date.now();

  await ts.withWorker(async (taskQueue) => {
    const handle = await ts.env.client.workflow.start(rapportprocess, {
      args: [{ plan, kontext: kontextFor(lund) }],
      taskQueue,
      workflowId: `rapport/${plan.id}`,
    });
    const act = async (
      steg: string,
      varv: number,
      at: string,
      update: (task: WorkflowHandle) => Promise<unknown>,
    ) => {
      const id = await taskOf(handle, steg, varv);
      await ts.advanceTo(at);
      await update(ts.env.client.workflow.getHandle(`uppgift/${id}`));
    };

    // The handläggare submits the draft on its due day, after the morning reminder.
    await act('utkast', 1, '2023-09-15T14:00:00+02:00', (t) =>
      t.executeUpdate(slutforUpdate, { args: [{ aktor: 'handlaggare-ks' }] }),
    );
    // The ekonomidirektör returns it on the day the approval is due …
    await act('godkannande', 1, '2023-09-19T10:00:00+02:00', (t) =>
      t.executeUpdate(returneraUpdate, {
        args: [{ aktor: 'ekonomidirektor', kommentar: 'Komplettera helårsprognosen.' }],
      }),
    );
    // … the handläggare revises it the next day …
    await act('utkast', 2, '2023-09-20T16:00:00+02:00', (t) =>
      t.executeUpdate(slutforUpdate, {
        args: [{ aktor: 'handlaggare-ks', kommentar: 'Prognosen kompletterad.' }],
      }),
    );
    // … and the chef approves only on Monday 25 September, after being escalated on the Saturday.
    await act('godkannande', 2, '2023-09-25T09:00:00+02:00', (t) =>
      t.executeUpdate(godkannUpdate, { args: [{ aktor: 'ekonomidirektor' }] }),
    );
    // Beredning at KSAU 2023-10-02, beslut at KS 2023-10-11, handed to KF and the revisorer the day after.
    await act('beredning', 1, '2023-10-02T15:00:00+02:00', (t) =>
      t.executeUpdate(slutforUpdate, { args: [{ aktor: 'kommunsekreterare' }] }),
    );
    await act('beslut', 1, '2023-10-11T18:30:00+02:00', (t) =>
      t.executeUpdate(slutforUpdate, {
        args: [{ aktor: 'kommunsekreterare', kommentar: 'KS 2023-10-11 § 336' }],
      }),
    );
    await act('overlamning', 1, '2023-10-12T10:00:00+02:00', (t) =>
      t.executeUpdate(slutforUpdate, { args: [{ aktor: 'kommunsekreterare' }] }),
    );
    // The revisorer's bedömning (KL 12 kap. 2 §) before KF, whose statement joins the ärende; then KF's beslut.
    await act('revisorer', 1, '2023-10-20T11:00:00+02:00', (t) =>
      t.executeUpdate(slutforUpdate, {
        args: [
          {
            aktor: 'revisor',
            kommentar: 'Resultatet är förenligt med de finansiella mål som fullmäktige har beslutat.',
          },
        ],
      }),
    );
    const kf = await taskOf(handle, 'fullmaktige');
    expect(
      (await ts.env.client.workflow.getHandle(`uppgift/${kf}`).query(uppgiftQuery)).spec.beskrivning,
    ).toBe(
      'Revisorernas bedömning av delårsrapport per den 31 augusti 2023 för kommunstyrelsen (inkom 2023-10-20): Resultatet är förenligt med de finansiella mål som fullmäktige har beslutat.',
    );
    await act('fullmaktige', 1, '2023-10-26T21:00:00+02:00', (t) =>
      t.executeUpdate(slutforUpdate, {
        args: [{ aktor: 'kommunsekreterare', kommentar: 'KF 2023-10-26 § 190' }],
      }),
    );
    const result = await handle.result();
    expect(result.diarienummer).toBe('KS 2023/0001');
    expect(result.varv).toBe(2);
    await recordHistory('rapportprocess-lund-delarsrapport-augusti-2023', handle);
    for (const task of ['utkast-1', 'godkannande-2']) {
      await recordHistory(
        `uppgift-lund-delarsrapport-augusti-2023-${task}`,
        ts.env.client.workflow.getHandle(`uppgift/lund/2023/KS/delarsrapport-augusti/${task}`),
      );
    }
  }, deps.activities);
  console.log(
    `Lund delårsrapport chain: 6 weeks of virtual time in ${Date.now() - wallStart} ms of wall time`,
  );

  // Every event of every task, in Stockholm time, from the register.
  const events = async (task: string) =>
    (await deps.register.uppgiftshistorik(`lund/2023/KS/delarsrapport-augusti/${task}`)).map(
      (h) =>
        `${local(h.tid)} ${h.typ}${h.mottagare ? ` → ${h.mottagare.join(', ')}` : ''}${h.aktor ? ` av ${h.aktor}` : ''}`,
    );
  expect(await events('utkast-1')).toEqual([
    '2023-09-01 08.00 SKAPAD',
    '2023-09-08 08.00 PAMINNELSE → handlaggare-ks',
    '2023-09-14 08.00 PAMINNELSE → handlaggare-ks',
    '2023-09-15 08.00 PAMINNELSE → handlaggare-ks',
    '2023-09-15 14.00 SLUTFORD av handlaggare-ks',
  ]);
  expect(await events('godkannande-1')).toEqual([
    '2023-09-15 14.00 SKAPAD',
    '2023-09-18 08.00 PAMINNELSE → ekonomidirektor',
    '2023-09-19 08.00 PAMINNELSE → ekonomidirektor',
    '2023-09-19 10.00 RETURNERAD av ekonomidirektor',
  ]);
  expect(await events('utkast-2')).toEqual([
    '2023-09-19 10.00 SKAPAD',
    '2023-09-20 08.00 PAMINNELSE → handlaggare-ks',
    '2023-09-20 16.00 SLUTFORD av handlaggare-ks',
  ]);
  expect(await events('godkannande-2')).toEqual([
    '2023-09-20 16.00 SKAPAD',
    '2023-09-21 08.00 PAMINNELSE → ekonomidirektor',
    '2023-09-22 08.00 PAMINNELSE → ekonomidirektor',
    '2023-09-23 08.00 ESKALERING → kanslichef, kommundirektor',
    '2023-09-25 09.00 GODKAND av ekonomidirektor',
  ]);
  expect(await events('beredning-1')).toEqual([
    '2023-09-25 09.00 SKAPAD',
    '2023-10-01 08.00 PAMINNELSE → kommunsekreterare',
    '2023-10-02 08.00 PAMINNELSE → kommunsekreterare',
    '2023-10-02 15.00 SLUTFORD av kommunsekreterare',
  ]);
  expect(await events('beslut-1')).toEqual([
    '2023-10-02 15.00 SKAPAD',
    '2023-10-04 08.00 PAMINNELSE → kommunsekreterare',
    '2023-10-10 08.00 PAMINNELSE → kommunsekreterare',
    '2023-10-11 08.00 PAMINNELSE → kommunsekreterare',
    '2023-10-11 18.30 SLUTFORD av kommunsekreterare',
  ]);
  expect(await events('overlamning-1')).toEqual([
    '2023-10-11 18.30 SKAPAD',
    '2023-10-12 10.00 SLUTFORD av kommunsekreterare',
  ]);
  expect(await events('revisorer-1')).toEqual([
    '2023-10-12 10.00 SKAPAD',
    '2023-10-18 08.00 PAMINNELSE → revisor',
    '2023-10-20 11.00 SLUTFORD av revisor',
  ]);
  expect((await events('fullmaktige-1'))[0]).toBe('2023-10-20 11.00 SKAPAD');

  // The mail, as the SMTP server received it: one message per event (and person, but for the escalation),
  // nothing twice.
  const mail = deps.smtp.messages().map((m) => `${m.envelope.rcptTo.join(',')} | ${m.subject}`);
  const messageIds = deps.smtp.messages().map((m) => m.messageId);
  expect(new Set(messageIds).size).toBe(messageIds.length);
  const subjects = (address: string) =>
    mail.filter((m) => m.startsWith(`${address} |`)).map((m) => m.split(' | ')[1]!.split(':')[0]);
  expect(subjects('handlaggare.ks@lund.example.org')).toEqual([
    'Ny uppgift',
    'Påminnelse',
    'Påminnelse',
    'Påminnelse',
    'Returnerad för revidering',
    'Påminnelse',
  ]);
  // The escalation: one message to the kanslichef and the assignee's chef together.
  expect(mail.filter((m) => m.includes(' | Försenad uppgift')).map((m) => m.split(' | ')[0])).toEqual([
    'kanslichef@lund.example.org,kommundirektor@lund.example.org',
  ]);
  expect(mail).toHaveLength(1 + 3 + 1 + 2 + 1 + 1 + 1 + 2 + 1 + 1 + 2 + 1 + 3 + 1 + 2 + 3);
  const returned = deps.smtp.messages().find((m) => m.subject?.startsWith('Returnerad för revidering'))!;
  expect(returned.text).toContain('Komplettera helårsprognosen.');

  // The register's read model and audit log.
  const diarium = await deps.register.hamtaRapport('lund/2023/KS/delarsrapport-augusti');
  expect(diarium).toMatchObject({ status: 'KLAR', diarienummer: 'KS 2023/0001' });
  expect(diarium?.handlingar).toEqual([
    {
      titel: 'Revisorernas bedömning av delårsrapport per den 31 augusti 2023 för kommunstyrelsen',
      datum: '2023-10-20',
      text: 'Resultatet är förenligt med de finansiella mål som fullmäktige har beslutat.',
    },
  ]);
  const audit = await deps.register.auditLogg({
    objekt: 'uppgift:lund/2023/KS/delarsrapport-augusti/godkannande-1',
  });
  expect(audit.map((a) => [a.handling, a.aktor])).toEqual([['RETURNERAD', 'ekonomidirektor']]);
});

it('waits for the nämnder’s reports before KS’s chef approves, and tells the kanslichef of a late nämnd', async () => {
  const lund = deps.kommuner.get('lund')!;
  const plan = planeraRapport(lund, 'KS', 'delarsrapport-augusti', 2023);
  // ASN's and VON's reports are due in to kommunkontoret on 13 and 14 September (their inlämning).
  expect(plan.underlag?.rapporter.map((r) => [r.organ, r.klart])).toEqual([
    ['ASN', '2023-09-13'],
    ['VON', '2023-09-14'],
  ]);
  await ts.withWorker(async (taskQueue) => {
    const handle = await ts.env.client.workflow.start(rapportprocess, {
      args: [{ plan, kontext: kontextFor(lund) }],
      taskQueue,
      workflowId: `rapport/${plan.id}`,
    });
    const utkast = await taskOf(handle, 'utkast');
    // The draft task names the reports it is written on.
    const spec = (await ts.env.client.workflow.getHandle(`uppgift/${utkast}`).query(uppgiftQuery)).spec;
    expect(spec.underlag?.map((u) => u.organ)).toEqual(['ASN', 'VON']);
    // ASN hands in on time (its report registered with a diarienummer); VON does not.
    await ts.advanceTo('2023-09-13T15:00:00+02:00');
    await deps.register.sparaRapport({
      id: 'lund/2023/ASN/delarsrapport-augusti',
      kommun: 'lund',
      organ: 'ASN',
      slag: 'delarsrapport-augusti',
      period: '2023-08-31',
      titel: 'Delårsrapport per den 31 augusti 2023 för arbetsmarknads- och socialnämnden',
      status: 'REGISTRERAD',
      diarienummer: 'ASN 2023/0003',
    });
    await ts.advanceTo('2023-09-15T14:00:00+02:00');
    await ts.env.client.workflow
      .getHandle(`uppgift/${utkast}`)
      .executeUpdate(slutforUpdate, { args: [{ aktor: 'handlaggare-ks' }] });
    // The draft is done, but the chef's approval waits for VON, and the kanslichef has been told.
    await ts.advanceTo('2023-09-18T12:00:00+02:00');
    expect((await handle.query(rapportprocessQuery)).steg.godkannande).toBeUndefined();
    const sent = deps.smtp.messages().filter((m) => m.subject?.startsWith('Väntar på'));
    expect(sent.map((m) => [m.envelope.rcptTo, m.subject])).toEqual([
      [
        ['kanslichef@lund.example.org'],
        'Väntar på vård- och omsorgsnämnden: Delårsrapport per den 31 augusti 2023 för kommunstyrelsen',
      ],
    ]);
    expect(sent[0]!.text).toContain('ska lämnas in 2023-09-21');
    // VON hands in on Monday: the next morning the chef's approval starts.
    await deps.register.sparaRapport({
      id: 'lund/2023/VON/delarsrapport-augusti',
      kommun: 'lund',
      organ: 'VON',
      slag: 'delarsrapport-augusti',
      period: '2023-08-31',
      titel: 'Delårsrapport per den 31 augusti 2023 för vård- och omsorgsnämnden',
      status: 'REGISTRERAD',
      diarienummer: 'VON 2023/0003',
    });
    await ts.advanceTo('2023-09-19T09:00:00+02:00');
    await taskOf(handle, 'godkannande');
    const godkannande = await deps.register.uppgiftshistorik(
      'lund/2023/KS/delarsrapport-augusti/godkannande-1',
    );
    expect(local(godkannande[0]!.tid)).toBe('2023-09-19 08.00');
    await recordHistory('rapportprocess-lund-2023-vantar-pa-namnderna', handle);
    await handle.terminate('test done');
  }, deps.activities);
});

it('refuses bad commands with a clear message and changes nothing', async () => {
  const { lund, plan } = ksChain();
  await ts.withWorker(async (taskQueue) => {
    const handle = await ts.env.client.workflow.start(rapportprocess, {
      args: [{ plan, kontext: kontextFor(lund) }],
      taskQueue,
      workflowId: `rapport/${plan.id}`,
    });
    const id = await taskOf(handle, 'utkast');
    const task = ts.env.client.workflow.getHandle(`uppgift/${id}`);
    const refusal = (promise: Promise<unknown>) =>
      promise.then(
        () => 'accepted',
        (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
      );

    expect(
      await refusal(task.executeUpdate(slutforUpdate, { args: [{ aktor: 'ekonomidirektor' }] })),
    ).toMatch(/ekonomidirektor får inte slutföra uppgiften: den är tilldelad handlaggare-ks/);
    expect(
      await refusal(task.executeUpdate(returneraUpdate, { args: [{ aktor: 'handlaggare-ks' } as never] })),
    ).toMatch(/kommentar: obligatoriskt fält saknas/);
    expect(await refusal(task.executeUpdate(godkannUpdate, { args: [{ aktor: 'handlaggare-ks' }] }))).toMatch(
      /godkänns eller returneras inte/,
    );
    expect(
      await refusal(
        ts.env.client.workflow
          .getHandle('uppgift/finns-inte')
          .executeUpdate(slutforUpdate, { args: [{ aktor: 'kanslichef' }] }),
      ),
    ).toMatch(/not found/i);
    const before = await task.query(uppgiftQuery);
    expect(before.status).toBe('OPPEN');
    expect(before.historik).toHaveLength(1);

    // An update repeated with the same id is applied once; a second completion is refused.
    const done = await task.executeUpdate(slutforUpdate, {
      args: [{ aktor: 'handlaggare-ks' }],
      updateId: 'klar-1',
    });
    const again = await task.executeUpdate(slutforUpdate, {
      args: [{ aktor: 'handlaggare-ks' }],
      updateId: 'klar-1',
    });
    expect(again.historik).toEqual(done.historik);
    // Refused by the task's validator while it runs, or — since the task stores its completion and ends within one
    // workflow task (uppgift v2) — by Temporal once it has ended (the REST API then answers the task's refusal
    // from its last state, src/domain/uppgift.ts `kommandoFelEfterSlut`).
    expect(await refusal(task.executeUpdate(slutforUpdate, { args: [{ aktor: 'handlaggare-ks' }] }))).toMatch(
      /är redan slutförd; den kan inte slutföras|not found|completed/i,
    );
    const utfall: UppgiftUtfall = await task.result();
    expect(utfall).toMatchObject({ status: 'KLAR', aktor: 'handlaggare-ks' });
    await handle.terminate('test done');
  }, deps.activities);
});

it('binds the chef’s approval to the versions seen, and asks again when a new version comes after it', async () => {
  const { lund, plan } = ksChain();
  const arkiv = createArkiv({ client: ts.env.client, register: deps.register, kommuner: deps.kommuner });
  const ladda = async (namn: string, roll: 'RAPPORT' | 'TJANSTESKRIVELSE', text: string) => {
    const arendet = (await arkiv.arendet(plan.id))!;
    return arkiv.laddaUpp(arendet, {
      rapportId: plan.id,
      roll,
      filnamn: namn,
      bytes: await rapportPdf(text),
      av: 'handlaggare-ks',
    });
  };
  await ts.withWorker(async (taskQueue) => {
    const handle = await ts.env.client.workflow.start(rapportprocess, {
      args: [{ plan, kontext: kontextFor(lund) }],
      taskQueue,
      workflowId: `rapport/${plan.id}`,
    });
    const uppgift = async (steg: string, varv = 1) =>
      ts.env.client.workflow.getHandle(`uppgift/${await taskOf(handle, steg, varv)}`);

    // The handläggare uploads the tjänsteskrivelse and the report, and hands in the draft.
    const utkast = await uppgift('utkast');
    const ts1 = await ladda('Tjänsteskrivelse.pdf', 'TJANSTESKRIVELSE', 'Tjänsteskrivelse');
    const r1 = await ladda('Delårsrapport.pdf', 'RAPPORT', 'Delårsrapport, version 1');
    await utkast.executeUpdate(slutforUpdate, { args: [{ aktor: 'handlaggare-ks' }] });
    // The chef approves what the page showed: exactly these two versions.
    const sedda = [ts1, r1].map((d) => ({ id: d.id, sha256: d.sha256 }));
    await (
      await uppgift('godkannande')
    ).executeUpdate(godkannUpdate, { args: [{ aktor: 'ekonomidirektor', dokument: sedda }] });
    await taskOf(handle, 'beredning');
    expect((await handle.query(rapportprocessQuery)).godkanda).toEqual(sedda);
    expect((await deps.register.godkandaDokument(plan.id)).map((d) => d.id)).toEqual([ts1.id, r1.id]);

    // A new version of the report after the approval: the chef is asked again, while the beredning goes on.
    const r2 = await ladda('Delårsrapport.pdf', 'RAPPORT', 'Delårsrapport, version 2');
    const igen = await uppgift('godkannande', 2);
    expect((await igen.query(uppgiftQuery)).spec.beskrivning).toMatch(/^En ny version av ärendets dokument/);
    expect((await handle.query(rapportprocessQuery)).steg.beredning?.status).toBe('PAGAR');
    await igen.executeUpdate(godkannUpdate, {
      args: [{ aktor: 'ekonomidirektor', dokument: [ts1, r2].map((d) => ({ id: d.id, sha256: d.sha256 })) }],
    });
    await (
      await uppgift('beredning')
    ).executeUpdate(slutforUpdate, { args: [{ aktor: 'kommunsekreterare' }] });
    await (await uppgift('beslut')).executeUpdate(slutforUpdate, { args: [{ aktor: 'kommunsekreterare' }] });
    await taskOf(handle, 'overlamning');
    expect((await handle.query(rapportprocessQuery)).godkanda?.map((d) => d.id)).toEqual([ts1.id, r2.id]);
    // Decided: the versions are those it was decided on.
    await expect(ladda('Delårsrapport.pdf', 'RAPPORT', 'För sent')).rejects.toMatchObject({
      fel: [expect.objectContaining({ rule: 'arendet_beslutat' })],
    });
    await recordHistory('rapportprocess-lund-2023-ny-version-efter-godkannandet', handle);
    await handle.terminate('the test has seen enough');
  }, deps.activities);

  // The register: both approvals with their versions; the diarium recorded the first approval's.
  expect(
    (await deps.register.godkannanden(plan.id)).map((g) => [
      g.uppgiftId.split('/').at(-1),
      g.dokument.length,
    ]),
  ).toEqual([
    ['godkannande-1', 2],
    ['godkannande-2', 2],
  ]);
  const audit = await deps.register.auditLogg({ objekt: `arende:${plan.id}` });
  // (The uploads carry the wall clock's time, the workflow's entries the skipped clock's: counted, not ordered.)
  const antal = (handling: string) => audit.filter((a) => a.handling === handling).length;
  expect(['DOKUMENT_UPPLADDAT', 'DOKUMENT_GODKANT', 'DOKUMENT_DIARIEFORT'].map(antal)).toEqual([3, 2, 1]);
  expect(audit.find((a) => a.handling === 'DOKUMENT_DIARIEFORT')?.detaljer).toMatchObject({
    diarienummer: 'KS 2023/0001',
    dokument: [expect.objectContaining({ nr: 1 }), expect.objectContaining({ nr: 2 })],
  });
});
