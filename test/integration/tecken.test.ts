/**
 * Text the register can store, at the REST API (issue 15): a NUL, another C0 control or a lone surrogate in any
 * free text is refused with 400 naming the field, before any command reaches the workflow; the task then
 * completes normally. And a property: any string as a reminder's comment is either refused with 400 or stored,
 * and read back from the register unchanged. And a command sent twice with one `Idempotency-Key` is applied once.
 */
import fc from 'fast-check';
import { addDays, dateInStockholm } from '../../src/domain/datum';
import { arSparbarText } from '../../src/domain/validering';
import { uppgift } from '../../src/workflows/uppgift';
import { api, uppgiftSokvag } from '../helpers/api';
import { uniqueTaskQueue, withDevWorker } from '../helpers/devServer';
import { lundUtkastUppgift } from '../helpers/lund';
import { until } from '../helpers/until';
import { startWebb, type TestWebb } from '../helpers/webb';

let webb: TestWebb;

beforeAll(async () => {
  webb = await startWebb({ name: 'tecken' });
});

afterAll(async () => {
  await webb?.close();
});

async function medUppgift(namn: string, gor: (id: string) => Promise<void>): Promise<void> {
  const taskQueue = uniqueTaskQueue(namn);
  const spec = lundUtkastUppgift(
    webb.deps.kommuner.get('lund')!,
    taskQueue,
    addDays(dateInStockholm(Date.now()), 10),
  );
  await withDevWorker(
    taskQueue,
    async () => {
      await webb.client.workflow.start(uppgift, {
        args: [spec],
        taskQueue,
        workflowId: `uppgift/${spec.id}`,
      });
      await until('the task in the register', () => webb.deps.register.hamtaUppgift(spec.id));
      await gor(spec.id);
    },
    webb.deps.activities,
  );
}

it('refuses a NUL, a BEL and a lone surrogate by their field with 400; the task then completes normally', async () => {
  const handlaggare = api(webb, (await webb.signIn('handlaggare.ks@lund.example.org')).cookie);
  await medUppgift('tecken-api', async (id) => {
    for (const kommentar of ['a\u0000b', 'a\u0007b', 'a\ud800b', 'a\udc00b']) {
      const svar = await handlaggare('POST', uppgiftSokvag(id, 'slutfor'), { kommentar });
      expect([svar.status, (svar.json as { issues: unknown[] }).issues]).toEqual([
        400,
        [expect.objectContaining({ field: 'kommentar', rule: 'tecken_kan_sparas' })],
      ]);
    }
    expect((await webb.deps.register.hamtaUppgift(id))?.status).toBe('OPPEN');
    const klar = await handlaggare('POST', uppgiftSokvag(id, 'slutfor'), {
      kommentar: 'Klar,\ttabb och\nrad.',
    });
    expect([klar.status, (klar.json as { status: string }).status]).toEqual([200, 'KLAR']);
    const lagrad = await until('the completion in the register', async () => {
      const h = await webb.deps.register.uppgiftshistorik(id);
      return h.find((e) => e.typ === 'SLUTFORD');
    });
    expect(lagrad.kommentar).toBe('Klar,\ttabb och\nrad.');
  });
});

it('any string as a comment is refused with 400 or stored and read back unchanged (property)', async () => {
  const kanslichef = api(webb, (await webb.signIn('kanslichef@lund.example.org')).cookie);
  await medUppgift('tecken-egenskap', async (id) => {
    await fc.assert(
      fc.asyncProperty(fc.string({ minLength: 1, maxLength: 30, unit: 'binary' }), async (kommentar) => {
        const svar = await kanslichef('POST', uppgiftSokvag(id, 'paminn'), { kommentar });
        const trimmad = kommentar.trim();
        if (svar.status === 400) {
          // Refused only for a reason in the text: unstorable characters, or nothing left after trimming.
          expect(!arSparbarText(kommentar) || trimmad.length === 0).toBe(true);
          return;
        }
        expect(svar.status).toBe(200);
        const historik = (svar.json as { historik: { seq: number; kommentar?: string }[] }).historik;
        const seq = historik.at(-1)!.seq;
        const lagrad = await until(`reminder ${seq} in the register`, async () =>
          (await webb.deps.register.uppgiftshistorik(id)).find((h) => h.seq === seq),
        );
        expect(lagrad.kommentar).toBe(trimmad);
      }),
      { numRuns: 25 },
    );
  });
});

it('applies a command sent twice with the same Idempotency-Key once, and answers both alike', async () => {
  const { cookie } = await webb.signIn('kanslichef@lund.example.org');
  const paminn = (headers: Record<string, string>, id: string) =>
    fetch(`${webb.base}${uppgiftSokvag(id, 'paminn')}`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ kommentar: 'Dubbelklick.' }),
    });
  await medUppgift('tecken-idempotens', async (id) => {
    const [forsta, andra] = [
      await paminn({ 'idempotency-key': 'paminn-1' }, id),
      await paminn({ 'idempotency-key': 'paminn-1' }, id),
    ];
    expect([forsta.status, andra.status]).toEqual([200, 200]);
    const [a, b] = (await Promise.all([forsta.json(), andra.json()])) as { historik: unknown[] }[];
    expect(b!.historik).toEqual(a!.historik);
    // Another key is another command: the workflow's answer holds two reminders, not three.
    const tredje = await paminn({ 'idempotency-key': 'paminn-2' }, id);
    expect(tredje.status).toBe(200);
    const { historik } = (await tredje.json()) as { historik: { typ: string }[] };
    expect(historik.filter((h) => h.typ === 'PAMINNELSE')).toHaveLength(2);
    // A malformed key is refused by its header.
    const fel = await paminn({ 'idempotency-key': 'ett mellanslag' }, id);
    expect(fel.status).toBe(400);
    expect(await fel.json()).toMatchObject({ issues: [{ field: 'idempotency-key' }] });
  });
});

it('answers a form over the body limit 413, broken %-encoding in a page path and a control character in its query 400, as Swedish pages', async () => {
  const { cookie } = await webb.signIn('handlaggare.ks@lund.example.org');
  const stor = { kommentar: 'x'.repeat(70 * 1024) };
  // Signed in or not: the body is read before the sign-in check.
  for (const med of [cookie, '']) {
    const svar = await fetch(`${webb.base}/uppgifter/${encodeURIComponent('lund/x/utkast-1')}/slutfor`, {
      method: 'POST',
      redirect: 'manual',
      headers: { ...(med ? { cookie: med } : {}), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(stor).toString(),
    });
    expect(svar.status).toBe(413);
    expect(await svar.text()).toContain('Det du skickade är för stort');
  }
  const trasig = await fetch(`${webb.base}/uppgifter/%E0%A4%A`, { headers: { cookie }, redirect: 'manual' });
  expect(trasig.status).toBe(400);
  expect(await trasig.text()).toContain('Adressen eller formuläret gick inte att läsa');
  // A NUL or another control character in a page's query string: the same page, before the register sees it.
  for (const fraga of ['visa=a%00b', 'visa=%07', 'ar=%00']) {
    for (const sida of ['/uppgifter', '/sammantraden']) {
      const svar = await fetch(`${webb.base}${sida}?${fraga}`, { headers: { cookie }, redirect: 'manual' });
      expect([sida, fraga, svar.status]).toEqual([sida, fraga, 400]);
      expect(await svar.text()).toContain('Adressen eller formuläret gick inte att läsa');
    }
  }
});
