/**
 * The mail activity against a real SMTP server on loopback (test/helpers/smtp.ts): every kind of message, as
 * the recipient's mail program receives it (subject, text, HTML, the link, the .ics), and what idempotency
 * and an SMTP outage do. The activity function is called directly; Temporal's part (retrying a thrown
 * attempt) is what the calls after an outage stand for. The mail log is an in-memory test double, but for an
 * address the server refuses for good (550), where it is the register (PGlite).
 */
import path from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { Transporter } from 'nodemailer';
import {
  createMailActivities,
  type MailLogg,
  type UppgiftsmeddelandeInput,
  type Utskicksresultat,
} from '../../src/activities/mail';
import { loadKommunConfig } from '../../src/config/load';
import { openRegister, type Register } from '../../src/db/register';
import type { KommunConfig, Person } from '../../src/domain/kommun';
import { createMailTransport } from '../../src/mail/transport';
import { InMemoryMailLogg, startTestSmtp, type ReceivedMail, type TestSmtp } from '../helpers/smtp';

const BASE_URL = 'http://127.0.0.1:3000';
const FRAN = 'Årshjul Lunds kommun <arshjul@lund.example.org>';
const UPPGIFT_ID = 'lund/2023/KS/delarsrapport-augusti/utkast-1';
const LANK = `${BASE_URL}/uppgifter/lund%2F2023%2FKS%2Fdelarsrapport-augusti%2Futkast-1`;
const TITEL = 'Skriv rapporten: Delårsrapport per den 31 augusti 2023 för kommunstyrelsen';

/** Lund's shipped configuration, with three people whose names carry å, ä and ö. */
function lund(): KommunConfig {
  const config = loadKommunConfig(path.resolve(__dirname, '../../config/lund.yaml'));
  const person = (id: string, namn: string, epost: string, chef?: string): Person => ({
    id,
    namn,
    epost,
    roller: [{ roll: 'handlaggare', organ: 'KS' }],
    ersattare: [],
    ...(chef ? { chef } : {}),
  });
  return {
    ...config,
    personer: [
      ...config.personer,
      person('asa-oberg', 'Åsa Öberg', 'asa.oberg@lund.example.org', 'ekonomidirektor'),
      person('orjan-ahlstrom', 'Örjan Ählström', 'orjan.ahlstrom@lund.example.org', 'ekonomidirektor'),
    ],
  };
}

let smtp: TestSmtp;
let transport: Transporter;
let logg: InMemoryMailLogg;
let kommuner: Map<string, KommunConfig>;
let skicka: (input: UppgiftsmeddelandeInput) => Promise<Utskicksresultat>;

beforeAll(async () => {
  smtp = await startTestSmtp();
  transport = createMailTransport(smtp.url);
  kommuner = new Map([['lund', lund()]]);
});

afterAll(async () => {
  transport?.close();
  await smtp?.close();
});

/** The activity with this mail log and these kommuner. */
function sender(mailLogg: MailLogg, configs = kommuner, via = transport) {
  const activities = createMailActivities({
    mailLogg,
    transport: via,
    fran: FRAN,
    baseUrl: `${BASE_URL}/`,
    kommuner: configs,
    nu: () => new Date('2023-09-07T06:00:00Z'),
  });
  return (input: UppgiftsmeddelandeInput) => activities.skickaUppgiftsmeddelande(input);
}

beforeEach(() => {
  smtp.refuse(false);
  smtp.clear();
  logg = new InMemoryMailLogg();
  skicka = sender(logg);
});

function meddelande(over: Partial<UppgiftsmeddelandeInput>): UppgiftsmeddelandeInput {
  return {
    nyckel: `${UPPGIFT_ID}:ny`,
    kommun: 'lund',
    slag: 'NY',
    mottagare: ['asa-oberg'],
    uppgift: {
      id: UPPGIFT_ID,
      titel: TITEL,
      typ: 'utkast',
      processTitel: 'Delårsrapport per den 31 augusti 2023 för kommunstyrelsen',
      organ: 'KS',
      forfaller: '2023-09-14',
      tilldelad: 'asa-oberg',
    },
    icsSekvens: 0,
    ...over,
  };
}

/** An escalation of Åsa's task under `nyckel`: the kanslichefer and her chef, by role. */
function eskaleringAvAsa(nyckel: string): UppgiftsmeddelandeInput {
  return meddelande({
    nyckel,
    slag: 'ESKALERING',
    mottagare: [],
    roller: [{ roll: 'kanslichef' }, { roll: 'chef', for: 'asa-oberg' }],
    dagarForsenad: 1,
    eskaleringNummer: 1,
  });
}

