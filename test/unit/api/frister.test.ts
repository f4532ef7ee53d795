/** GET /api/frister over real HTTP (no Temporal needed: the endpoint is pure). */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../../src/api/app';
import { LUND_KS_FRISTER } from '../../helpers/lund';

let server: Server;
let base: string;

beforeAll(async () => {
  const app = createApp({ temporalAnswers: async () => false });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

it('returns the reference result of document 000', async () => {
  const res = await fetch(
    `${base}/api/frister?sammantrade=2023-10-11&justering=2023-10-18&anslag=2023-10-19`,
  );
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual(LUND_KS_FRISTER);
});

it.each([
  ['sammantrade=2023-02-30', 'sammantrade', 'giltigt_datum'],
  ['', 'sammantrade', 'obligatorisk'],
  ['sammantrade=2023-10-11&justering=2023-10-01', 'justering', 'justering_tidigast_sammantrade'],
  ['sammantrade=2023-10-11&justering=2023-10-18&anslag=2023-10-17', 'anslag', 'anslag_tidigast_justering'],
  ['sammantrade=2023-10-11&sammantrade=2023-10-12', 'sammantrade', 'invalid_type'],
])('answers 400 naming the field for ?%s', async (query, field, rule) => {
  const res = await fetch(`${base}/api/frister?${query}`);
  expect(res.status).toBe(400);
  const body = (await res.json()) as { issues: { message: string }[] };
  expect(body).toEqual({
    error: 'invalid_input',
    message: expect.stringContaining(field),
    issues: [expect.objectContaining({ field, rule })],
  });
  expect(body.issues[0]?.message).toEqual(expect.any(String));
});

it('answers JSON 404 for an unknown API path, without a stack trace', async () => {
  const res = await fetch(`${base}/api/finns-inte`);
  expect(res.status).toBe(404);
  expect(await res.json()).toMatchObject({ error: 'not_found' });
});
