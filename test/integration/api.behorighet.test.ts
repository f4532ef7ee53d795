/**
 * The authorization matrix, over HTTP: every role of the Lund config × every command of the REST API. The table
 * `POLICY` is the policy as it reads (src/domain/behorighet.ts): those listed may, everyone else gets 403 naming
 * the rule. "May" means the API lets the command through — 2xx, or 409 when the process refuses it in its present
 * state (a meeting whose föredragningslista is open cannot be sent for justering; a task already completed).
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { REGLER, type BehorighetKommando } from '../../src/domain/behorighet';
import { addDays, dateInStockholm, type IsoDate } from '../../src/domain/datum';
import { openDayOnOrAfter } from '../../src/domain/arbetsdagar';
import type { Protokoll } from '../../src/domain/protokoll';
import type { UppgiftTyp } from '../../src/domain/uppgift';
import { uppgift } from '../../src/workflows/uppgift';
import { api, uppgiftSokvag, type Anropa, type ApiSvar } from '../helpers/api';
import { devServerAddress } from '../helpers/devServer';
import { workflowBundle } from '../helpers/bundle';
import { lundProtokoll } from '../helpers/dokument';
import { rapportPdf } from '../helpers/filer';
import { lundUtkastUppgift } from '../helpers/lund';
import { motetBody, paragrafBody } from '../helpers/protokollUtkast';
import { until } from '../helpers/until';
import { startWebb, type TestWebb } from '../helpers/webb';

/** One person of config/lund.yaml for each role. */
const PERSONER = {
  kanslichef: 'kanslichef@lund.example.org',
  kommunsekreterare: 'kommunsekreterare@lund.example.org',
  'handlaggare-ks': 'handlaggare.ks@lund.example.org',
  ekonomidirektor: 'ekonomidirektor@lund.example.org',
  'ks-ordforande': 'ks.ordforande@lund.example.org',
  'ks-justerare': 'ks.justerare@lund.example.org',
  registrator: 'registrator@lund.example.org',
  admin: 'admin@lund.example.org',
} as const;
type Vem = keyof typeof PERSONER;
const ALLA = Object.keys(PERSONER) as Vem[];

/** The commands the API has, and reading a justerat protocol. */
type Kommando = BehorighetKommando | 'dokument.protokoll (justerat)';

/** Who may do what, on the resources below: tasks assigned to handlaggare-ks, a KS meeting, KS protocols. */
const POLICY: [Kommando, readonly Vem[]][] = [
  ['kommun.lasa', ALLA],
  ['ar.lasa', ALLA],
  ['ar.starta', ['kanslichef', 'admin']],
  ['ar.stoppa', ['kanslichef', 'admin']],
  ['uppgift.lasa', ['handlaggare-ks', 'kanslichef']],
  ['uppgift.slutfor', ['handlaggare-ks', 'kanslichef']],
  ['uppgift.godkann', ['handlaggare-ks', 'kanslichef']],
  ['uppgift.returnera', ['handlaggare-ks', 'kanslichef']],
  ['uppgift.delegera', ['handlaggare-ks', 'kanslichef']],
  ['uppgift.tilldelaOm', ['kanslichef']],
  ['uppgift.andraForfallodag', ['kanslichef']],
  ['uppgift.paminn', ['kanslichef']],
  ['sammantrade.lasa', ALLA],
  ['sammantrade.starta', ['kommunsekreterare', 'kanslichef']],
  ['sammantrade.laggTillArende', ['kommunsekreterare', 'kanslichef']],
  ['sammantrade.protokollforMotet', ['kommunsekreterare', 'kanslichef']],
  ['sammantrade.protokollforParagraf', ['kommunsekreterare', 'kanslichef']],
  ['sammantrade.rattaParagraf', ['kommunsekreterare', 'kanslichef']],
  ['sammantrade.skickaForJustering', ['kommunsekreterare', 'kanslichef']],
  ['sammantrade.anmalAnslag', ['kommunsekreterare', 'kanslichef']],
  ['dokument.protokoll', ['kommunsekreterare', 'kanslichef', 'ks-ordforande', 'ks-justerare']],
  ['dokument.protokoll (justerat)', ALLA],
  // An ärende's documents before it is diariefört: its people (the organ's handläggare, chef, sekreterare), the
  // kanslichef, and for reading the registrator.
  ['dokument.laddaUpp', ['handlaggare-ks', 'ekonomidirektor', 'kommunsekreterare', 'kanslichef']],
  ['dokument.lasa', ['handlaggare-ks', 'ekonomidirektor', 'kommunsekreterare', 'kanslichef', 'registrator']],
  ['arende.lasa', ALLA],
  ['person.loggaUtOveralt', ['kanslichef', 'admin']],
];

