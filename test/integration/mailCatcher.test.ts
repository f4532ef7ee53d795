/** The mail catcher of `npm start` (maildev): it starts, takes what the transport sends, shows it over REST, stops. */
import { mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createMailActivities } from '../../src/activities/mail';
import { loadKommunConfig } from '../../src/config/load';
import { startMailCatcher, type MailCatcher } from '../../src/mail/catcher';
import { createMailTransport } from '../../src/mail/transport';
import { freePort } from '../helpers/freePort';
import { InMemoryMailLogg } from '../helpers/smtp';
import { until } from '../helpers/until';

let catcher: MailCatcher | undefined;

/** maildev's list once it holds `count` messages: it stores a message a moment after it has accepted it. */
const meddelanden = (c: MailCatcher, count: number) =>
  until(
    `${count} messages in the catcher`,
    async () => {
      const emails = (await (await fetch(`${c.webUrl}/email`)).json()) as MaildevEmail[];
      return emails.length === count ? emails : undefined;
    },
    10_000,
  );

afterAll(async () => {
  await catcher?.stop();
});

interface MaildevEmail {
  id: string;
  subject: string;
  text: string;
  to: { address: string; name: string }[];
  attachments?: { fileName?: string; generatedFileName?: string; contentType: string }[];
}

it('starts, receives a message sent with the transport, shows it at /email, and stops', async () => {
  const [smtpPort, webPort] = [await freePort(), await freePort()];
  const mailDirectory = mkdtempSync(path.join(tmpdir(), 'arshjul-maildev-test-'));
  catcher = await startMailCatcher({ smtpPort, webPort, host: '127.0.0.1', mailDirectory });
  expect(catcher.smtpUrl).toBe(`smtp://127.0.0.1:${smtpPort}`);
  expect(catcher.webUrl).toBe(`http://127.0.0.1:${webPort}`);

  const transport = createMailTransport(catcher.smtpUrl);
  try {
    await transport.sendMail({
      from: 'Årshjul <arshjul@lund.example.org>',
      to: { name: 'Åsa Öberg', address: 'asa.oberg@lund.example.org' },
      subject: 'Påminnelse: Delårsrapport för kommunstyrelsen förfaller i morgon',
      text: 'Hej Åsa Öberg!',
      attachments: [
        {
          filename: 'uppgift.ics',
          content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
          contentType: 'text/calendar',
        },
      ],
    });
  } finally {
    transport.close();
  }

  const emails = await meddelanden(catcher, 1);
  expect(emails[0]!.subject).toBe('Påminnelse: Delårsrapport för kommunstyrelsen förfaller i morgon');
  expect(emails[0]!.to).toEqual([{ address: 'asa.oberg@lund.example.org', name: 'Åsa Öberg' }]);
  expect(emails[0]!.text.trim()).toBe('Hej Åsa Öberg!');
  expect(readdirSync(mailDirectory).some((f) => f.endsWith('.eml'))).toBe(true); // kept where we said

  await catcher.stop();
  await expect(fetch(`${catcher.webUrl}/healthz`)).rejects.toThrow();
  catcher = undefined;
  rmSync(mailDirectory, { recursive: true, force: true });
}, 60_000);

it('says which ports it could not take', async () => {
  const first = await startMailCatcher({ smtpPort: await freePort(), webPort: await freePort() });
  try {
    const taken = Number(new URL(first.smtpUrl).port);
    await expect(
      startMailCatcher({ smtpPort: taken, webPort: await freePort(), startTimeoutMs: 10_000 }),
    ).rejects.toThrow(/mail catcher \(maildev\)/);
  } finally {
    await first.stop();
  }
}, 60_000);

