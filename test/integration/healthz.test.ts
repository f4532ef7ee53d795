/**
 * GET /healthz reports whether Temporal answers, and /metrics says the same to Prometheus with every answer counted
 * by route and status — checked against a real dev server that is then stopped.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Connection } from '@temporalio/client';
import { createApp, svararInom } from '../../src/api/app';
import { openRegister } from '../../src/db/register';
import { createMailTransport } from '../../src/mail/transport';
import { startTestSmtp } from '../helpers/smtp';
import { pingTemporal } from '../../src/temporal/client';
import { startDevServer, type DevServer } from '../../src/temporal/devServer';
import { freePort } from '../helpers/freePort';

let temporal: DevServer;
let connection: Connection;
let server: Server;
let base: string;

beforeAll(async () => {
  temporal = await startDevServer({ port: await freePort() }); // in memory: this test stops it
  connection = await Connection.connect({ address: temporal.address });
  const app = createApp({ temporalAnswers: () => pingTemporal(connection, 1000), metrics: true });
  server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 90_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await connection?.close();
  await temporal?.stop();
});

it('is 200 while Temporal answers and 503 once it is gone', async () => {
  const up = await fetch(`${base}/healthz`);
  expect(up.status).toBe(200);
  expect(await up.json()).toEqual({ status: 'ok', temporal: 'ok' });

  await temporal.stop();
  const down = await fetch(`${base}/healthz`);
  expect(down.status).toBe(503);
  expect(await down.json()).toEqual({ status: 'degraded', temporal: 'unreachable' });

  const metrics = await fetch(`${base}/metrics`);
  expect([metrics.status, metrics.headers.get('content-type')]).toEqual([
    200,
    expect.stringMatching(/^text\/plain/),
  ]);
  const text = await metrics.text();
  expect(text).toMatch(/^arshjul_temporal_up 0$/m);
  for (const status of ['200', '503'])
    expect(text).toMatch(
      new RegExp(
        `^arshjul_http_request_duration_seconds_count\\{method="GET",route="/healthz",status="${status}"\\} 1$`,
        'm',
      ),
    );
  expect(text).toMatch(/^arshjul_process_resident_memory_bytes \d+/m);
});

it('counts a path of no route under one label, never one series per path', async () => {
  await fetch(`${base}/uppgifter/lund%2F2026%2Fnagot`);
  const text = await (await fetch(`${base}/metrics`)).text();
  expect(text).toContain('route="(ingen)",status="404"');
  expect(text).not.toContain('nagot');
});

it('reports the register and SMTP apart: SMTP down is degraded but 200, the register down is 503', async () => {
  const register = await openRegister({});
  const smtp = await startTestSmtp();
  const transport = createMailTransport(smtp.url);
  const app = createApp({
    temporalAnswers: async () => true,
    registerAnswers: () => svararInom(register.hamtaUppgift('healthz').then(() => true)),
    smtpAnswers: () => svararInom(transport.verify()),
  });
  const s = await new Promise<Server>((resolve) => {
    const lyssnar = app.listen(0, '127.0.0.1', () => resolve(lyssnar));
  });
  const url = `http://127.0.0.1:${(s.address() as AddressInfo).port}/healthz`;
  try {
    const up = await fetch(url);
    expect([up.status, await up.json()]).toEqual([
      200,
      { status: 'ok', temporal: 'ok', register: 'ok', smtp: 'ok' },
    ]);

    await smtp.stop();
    const utanSmtp = await fetch(url);
    expect([utanSmtp.status, await utanSmtp.json()]).toEqual([
      200,
      { status: 'degraded', temporal: 'ok', register: 'ok', smtp: 'unreachable' },
    ]);

    await register.close();
    const utanRegister = await fetch(url);
    expect([utanRegister.status, await utanRegister.json()]).toEqual([
      503,
      { status: 'degraded', temporal: 'ok', register: 'unreachable', smtp: 'unreachable' },
    ]);
  } finally {
    transport.close();
    await new Promise((resolve) => s.close(resolve));
  }
});
