/**
 * An ärende's documents through the REST API, against a register and a real Temporal dev server: an upload is a
 * new version with its SHA-256, read back byte for byte and audited; every refusal (type by content, size, empty,
 * a path in the name, not multipart, no upload header) names its rule and stores nothing; the documents of an ärende
 * not yet diariefört are its own people's; a DOCX is read as PDF (LibreOffice); the tjänsteskrivelse comes filled in.
 */
import { createHash, randomUUID } from 'node:crypto';
import PizZip from 'pizzip';
import { planeraAr } from '../../src/domain/planering';
import { api, type Anropa } from '../helpers/api';
import { readPdf } from '../helpers/dokument';
import { annanZip, rapportPdf, xlsx } from '../helpers/filer';
import { startWebb, type TestWebb } from '../helpers/webb';

const PERSONER = {
  handlaggare: 'handlaggare.ks@lund.example.org',
  chef: 'ekonomidirektor@lund.example.org',
  ordforande: 'ks.ordforande@lund.example.org',
  registrator: 'registrator@lund.example.org',
  linkoping: 'kanslichef@linkoping.example.org',
} as const;

let webb: TestWebb;
const som = {} as Record<keyof typeof PERSONER, Anropa>;
let rapportId: string;
let plan: ReturnType<typeof planeraAr>[number];

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const sokvag = () => `/api/rapporter/${encodeURIComponent(rapportId)}`;

function fil(
  bytes: Uint8Array,
  namn: string,
  roll = 'RAPPORT',
  extra: Record<string, string> = {},
): FormData {
  const form = new FormData();
  form.set('roll', roll);
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  form.set('fil', new Blob([new Uint8Array(bytes)]), namn);
  return form;
}

interface Version {
  id: string;
  nr: number;
  namn: string;
  sha256: string;
  lank: string;
  pdf: string;
}

async function versioner(vem: Anropa = som.handlaggare) {
  const svar = await vem('GET', `${sokvag()}/dokument`);
  expect(svar.status).toBe(200);
  return svar.json as { versioner: Version[]; aktuella: string[] };
}

beforeAll(async () => {
  webb = await startWebb({ name: 'arendedokument' });
  for (const [vem, epost] of Object.entries(PERSONER)) {
    som[vem as keyof typeof PERSONER] = api(webb, (await webb.signIn(epost)).cookie);
  }
  plan = planeraAr(webb.deps.kommuner.get('lund')!, 2026).find(
    (p) => p.id === 'lund/2026/KS/delarsrapport-augusti',
  )!;
  // A report of its own (no workflow runs it here: an upload's notice to it has nothing to reach).
  rapportId = `lund/2026/KS/delarsrapport-augusti-${randomUUID().slice(0, 8)}`;
  await webb.deps.register.sparaRapport({
    id: rapportId,
    kommun: 'lund',
    organ: 'KS',
    slag: plan.slag,
    period: plan.periodslut,
    titel: plan.titel,
    status: 'PAGAR',
    plan: { ...plan, id: rapportId },
  });
}, 60_000);

afterAll(async () => {
  await webb?.close();
});

it('keeps each upload as a new version with its SHA-256, gives it back byte for byte and audits both', async () => {
  const pdf = await rapportPdf(plan.titel);
  const svar = await som.handlaggare(
    'POST',
    `${sokvag()}/dokument`,
    fil(pdf, 'Delårsrapport augusti 2026.pdf', 'RAPPORT', { kommentar: 'Första versionen.' }),
  );
  expect(svar.status).toBe(201);
  const v1 = svar.json as Version & { roll: string; uppladdadAv: string; kommentar: string };
  expect(v1).toMatchObject({
    nr: 1,
    roll: 'RAPPORT',
    namn: 'Delårsrapport augusti 2026.pdf',
    sha256: sha256(pdf),
    uppladdadAv: 'handlaggare-ks',
    kommentar: 'Första versionen.',
  });

  // The same file again is a new version, never an overwrite; the content is stored once.
  const igen = await som.handlaggare(
    'POST',
    `${sokvag()}/dokument`,
    fil(pdf, 'Delårsrapport augusti 2026.pdf'),
  );
  expect((igen.json as Version).nr).toBe(2);
  const { versioner: alla, aktuella } = await versioner();
  expect(alla.map((v) => v.nr)).toEqual([1, 2]);
  expect(aktuella).toEqual([(igen.json as Version).id]);

  const hamtad = await som.chef('GET', v1.lank);
  expect(hamtad.status).toBe(200);
  expect(hamtad.headers.get('content-type')).toBe('application/pdf');
  expect(hamtad.headers.get('content-disposition')).toBe(
    `attachment; filename="Delarsrapport augusti 2026.pdf"; filename*=UTF-8''${encodeURIComponent('Delårsrapport augusti 2026.pdf')}`,
  );
  expect(sha256(hamtad.bytes)).toBe(v1.sha256);

  const audit = await webb.deps.register.auditLogg({ objekt: `arende:${rapportId}` });
  expect(audit.filter((a) => a.handling === 'DOKUMENT_UPPLADDAT').map((a) => a.aktor)).toEqual([
    'handlaggare-ks',
    'handlaggare-ks',
  ]);
  expect(audit.filter((a) => a.handling === 'DOKUMENT_VISAT')).toEqual([
    expect.objectContaining({
      aktor: 'ekonomidirektor',
      detaljer: expect.objectContaining({ dokument: v1.id, sha256: v1.sha256 }),
    }),
  ]);
});

