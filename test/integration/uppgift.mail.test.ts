/**
 * A human task on the real dev server, writing to a real PostgreSQL register, mailing a real SMTP server on
 * loopback: the mail each role gets — recipients, Swedish subject and body, the link, the .ics — for a new
 * task, a delegation, a moved due date and the completion by a delegate on the assignee's behalf.
 */
import type { Client } from '@temporalio/client';
import { addDays, dateInStockholm } from '../../src/domain/datum';
import { andraForfallodagUpdate, delegeraUpdate, uppgift, uppgiftQuery } from '../../src/workflows/uppgift';
import { arshjul } from '../helpers/cli';
import { lundUtkastUppgift } from '../helpers/lund';
import { recordHistory } from '../helpers/histories';
import { arshjulTestDeps, TEST_BASE_URL, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { connectTestClient, devServerAddress, uniqueTaskQueue, withDevWorker } from '../helpers/devServer';
import { createTestSchema, type TestSchema } from '../helpers/postgres';
import type { ReceivedMail } from '../helpers/smtp';

let client: Client;
let schema: TestSchema;
let deps: ArshjulTestDeps;

beforeAll(async () => {
  client = await connectTestClient();
  schema = await createTestSchema('uppgift_mail');
  deps = await arshjulTestDeps({ registerUrl: schema.url });
});

afterAll(async () => {
  await client?.connection.close();
  await deps?.close();
  await schema?.drop();
});

async function mailTo(address: string, subjectStart: string, timeoutMs = 30_000): Promise<ReceivedMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = deps.smtp
      .messages()
      .find((m) => m.envelope.rcptTo.includes(address) && m.subject?.startsWith(subjectStart));
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(
        `no mail "${subjectStart}…" to ${address}; got: ${deps.smtp
          .messages()
          .map((m) => m.subject)
          .join(' | ')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

const icsOf = (mail: ReceivedMail) =>
  mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))!.content.toString('utf8');

it('mails each role in Swedish, with the link and the .ics, and records every step in PostgreSQL', async () => {
  const taskQueue = uniqueTaskQueue('uppgift-mail');
  const today = dateInStockholm(Date.now());
  const due = addDays(today, 10);
  const spec = lundUtkastUppgift(deps.kommuner.get('lund')!, taskQueue, due);
  const id = spec.id;

  await withDevWorker(
    taskQueue,
    async () => {
      const handle = await client.workflow.start(uppgift, {
        args: [spec],
        taskQueue,
        workflowId: `uppgift/${id}`,
      });

      // The new task, to the handläggare.
      const ny = await mailTo('handlaggare.ks@lund.example.org', 'Ny uppgift: Skriv rapporten');
      expect(ny.subject).toContain('Delårsrapport per den 31 augusti för kommunstyrelsen');
      expect(ny.text).toContain(`${TEST_BASE_URL}/uppgifter/${encodeURIComponent(id)}`);
      expect(ny.html).toContain(`${TEST_BASE_URL}/uppgifter/${encodeURIComponent(id)}`);
      expect(ny.html).toMatch(/lang="sv"/);
      const ics = icsOf(ny);
      expect(ics).toContain(`DTSTART;VALUE=DATE:${due.replaceAll('-', '')}`);
      expect(ics).toContain(`UID:${id}@arshjul`);
      expect(ics).toMatch(/SUMMARY:Förfaller: Skriv rapporten/);

      // Delegated to the ersättare, who is told; the kanslichef moves the due date, and both hear of it. The
      // move is made while the workflow is still waiting for the mail server to take the delegation mail, so a
      // command that arrives while an activity runs must be announced too.
      const held = deps.smtp.holdNext();
      await handle.executeUpdate(delegeraUpdate, {
        args: [
          { aktor: 'handlaggare-ks', till: 'handlaggare-ks-2', kommentar: 'Jag är tjänstledig nästa vecka.' },
        ],
      });
      expect((await held).subject).toMatch(/^Delegerad/);
      const newDue = addDays(due, 5);
      await handle.executeUpdate(andraForfallodagUpdate, {
        args: [{ aktor: 'kanslichef', forfaller: newDue }],
      });
      deps.smtp.release();
      const delegerad = await mailTo('handlaggare2.ks@lund.example.org', 'Delegerad');
      expect(delegerad.text).toContain('Jag är tjänstledig nästa vecka.');
      for (const address of ['handlaggare.ks@lund.example.org', 'handlaggare2.ks@lund.example.org']) {
        const moved = await mailTo(address, 'Ny förfallodag');
        expect(icsOf(moved)).toContain(`DTSTART;VALUE=DATE:${newDue.replaceAll('-', '')}`);
        expect(icsOf(moved)).toContain('SEQUENCE:1');
      }

      // From the command line: bad commands are refused with the option and the rule, and change nothing.
      const cli = (...args: string[]) =>
        arshjul(['uppgift', ...args], { TEMPORAL_ADDRESS: devServerAddress() });
      const unknown = await cli('slutfor', '--id', `${id}-finns-inte`, '--som', 'handlaggare-ks');
      expect([unknown.status, unknown.stdout]).toEqual([2, '']);
      expect(unknown.stderr).toMatch(/^arshjul uppgift slutfor: --id: okänd uppgift ".*-finns-inte"/);
      const wrongPerson = await cli('slutfor', '--id', id, '--som', 'ekonomidirektor');
      expect([wrongPerson.status, wrongPerson.stdout]).toEqual([2, '']);
      expect(wrongPerson.stderr).toMatch(/^arshjul uppgift slutfor: --som: /);
      const noComment = await cli('returnera', '--id', id, '--som', 'handlaggare-ks-2');
      expect([noComment.status, noComment.stdout]).toEqual([2, '']);
      expect(noComment.stderr).toMatch(/--kommentar/);
      expect((await handle.query(uppgiftQuery)).historik).toHaveLength(3); // SKAPAD, DELEGERAD, FORFALLODAG_ANDRAD

      // The delegate completes it, on the assignee's behalf; doing it again is refused: the task is done.
      const done = await cli('slutfor', '--id', id, '--som', 'handlaggare-ks-2');
      expect(done.stderr).toBe('');
      expect(JSON.parse(done.stdout)).toMatchObject({ status: 'KLAR' });
      const again = await cli('slutfor', '--id', id, '--som', 'handlaggare-ks-2');
      expect(again.status).toBe(2);
      expect(again.stderr).toMatch(/är redan slutförd; den kan inte slutföras/);
      await handle.result();
      await recordHistory('uppgift-delegerad-och-flyttad-medan-mail-skickas', handle);
    },
    deps.activities,
  );

  // The register (PostgreSQL): the read model, every event once, the audit log, the mail log.
  const row = await deps.register.hamtaUppgift(id);
  expect(row).toMatchObject({ status: 'KLAR', tilldelad: 'handlaggare-ks', delegater: ['handlaggare-ks-2'] });
  expect((await deps.register.uppgiftshistorik(id)).map((h) => [h.typ, h.aktor, h.paUppdragAv])).toEqual([
    ['SKAPAD', undefined, undefined],
    ['DELEGERAD', 'handlaggare-ks', undefined],
    ['FORFALLODAG_ANDRAD', 'kanslichef', undefined],
    ['SLUTFORD', 'handlaggare-ks-2', 'handlaggare-ks'],
  ]);
  const audit = await deps.register.auditLogg({ objekt: `uppgift:${id}` });
  expect(audit.map((a) => [a.handling, a.aktor, a.paUppdragAv ?? null])).toEqual([
    ['DELEGERAD', 'handlaggare-ks', null],
    ['FORFALLODAG_ANDRAD', 'kanslichef', null],
    ['SLUTFORD', 'handlaggare-ks-2', 'handlaggare-ks'],
  ]);
  const mailLog = await deps.register.mailLogg({ uppgiftId: id });
  expect(mailLog.every((m) => m.status === 'SKICKAD')).toBe(true);
  expect(mailLog).toHaveLength(
    deps.smtp.messages().filter((m) => m.text?.includes(encodeURIComponent(id))).length,
  );
});