/** The .ics attachment, unfolded, by property name. */
function ics(mail: ReceivedMail): { text: string; prop: (name: string) => string | undefined } {
  const attachment = mail.attachments.find((a) => a.filename === 'uppgift.ics');
  expect(attachment).toBeDefined();
  expect(attachment!.contentType).toBe('text/calendar');
  const text = attachment!.content.toString('utf8');
  const lines = text.replace(/\r\n[ \t]/g, '').split('\r\n');
  return { text, prop: (name) => lines.find((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`)) };
}

/** What every task mail has: one recipient, the sender, the link in both bodies, the .ics, no auto-replies. */
function expectTaskMail(mail: ReceivedMail, to: { namn: string; epost: string }, dtstart = '20230914') {
  expect(mail.envelope.rcptTo).toEqual([to.epost]);
  expect(mail.to && !Array.isArray(mail.to) ? mail.to.value : []).toEqual([
    { name: to.namn, address: to.epost },
  ]);
  expect(mail.from?.value).toEqual([{ name: 'Årshjul Lunds kommun', address: 'arshjul@lund.example.org' }]);
  expect(mail.text).toContain(`Hej ${to.namn}!`);
  expect(mail.html).toContain(`Hej ${to.namn}!`);
  expect(mail.text).toContain(LANK);
  expect(mail.html).toContain(`href="${LANK}"`);
  expect(mail.html).toContain('<html lang="sv">');
  expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
  expect(mail.messageId).toMatch(/^<arshjul\.[a-z-]+\.[0-9a-f]{32}@lund\.example\.org>$/);
  const cal = ics(mail);
  expect(cal.prop('DTSTART')).toBe(`DTSTART;VALUE=DATE:${dtstart}`);
  expect(cal.prop('UID')).toBe(`UID:${UPPGIFT_ID}@arshjul`);
  expect(cal.prop('URL')).toBe(`URL;VALUE=URI:${LANK}`);
  expect(cal.text).toContain('METHOD:PUBLISH');
}

const ASA = { namn: 'Åsa Öberg', epost: 'asa.oberg@lund.example.org' };

describe('every kind of task mail, through a real SMTP server', () => {
  it('NY: the new task to its assignee, with the .ics of the due date', async () => {
    const result = await skicka(meddelande({}));
    const [mail, ...rest] = smtp.messages();
    expect(rest).toEqual([]);
    expectTaskMail(mail!, ASA);
    expect(mail!.subject).toBe(`Ny uppgift: ${TITEL} (senast torsdagen den 14 september 2023)`);
    expect(mail!.text).toContain(`Du har fått en ny uppgift i Årshjul: ”${TITEL}”.`);
    expect(mail!.html).toContain('Kommunstyrelsen'); // the organ's name, from the config
    expect(ics(mail!).prop('SUMMARY')).toBe(`SUMMARY:Förfaller: ${TITEL}`);
    expect(ics(mail!).prop('SEQUENCE')).toBe('SEQUENCE:0');
    expect(result).toEqual({
      nyckel: `${UPPGIFT_ID}:ny`,
      slag: 'NY',
      utskick: [
        {
          person: 'asa-oberg',
          epost: ASA.epost,
          nyckel: `${UPPGIFT_ID}:ny#asa-oberg`,
          messageId: mail!.messageId,
          status: 'SKICKAT',
        },
      ],
    });
    expect(logg.entries.get(`${UPPGIFT_ID}:ny#asa-oberg`)).toMatchObject({
      kommun: 'lund',
      uppgiftId: UPPGIFT_ID,
      slag: 'NY',
      mottagare: [ASA.epost],
      amne: mail!.subject,
      status: 'SKICKAD',
      messageId: mail!.messageId,
    });
  });

  it('PAMINNELSE: the day before', async () => {
    await skicka(
      meddelande({ nyckel: `${UPPGIFT_ID}:paminnelse:2023-09-14:1`, slag: 'PAMINNELSE', dagarKvar: 1 }),
    );
    const [mail] = smtp.messages();
    expectTaskMail(mail!, ASA);
    expect(mail!.subject).toBe(`Påminnelse: ${TITEL} förfaller i morgon`);
    expect(mail!.text).toContain(
      'ska vara klar senast torsdagen den 14 september 2023, det vill säga i morgon.',
    );
  });

  it('ESKALERING: one message to the kanslichef and the assignee’s chef, both in To, greeting them together', async () => {
    const result = await skicka(
      meddelande({
        nyckel: `${UPPGIFT_ID}:eskalering:2023-09-14:2`,
        slag: 'ESKALERING',
        mottagare: ['kanslichef', 'ekonomidirektor'],
        dagarForsenad: 8,
        eskaleringNummer: 2,
      }),
    );
    const [mail, ...rest] = smtp.messages();
    expect(rest).toEqual([]);
    expect(mail!.envelope.rcptTo).toEqual([
      'kanslichef@lund.example.org',
      'ekonomidirektor@lund.example.org',
    ]);
    expect(mail!.to && !Array.isArray(mail!.to) ? mail!.to.value : []).toEqual([
      { name: 'Kanslichefen (exempel)', address: 'kanslichef@lund.example.org' },
      { name: 'Ekonomidirektören (exempel)', address: 'ekonomidirektor@lund.example.org' },
    ]);
    expect(mail!.subject).toBe(`Försenad uppgift: ${TITEL} (8 dagar försenad)`);
    expect(mail!.text).toContain('Hej!');
    expect(mail!.text).not.toContain('Hej Kanslichefen');
    expect(mail!.text).toContain(
      `Uppgiften ”${TITEL}”, tilldelad Åsa Öberg, skulle ha varit klar torsdagen den 14 september 2023 och är nu 8 dagar försenad.`,
    );
    expect(mail!.text).toContain('Det här är eskalering nummer 2.');
    expect(mail!.text).toContain(LANK);
    expect(ics(mail!).prop('UID')).toBe(`UID:${UPPGIFT_ID}@arshjul`);
    const nyckel = `${UPPGIFT_ID}:eskalering:2023-09-14:2#(grupp)`;
    expect(result.utskick.map((u) => [u.person, u.nyckel, u.messageId, u.status])).toEqual([
      ['kanslichef', nyckel, mail!.messageId, 'SKICKAT'],
      ['ekonomidirektor', nyckel, mail!.messageId, 'SKICKAT'],
    ]);
    expect([...logg.entries.values()]).toEqual([
      expect.objectContaining({
        nyckel,
        slag: 'ESKALERING',
        mottagare: ['kanslichef@lund.example.org', 'ekonomidirektor@lund.example.org'],
        status: 'SKICKAD',
        messageId: mail!.messageId,
      }),
    ]);
  });

  it('RETUR: the revision task, with the chef’s comment', async () => {
    const id = 'lund/2023/KS/delarsrapport-augusti/utkast-2';
    await skicka(
      meddelande({
        nyckel: `${id}:ny`,
        slag: 'RETUR',
        aktor: 'ekonomidirektor',
        kommentar: 'Helårsprognosen saknas för vård och omsorg.',
        uppgift: {
          ...meddelande({}).uppgift,
          id,
          titel: 'Revidera rapporten (omgång 2): Delårsrapport per den 31 augusti 2023 för kommunstyrelsen',
          forfaller: '2023-09-18',
        },
      }),
    );
    const [mail] = smtp.messages();
    expect(mail!.subject).toBe(
      'Returnerad för revidering: Revidera rapporten (omgång 2): Delårsrapport per den 31 augusti 2023 för kommunstyrelsen (senast måndagen den 18 september 2023)',
    );
    expect(mail!.text).toContain(
      'Ekonomidirektören (exempel) har returnerat rapporten till dig med den här kommentaren:',
    );
    expect(mail!.text).toContain('> Helårsprognosen saknas för vård och omsorg.');
    expect(mail!.html).toContain('Helårsprognosen saknas för vård och omsorg.');
    expect(mail!.text).toContain(`${BASE_URL}/uppgifter/${encodeURIComponent(id)}`);
    const cal = ics(mail!);
    expect(cal.prop('UID')).toBe(`UID:${id}@arshjul`);
    expect(cal.prop('DTSTART')).toBe('DTSTART;VALUE=DATE:20230918');
  });

  it('DELEGERAD: to the delegate, who acts on behalf of the assignee', async () => {
    await skicka(
      meddelande({
        nyckel: `${UPPGIFT_ID}:handelse:2`,
        slag: 'DELEGERAD',
        mottagare: ['orjan-ahlstrom'],
        aktor: 'asa-oberg',
        kommentar: 'Jag är på semester vecka 37.',
      }),
    );
    const [mail] = smtp.messages();
    expectTaskMail(mail!, { namn: 'Örjan Ählström', epost: 'orjan.ahlstrom@lund.example.org' });
    expect(mail!.subject).toBe(`Delegerad till dig: ${TITEL} (senast torsdagen den 14 september 2023)`);
    expect(mail!.text).toContain(`Åsa Öberg har delegerat uppgiften ”${TITEL}” till dig.`);
    expect(mail!.text).toContain('Du handlar på uppdrag av Åsa Öberg');
    expect(mail!.html).toContain('Jag är på semester vecka 37.');
  });

  it('OMTILLDELAD: to the new assignee', async () => {
    await skicka(
      meddelande({
        nyckel: `${UPPGIFT_ID}:handelse:3`,
        slag: 'OMTILLDELAD',
        mottagare: ['orjan-ahlstrom'],
        aktor: 'kanslichef',
        uppgift: { ...meddelande({}).uppgift, tilldelad: 'orjan-ahlstrom' },
      }),
    );
    const [mail] = smtp.messages();
    expectTaskMail(mail!, { namn: 'Örjan Ählström', epost: 'orjan.ahlstrom@lund.example.org' });
    expect(mail!.subject).toBe(`Tilldelad dig: ${TITEL} (senast torsdagen den 14 september 2023)`);
    expect(mail!.text).toContain(`Kanslichefen (exempel) har tilldelat dig uppgiften ”${TITEL}”.`);
  });

  it('NY_FORFALLODAG: the move from A to B, and an .ics that updates the same event', async () => {
    await skicka(
      meddelande({
        nyckel: `${UPPGIFT_ID}:handelse:4`,
        slag: 'NY_FORFALLODAG',
        aktor: 'kanslichef',
        kommentar: 'KSAU flyttas en vecka.',
        tidigareForfallodag: '2023-09-14',
        uppgift: { ...meddelande({}).uppgift, forfaller: '2023-09-21' },
        icsSekvens: 1,
      }),
    );
    const [mail] = smtp.messages();
    expectTaskMail(mail!, ASA, '20230921');
    expect(mail!.subject).toBe(`Ny förfallodag: ${TITEL} (nu senast torsdagen den 21 september 2023)`);
    expect(mail!.text).toContain(
      'Kanslichefen (exempel) har flyttat förfallodagen för uppgiften ' +
        `”${TITEL}” från torsdagen den 14 september 2023 till torsdagen den 21 september 2023.`,
    );
    expect(mail!.text).toContain('KSAU flyttas en vecka.');
    expect(ics(mail!).prop('SEQUENCE')).toBe('SEQUENCE:1');
  });

  it('carries å, ä and ö intact in the raw message as well (encoded, 7-bit safe)', async () => {
    await skicka(meddelande({}));
    const [mail] = smtp.messages();
    expect(mail!.subject).toContain('Delårsrapport');
    expect(mail!.subject).toContain('för');
    expect(ics(mail!).text).toContain('Förfaller: Skriv rapporten: Delårsrapport');
    // Headers are MIME-encoded words, never raw 8-bit.
    const headers = mail!.raw.toString('latin1').split('\r\n\r\n')[0]!;
    expect(headers).toMatch(/^Subject: =\?UTF-8\?/m);
  });
});

