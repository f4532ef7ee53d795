/**
 * Sign-in while the mail server is away (issue 15): the sign-in form answers a Swedish 503 page, "försök igen om
 * en stund", not a JSON 500 to an HTML form.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/api/app';
import { createMailTransport } from '../../src/mail/transport';
import { arshjulTestDeps, TEST_BASE_URL, TEST_HEMLIGHET } from '../helpers/arshjulActivities';
import { connectTestClient, uniqueTaskQueue } from '../helpers/devServer';
import { startTestSmtp } from '../helpers/smtp';

it('answers a sign-in while SMTP is down with a Swedish 503 page', async () => {
  const client = await connectTestClient();
  const deps = await arshjulTestDeps({});
  // The real mail catcher, stopped: its port now refuses the connection.
  const smtp = await startTestSmtp();
  await smtp.stop();
  const transport = createMailTransport(smtp.url);
  const app = createApp({
    temporalAnswers: async () => true,
    webb: {
      client,
      register: deps.register,
      kommuner: deps.kommuner,
      transport,
      fran: 'Årshjul <arshjul@lund.example.org>',
      hemlighet: TEST_HEMLIGHET,
      baseUrl: TEST_BASE_URL,
      taskQueue: uniqueTaskQueue('inloggning-smtp'),
    },
  });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  try {
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const svar = await fetch(`${base}/logga-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ epost: 'handlaggare.ks@lund.example.org' }).toString(),
    });
    const text = await svar.text();
    expect([svar.status, svar.headers.get('content-type')]).toEqual([503, 'text/html; charset=utf-8']);
    expect(text).toContain('Försök igen om en stund');
    expect(text).not.toContain('"error"');
    // An unknown address sends nothing, so it answers as always.
    const okand = await fetch(`${base}/logga-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ epost: 'ingen@example.org' }).toString(),
    });
    expect(okand.status).toBe(200);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    transport.close();
    await client.connection.close();
    await deps.close();
  }
}, 30_000);
