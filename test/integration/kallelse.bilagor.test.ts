/**
 * The kallelse carries the approved versions (issue 12): the real mail activity, the real register and a real SMTP
 * server on loopback. Under the kommun's limit each version is attached, byte for byte as approved, and linked;
 * over it, only linked. (The browser walk's meeting was held before the year started, so it is registered
 * afterwards and calls no one: this is where the kallelse's attachments are proven.)
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createActivities } from '../../src/activities';
import type { Bilaga } from '../../src/domain/arendedokument';
import { kallelseSchema, type Kallelse } from '../../src/domain/kallelse';
import type { KommunConfig } from '../../src/domain/kommun';
import { createMailTransport } from '../../src/mail/transport';
import {
  arshjulTestDeps,
  TEST_BASE_URL,
  TEST_HEMLIGHET,
  type ArshjulTestDeps,
} from '../helpers/arshjulActivities';
import { until } from '../helpers/until';

let deps: ArshjulTestDeps;
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Document 000's kallelse (Lund KS 2023-10-11), its first ärende carrying `bilagor`. */
function kallelseMed(bilagor: Bilaga[]): Kallelse {
  const exempel = kallelseSchema.parse(
    JSON.parse(
      readFileSync(path.resolve(__dirname, '../../config/examples/lund-ks-2023-10-11-kallelse.json'), 'utf8'),
    ),
  );
  return { ...exempel, arenden: exempel.arenden.map((a, i) => (i === 0 ? { ...a, bilagor } : a)) };
}

async function lagrad(namn: string, bytes: Uint8Array): Promise<Bilaga> {
  const rad = await deps.register.sparaDokument({
    id: crypto.randomUUID(),
    kommun: 'lund',
    processId: 'lund/2023/KS/kallelsetest',
    roll: 'RAPPORT',
    namn,
    typ: 'pdf',
    sha256: sha256(bytes),
    bytes,
    uppladdadAv: 'handlaggare-ks',
    uppladdad: new Date('2023-09-21T08:00:00Z'),
  });
  return {
    dokumentId: rad.id,
    roll: rad.roll,
    namn: rad.namn,
    nr: rad.nr,
    typ: rad.typ,
    sha256: rad.sha256,
    storlek: rad.storlek,
  };
}

const kallelseTill = (mottagare: string, vilken: string) =>
  until(`the kallelse ${vilken}`, () =>
    deps.smtp
      .messages()
      .find(
        (m) => m.envelope.rcptTo.includes(mottagare) && m.subject?.startsWith('Kallelse: Kommunstyrelsen'),
      ),
  );

beforeAll(async () => {
  deps = await arshjulTestDeps();
});
afterAll(() => deps?.close());

it('attaches the approved version as approved and links it, while under the kommun’s limit', async () => {
  const pdf = new Uint8Array(Buffer.from('%PDF-1.7\n% delårsrapport augusti, version 3\n%%EOF\n'));
  const bilaga = await lagrad('Delårsrapport augusti 2023.pdf', pdf);
  await deps.activities.skickaKallelse({
    nyckel: 'kallelsetest:under',
    kallelse: kallelseMed([bilaga]),
    mottagare: ['ks-justerare'],
  });
  const mail = await kallelseTill('ks.justerare@lund.example.org', 'under the limit');
  const bifogad = mail.attachments.find((a) => a.filename === 'Delårsrapport augusti 2023.pdf');
  expect(bifogad).toBeDefined();
  expect(sha256(bifogad!.content)).toBe(bilaga.sha256);
  expect(mail.attachments.map((a) => a.filename)).toContain('kallelse-KS-2023-10-11.pdf');
  expect(mail.text).toContain(`${TEST_BASE_URL}/api/dokument/${bilaga.dokumentId}`);
});

it('only links the versions when together they weigh more than the kommun allows', async () => {
  const lund = deps.kommuner.get('lund')!;
  const snal: KommunConfig = { ...lund, dokument: { ...lund.dokument, kallelseBilagorMaxMb: 1 } };
  const transport = createMailTransport(deps.smtp.url);
  const { activities } = createActivities({
    register: deps.register,
    kommuner: new Map([...deps.kommuner, ['lund', snal]]),
    transport,
    fran: 'Årshjul <arshjul@lund.example.org>',
    baseUrl: TEST_BASE_URL,
    hemlighet: TEST_HEMLIGHET,
  });
  try {
    const stor = await lagrad('Bilaga stor.pdf', new Uint8Array(1024 * 1024 + 1).fill(0x25));
    await activities.skickaKallelse({
      nyckel: 'kallelsetest:over',
      kallelse: kallelseMed([stor]),
      mottagare: ['ks-ordforande'],
    });
    const mail = await kallelseTill('ks.ordforande@lund.example.org', 'over the limit');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['kallelse-KS-2023-10-11.pdf']);
    expect(mail.text).toContain(`${TEST_BASE_URL}/api/dokument/${stor.dokumentId}`);
  } finally {
    transport.close();
  }
});
