/**
 * A year started after some of its dates have passed, as every kommun adopting Årshjul starts it: the kanslichef's
 * choices run (src/domain/arshjulStart.ts), what is past is marked done outside Årshjul, and the tasks late at
 * the start are told in one digest per person instead of an escalation each.
 */
import { queryWhenReady } from '../../src/temporal/client';
import { arshjul, arshjulQuery, arshjulWorkflowId, oversiktAv } from '../../src/workflows/arshjul';
import { medRapporternasSteg } from '../../src/api/arshjulAret';
import { arshjulTestDeps, type ArshjulTestDeps } from '../helpers/arshjulActivities';
import { recordHistory } from '../helpers/histories';
import { timeSkippingEnv } from '../helpers/timeSkipping';
import { until } from '../helpers/until';

let deps: ArshjulTestDeps;

beforeAll(async () => {
  deps = await arshjulTestDeps();
});

afterAll(async () => {
  await deps?.close();
});

it('starts a year mid-year as the kanslichef chose: what is past marked done, late tasks told in one digest', async () => {
  // Lund 2026, started on Saturday 5 December 2026 (as walked for the issue: 22 mails at once, mostly
  // escalations). The kanslichef runs KS's delårsrapport in Årshjul after all; everything else as proposed.
  const mid = await timeSkippingEnv('2026-12-05T09:00:00+01:00');
  const before = deps.smtp.messages().length;
  try {
    await mid.withWorker(async (taskQueue) => {
      const handle = await mid.env.client.workflow.start(arshjul, {
        args: [
          {
            kommun: 'lund',
            ar: 2026,
            startaSammantraden: false,
            startval: { 'lund/2026/KS/delarsrapport-augusti': { val: 'kor' } },
          },
        ],
        taskQueue,
        workflowId: arshjulWorkflowId('lund', 2026),
      });
      const mail = () => deps.smtp.messages().slice(before);
      // The VON verksamhetsplan's draft was due yesterday (proposed: done outside); the KS delårsrapport's draft
      // was due on 18 September: one digest to its handläggare and one to the kanslichef, no escalation.
      await until('the digests', async () =>
        mail().filter((m) => /redan försenad/.test(m.subject ?? '')).length === 2 ? true : undefined,
      );
      const oversikt = () =>
        queryWhenReady(handle, arshjulQuery)
          .then((data) => medRapporternasSteg(deps.register, data))
          .then((data) => oversiktAv(data, '2026-12-05' as never));
      const rapport = async (id: string) =>
        (await oversikt()).rapporter.find((r) => r.id === `lund/2026/${id}`)!;
      expect((await rapport('KS/evp')).status).toBe('KLAR');
      expect((await rapport('KS/evp')).steg.every((s) => s.utanforArshjulet)).toBe(true);
      // The VON verksamhetsplan goes on from the chef's approval: its draft was done outside Årshjul.
      const von = await until('the VON verksamhetsplan’s approval', async () => {
        const r = await rapport('VON/verksamhetsplan');
        return r.steg[1]?.status === 'PAGAR' ? r : undefined;
      });
      expect(von.steg.map((s) => [s.steg, s.status])).toEqual([
        ['utkast', 'KLAR'],
        ['godkannande', 'PAGAR'],
        ['registrering', 'PLANERAD'],
        ['beslut', 'PLANERAD'],
      ]);
      await until('the KS draft', async () =>
        (await deps.register.listaUppgifter({ processer: ['lund/2026/KS/delarsrapport-augusti'] })).length > 0
          ? true
          : undefined,
      );
      // Let the mail settle, then look at all of it.
      await new Promise((r) => setTimeout(r, 1000));
      const subjects = mail().map((m) => `${m.envelope.rcptTo.join(',')} | ${m.subject}`);
      expect(subjects.filter((s) => s.includes('Försenad') || s.includes('Eskalering'))).toEqual([]);
      expect(subjects.filter((s) => /redan försenad/.test(s)).sort()).toEqual([
        'handlaggare.ks@lund.example.org | Årshjulet 2026: 1 uppgift redan försenad vid starten',
        'kanslichef@lund.example.org | Årshjulet 2026: 1 uppgift redan försenad vid starten',
      ]);
      const digest = mail().find((m) => m.envelope.rcptTo.includes('kanslichef@lund.example.org'))!;
      expect(digest.text).toContain(
        'Delårsrapport per den 31 augusti 2026 för kommunstyrelsen — utkast, förföll 2026-09-18',
      );
      // No individual "Ny uppgift" mail for the late draft: the digest was its news.
      expect(subjects.filter((s) => s.startsWith('handlaggare.ks') && s.includes('Delårsrapport'))).toEqual(
        [],
      );
      expect(subjects.length).toBeLessThanOrEqual(7);
      await recordHistory('arshjul-lund-2026-startad-mitt-i-aret', handle);
      await handle.terminate('test done');
    }, deps.activities);
  } finally {
    await mid.teardown();
  }
});
