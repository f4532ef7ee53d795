/**
 * Sessions live in the register (issue 15, item 6): signing out ends the session itself, not only the browser's
 * cookie, and the kanslichef's "logga ut överallt" ends every session a person has, in every browser.
 */
import { randomBytes } from 'node:crypto';
import { SESSION_COOKIE } from '../../src/api/session';
import { signera } from '../../src/security/signerat';
import { api } from '../helpers/api';
import { TEST_HEMLIGHET } from '../helpers/arshjulActivities';
import { startWebb, type TestWebb } from '../helpers/webb';

let webb: TestWebb;

beforeAll(async () => {
  webb = await startWebb({ name: 'sessioner' });
}, 60_000);

afterAll(() => webb?.close());

/** Whether the cookie still signs its person in: the task list, and the API. */
async function giltig(cookie: string): Promise<[number, number]> {
  const sida = await webb.get('/uppgifter', cookie);
  const svar = await api(webb, cookie)('GET', '/api/kommuner');
  return [sida.status, svar.status];
}

it('ends the session on sign-out: the old cookie, sent again, signs no one in', async () => {
  const { cookie } = await webb.signIn('handlaggare.ks@lund.example.org');
  expect(await giltig(cookie)).toEqual([200, 200]);
  const ut = await webb.post('/logga-ut', cookie, {});
  expect([ut.status, ut.location]).toEqual([303, '/logga-in']);
  // The cookie as it was before the browser cleared it (copied, or kept by a careless client).
  expect(await giltig(cookie)).toEqual([303, 401]);
  expect((await webb.get('/uppgifter', cookie)).headers.get('location')).toBe('/logga-in?till=%2Fuppgifter');
});

it('ends every session of a person when the kanslichef logs them out everywhere', async () => {
  const hemma = await webb.signIn('handlaggare.ks@lund.example.org');
  const jobbet = await webb.signIn('handlaggare.ks@lund.example.org');
  const kollega = await webb.signIn('handlaggare2.ks@lund.example.org');
  const kanslichef = await webb.signIn('kanslichef@lund.example.org');
  expect(await giltig(hemma.cookie)).toEqual([200, 200]);
  expect(await giltig(jobbet.cookie)).toEqual([200, 200]);

  // Not for anyone else to do: the handläggare cannot log a colleague out.
  const nekad = await api(webb, jobbet.cookie)(
    'POST',
    '/api/kommuner/lund/personer/handlaggare-ks-2/logga-ut-overallt',
    {},
  );
  expect([nekad.status, (nekad.json as { issues: { rule: string }[] }).issues[0]!.rule]).toEqual([
    403,
    'kanslichef_eller_admin',
  ]);

  const svar = await api(webb, kanslichef.cookie)(
    'POST',
    '/api/kommuner/lund/personer/handlaggare-ks/logga-ut-overallt',
    {},
  );
  expect([svar.status, svar.json]).toEqual([200, { person: 'handlaggare-ks', aterkallade: 2 }]);
  expect(await giltig(hemma.cookie)).toEqual([303, 401]);
  expect(await giltig(jobbet.cookie)).toEqual([303, 401]);
  // Only that person: the kanslichef (and a colleague) stay signed in.
  expect(await giltig(kanslichef.cookie)).toEqual([200, 200]);
  expect(await giltig(kollega.cookie)).toEqual([200, 200]);
  const audit = await webb.deps.register.auditLogg({ objekt: 'person:lund/handlaggare-ks' });
  expect(audit).toEqual([
    expect.objectContaining({
      aktor: 'kanslichef',
      handling: 'UTLOGGAD_OVERALLT',
      detaljer: { aterkallade: 2 },
    }),
  ]);

  const okand = await api(webb, kanslichef.cookie)(
    'POST',
    '/api/kommuner/lund/personer/ingen-sadan/logga-ut-overallt',
    {},
  );
  expect(okand.status).toBe(404);
});

it('refuses a signed session cookie that names no session in the register', async () => {
  const { cookie } = await webb.signIn('registrator@lund.example.org');
  expect(await giltig(cookie)).toEqual([200, 200]);
  const pahittad = signera(
    'session',
    { sid: randomBytes(32).toString('base64url'), giltigTill: Date.now() + 3_600_000 },
    TEST_HEMLIGHET,
  );
  expect(await giltig(`${SESSION_COOKIE}=${pahittad}`)).toEqual([303, 401]);
});