const AR = 2027;
const MOTET = { kommun: 'lund', organ: 'KS', datum: '2027-02-10' as IsoDate } as const;
const MOTET_SOKVAG = `/api/sammantraden/lund/KS/${MOTET.datum}`;
const lundMottagare = { verkstallighet: ['Kommunkontoret (exempel)'], kannedom: [] };
/** A KS report of its own, not yet diariefört, for its documents. */
const RAPPORT = 'lund/2027/KS/delarsrapport-augusti-behorighet';
const RAPPORT_SOKVAG = `/api/rapporter/${encodeURIComponent(RAPPORT)}`;
let pdf: Buffer;
function uppladdning(): FormData {
  const form = new FormData();
  form.set('roll', 'RAPPORT');
  form.set('fil', new Blob([new Uint8Array(pdf)]), 'Delårsrapport.pdf');
  return form;
}

let webb: TestWebb;
const som = {} as Record<Vem, Anropa>;
/** A task per command, assigned to handlaggare-ks. */
const uppgifter = {} as Record<string, string>;
let worker: Worker | undefined;
let running: Promise<void> | undefined;
let connection: NativeConnection | undefined;

/** The request each command makes. */
const ANROP: Record<Kommando, () => [string, string, unknown?]> = {
  'kommun.lasa': () => ['GET', '/api/kommuner/lund'],
  'ar.lasa': () => ['GET', `/api/kommuner/lund/ar/${AR}`],
  'ar.starta': () => ['POST', `/api/kommuner/lund/ar/${AR}/start`, { bekrafta: true }],
  // The year is not running: those allowed are told so (409), the others are refused (403).
  'ar.stoppa': () => ['POST', `/api/kommuner/lund/ar/${AR}/stopp`, {}],
  'uppgift.lasa': () => ['GET', uppgiftSokvag(uppgifter.lasa!)],
  'uppgift.slutfor': () => ['POST', uppgiftSokvag(uppgifter.slutfor!, 'slutfor'), {}],
  'uppgift.godkann': () => ['POST', uppgiftSokvag(uppgifter.godkann!, 'godkann'), {}],
  'uppgift.returnera': () => [
    'POST',
    uppgiftSokvag(uppgifter.returnera!, 'returnera'),
    { kommentar: 'Komplettera avsnitt 3.' },
  ],
  'uppgift.delegera': () => [
    'POST',
    uppgiftSokvag(uppgifter.delegera!, 'delegera'),
    { till: 'handlaggare-ks-2' },
  ],
  'uppgift.tilldelaOm': () => [
    'POST',
    uppgiftSokvag(uppgifter.tilldelaOm!, 'tilldelaOm'),
    { till: 'handlaggare-ks-2' },
  ],
  'uppgift.andraForfallodag': () => [
    'POST',
    uppgiftSokvag(uppgifter.andraForfallodag!, 'andraForfallodag'),
    { forfaller: openDayOnOrAfter(addDays(dateInStockholm(Date.now()), 30)) },
  ],
  'uppgift.paminn': () => [
    'POST',
    uppgiftSokvag(uppgifter.paminn!, 'paminn'),
    { kommentar: 'Rapporten behövs till arbetsutskottet.' },
  ],
  'sammantrade.lasa': () => ['GET', MOTET_SOKVAG],
  'sammantrade.starta': () => ['POST', '/api/sammantraden', { ...MOTET, datum: '2027-03-10' }],
  'sammantrade.laggTillArende': () => [
    'POST',
    `${MOTET_SOKVAG}/arenden`,
    { rubrik: 'Delårsrapport per den 31 augusti' },
  ],
  'sammantrade.protokollforMotet': () => [
    'PUT',
    `${MOTET_SOKVAG}/motet`,
    motetBody(MOTET.datum, 'ks-justerare'),
  ],
  'sammantrade.protokollforParagraf': () => [
    'POST',
    `${MOTET_SOKVAG}/paragrafer`,
    paragrafBody(lundMottagare),
  ],
  'sammantrade.rattaParagraf': () => [
    'PUT',
    `${MOTET_SOKVAG}/paragrafer/1`,
    { paragraf: paragrafBody(lundMottagare).paragraf },
  ],
  'sammantrade.skickaForJustering': () => ['POST', `${MOTET_SOKVAG}/justering`, {}],
  'sammantrade.anmalAnslag': () => ['POST', `${MOTET_SOKVAG}/anslag/nedtaget`, { nedtagen: '2024-11-01' }],
  'dokument.protokoll': () => ['GET', '/api/sammantraden/lund/KS/2024-10-09/protokoll?format=html'],
  'dokument.protokoll (justerat)': () => [
    'GET',
    '/api/sammantraden/lund/KS/2023-10-11/protokollsutdrag?paragrafer=336&format=html',
  ],
  'dokument.laddaUpp': () => ['POST', `${RAPPORT_SOKVAG}/dokument`, uppladdning()],
  'dokument.lasa': () => ['GET', `${RAPPORT_SOKVAG}/dokument`],
  'arende.lasa': () => ['GET', '/api/arenden'],
  // A person none of the callers is signed in as: their own sessions stay live for the other commands.
  'person.loggaUtOveralt': () => ['POST', '/api/kommuner/lund/personer/revisor/logga-ut-overallt', {}],
};

