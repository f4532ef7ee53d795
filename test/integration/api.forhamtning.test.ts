/**
 * A command on a task reads two rows of the register before its Update: the session's and the task's (issue 16).
 * They go out side by side — the API's gate starts the task's row (the endpoint's `forhamta`) beside the session's
 * read that `las` started — and the handler uses that read, not a second one. The task's row is only a read made
 * early: with a session that has ended, the command is answered 401 and nothing reaches the task.
 */
import type { Register } from '../../src/db/register';
import { uppgiftQuery } from '../../src/workflows/uppgift';
import { api, uppgiftSokvag } from '../helpers/api';
import { withDevWorker } from '../helpers/devServer';
import { handelsetyp } from '../helpers/histories';
import { until } from '../helpers/until';
import { startaLundUtkast, startWebb, type TestWebb } from '../helpers/webb';

let webb: TestWebb;

beforeAll(async () => {
  webb = await startWebb({ name: 'api-forhamtning' });
});

afterAll(() => webb?.close());

/** Each read of `metoder` on the register while `work` runs: which, and when it began and ended. */
async function lasningar<T>(
  register: Register,
  metoder: readonly ('hamtaSession' | 'hamtaUppgift')[],
  work: () => Promise<T>,
): Promise<{ svar: T; las: { metod: string; borjan: number; slut: number }[] }> {
  const las: { metod: string; borjan: number; slut: number }[] = [];
  const original = new Map(metoder.map((m) => [m, register[m]] as const));
  for (const m of metoder) {
    const f = original.get(m)! as (...a: unknown[]) => Promise<unknown>;
    (register as unknown as Record<string, unknown>)[m] = async (...a: unknown[]) => {
      const rad = { metod: m, borjan: performance.now(), slut: Infinity };
      las.push(rad);
      try {
        return await f.apply(register, a);
      } finally {
        rad.slut = performance.now();
      }
    };
  }
  try {
    return { svar: await work(), las };
  } finally {
    for (const [m, f] of original) (register as unknown as Record<string, unknown>)[m] = f;
  }
}

it("reads the session's row and the task's side by side, the task's once, and completes the task", async () => {
  const { deps } = webb;
  const { taskQueue, spec, handle } = await startaLundUtkast(webb, 'forhamtning');
  const { cookie } = await webb.signIn('handlaggare.ks@lund.example.org');
  await withDevWorker(
    taskQueue,
    async () => {
      await until(
        'the task in the register',
        async () => (await deps.register.hamtaUppgift(spec.id)) ?? undefined,
      );
      const { svar, las } = await lasningar(deps.register, ['hamtaSession', 'hamtaUppgift'], () =>
        api(webb, cookie)('POST', uppgiftSokvag(spec.id, 'slutfor'), { kommentar: 'Klar.' }),
      );
      expect([svar.status, (svar.json as { status: string }).status]).toEqual([200, 'KLAR']);
      expect(las.map((l) => l.metod).sort()).toEqual(['hamtaSession', 'hamtaUppgift']);
      const [session, rad] = ['hamtaSession', 'hamtaUppgift'].map((m) => las.find((l) => l.metod === m)!);
      // The task's row was asked for before the session's answer came back: the two round trips overlap.
      expect(rad!.borjan).toBeLessThan(session!.slut);
      await handle.result();
    },
    deps.activities,
  );
});

it('answers 401 to a command sent with a session that has ended, and sends the task nothing', async () => {
  const { deps } = webb;
  const { taskQueue, spec, handle } = await startaLundUtkast(webb, 'forhamtning-utloggad');
  const { cookie } = await webb.signIn('handlaggare.ks@lund.example.org');
  await withDevWorker(
    taskQueue,
    async () => {
      await until(
        'the task in the register',
        async () => (await deps.register.hamtaUppgift(spec.id)) ?? undefined,
      );
      expect((await webb.post('/logga-ut', cookie, {})).status).toBe(303);
      const svar = await api(webb, cookie)('POST', uppgiftSokvag(spec.id, 'slutfor'), { kommentar: 'Klar.' });
      expect(svar.status).toBe(401);
      expect((svar.json as { issues: { rule: string }[] }).issues[0]!.rule).toBe('inloggning');
      expect((await handle.query(uppgiftQuery)).status).toBe('OPPEN');
      const typer = ((await handle.fetchHistory()).events ?? []).map(handelsetyp);
      expect(typer.filter((t) => t.includes('UPDATE'))).toEqual([]);
      await handle.cancel();
    },
    deps.activities,
  );
});