it('refuses a file by its content, its size, emptiness and a path in its name — naming the rule, storing nothing', async () => {
  const fore = (await versioner()).versioner.length;
  const text = Buffer.from('Det här är ingen PDF.');
  const stor = Buffer.concat([await rapportPdf('Stor'), Buffer.alloc(25 * 1024 * 1024)]);
  const fall: [FormData, number, string, string][] = [
    [fil(text, 'rapport.pdf'), 400, 'fil', 'filtyp'],
    [fil(annanZip(), 'rapport.docx'), 400, 'fil', 'filtyp'],
    [fil(xlsx(), 'nyckeltal.pdf'), 400, 'fil', 'filtyp_namn'],
    [fil(new Uint8Array(), 'tom.pdf'), 400, 'fil', 'fil_inte_tom'],
    [fil(stor, 'stor.pdf'), 413, 'fil', 'fil_storlek'],
    [fil(await rapportPdf('x'), '../../rapport.pdf'), 400, 'fil', 'filnamn_utan_sokvag'],
    [fil(await rapportPdf('x'), 'C:\\Temp\\rapport.pdf'), 400, 'fil', 'filnamn_utan_sokvag'],
    [fil(await rapportPdf('x'), 'rapport.pdf', 'PROTOKOLL'), 400, 'roll', 'invalid_value'],
    [
      fil(await rapportPdf('x'), 'rapport.pdf', 'RAPPORT', { kommentar: 'a\u0000b' }),
      400,
      'kommentar',
      'tecken_kan_sparas',
    ],
  ];
  for (const [form, status, field, rule] of fall) {
    const svar = await som.handlaggare('POST', `${sokvag()}/dokument`, form);
    expect([status, svar.json]).toEqual([
      svar.status,
      expect.objectContaining({ issues: expect.arrayContaining([expect.objectContaining({ field, rule })]) }),
    ]);
  }
  expect(await webb.deps.register.dokumentinnehall(sha256(text))).toBeUndefined();
  expect(await webb.deps.register.dokumentinnehall(sha256(stor))).toBeUndefined();

  // Not multipart; multipart without the header no other site's form can send.
  const json = await som.handlaggare('POST', `${sokvag()}/dokument`, { roll: 'RAPPORT' });
  expect([json.status, (json.json as { issues: { rule: string }[] }).issues[0]!.rule]).toEqual([
    415,
    'multipart',
  ]);
  const utan = await som.handlaggare('POST', `${sokvag()}/dokument`, fil(await rapportPdf('x'), 'r.pdf'), {
    utanUppladdningsheader: true,
  });
  expect([utan.status, (utan.json as { issues: { rule: string }[] }).issues[0]!.rule]).toEqual([
    403,
    'uppladdning_header',
  ]);
  const ingenFil = new FormData();
  ingenFil.set('roll', 'RAPPORT');
  const saknas = await som.handlaggare('POST', `${sokvag()}/dokument`, ingenFil);
  expect([saknas.status, (saknas.json as { issues: { field: string }[] }).issues[0]!.field]).toEqual([
    400,
    'fil',
  ]);

  expect((await versioner()).versioner.length).toBe(fore);
});