describe('idempotency and SMTP outages', () => {
  const paminnelse = () =>
    meddelande({ nyckel: `${UPPGIFT_ID}:paminnelse:2023-09-14:7`, slag: 'PAMINNELSE', dagarKvar: 7 });

  it('sends once per key: the same key again sends nothing and says so', async () => {
    const first = await skicka(paminnelse());
    const second = await skicka(paminnelse());
    expect(smtp.messages()).toHaveLength(1);
    expect(first.utskick[0]!.status).toBe('SKICKAT');
    expect(second.utskick[0]).toEqual({ ...first.utskick[0], status: 'REDAN_SKICKAT' });
  });

  it('a server refusing mail (451): the call throws a retryable failure, nothing is marked sent; the retry sends one', async () => {
    smtp.refuse(true);
    const error = await skicka(paminnelse()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).nonRetryable).toBe(false);
    expect((error as ApplicationFailure).type).toBe('SmtpFel');
    expect((error as ApplicationFailure).message).toMatch(
      /asa\.oberg@lund\.example\.org failed \(SMTP 451\)/,
    );
    expect(smtp.messages()).toHaveLength(0);
    expect(logg.skickade()).toEqual([]);

    smtp.refuse(false);
    await skicka(paminnelse());
    await skicka(paminnelse()); // and Temporal's later attempts, if any, find it sent
    expect(smtp.messages()).toHaveLength(1);
    expect(logg.skickade()).toEqual([`${UPPGIFT_ID}:paminnelse:2023-09-14:7#asa-oberg`]);
  });

  it('a server that is down: the call throws; once it is back on the same port, the retry sends exactly one', async () => {
    await smtp.stop();
    try {
      const error = await skicka(paminnelse()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApplicationFailure);
      expect((error as ApplicationFailure).nonRetryable).toBe(false);
      expect((error as ApplicationFailure).message).toMatch(/ECONNECTION|ESOCKET|ECONNREFUSED/);
      expect(logg.skickade()).toEqual([]);
    } finally {
      await smtp.start();
    }
    await skicka(paminnelse());
    expect(smtp.messages()).toHaveLength(1);
    expect(logg.skickade()).toHaveLength(1);
  });

  it('a crash after sending, before the log is marked: the retry sends again with the same Message-ID', async () => {
    logg.failNextMark = true;
    await expect(skicka(paminnelse())).rejects.toThrow(/simulated crash/);
    await skicka(paminnelse());
    await skicka(paminnelse());
    const mails = smtp.messages();
    expect(mails).toHaveLength(2);
    expect(mails[1]!.messageId).toBe(mails[0]!.messageId);
    expect(mails[1]!.subject).toBe(mails[0]!.subject);
  });

  it('several recipients of their own messages: one that was served is not sent to again on a retry', async () => {
    const paminnelse = meddelande({
      nyckel: `${UPPGIFT_ID}:handelse:3`,
      slag: 'PAMINNELSE',
      mottagare: ['asa-oberg', 'orjan-ahlstrom'],
      dagarKvar: 3,
      aktor: 'kanslichef',
    });
    // The first recipient is served, then the register fails: the attempt throws.
    logg.failNextMark = true;
    await expect(skicka(paminnelse)).rejects.toThrow();
    expect(smtp.messages().map((m) => m.envelope.rcptTo[0])).toEqual([ASA.epost]);
    // The retry resends (recognisably) to the first, whose key was never marked, and sends to the second.
    const retry = await skicka(paminnelse);
    expect(retry.utskick.map((u) => u.status)).toEqual(['SKICKAT', 'SKICKAT']);
    const third = await skicka(paminnelse);
    expect(third.utskick.map((u) => u.status)).toEqual(['REDAN_SKICKAT', 'REDAN_SKICKAT']);
    expect(smtp.messages().map((m) => m.envelope.rcptTo[0])).toEqual([
      ASA.epost,
      ASA.epost,
      'orjan.ahlstrom@lund.example.org',
    ]);
  });

  it('one message to several: a crash after sending resends it whole, with the same Message-ID, then never again', async () => {
    const eskalering = eskaleringAvAsa(`${UPPGIFT_ID}:eskalering:2023-09-14:1`);
    logg.failNextMark = true;
    await expect(skicka(eskalering)).rejects.toThrow(/simulated crash/);
    const retry = await skicka(eskalering);
    expect(retry.utskick.map((u) => u.status)).toEqual(['SKICKAT', 'SKICKAT']);
    const third = await skicka(eskalering);
    expect(third.utskick.map((u) => u.status)).toEqual(['REDAN_SKICKAT', 'REDAN_SKICKAT']);
    const mails = smtp.messages();
    expect(mails).toHaveLength(2);
    expect(mails[1]!.messageId).toBe(mails[0]!.messageId);
    expect(mails[1]!.envelope.rcptTo).toEqual([
      'kanslichef@lund.example.org',
      'ekonomidirektor@lund.example.org',
    ]);
  });
});