const fall = POLICY.flatMap(([kommando, tillatna]) =>
  ALLA.map((vem) => [kommando, vem, tillatna.includes(vem)] as const),
);

/** The policy's rule for a command of the table (a justerat protocol is read under the protocol's rule). */
const regelFor = (kommando: Kommando) =>
  REGLER[kommando === 'dokument.protokoll (justerat)' ? 'dokument.protokoll' : kommando].regel;

/**
 * Those who may read the task a command of the table is tried on: its assignee and the kanslichef — except after
 * the kanslichef's reassignment (waited for below), when handlaggare-ks no longer has that task.
 */
const laser = (kommando: Kommando): readonly Vem[] =>
  kommando === 'uppgift.tilldelaOm' ? ['kanslichef'] : POLICY.find(([k]) => k === 'uppgift.lasa')![1];

function bedom(svar: ApiSvar, kommando: Kommando, vem: Vem, tillaten: boolean) {
  const body = svar.json as { error?: string; issues?: { field: string; rule: string }[] } | undefined;
  if (tillaten) {
    // Let through: done, or refused by the process for its state — never for who is asking.
    expect(
      svar.status < 300 || (svar.status === 409 && body?.error === 'conflict') ? 'tillåten' : svar.status,
    ).toBe('tillåten');
  } else if (kommando.startsWith('uppgift.') && !laser(kommando).includes(vem)) {
    // A task exists only for those who may read it: to anyone else it answers as a missing task does.
    expect([svar.status, body?.error, body?.issues?.[0]]).toEqual([
      404,
      'not_found',
      expect.objectContaining({ field: 'id', rule: 'finns' }),
    ]);
  } else {
    expect([svar.status, body?.error]).toEqual([403, 'forbidden']);
    // Refused by the API's own check (field ''), not only by the workflow's (field 'aktor').
    expect(body?.issues?.[0]).toMatchObject({ field: '', rule: regelFor(kommando) });
  }
}

beforeAll(async () => {
  webb = await startWebb({ name: 'behorighet' });
  for (const vem of ALLA) som[vem] = api(webb, (await webb.signIn(PERSONER[vem])).cookie);

  pdf = await rapportPdf('Delårsrapport per den 31 augusti 2027');
  await webb.deps.register.sparaRapport({
    id: RAPPORT,
    kommun: 'lund',
    organ: 'KS',
    slag: 'delarsrapport-augusti',
    period: '2027-08-31',
    titel: 'Delårsrapport per den 31 augusti 2027 för kommunstyrelsen',
    status: 'PAGAR',
  });

  // Two KS protocols in the register: 2023-10-11 justerat (document 000), and one not yet justerat in 2024.
  const lund = lundProtokoll();
  await webb.deps.register.sparaProtokoll({ protokoll: lund, version: 1, handelse: 'TEST', tid: new Date() });
  const { anslagUppsatt: _a, anslagNedtaget: _n, ...ojusterat } = lund;
  await webb.deps.register.sparaProtokoll({
    protokoll: {
      ...ojusterat,
      datum: '2024-10-09',
      justering: { datum: '2024-10-16', klockan: '10.00', plats: 'Digital justering' },
    } as Protokoll,
    version: 1,
    handelse: 'TEST',
    tid: new Date(),
  });
}, 60_000);

afterAll(async () => {
  if (worker && worker.getState() === 'RUNNING') worker.shutdown();
  await running;
  await connection?.close();
  await webb?.close();
});

describe('before any worker runs: starting the year', () => {
  // Each allowed start is stopped at once: no worker has run it, so the year does nothing meanwhile.
  it.each(fall.filter(([k]) => k === 'ar.starta'))(
    '%s as %s: allowed %s',
    async (kommando, vem, tillaten) => {
      const [metod, sokvag, body] = ANROP[kommando]();
      const svar = await som[vem](metod, sokvag, body);
      bedom(svar, kommando, vem, tillaten);
      if (svar.status === 201) {
        await webb.client.workflow.getHandle(`arshjul/lund/${AR}`).terminate('behörighetstest');
      }
    },
  );
});