it('keeps an ärende not yet diariefört to its own people, and opens it to the kommun once it is', async () => {
  const { versioner: alla } = await versioner();
  const lank = alla[0]!.lank;
  const nekad = await som.ordforande('GET', lank);
  expect([nekad.status, (nekad.json as { issues: { rule: string }[] }).issues[0]!.rule]).toEqual([
    403,
    'arendets_personer_fore_diarieforing',
  ]);
  expect((await som.ordforande('GET', `${sokvag()}/dokument`)).status).toBe(403);
  expect((await som.linkoping('GET', lank)).status).toBe(403);
  expect((await som.registrator('GET', lank)).status).toBe(200);
  const uppladdning = await som.ordforande(
    'POST',
    `${sokvag()}/dokument`,
    fil(await rapportPdf('x'), 'r.pdf'),
  );
  expect([uppladdning.status, (uppladdning.json as { issues: { rule: string }[] }).issues[0]!.rule]).toEqual([
    403,
    'arendets_personer',
  ]);

  const rapport = (await webb.deps.register.hamtaRapport(rapportId))!;
  await webb.deps.register.sparaRapport({ ...rapport, status: 'REGISTRERAD', diarienummer: 'KS 2026/0999' });
  expect((await som.ordforande('GET', lank)).status).toBe(200);
  expect((await som.linkoping('GET', lank)).status).toBe(403);
  // Reading is not writing.
  expect(
    (await som.ordforande('POST', `${sokvag()}/dokument`, fil(await rapportPdf('x'), 'r.pdf'))).status,
  ).toBe(403);
  // An unknown document is not found; an unknown report either.
  expect((await som.chef('GET', `/api/dokument/${randomUUID()}`)).status).toBe(404);
  expect(
    (await som.chef('GET', `/api/rapporter/${encodeURIComponent('lund/2026/KS/finns-inte')}/dokument`))
      .status,
  ).toBe(404);
});

it('fills the tjänsteskrivelse from the ärende and shows the uploaded DOCX as PDF', async () => {
  const ts = await som.handlaggare('GET', `${sokvag()}/tjansteskrivelse`);
  expect(ts.status).toBe(200);
  expect(ts.headers.get('content-type')).toBe(
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  );
  const xml = new PizZip(ts.bytes).file('word/document.xml')!.asText();
  expect(xml).toContain(plan.titel);
  expect(xml).toContain('KS 2026/0999');
  expect(xml).toContain('Handläggaren på kommunkontoret (exempel), controller');
  expect(xml).toContain('att godkänna');

  const upp = await som.handlaggare(
    'POST',
    `${sokvag()}/dokument`,
    fil(ts.bytes, 'Tjänsteskrivelse.docx', 'TJANSTESKRIVELSE'),
  );
  expect(upp.status).toBe(201);
  const pdf = await som.chef('GET', (upp.json as Version).pdf);
  expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
  expect(pdf.headers.get('content-disposition')).toMatch(/^inline; /);
  expect(readPdf(pdf.bytes).flat).toContain(plan.titel);
  // Converted once: the second view is the same PDF.
  expect(sha256((await som.chef('GET', (upp.json as Version).pdf)).bytes)).toBe(sha256(pdf.bytes));
}, 120_000);

it('refuses a new version once the organ has decided', async () => {
  const rapport = (await webb.deps.register.hamtaRapport(rapportId))!;
  await webb.deps.register.sparaRapport({ ...rapport, status: 'KLAR' });
  const svar = await som.handlaggare(
    'POST',
    `${sokvag()}/dokument`,
    fil(await rapportPdf('Sent'), 'sen.pdf'),
  );
  expect([svar.status, (svar.json as { issues: { rule: string }[] }).issues[0]!.rule]).toEqual([
    409,
    'arendet_beslutat',
  ]);
});

it('describes the upload as multipart/form-data in the OpenAPI document', async () => {
  const doc = (await som.handlaggare('GET', '/api/openapi.json')).json as {
    paths: Record<
      string,
      {
        post?: {
          requestBody: { content: Record<string, { schema: { properties: Record<string, unknown> } }> };
        };
      }
    >;
  };
  const upp = doc.paths['/api/rapporter/{id}/dokument']!.post!.requestBody.content['multipart/form-data']!;
  expect(Object.keys(upp.schema.properties).sort()).toEqual(['fil', 'kommentar', 'roll', 'uppgift']);
});
