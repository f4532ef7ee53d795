/**
 * POST /api/overklagandetid/{kommun}/{organ}/{datum}/overklaganden over real HTTP (issue 15): a bad or future
 * `inkom` is a 400 naming the field. The appeal period's workflow is a stand-in that has closed with every
 * beslut laga kraft (document 000's dates); the register records nothing on a refusal.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import { restApi } from '../../../src/api/rest';
import type { Session } from '../../../src/api/session';
import type { WebbDeps } from '../../../src/api/webbDeps';
import { loadKommunConfig } from '../../../src/config/load';
import { addDays, dateInStockholm } from '../../../src/domain/datum';
import { LUND_KS_FRISTER } from '../../helpers/lund';

const lund = loadKommunConfig(path.resolve(__dirname, '../../../config/lund.yaml'));
const sekreteraren = lund.personer.find((p) => p.id === 'kommunsekreterare')!;
const session: Session = {
  kommun: 'lund',
  person: sekreteraren.id,
  namn: sekreteraren.namn,
  roller: sekreteraren.roller,
  csrf: 'x',
};

const sparade: unknown[] = [];
const stangd = {
  kommun: 'lund',
  organ: 'KS',
  status: 'LAGA_KRAFT',
  frister: LUND_KS_FRISTER,
  paragrafer: [336, 337].map((paragraf) => ({ paragraf, status: 'LAGA_KRAFT' })),
  overklaganden: [],
};
const deps = {
  kommuner: new Map([['lund', lund]]),
  client: {
    workflow: {
      getHandle: () => ({
        describe: async () => ({ status: { name: 'COMPLETED' } }),
        query: async () => stangd,
      }),
    },
  },
  register: {
    sparaOverklagandeIEfterhand: async (o: unknown) => void sparade.push(o),
    overklagandenIEfterhand: async () => sparade,
  },
} as unknown as WebbDeps;

let server: Server;
let base: string;

beforeAll(async () => {
  const app = express().use(restApi(deps, { session: () => session }));
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const anmal = (body: object) =>
  fetch(`${base}/api/overklagandetid/lund/KS/2023-10-11/overklaganden`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

it.each([
  [{ inkom: '2023-02-30' }, 'inkom', 'giltigt_datum'],
  [{ inkom: '9 november' }, 'inkom', 'giltigt_datum'],
  [{}, 'inkom', 'obligatorisk'],
  [{ inkom: addDays(dateInStockholm(Date.now()), 2) }, 'inkom', 'inte_i_framtiden'],
  [{ inkom: '2023-11-09', kant: addDays(dateInStockholm(Date.now()), 2) }, 'kant', 'inte_i_framtiden'],
])('answers 400 naming the field for %j', async (body, field, rule) => {
  const res = await anmal(body);
  expect(res.status).toBe(400);
  const svar = (await res.json()) as { issues: { field: string; rule: string }[] };
  expect(svar.issues).toEqual([expect.objectContaining({ field, rule })]);
  expect(sparade).toEqual([]);
});

it('records an appeal heard of after laga kraft, and the status says so', async () => {
  const res = await anmal({ inkom: '2023-11-09', kant: '2023-11-20', paragrafer: [336] });
  expect(res.status).toBe(200);
  const svar = (await res.json()) as { status: string; meddelanden: string[] };
  expect(svar.status).toBe('DELVIS_OVERKLAGAD');
  expect(svar.meddelanden).toEqual([
    'beslutet har inte vunnit laga kraft (§ 336) — överklagande som inkom 2023-11-09 blev känt 2023-11-20',
  ]);
  expect(sparade).toEqual([expect.objectContaining({ registreradAv: 'kommunsekreterare', forSent: false })]);
});