it('shows an escalation to the kanslichef and the chef as ONE message with both in To; a retry adds nothing', async () => {
  const local = await startMailCatcher({ smtpPort: await freePort(), webPort: await freePort() });
  const transport = createMailTransport(local.smtpUrl);
  try {
    const lund = loadKommunConfig(path.resolve(__dirname, '../../config/lund.yaml'));
    const mail = createMailActivities({
      mailLogg: new InMemoryMailLogg(),
      transport,
      fran: 'Årshjul Lunds kommun <arshjul@lund.example.org>',
      baseUrl: 'http://127.0.0.1:3000',
      kommuner: new Map([['lund', lund]]),
    });
    const eskalering = {
      nyckel: 'lund/2023/KS/delarsrapport-augusti/utkast-1:eskalering:2023-09-14:1',
      kommun: 'lund',
      slag: 'ESKALERING' as const,
      mottagare: [],
      roller: [{ roll: 'kanslichef' as const }, { roll: 'chef' as const, for: 'handlaggare-ks' }],
      uppgift: {
        id: 'lund/2023/KS/delarsrapport-augusti/utkast-1',
        titel: 'Skriv rapporten: Delårsrapport per den 31 augusti 2023 för kommunstyrelsen',
        typ: 'utkast' as const,
        processTitel: 'Delårsrapport per den 31 augusti 2023 för kommunstyrelsen',
        forfaller: '2023-09-14',
        tilldelad: 'handlaggare-ks',
      },
      dagarForsenad: 1,
      eskaleringNummer: 1,
      icsSekvens: 0,
    };
    await mail.skickaUppgiftsmeddelande(eskalering);
    await mail.skickaUppgiftsmeddelande(eskalering);
    const chef = lund.personer.find(
      (p) => p.id === lund.personer.find((q) => q.id === 'handlaggare-ks')!.chef,
    )!;
    const emails = await meddelanden(local, 1);
    // The retry added nothing: still one a moment later.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await meddelanden(local, 1)).toHaveLength(1);
    expect(emails[0]!.subject).toMatch(/^Försenad uppgift: /);
    expect(emails[0]!.to.map((a) => a.address)).toEqual(['kanslichef@lund.example.org', chef.epost]);
    expect(emails[0]!.text).toContain('Hej!');
  } finally {
    transport.close();
    await local.stop();
  }
}, 60_000);

it('keeps only the newest messages it is told to, across restarts', async () => {
  const mailDirectory = mkdtempSync(path.join(tmpdir(), 'arshjul-maildev-test-'));
  const eml = () => readdirSync(mailDirectory).filter((f) => f.endsWith('.eml'));
  const amnen = async (c: MailCatcher, count: number) =>
    (await meddelanden(c, count)).map((e) => e.subject).sort();
  const starta = async (maxEmails: number) =>
    startMailCatcher({ smtpPort: await freePort(), webPort: await freePort(), mailDirectory, maxEmails });
  try {
    const forsta = await starta(3);
    const transport = createMailTransport(forsta.smtpUrl);
    let skickade: MaildevEmail[];
    try {
      for (let i = 1; i <= 5; i++) {
        await transport.sendMail({
          from: 'arshjul@lund.example.org',
          to: 'a@lund.example.org',
          subject: `nr ${i}`,
          text: '.',
          // The fourth with an attachment, which maildev keeps in a folder of the message's own.
          ...(i === 4 ? { attachments: [{ filename: 'uppgift.ics', content: 'BEGIN:VCALENDAR\r\n' }] } : {}),
        });
      }
      // While it runs it keeps every message; the newest are chosen when it starts.
      skickade = await meddelanden(forsta, 5);
      expect(skickade.map((e) => e.subject).sort()).toEqual(['nr 1', 'nr 2', 'nr 3', 'nr 4', 'nr 5']);
    } finally {
      transport.close();
      await forsta.stop();
    }
    // "Newest" is the message file's modification time. Linux stamps files with a coarse clock (a tick of a few
    // milliseconds), so messages sent in a row can share a time, and maildev answers before its last write to
    // the file; once it has stopped, the files are dated a minute apart in the order sent, as a day's mail is.
    for (const e of skickade) {
      const at = new Date(Date.UTC(2026, 8, 1, 8, Number(e.subject.slice('nr '.length))));
      utimesSync(path.join(mailDirectory, `${e.id}.eml`), at, at);
    }
    const folders = () => readdirSync(mailDirectory, { withFileTypes: true }).filter((f) => f.isDirectory());
    expect(folders()).toHaveLength(1);

    const andra = await starta(3);
    try {
      expect(eml()).toHaveLength(3);
      // maildev reads the kept messages back after it answers.
      expect(await amnen(andra, 3)).toEqual(['nr 3', 'nr 4', 'nr 5']);
    } finally {
      await andra.stop();
    }
    const tredje = await starta(1);
    try {
      expect(eml()).toHaveLength(1);
      expect(folders()).toHaveLength(0); // the fourth's attachments went with it
      expect(await amnen(tredje, 1)).toEqual(['nr 5']);
    } finally {
      await tredje.stop();
    }
  } finally {
    rmSync(mailDirectory, { recursive: true, force: true });
  }
}, 60_000);
