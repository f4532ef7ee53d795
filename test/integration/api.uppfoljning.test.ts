/**
 * The follow-up through the REST API (issue 17), against the real web app, dev server and register: the handläggare
 * PUTs the period's rows on the report's task (a status not in the kommun's list refused by its row and field), a
 * broken sheet is refused naming its cell and changes nothing, the XLSX export reads back the same, the chef's
 * Godkänn is 409 with the list while an uppdrag lacks its kommentar and 200 once it has one; then the roll-up, the
 * bilaga and the uppdrag register.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { loadAllKommuner } from '../../src/config/load';
import { addDays, dateInStockholm } from '../../src/domain/datum';
import { somRader, type UppfoljningIn } from '../../src/domain/uppfoljning/modell';
import { nyUppgift, type UppgiftSpec } from '../../src/domain/uppgift';
import { UPPFOLJNING_EXEMPEL_DIR } from '../../src/uppfoljning/exempel';
import { importeraArk } from '../../src/uppfoljning/import';
import { uppgift } from '../../src/workflows/uppgift';
import { api, uppgiftSokvag, type Anropa } from '../helpers/api';
import { arshjul } from '../helpers/cli';
import { devServerAddress, withDevWorker } from '../helpers/devServer';
import { readPdf } from '../helpers/dokument';
import { lundUtkastUppgift } from '../helpers/lund';
import { rensa } from '../helpers/rensa';
import { startWebb, type TestWebb } from '../helpers/webb';

const AR = 2032;
const RAPPORT_ID = `lund/${AR}/KS/delarsrapport-augusti`;
const lund = loadAllKommuner().get('lund')!;

let webb: TestWebb;
let handlaggare: Anropa;
let chef: Anropa;
let rader: UppfoljningIn;

function spec(typ: 'utkast' | 'godkannande', tilldelad: string): UppgiftSpec {
  return {
    ...lundUtkastUppgift(lund, `api-uppfoljning-${typ}`, addDays(dateInStockholm(Date.now()), 10)),
    id: `${RAPPORT_ID}/${typ}-1`,
    typ,
    titel: `${typ}: Delårsrapport ${AR}`,
    process: { id: RAPPORT_ID, titel: `Delårsrapport ${AR}` },
    tilldelad,
  };
}

beforeAll(async () => {
  webb = await startWebb({ name: 'api-uppfoljning' });
  await rensa(webb.client, (id) => id.startsWith(`uppgift/${RAPPORT_ID}/`));
  await webb.deps.register.sparaRapport({
    id: RAPPORT_ID,
    kommun: 'lund',
    organ: 'KS',
    slag: 'delarsrapport-augusti',
    period: `${AR}-08-31`,
    titel: `Delårsrapport ${AR}`,
    status: 'PAGAR',
    plan: {
      id: RAPPORT_ID,
      ar: AR,
      organ: 'KS',
      slag: 'delarsrapport-augusti',
      typ: 'delarsrapport',
      periodslut: `${AR}-08-31`,
    },
  });
  // The tasks as the register lists them (their workflows are started in the test, for the Godkänn).
  for (const s of [spec('utkast', 'handlaggare-ks'), spec('godkannande', 'ekonomidirektor')])
    await webb.deps.register.sparaUppgift(nyUppgift(s, Date.now()));
  handlaggare = api(webb, (await webb.signIn('handlaggare.ks@lund.example.org')).cookie);
  chef = api(webb, (await webb.signIn('ekonomidirektor@lund.example.org')).cookie);
  const fixtur = await importeraArk(
    readFileSync(path.join(UPPFOLJNING_EXEMPEL_DIR, 'lund-ks-2023-augusti.xlsx')),
    lund,
    { organ: 'KS', ar: AR },
  );
  if ('fel' in fixtur) throw new Error(JSON.stringify(fixtur.fel));
  rader = somRader(fixtur.ok.objekt, fixtur.ok.varden);
});

afterAll(async () => {
  if (webb) await rensa(webb.client, (id) => id.startsWith(`uppgift/${RAPPORT_ID}/`));
  await webb?.close();
});

const utkast = spec('utkast', 'handlaggare-ks').id;
const godkannande = spec('godkannande', 'ekonomidirektor').id;

it('fills in the follow-up on the task, refuses bad rows and sheets, and gates the chef’s Godkänn', async () => {
  const tom = await handlaggare('GET', uppgiftSokvag(utkast, 'uppfoljning'));
  expect(tom.status).toBe(200);
  expect(tom.json).toMatchObject({ ifylld: false, rader: { uppdrag: [] } });

  const fel = await handlaggare('PUT', uppgiftSokvag(utkast, 'uppfoljning'), {
    ...rader,
    uppdrag: [{ ...rader.uppdrag[0]!, status: 'Nästan klart' }, ...rader.uppdrag.slice(1)],
  });
  expect(fel.status).toBe(400);
  expect(fel.json).toMatchObject({ issues: [{ field: 'uppdrag.0.status', rule: 'kommunens_skala' }] });

  // One uppdrag without its kommentar: saved, but the chef cannot approve yet.
  const utanKommentar = { ...rader.uppdrag[0]! };
  delete utanKommentar.kommentar;
  const sparat = await handlaggare('PUT', uppgiftSokvag(utkast, 'uppfoljning'), {
    ...rader,
    uppdrag: [utanKommentar, ...rader.uppdrag.slice(1)],
  });
  expect(sparat.status).toBe(200);
  expect(sparat.json).toMatchObject({
    ifylld: true,
    brister: [{ field: `uppdrag.${utanKommentar.id}.kommentar`, rule: 'uppfoljning_saknas' }],
  });

  // The sheet: exported, broken in one cell, refused naming it; nothing changed.
  const ark = await handlaggare('GET', uppgiftSokvag(utkast, 'uppfoljning.xlsx'));
  expect(ark.status).toBe(200);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(ark.bytes as unknown as ArrayBuffer);
  wb.getWorksheet('Ekonomi')!.getCell('C2').value = 'ungefär noll';
  const trasig = new FormData();
  trasig.append('fil', new Blob([Buffer.from(await wb.xlsx.writeBuffer())]), 'uppfoljning.xlsx');
  const avvisad = await handlaggare('POST', uppgiftSokvag(utkast, 'uppfoljning.xlsx'), trasig);
  expect(avvisad.status).toBe(400);
  expect(avvisad.json).toMatchObject({ issues: [{ field: 'Ekonomi!C2 (Budget)', rule: 'tal' }] });
  const efter = await handlaggare('GET', uppgiftSokvag(utkast, 'uppfoljning'));
  expect((efter.json as { rader: unknown }).rader).toEqual((sparat.json as { rader: unknown }).rader);

  // The exported sheet as it was reads back to the same follow-up.
  const hel = new FormData();
  hel.append('fil', new Blob([new Uint8Array(ark.bytes)]), 'uppfoljning.xlsx');
  const igen = await handlaggare('POST', uppgiftSokvag(utkast, 'uppfoljning.xlsx'), hel);
  expect(igen.status).toBe(200);
  expect((igen.json as { rader: unknown }).rader).toEqual((sparat.json as { rader: unknown }).rader);

  await withDevWorker(
    webb.taskQueue,
    async () => {
      const s = spec('godkannande', 'ekonomidirektor');
      await webb.client.workflow.start(uppgift, {
        args: [s],
        taskQueue: webb.taskQueue,
        workflowId: `uppgift/${s.id}`,
      });
      // Sent straight to the task's workflow from the command line, past the REST API: refused with the list too.
      const cli = await arshjul(['uppgift', 'godkann', '--id', godkannande, '--som', 'ekonomidirektor'], {
        TEMPORAL_ADDRESS: devServerAddress(),
      });
      expect([cli.status, cli.stdout]).toEqual([2, '']);
      expect(cli.stderr).toMatch(
        new RegExp(
          `^arshjul uppgift godkann: uppföljningen är inte komplett \\(1 sak saknas\\).*; Uppdraget saknar kommentar: ${utanKommentar.id} `,
        ),
      );
      expect((await chef('GET', uppgiftSokvag(godkannande))).json).toMatchObject({ status: 'OPPEN' });
      const nekad = await chef('POST', uppgiftSokvag(godkannande, 'godkann'), {});
      expect(nekad.status).toBe(409);
      expect(nekad.json).toMatchObject({
        issues: [
          { field: 'uppfoljning', rule: 'uppfoljning_ofullstandig' },
          { field: `uppdrag.${utanKommentar.id}.kommentar` },
        ],
      });
      // The chef fills in the kommentar on their own task, then approves.
      expect((await chef('PUT', uppgiftSokvag(godkannande, 'uppfoljning'), rader)).status).toBe(200);
      const godkand = await chef('POST', uppgiftSokvag(godkannande, 'godkann'), {});
      expect([godkand.status, (godkand.json as { status: string }).status]).toEqual([200, 'GODKAND']);
    },
    webb.deps.activities,
  );

  const summa = await handlaggare('GET', `/api/rapporter/${encodeURIComponent(RAPPORT_ID)}/sammanstallning`);
  expect(summa.status).toBe(200);
  expect(summa.json).toMatchObject({
    egen: { mal: { totalt: 4 }, uppdrag: { totalt: 30 } },
    ejRapporterat: [],
  });

  const pdf = await handlaggare(
    'GET',
    `/api/rapporter/${encodeURIComponent(RAPPORT_ID)}/uppfoljning?format=pdf`,
  );
  expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
  expect(readPdf(pdf.bytes).flat).toContain('Mål: 4, varav 3 klaras och 1 delvis.');

  // The bilaga attached to the ärende as a BILAGA version: the PDF the chef sees among its documents.
  const bilaga = await handlaggare(
    'POST',
    `/api/rapporter/${encodeURIComponent(RAPPORT_ID)}/uppfoljning/bilaga`,
    {},
  );
  expect(bilaga.status).toBe(201);
  expect(bilaga.json).toMatchObject({ roll: 'BILAGA', typ: 'pdf' });
  const version = await handlaggare('GET', `/api/dokument/${(bilaga.json as { id: string }).id}`);
  expect(readPdf(version.bytes).flat).toContain('Mål: 4, varav 3 klaras och 1 delvis.');

  const register = await handlaggare('GET', `/api/uppdrag?sok=${encodeURIComponent('stadshistoriker')}`);
  expect(register.status).toBe(200);
  expect(register.json).toMatchObject({
    uppdrag: [{ id: 'KS-258', historik: [{ rapportId: RAPPORT_ID, status: 'Pågående' }] }],
  });
});