describe('with a worker', () => {
  beforeAll(async () => {
    connection = await NativeConnection.connect({ address: devServerAddress() });
    worker = await Worker.create({
      connection,
      taskQueue: webb.taskQueue,
      workflowBundle: workflowBundle(),
      activities: webb.deps.activities,
    });
    running = worker.run();

    // The meeting, its föredragningslista open: started as its sekreterare would.
    const start = await som.kommunsekreterare('POST', '/api/sammantraden', MOTET);
    expect(start.status).toBe(201);
    await until('the meeting', async () =>
      (await som.kanslichef('GET', MOTET_SOKVAG)).status === 200 ? true : undefined,
    );

    const lund = webb.deps.kommuner.get('lund')!;
    const typ: Record<string, UppgiftTyp> = { godkann: 'godkannande', returnera: 'godkannande' };
    for (const namn of [
      'lasa',
      'slutfor',
      'godkann',
      'returnera',
      'delegera',
      'tilldelaOm',
      'andraForfallodag',
      'paminn',
    ]) {
      const spec = {
        ...lundUtkastUppgift(lund, `${webb.taskQueue}-${namn}`, addDays(dateInStockholm(Date.now()), 10)),
        typ: typ[namn] ?? 'utkast',
        utanNyMail: true,
      };
      await webb.client.workflow.start(uppgift, {
        args: [spec],
        taskQueue: webb.taskQueue,
        workflowId: `uppgift/${spec.id}`,
      });
      uppgifter[namn] = spec.id;
    }
    await until('the tasks in the register', async () =>
      (await webb.deps.register.hamtaUppgift(uppgifter.lasa!)) ? true : undefined,
    );
  }, 60_000);

  it.each(fall.filter(([k]) => k !== 'ar.starta'))(
    '%s as %s: allowed %s',
    async (kommando, vem, tillaten) => {
      const [metod, sokvag, body] = ANROP[kommando]();
      bedom(await som[vem](metod, sokvag, body), kommando, vem, tillaten);
      if (kommando === 'uppgift.tilldelaOm' && tillaten) {
        await until('the reassignment in the register', async () =>
          (await webb.deps.register.hamtaUppgift(uppgifter.tilldelaOm!))?.tilldelad === 'handlaggare-ks-2'
            ? true
            : undefined,
        );
      }
    },
  );

  it('answers a stranger on a task exactly as on an id that names no task (no existence oracle)', async () => {
    const saknad = 'lund/2027/KS/finns-inte-1';
    const utanId = (svar: ApiSvar, id: string) => [
      svar.status,
      JSON.parse(JSON.stringify(svar.json).replaceAll(id, '<id>')) as unknown,
    ];
    for (const [vem, sokvag] of [
      ['registrator', (id: string) => uppgiftSokvag(id)],
      ['ekonomidirektor', (id: string) => uppgiftSokvag(id, 'slutfor')],
      ['ks-ordforande', (id: string) => `${uppgiftSokvag(id)}/uppfoljning`],
    ] as const) {
      const metod = sokvag('x').endsWith('slutfor') ? 'POST' : 'GET';
      const body = metod === 'POST' ? {} : undefined;
      const finns = await som[vem](metod, sokvag(uppgifter.lasa!), body);
      const inte = await som[vem](metod, sokvag(saknad), body);
      expect(utanId(finns, uppgifter.lasa!)).toEqual(utanId(inte, saknad));
      expect(finns.status).toBe(404);
    }
  });

  it('changed nothing for those refused: the tasks are as the allowed left them', async () => {
    // The task reads from the register, where its workflow stores the reassignment by an activity after the
    // Update has answered (and after the mail to the new assignee).
    const lasa = await until('the reassignment in the register', async () => {
      const svar = await som.kanslichef('GET', uppgiftSokvag(uppgifter.tilldelaOm!));
      return (svar.json as { tilldelad: string }).tilldelad === 'handlaggare-ks-2' ? svar : undefined;
    });
    expect((lasa.json as { tilldelad: string }).tilldelad).toBe('handlaggare-ks-2');
    const historik = (lasa.json as { historik: { typ: string; aktor?: string }[] }).historik;
    expect(historik.filter((h) => h.aktor).map((h) => [h.typ, h.aktor])).toEqual([
      ['OMTILLDELAD', 'kanslichef'],
    ]);
  });
});
