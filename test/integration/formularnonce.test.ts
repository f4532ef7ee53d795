/**
 * A page form sent twice (issue 15): every signed-in form carries a nonce drawn with it, which a command takes as
 * its Update id — a double click on Påminn sends one reminder, on "Lägg till ärende" puts one item on the agenda.
 */
import { addDays, dateInStockholm } from '../../src/domain/datum';
import { sammantradeQuery } from '../../src/workflows/sammantrade';
import { uppgift, uppgiftQuery } from '../../src/workflows/uppgift';
import { uniqueTaskQueue, withDevWorker } from '../helpers/devServer';
import { lundUtkastUppgift } from '../helpers/lund';
import { until } from '../helpers/until';
import { startWebb, type TestWebb } from '../helpers/webb';

let webb: TestWebb;

beforeAll(async () => {
  webb = await startWebb({ name: 'formularnonce' });
});

afterAll(() => webb?.close());

/** The CSRF token and nonce of the form on `html` that posts to `action`. */
function formularet(html: string, action: string): { csrf: string; nonce: string } {
  const start = html.indexOf(`action="${action}"`);
  expect(start).toBeGreaterThan(-1);
  const form = html.slice(start, html.indexOf('</form>', start));
  return {
    csrf: /name="csrf" value="([^"]+)"/.exec(form)![1]!,
    nonce: /name="nonce" value="([A-Za-z0-9_-]{16,64})"/.exec(form)![1]!,
  };
}

async function posta(path: string, cookie: string, fields: Record<string, string>) {
  const res = await fetch(`${webb.base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
  return res.status;
}

const vanta = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

it('applies a Påminn form posted twice with its nonce once: one reminder, one mail', async () => {
  const idag = dateInStockholm(Date.now());
  const spec = {
    ...lundUtkastUppgift(
      webb.deps.kommuner.get('lund')!,
      uniqueTaskQueue('formularnonce'),
      addDays(idag, 10),
    ),
  };
  const { cookie } = await webb.signIn('kanslichef@lund.example.org');
  await withDevWorker(
    webb.taskQueue,
    async () => {
      const handle = await webb.client.workflow.start(uppgift, {
        args: [spec],
        taskQueue: webb.taskQueue,
        workflowId: `uppgift/${spec.id}`,
      });
      await until('the task in the register', () => webb.deps.register.hamtaUppgift(spec.id));
      const sida = `/uppgifter/${encodeURIComponent(spec.id)}`;
      const { csrf, nonce } = formularet((await webb.get(sida, cookie)).text, `${sida}/paminn`);
      const adress = 'handlaggare.ks@lund.example.org';
      const paminnelser = () =>
        webb.deps.smtp
          .messages()
          .filter((m) => m.envelope.rcptTo.includes(adress) && (m.subject ?? '').startsWith('Påminnelse'));
      const fore = paminnelser().length;
      const falt = { csrf, nonce, kommentar: 'Rapporten behövs till arbetsutskottet.' };
      expect([
        await posta(`${sida}/paminn`, cookie, falt),
        await posta(`${sida}/paminn`, cookie, falt),
      ]).toEqual([303, 303]);
      const paminda = async () =>
        (await handle.query(uppgiftQuery)).historik.filter((h) => h.typ === 'PAMINNELSE').length;
      expect(await paminda()).toBe(1);
      await until('the reminder mail', async () => (paminnelser().length > fore ? true : undefined));
      await vanta(2000);
      expect(paminnelser().length - fore).toBe(1);
      // A form drawn again has another nonce: another reminder.
      const igen = formularet((await webb.get(sida, cookie)).text, `${sida}/paminn`);
      expect(igen.nonce).not.toBe(nonce);
      expect(await posta(`${sida}/paminn`, cookie, { ...falt, ...igen })).toBe(303);
      expect(await paminda()).toBe(2);
    },
    webb.deps.activities,
  );
});

it('puts an ärende posted twice with its nonce on the agenda once', async () => {
  const idag = dateInStockholm(Date.now());
  const datum = addDays(idag, 47);
  const { cookie } = await webb.signIn('kommunsekreterare@lund.example.org');
  await withDevWorker(
    webb.taskQueue,
    async () => {
      const kommande = `/sammantraden/KS/${datum}`;
      const csrf = await webb.csrf(cookie);
      expect(await posta('/sammantraden/starta', cookie, { csrf, organ: 'KS', datum })).toBe(303);
      const html = await until('the coming meeting', async () => {
        const s = await webb.get(kommande, cookie);
        return s.status === 200 ? s.text : undefined;
      });
      const form = formularet(html, `${kommande}/arende`);
      const falt = {
        ...form,
        'arende.rubrik': 'Delårsrapport per den 31 augusti',
        'arende.forslagTillBeslut': 'att godkänna delårsrapporten',
      };
      expect([
        await posta(`${kommande}/arende`, cookie, falt),
        await posta(`${kommande}/arende`, cookie, falt),
      ]).toEqual([303, 303]);
      const handle = webb.client.workflow.getHandle(`sammantrade/lund/KS/${datum}`);
      expect((await handle.query(sammantradeQuery)).state.arenden).toHaveLength(1);
    },
    webb.deps.activities,
  );
});