describe('an address the server refuses for good (550): recorded, the kanslichef told once, the rest goes on', () => {
  const ORJAN = 'orjan.ahlstrom@lund.example.org';
  const KANSLICHEF = 'kanslichef@lund.example.org';
  const KANSLICHEF_2 = 'kanslichef2@lund.example.org';
  const EKONOMIDIREKTOR = 'ekonomidirektor@lund.example.org';
  const SVAR = `550 5.1.1 <${ORJAN}>: Recipient address rejected: User unknown`;
  let register: Register;
  let n = 0;
  /** A reminder to Örjan and Åsa, under a key of its own (the register is shared by the tests here). */
  const paminnelse = (mottagare = ['orjan-ahlstrom', 'asa-oberg']) =>
    meddelande({
      nyckel: `${UPPGIFT_ID}:paminnelse:avvisad-${++n}:7`,
      slag: 'PAMINNELSE',
      dagarKvar: 7,
      mottagare,
    });
  const status = async (nyckel: string) =>
    Object.fromEntries(
      (await register.mailLogg({ uppgiftId: UPPGIFT_ID }))
        .filter((m) => m.nyckel.startsWith(`${nyckel}#`))
        .map((m) => [m.nyckel.slice(nyckel.length + 1), m.status]),
    );
  const rcpt = () => smtp.messages().map((m) => m.envelope.rcptTo[0]);
  /** Lund with a second kanslichef. */
  const tvaKanslichefer = () => {
    const config = lund();
    const ks = config.personer.find((p) => p.id === 'kanslichef')!;
    return new Map([
      [
        'lund',
        {
          ...config,
          personer: [
            ...config.personer,
            { ...ks, id: 'kanslichef-2', namn: 'Biträdande kanslichefen', epost: KANSLICHEF_2 },
          ],
        },
      ],
    ]);
  };

  beforeAll(async () => {
    register = await openRegister({});
  });
  afterAll(async () => {
    await register?.close();
  });
  beforeEach(() => smtp.refuseRecipient(ORJAN));
  afterEach(() => {
    for (const address of [ORJAN, KANSLICHEF, ASA.epost, EKONOMIDIREKTOR])
      smtp.refuseRecipient(address, false);
  });

  it('the other recipient gets the message, the refusal is recorded with the answer, the kanslichef gets one notice', async () => {
    const input = paminnelse();
    const result = await sender(register)(input);
    expect(result.utskick.map((u) => [u.epost, u.status, u.svar])).toEqual([
      [ORJAN, 'AVVISAT', SVAR],
      [ASA.epost, 'SKICKAT', undefined],
    ]);
    expect(rcpt()).toEqual([KANSLICHEF, ASA.epost]);
    const [notice, mail] = smtp.messages();
    expect(mail!.subject).toBe(`Påminnelse: ${TITEL} förfaller om 7 dagar`);
    expect(notice!.subject).toBe('E-post kom inte fram till Örjan Ählström');
    for (const [body, e] of [
      [notice!.text!, (s: string) => s],
      [notice!.html as string, (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')],
    ] as const) {
      expect(body).toContain(`Örjan Ählström (${ORJAN})`);
      expect(body).toContain(e(SVAR));
      expect(body).toContain(`”${mail!.subject}”`);
      expect(body).toContain('Rätta e-postadressen för Örjan Ählström');
    }
    expect(await status(input.nyckel)).toEqual({
      'orjan-ahlstrom': 'AVVISAD',
      'orjan-ahlstrom#avvisat#kanslichef': 'SKICKAD',
      'asa-oberg': 'SKICKAD',
    });
    const refused = (await register.mailLogg({ uppgiftId: UPPGIFT_ID })).find(
      (m) => m.nyckel === `${input.nyckel}#orjan-ahlstrom`,
    );
    expect(refused).toMatchObject({
      status: 'AVVISAD',
      svar: SVAR,
      avvisad: new Date('2023-09-07T06:00:00Z'),
    });

    // The same input again (a later attempt, or the workflow's next run of it): nothing new goes out.
    const again = await sender(register)(input);
    expect(again.utskick.map((u) => u.status)).toEqual(['REDAN_AVVISAT', 'REDAN_SKICKAT']);
    expect(smtp.messages()).toHaveLength(2);
  });

  it('a retry for another recipient’s temporary failure neither resends to the refused one nor tells again', async () => {
    smtp.refuseRecipient(ASA.epost, 451);
    const input = paminnelse();
    await expect(sender(register)(input)).rejects.toMatchObject({ type: 'SmtpFel', nonRetryable: false });
    expect(await status(input.nyckel)).toEqual({
      'orjan-ahlstrom': 'AVVISAD',
      'orjan-ahlstrom#avvisat#kanslichef': 'SKICKAD',
      'asa-oberg': 'RESERVERAD',
    });
    smtp.refuseRecipient(ASA.epost, false);
    const retry = await sender(register)(input);
    expect(retry.utskick.map((u) => u.status)).toEqual(['REDAN_AVVISAT', 'SKICKAT']);
    expect(rcpt()).toEqual([KANSLICHEF, ASA.epost]);
  });

  it('a notice that fails for a while: nothing recorded as refused yet; the retry tells the kanslichef once', async () => {
    smtp.refuseRecipient(KANSLICHEF, 451);
    const input = paminnelse();
    await expect(sender(register)(input)).rejects.toMatchObject({ type: 'SmtpFel' });
    expect(await status(input.nyckel)).toEqual({
      'orjan-ahlstrom': 'RESERVERAD',
      'orjan-ahlstrom#avvisat#kanslichef': 'RESERVERAD',
    });
    smtp.refuseRecipient(KANSLICHEF, false);
    await sender(register)(input);
    await sender(register)(input);
    expect(rcpt()).toEqual([KANSLICHEF, ASA.epost]);
  });

  it('a 451 still throws the retryable SmtpFel, and nothing is recorded as sent or refused', async () => {
    smtp.refuse(true);
    const input = paminnelse();
    await expect(sender(register)(input)).rejects.toMatchObject({ type: 'SmtpFel', nonRetryable: false });
    expect(await status(input.nyckel)).toEqual({ 'orjan-ahlstrom': 'RESERVERAD' });
    expect(smtp.messages()).toHaveLength(0);
  });

  it('a refused notice is only recorded, and a refused kanslichef is told about by the other kanslichef', async () => {
    smtp.refuseRecipient(KANSLICHEF);
    // The only kanslichef refused too: Örjan's refusal is recorded, the notice is refused and recorded, no more.
    const ensam = paminnelse(['orjan-ahlstrom']);
    await sender(register)(ensam);
    expect(await status(ensam.nyckel)).toEqual({
      'orjan-ahlstrom': 'AVVISAD',
      'orjan-ahlstrom#avvisat#kanslichef': 'AVVISAD',
    });
    expect(smtp.messages()).toHaveLength(0);

    // With two, one refused: the refused kanslichef's own message is reported to the other only, and the
    // refused notice about Örjan to the first is recorded, never itself reported.
    const tva = paminnelse(['orjan-ahlstrom', 'kanslichef', 'asa-oberg']);
    await sender(register, tvaKanslichefer())(tva);
    // The notice about Örjan goes to both kanslichefer in one message: the refused one's part is recorded.
    expect(await status(tva.nyckel)).toEqual({
      'orjan-ahlstrom': 'AVVISAD',
      'orjan-ahlstrom#avvisat#(grupp)': 'SKICKAD',
      'orjan-ahlstrom#avvisat#(grupp)#kanslichef': 'AVVISAD',
      kanslichef: 'AVVISAD',
      'kanslichef#avvisat#kanslichef-2': 'SKICKAD',
      'asa-oberg': 'SKICKAD',
    });
    expect(smtp.messages().map((m) => m.envelope.rcptTo)).toEqual([
      [KANSLICHEF_2],
      [KANSLICHEF_2],
      [ASA.epost],
    ]);
    expect(
      smtp
        .messages()
        .map((m) => m.subject)
        .slice(0, 2),
    ).toEqual([
      'E-post kom inte fram till Örjan Ählström',
      'E-post kom inte fram till Kanslichefen (exempel)',
    ]);
  });
  describe('one message to several people in the same role', () => {
    const eskalering = () => eskaleringAvAsa(`${UPPGIFT_ID}:eskalering:grupp-${++n}:1`);
    const rader = async (nyckel: string) =>
      (await register.mailLogg({ uppgiftId: UPPGIFT_ID })).filter((m) => m.nyckel.startsWith(`${nyckel}#`));

    it('two kanslichefer and the chef get ONE message, all in To, under one key; a retry sends nothing', async () => {
      const input = eskalering();
      const result = await sender(register, tvaKanslichefer())(input);
      const [mail, ...rest] = smtp.messages();
      expect(rest).toEqual([]);
      expect(mail!.envelope.rcptTo).toEqual([KANSLICHEF, KANSLICHEF_2, EKONOMIDIREKTOR]);
      expect(mail!.to && !Array.isArray(mail!.to) ? mail!.to.value.map((a) => a.address) : []).toEqual([
        KANSLICHEF,
        KANSLICHEF_2,
        EKONOMIDIREKTOR,
      ]);
      expect(mail!.text).toContain('Hej!');
      expect(result.utskick.map((u) => [u.person, u.status])).toEqual([
        ['kanslichef', 'SKICKAT'],
        ['kanslichef-2', 'SKICKAT'],
        ['ekonomidirektor', 'SKICKAT'],
      ]);
      expect(await rader(input.nyckel)).toEqual([
        expect.objectContaining({
          nyckel: `${input.nyckel}#(grupp)`,
          mottagare: [KANSLICHEF, KANSLICHEF_2, EKONOMIDIREKTOR],
          status: 'SKICKAD',
          messageId: mail!.messageId,
        }),
      ]);
      const again = await sender(register, tvaKanslichefer())(input);
      expect(again.utskick.map((u) => u.status)).toEqual(['REDAN_SKICKAT', 'REDAN_SKICKAT', 'REDAN_SKICKAT']);
      expect(smtp.messages()).toHaveLength(1);
    });

    it('a recipient refused for good among accepted ones: recorded with the answer, the other kanslichef told, once', async () => {
      smtp.refuseRecipient(KANSLICHEF);
      const svar = `550 5.1.1 <${KANSLICHEF}>: Recipient address rejected: User unknown`;
      const input = eskalering();
      const result = await sender(register, tvaKanslichefer())(input);
      expect(result.utskick.map((u) => [u.person, u.nyckel, u.status, u.svar])).toEqual([
        ['kanslichef', `${input.nyckel}#(grupp)#kanslichef`, 'AVVISAT', svar],
        ['kanslichef-2', `${input.nyckel}#(grupp)`, 'SKICKAT', undefined],
        ['ekonomidirektor', `${input.nyckel}#(grupp)`, 'SKICKAT', undefined],
      ]);
      const [mail, notice, ...rest] = smtp.messages();
      expect(rest).toEqual([]);
      expect(mail!.envelope.rcptTo).toEqual([KANSLICHEF_2, EKONOMIDIREKTOR]);
      expect(mail!.subject).toBe(`Försenad uppgift: ${TITEL} (1 dag försenad)`);
      expect(notice!.envelope.rcptTo).toEqual([KANSLICHEF_2]);
      expect(notice!.subject).toBe('E-post kom inte fram till Kanslichefen (exempel)');
      expect(notice!.text).toContain(`Kanslichefen (exempel) (${KANSLICHEF})`);
      expect(notice!.text).toContain(`”${mail!.subject}”`);
      expect(notice!.text).toContain('Hej Biträdande kanslichefen!');
      expect(await status(input.nyckel)).toEqual({
        '(grupp)': 'SKICKAD',
        '(grupp)#kanslichef': 'AVVISAD',
        '(grupp)#kanslichef#avvisat#kanslichef-2': 'SKICKAD',
      });
      expect((await rader(input.nyckel)).find((m) => m.nyckel.endsWith('#(grupp)#kanslichef'))).toMatchObject(
        {
          status: 'AVVISAD',
          svar,
          mottagare: [KANSLICHEF],
        },
      );

      // Retried (or run again): nothing goes out, nobody is told twice.
      const again = await sender(register, tvaKanslichefer())(input);
      expect(again.utskick.map((u) => u.status)).toEqual(['REDAN_AVVISAT', 'REDAN_SKICKAT', 'REDAN_SKICKAT']);
      expect(smtp.messages()).toHaveLength(2);
    });

    it('every recipient refused for good: the message is recorded refused, each one reported', async () => {
      smtp.refuseRecipient(KANSLICHEF);
      smtp.refuseRecipient(EKONOMIDIREKTOR);
      const input = eskalering();
      const result = await sender(register)(input);
      expect(result.utskick.map((u) => [u.person, u.status])).toEqual([
        ['kanslichef', 'AVVISAT'],
        ['ekonomidirektor', 'AVVISAT'],
      ]);
      expect(await status(input.nyckel)).toEqual({
        '(grupp)': 'AVVISAD',
        '(grupp)#kanslichef': 'AVVISAD',
        '(grupp)#ekonomidirektor': 'AVVISAD',
        // The only kanslichef is refused too: the notice about the chef is refused and only recorded.
        '(grupp)#ekonomidirektor#avvisat#kanslichef': 'AVVISAD',
      });
      expect(smtp.messages()).toHaveLength(0);
    });

    it('a recipient the server defers (451) among accepted ones gets it alone when the server takes it, once', async () => {
      smtp.refuseRecipient(EKONOMIDIREKTOR, 451);
      const input = eskalering();
      await expect(sender(register)(input)).rejects.toMatchObject({ type: 'SmtpFel', nonRetryable: false });
      expect(await status(input.nyckel)).toEqual({
        '(grupp)': 'SKICKAD',
        '(grupp)#ekonomidirektor': 'RESERVERAD',
      });
      smtp.refuseRecipient(EKONOMIDIREKTOR, false);
      const retry = await sender(register)(input);
      expect(retry.utskick.map((u) => [u.person, u.status])).toEqual([
        ['kanslichef', 'REDAN_SKICKAT'],
        ['ekonomidirektor', 'SKICKAT'],
      ]);
      const third = await sender(register)(input);
      expect(third.utskick.map((u) => u.status)).toEqual(['REDAN_SKICKAT', 'REDAN_SKICKAT']);
      const mails = smtp.messages();
      expect(mails.map((m) => m.envelope.rcptTo)).toEqual([[KANSLICHEF], [EKONOMIDIREKTOR]]);
      expect(mails[1]!.subject).toBe(mails[0]!.subject);
    });

    it('a retry across the deploy: whoever had their own message under the old key is not sent to again', async () => {
      const input = eskalering();
      // The attempt before the deploy served the kanslichef under the per-person key, then failed.
      const tid = new Date('2023-09-07T06:00:00Z');
      await register.reserveraMail({
        nyckel: `${input.nyckel}#kanslichef`,
        kommun: 'lund',
        uppgiftId: UPPGIFT_ID,
        slag: 'ESKALERING',
        mottagare: [KANSLICHEF],
        amne: 'Försenad uppgift',
        tid,
      });
      await register.markeraMailSkickat(`${input.nyckel}#kanslichef`, '<tidigare@lund.example.org>', tid);
      const result = await sender(register, tvaKanslichefer())(input);
      expect(result.utskick.map((u) => [u.person, u.nyckel, u.status])).toEqual([
        ['kanslichef', `${input.nyckel}#kanslichef`, 'REDAN_SKICKAT'],
        ['kanslichef-2', `${input.nyckel}#(grupp)`, 'SKICKAT'],
        ['ekonomidirektor', `${input.nyckel}#(grupp)`, 'SKICKAT'],
      ]);
      expect(smtp.messages().map((m) => m.envelope.rcptTo)).toEqual([[KANSLICHEF_2, EKONOMIDIREKTOR]]);

      // With one left, it is their own message under their old key, greeting them by name.
      const ensam = eskalering();
      await register.reserveraMail({
        nyckel: `${ensam.nyckel}#kanslichef`,
        kommun: 'lund',
        uppgiftId: UPPGIFT_ID,
        slag: 'ESKALERING',
        mottagare: [KANSLICHEF],
        amne: 'Försenad uppgift',
        tid,
      });
      await register.markeraMailSkickat(`${ensam.nyckel}#kanslichef`, '<tidigare2@lund.example.org>', tid);
      const one = await sender(register)(ensam);
      expect(one.utskick.map((u) => [u.person, u.nyckel, u.status])).toEqual([
        ['kanslichef', `${ensam.nyckel}#kanslichef`, 'REDAN_SKICKAT'],
        ['ekonomidirektor', `${ensam.nyckel}#ekonomidirektor`, 'SKICKAT'],
      ]);
      const last = smtp.messages().at(-1)!;
      expect(last.envelope.rcptTo).toEqual([EKONOMIDIREKTOR]);
      expect(last.text).toContain('Hej Ekonomidirektören (exempel)!');
    });

    it('SPARFEL: the kanslichef and the admin get one message', async () => {
      const activities = createMailActivities({
        mailLogg: register,
        transport,
        fran: FRAN,
        baseUrl: BASE_URL,
        kommuner,
        nu: () => new Date('2023-09-07T06:00:00Z'),
      });
      const input = {
        nyckel: `${UPPGIFT_ID}:sparfel:${++n}`,
        kommun: 'lund',
        objekt: { id: UPPGIFT_ID, titel: TITEL, sida: '/uppgifter/x' },
        vad: 'Slutför uppgiften',
        fel: '22021: invalid byte sequence',
      };
      const result = await activities.skickaSparfel(input);
      expect(result.utskick.map((u) => [u.person, u.nyckel, u.status])).toEqual([
        ['kanslichef', `${input.nyckel}#(grupp)`, 'SKICKAT'],
        ['admin', `${input.nyckel}#(grupp)`, 'SKICKAT'],
      ]);
      const [mail, ...rest] = smtp.messages();
      expect(rest).toEqual([]);
      expect(mail!.envelope.rcptTo).toEqual([KANSLICHEF, 'admin@lund.example.org']);
      expect(mail!.subject).toBe(`Kunde inte sparas: ${TITEL}`);
      expect(mail!.text).toContain('Hej!');
      await activities.skickaSparfel(input);
      expect(smtp.messages()).toHaveLength(1);
    });
  });
});

describe('two attempts at one message at once (a retry on another worker): sent once', () => {
  let register: Register;
  /** A second worker: its own connection to the same SMTP server. */
  let andraTransport: Transporter;
  let n = 0;
  const paminnelse = () =>
    meddelande({ nyckel: `${UPPGIFT_ID}:paminnelse:samtidigt-${++n}:7`, slag: 'PAMINNELSE', dagarKvar: 7 });

  beforeAll(async () => {
    register = await openRegister({});
    andraTransport = createMailTransport(smtp.url);
  });
  afterAll(async () => {
    andraTransport?.close();
    await register?.close();
  });
  afterEach(() => smtp.release());

  it('while the first attempt is still sending, the other does not send: it fails retryably, then finds it sent', async () => {
    const input = paminnelse();
    const held = smtp.holdNext();
    const forsta = sender(register)(input);
    await held;
    const andra = sender(register, kommuner, andraTransport);
    await expect(andra(input)).rejects.toMatchObject({ type: 'MailUpptaget', nonRetryable: false });
    expect(smtp.release()).toBe(1);
    expect((await forsta).utskick.map((u) => u.status)).toEqual(['SKICKAT']);
    expect((await andra(input)).utskick.map((u) => u.status)).toEqual(['REDAN_SKICKAT']);
    expect(smtp.messages()).toHaveLength(1);
  });

  it('the same for one message to several people (the group key is held)', async () => {
    const input = eskaleringAvAsa(`${UPPGIFT_ID}:eskalering:samtidigt-${++n}:1`);
    const held = smtp.holdNext();
    const forsta = sender(register)(input);
    await held;
    await expect(sender(register, kommuner, andraTransport)(input)).rejects.toMatchObject({
      type: 'MailUpptaget',
    });
    expect(smtp.release()).toBe(1);
    expect((await forsta).utskick.map((u) => u.status)).toEqual(['SKICKAT', 'SKICKAT']);
    const igen = await sender(register, kommuner, andraTransport)(input);
    expect(igen.utskick.map((u) => u.status)).toEqual(['REDAN_SKICKAT', 'REDAN_SKICKAT']);
    expect(smtp.messages()).toHaveLength(1);
  });

  it('a send that failed lets go at once: the retry elsewhere sends without waiting for the hold to run out', async () => {
    const input = paminnelse();
    smtp.refuse(true);
    await expect(sender(register)(input)).rejects.toMatchObject({ type: 'SmtpFel' });
    smtp.refuse(false);
    const retry = await sender(register, kommuner, andraTransport)(input);
    expect(retry.utskick.map((u) => u.status)).toEqual(['SKICKAT']);
    expect(smtp.messages()).toHaveLength(1);
  });
});

describe('input that no retry can fix', () => {
  it('a recipient no longer in the config: recorded as refused, the kanslichef told once, the others served', async () => {
    // Staff turnover or an election: the task's spec still names someone the config has dropped.
    const input = meddelande({ nyckel: `${UPPGIFT_ID}:okand`, mottagare: ['asa-oberg', 'nobody'] });
    const result = await skicka(input);
    expect(result.utskick.map((u) => [u.person, u.status])).toEqual([
      ['asa-oberg', 'SKICKAT'],
      ['nobody', 'AVVISAT'],
    ]);
    expect(result.utskick[1]!.svar).toContain('nobody finns inte i konfigurationen för lund');
    expect(smtp.messages().map((m) => m.envelope.rcptTo[0])).toEqual([
      ASA.epost,
      'kanslichef@lund.example.org',
    ]);
    const notice = smtp.messages()[1]!;
    expect(notice.subject).toBe('E-post kunde inte skickas till nobody');
    expect(notice.text).toContain('finns inte (längre) bland personerna i konfigurationen');
    expect(logg.entries.get(`${input.nyckel}#nobody`)?.status).toBe('AVVISAD');

    // Again (a retry, a replay): nothing new goes out, nobody is told twice.
    const again = await skicka(input);
    expect(again.utskick.map((u) => u.status)).toEqual(['REDAN_SKICKAT', 'REDAN_AVVISAT']);
    expect(smtp.messages()).toHaveLength(2);
  });

  it('recipients by role are resolved from the config when the message goes out', async () => {
    const input = meddelande({
      nyckel: `${UPPGIFT_ID}:roller`,
      slag: 'ESKALERING',
      eskaleringNummer: 1,
      dagarForsenad: 1,
      mottagare: [],
      roller: [{ roll: 'kanslichef' }, { roll: 'chef', for: 'asa-oberg' }],
    });
    const result = await skicka(input);
    expect(result.utskick.map((u) => [u.person, u.status])).toEqual([
      ['kanslichef', 'SKICKAT'],
      ['ekonomidirektor', 'SKICKAT'],
    ]);
  });

  it('an unknown kommun, or facts missing for the kind: non-retryable, naming what is wrong', async () => {
    await expect(skicka(meddelande({ kommun: 'ystad' }))).rejects.toMatchObject({
      nonRetryable: true,
      type: 'OkandKommun',
      message: expect.stringContaining('"ystad"'),
    });
    await expect(skicka(meddelande({ slag: 'PAMINNELSE' }))).rejects.toMatchObject({
      nonRetryable: true,
      type: 'OgiltigtMeddelande',
      message: expect.stringContaining('dagarKvar: krävs för ett meddelande av slaget PAMINNELSE'),
    });
    expect(smtp.messages()).toHaveLength(0);
  });
});
