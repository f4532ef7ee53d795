/**
 * The sign-in limiter counts in the register (issue 15, item 6): a new web instance on the same register — a
 * restart, or the next instance behind the load balancer — goes on counting where the other was; and the client
 * is the connection's address unless ARSHJUL_TRUST_PROXY says whose X-Forwarded-For to believe.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppDeps } from '../../src/api/app';
import { form, startWebb, type TestWebb } from '../helpers/webb';

let webb: TestWebb;
const servers: Server[] = [];

beforeAll(async () => {
  webb = await startWebb({ name: 'begransning' });
}, 60_000);

afterAll(async () => {
  for (const s of servers) await new Promise((resolve) => s.close(resolve));
  await webb?.close();
});

/** Another web instance on the same register (as a restart, or a second instance, would be). */
async function instans(extra: Partial<AppDeps> = {}): Promise<string> {
  const app = createApp({ temporalAnswers: async () => true, webb: webb.webb, ...extra });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const begar = async (base: string, epost: string, klient?: string) => {
  const init = form({ epost });
  const res = await fetch(`${base}/logga-in`, {
    ...init,
    headers: { ...init.headers, ...(klient ? { 'x-forwarded-for': klient } : {}) },
  });
  await res.text();
  return res.status;
};

it('keeps counting an address’s sign-in requests on a new web instance', async () => {
  const epost = 'nagon.som.inte.finns@lund.example.org';
  const forsta = [];
  for (let i = 0; i < 5; i++) forsta.push(await begar(webb.base, epost));
  expect(forsta).toEqual([200, 200, 200, 200, 200]);
  // The sixth, on an instance that has never seen the address: still the sixth.
  const ny = await instans();
  expect(await begar(ny, epost)).toBe(429);
  // Another address is not held back.
  expect(await begar(ny, 'en.annan@lund.example.org')).toBe(200);
});

it('believes X-Forwarded-For only from a trusted proxy', async () => {
  const bakomProxy = await instans({ trustProxy: 'loopback' });
  const svar = [];
  for (let i = 0; i < 21; i++) svar.push(await begar(bakomProxy, `klient-a-${i}@example.org`, '203.0.113.7'));
  expect(svar.slice(0, 20).every((s) => s === 200)).toBe(true);
  expect(svar[20]).toBe(429);
  // Another client behind the same proxy has its own count.
  expect(await begar(bakomProxy, 'klient-b@example.org', '203.0.113.8')).toBe(200);

  // Without trust, the header names no one: every request counts for the connection (loopback), whatever it says.
  const direkt = await instans();
  const utan = [];
  for (let i = 0; i < 21; i++) utan.push(await begar(direkt, `klient-c-${i}@example.org`, `198.51.100.${i}`));
  expect(utan).toContain(429);
});
