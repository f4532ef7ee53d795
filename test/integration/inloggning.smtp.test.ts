/**
 * Sign-in and the mail server (issue 15). While it is away, the sign-in form answers a Swedish 503 page, "försök
 * igen om en stund", not a JSON 500 to an HTML form — for every address alike, known or not, so the answer does
 * not tell who has an account. While it is there, the answer does not wait for it: the link is mailed after.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/api/app';
import { createMailTransport } from '../../src/mail/transport';
import { arshjulTestDeps, TEST_BASE_URL, TEST_HEMLIGHET } from '../helpers/arshjulActivities';
import { connectTestClient, uniqueTaskQueue } from '../helpers/devServer';
import { startTestSmtp } from '../helpers/smtp';
import { until } from '../helpers/until';
import { form, startWebb } from '../helpers/webb';

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
    // An unknown address gets the same answer: a 200 here would tell that the first address has an account.
    const okand = await fetch(`${base}/logga-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ epost: 'ingen@example.org' }).toString(),
    });
    expect([okand.status, await okand.text()]).toEqual([503, text]);
  } finally {
    await new Promise((resolve) => server.close(resolve));
    transport.close();
    await client.connection.close();
    await deps.close();
  }
});

it('answers a known address before its mail is delivered, as it answers an unknown one', async () => {
  const webb = await startWebb({ name: 'inloggning-ko' });
  try {
    // The mail server takes the message but holds its answer: a sign-in that waited for it would not answer.
    const halls = webb.deps.smtp.holdNext();
    const adress = 'handlaggare.ks@lund.example.org';
    const svar = await fetch(`${webb.base}/logga-in`, {
      ...form({ epost: adress }),
      // Only so that the old behaviour fails instead of hanging the suite; nothing here is timed.
      signal: AbortSignal.timeout(15_000),
    });
    const okand = await fetch(`${webb.base}/logga-in`, form({ epost: 'ingen.alls@lund.example.org' }));
    expect(svar.status).toBe(200);
    const text = await svar.text();
    expect([okand.status, (await okand.text()).replace('ingen.alls@lund.example.org', adress)]).toEqual([
      200,
      text,
    ]);
    // Answered, and the mail not yet delivered: held at the server.
    const hallen = await halls;
    expect(hallen.envelope.rcptTo).toEqual([adress]);
    expect(webb.deps.smtp.messages().some((m) => m.envelope.rcptTo.includes(adress))).toBe(false);
    webb.deps.smtp.release();
    const lank = await until(
      'the sign-in mail',
      () => webb.deps.smtp.messages().find((m) => m.envelope.rcptTo.includes(adress)),
      10_000,
    );
    expect(lank.subject).toBe('Din inloggningslänk till Årshjul');
  } finally {
    await webb.close();
  }
}, 60_000);
