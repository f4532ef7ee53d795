/**
 * The production topology, natively (docker-compose.yml without containers): the real Temporal server v1.30.4 on
 * PostgreSQL (scripts/temporal-cluster, two databases of this suite's own), the register on the same PostgreSQL
 * server, the web app alone (`tsx src/webapp.ts`) and two worker processes (`tsx src/worker.ts`) on one task queue,
 * and mail through real SMTP servers on loopback — one per worker, so that what a worker had in flight is known.
 *
 * Through the REST API, as the kansli would: the kanslichef starts Lund's year 2023 on the real clock, choosing to
 * run every report although its dates have passed, so the start sends the day's mail at once (the first tasks and
 * the digest of what is late), split between the workers. One worker is killed (SIGKILL) while messages of its are
 * held at its SMTP server; the other carries on, and the retries deliver each held message once. The Temporal
 * server is restarted on its databases; the year goes on. Then a whole Linköping KS meeting: kallelse, the
 * protocol, justering by the ordförande and the justerare, anslag, expediering of the protokollsutdrag and every
 * receipt. In the end every task and every mail is there once.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { loadAllKommuner } from '../../src/config/load';
import { openRegister, type Register } from '../../src/db/register';
import { addDays, dateInStockholm } from '../../src/domain/datum';
import type { KommunConfig } from '../../src/domain/kommun';
import { planeraAr, type RapportPlan } from '../../src/domain/planering';
import { arshjulWorkflowId } from '../../src/workflows/arshjul';
import { TEST_BASE_URL, TEST_HEMLIGHET } from '../helpers/arshjulActivities';
import { api, uppgiftSokvag, type Anropa } from '../helpers/api';
import { createTestCluster, type TestCluster } from '../helpers/cluster';
import { freePort } from '../helpers/freePort';
import { signInByMail } from '../helpers/inloggning';
import { createTestSchema, type TestSchema } from '../helpers/postgres';
import { motetBody, paragrafBody } from '../helpers/protokollUtkast';
import { startTestSmtp, type ReceivedMail, type TestSmtp } from '../helpers/smtp';
import { stopEach } from '../helpers/teardown';
import { until } from '../helpers/until';
import {
  killAllWorkerProcesses,
  startWebProcess,
  startWorkerProcess,
  type WorkerProcess,
} from '../helpers/workerProcess';

const ROOT = path.resolve(__dirname, '../..');
const FRAN = 'Årshjul <arshjul@arshjul.example.org>';
type Json = Record<string, unknown>;

const wallStart = Date.now();
let dir: string;
let cluster: TestCluster | undefined;
let schema: TestSchema | undefined;
let register: Register | undefined;
/** Each worker sends through its own SMTP server; the burst kills the first whose server holds a message. */
const smtp: TestSmtp[] = [];
const workers: (WorkerProcess | undefined)[] = [];
let base: string;
let connection: Connection | undefined;
let client: Client;
let taskQueue: string;
let lund: KommunConfig;
let planer: RapportPlan[];
/** Each worker's Prometheus endpoint (the SDK's metrics): either may be the one killed and restarted. */
let workerMetrics: string[];
let heldAtKill: ReceivedMail[] = [];

const log = (message: string) => console.log(`[cluster] ${message}`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
/** Every message that reached either SMTP server. */
const received = () => smtp.flatMap((s) => s.messages());
/** Every message but the sign-in links: what the workflows sent. */
const processMail = () => received().filter((m) => m.subject !== 'Din inloggningslänk till Årshjul');
const signIn = async (address: string): Promise<Anropa> =>
  api({ base }, (await signInByMail(base, received, address)).cookie);

/** Every key of the mail log (both kommuner) sent, and nothing in flight: the rows, once they are so. */
async function allMailSent(ms = 60_000) {
  return until(
    'every key of the mail log sent',
    async () => {
      const rows = [
        ...(await register!.mailLogg({ kommun: 'lund' })),
        ...(await register!.mailLogg({ kommun: 'linkoping' })),
      ];
      const ids = new Set(received().map((m) => m.messageId));
      return rows.length > 0 && rows.every((r) => r.status === 'SKICKAD' && ids.has(r.messageId!))
        ? rows
        : undefined;
    },
    ms,
  );
}

/** Each message that arrived did so once, and is exactly the mail log's: nothing sent twice, nothing outside it. */
function expectOnceEach(rows: { messageId?: string | null }[]): void {
  const counts = new Map<string, number>();
  for (const m of received()) counts.set(m.messageId!, (counts.get(m.messageId!) ?? 0) + 1);
  expect([...counts].filter(([, n]) => n > 1)).toEqual([]);
  expect([...counts.keys()].sort()).toEqual(rows.map((r) => r.messageId).sort());
}

function env(i: number): Parameters<typeof startWorkerProcess>[0] {
  return {
    TEMPORAL_ADDRESS: cluster!.address,
    TEMPORAL_NAMESPACE: cluster!.namespace,
    ARSHJUL_TASK_QUEUE: taskQueue,
    DATABASE_URL: schema!.url,
    SMTP_URL: smtp[i]!.url,
    ARSHJUL_BASE_URL: TEST_BASE_URL,
    ARSHJUL_SECRET: TEST_HEMLIGHET,
    ARSHJUL_MAIL_FROM: FRAN,
    ARSHJUL_DATA_DIR: path.join(dir, `var-${i}`),
  };
}

async function startWorker(i: number, why: string): Promise<void> {
  const started = Date.now();
  workers[i] = await startWorkerProcess({
    ...env(i),
    ARSHJUL_WORKER_METRICS: workerMetrics[i]!,
  });
  log(`worker ${i + 1} ${why}: polling after ${seconds(Date.now() - started)} (pid ${workers[i]!.pid})`);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'arshjul-cluster-'));
  lund = loadAllKommuner().get('lund')!;
  planer = planeraAr(lund, 2023);
  taskQueue = `cluster-${process.pid}-${Date.now()}`;
  const ports = [await freePort()];
  while (ports.length < 2) {
    const port = await freePort();
    if (!ports.includes(port)) ports.push(port);
  }
  workerMetrics = ports.map((port) => `127.0.0.1:${port}`);
  const started = Date.now();
  [schema, smtp[0], smtp[1]] = await Promise.all([
    createTestSchema('cluster'),
    startTestSmtp(),
    startTestSmtp(),
  ]);
  cluster = await createTestCluster('cluster', path.join(dir, 'temporal.log'));
  log(`Temporal server on PostgreSQL up in ${seconds(Date.now() - started)} (${cluster.address})`);
  register = await openRegister({ url: schema.url });
  connection = await Connection.connect({ address: cluster.address });
  client = new Client({ connection, namespace: cluster.namespace });
  const httpPort = await freePort();
  base = `http://127.0.0.1:${httpPort}`;
  // The web app first: it migrates the register, which the workers then find done.
  await startWebProcess({
    ...env(0),
    ARSHJUL_HTTP_PORT: String(httpPort),
    ARSHJUL_HTTP_HOST: '127.0.0.1',
    ARSHJUL_SECRET: TEST_HEMLIGHET,
  });
  await Promise.all([startWorker(0, 'started'), startWorker(1, 'started')]);
  log(`web app and two workers up ${seconds(Date.now() - started)} after the start`);
}, 300_000);

afterAll(async () => {
  await stopEach('cluster', [
    ['worker and web processes', () => killAllWorkerProcesses()],
    ['client', () => connection?.close()],
    ['Temporal server and its databases', () => cluster?.destroy()],
    ['register', () => register?.close()],
    ['SMTP servers', () => Promise.all(smtp.map((s) => s.close()))],
    ['schema', () => schema?.drop()],
  ]);
  rmSync(dir, { recursive: true, force: true });
  log(`the whole suite: ${seconds(Date.now() - wallStart)}`);
}, 120_000);

it('runs on our dynamic config, every key of which the server knows', () => {
  const server = execFileSync('bash', [path.join(ROOT, 'scripts/temporal-cluster'), 'provision'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
  const checked = execFileSync(
    path.join(server, 'temporal-server'),
    ['validate-dynamic-config', path.join(ROOT, 'deploy/temporal/dynamicconfig.yaml')],
    { encoding: 'utf8' },
  );
  expect(checked.trim()).toBe(path.join(ROOT, 'deploy/temporal/dynamicconfig.yaml'));
});

it('starts Lund’s year through the API; a worker killed (SIGKILL) with mail in flight, the other carries on, each mail once', async () => {
  const kanslichef = await signIn('kanslichef@lund.example.org');
  // Each worker's SMTP server holds every message after its second. Which worker's workflow tasks send which task's
  // mail is Temporal's to decide (a task's first message goes out in its own workflow task, on the worker that
  // took it), so the one killed is the first whose server holds a message: it has mail in flight for certain.
  const holds = smtp.map((s, i) => s.holdNext({ after: 2 }).then(() => i));
  // Every date of 2023 has passed: the kanslichef chooses to run every report (`kor`), so each opens its first task.
  const kor = Object.fromEntries(planer.map((p) => [p.id, { val: 'kor' }]));
  const startat = await kanslichef('POST', '/api/kommuner/lund/ar/2023/start', { val: kor });
  expect(startat.status).toBe(201);
  const k = await Promise.race(holds);
  const other = 1 - k;
  // The survivor's server stops holding: what it held is accepted now, and all it sends from here on.
  smtp[other]!.release();
  const doomed = smtp[k]!;

  // Nothing of the doomed worker is inside the window after a 250: what its SMTP server accepted is marked sent.
  await until('the register to mark every message the doomed worker delivered sent', async () => {
    const sent = new Set(
      (await register!.mailLogg({ kommun: 'lund' }))
        .filter((r) => r.status === 'SKICKAD')
        .map((r) => r.messageId),
    );
    return doomed.messages().every((m) => sent.has(m.messageId!)) || undefined;
  });
  const killedAt = Date.now();
  await workers[k]!.kill('SIGKILL');
  expect(await workers[k]!.exited).toBe('SIGKILL');
  // Its connections are gone, so the held messages were never accepted (no 250): discarded, as an MTA does.
  await until(
    'the dead worker’s held messages to be discarded',
    () => doomed.held().length === 0 || undefined,
  );
  heldAtKill = doomed.discarded();
  expect(heldAtKill.length).toBeGreaterThan(0);
  expect(doomed.release()).toBe(0);
  log(
    `worker ${k + 1} killed in the burst: ${doomed.messages().length} of its messages delivered, ` +
      `${heldAtKill.length} held; worker ${other + 1} delivered ${smtp[other]!.messages().length} so far`,
  );

  // The other worker alone finishes the burst: the lost attempts are retried once their start-to-close timeout
  // (a minute for mail) has passed. Finished when every key of the mail log is sent and nothing is in flight.
  const sent = await allMailSent(150_000);
  expect(sent.length).toBeGreaterThan(heldAtKill.length);
  expectOnceEach(sent);
  for (const m of heldAtKill) expect(received().filter((r) => r.messageId === m.messageId)).toHaveLength(1);
  log(`burst complete ${seconds(Date.now() - killedAt)} after the kill: ${sent.length} messages, each once`);

  // The worker comes back, on its SMTP server (no longer holding).
  await startWorker(k, 'restarted after SIGKILL');
}, 300_000);

it('restarts the Temporal server on its PostgreSQL databases: the year is there and goes on', async () => {
  const stopped = Date.now();
  // SIGTERM: the server stops its services and exits cleanly.
  expect(await cluster!.stop()).toBe('code 0');
  const down = Date.now() - stopped;
  await cluster!.start();
  log(`Temporal server restarted: stopped in ${seconds(down)}, up again in ${seconds(Date.now() - stopped)}`);
  for (const [i, w] of workers.entries()) {
    if (!w!.running()) {
      log(`worker ${i + 1} exited when the server stopped (${await w!.exited})`);
      await startWorker(i, 'restarted after the server restart');
    }
  }
  const arshjul = await client.workflow.getHandle(arshjulWorkflowId('lund', 2023)).describe();
  expect(arshjul.status.name).toBe('RUNNING');

  // A handläggare completes their report's draft through the API: the report's next task follows, with its mail.
  const utkast = (await register!.listaUppgifter({ kommun: 'lund' })).find(
    (t) => t.status === 'OPPEN' && t.typ === 'utkast',
  )!;
  const handlaggare = await signIn(lund.personer.find((p) => p.id === utkast.tilldelad)!.epost);
  const klar = await handlaggare('POST', uppgiftSokvag(utkast.id, 'slutfor'), {});
  expect([klar.status, (klar.json as Json).status]).toEqual([200, 'KLAR']);
  const nasta = await until(`the task after ${utkast.id} in the register`, async () =>
    (await register!.listaUppgifter({ kommun: 'lund' })).find(
      (t) => t.processId === utkast.processId && t.id !== utkast.id,
    ),
  );
  const epost = lund.personer.find((p) => p.id === nasta.tilldelad)!.epost;
  await until(`the new task's mail to ${epost}`, () =>
    received().find((m) => m.envelope.rcptTo.includes(epost) && m.subject?.startsWith('Ny uppgift: ')),
  );
  expectOnceEach(await allMailSent());
  log(`after the restart: ${utkast.id} completed, ${nasta.id} opened for ${nasta.tilldelad}`);
}, 240_000);

it('runs a whole Linköping KS meeting through the API: kallelse, protocol, justering, anslag, expediering, receipts', async () => {
  const sekreterare = await signIn('kommunsekreterare@linkoping.example.org');
  const ordforande = await signIn('ks.ordforande@linkoping.example.org');
  const justerare = await signIn('ks.justerare@linkoping.example.org');
  const handlaggare = await signIn('controller.klf@linkoping.example.org');
  const idag = dateInStockholm(Date.now());
  const datum = addDays(idag, -2);
  const motet = `/api/sammantraden/linkoping/KS/${datum}`;

  const startat = await sekreterare('POST', '/api/sammantraden', { kommun: 'linkoping', organ: 'KS', datum });
  expect(startat.status).toBe(201);
  // Held two days ago: the kallelse goes out at once, and the protocol is recorded.
  await until('the protocol phase', async () => {
    const s = await sekreterare('GET', motet);
    return (s.json as Json).fas === 'PROTOKOLLFORING' ? s : undefined;
  });
  expect((await sekreterare('PUT', `${motet}/motet`, motetBody(datum, 'ks-justerare'))).status).toBe(200);
  const skickasTill = { verkstallighet: ['Kommunledningsförvaltningen'], kannedom: ['Kommunfullmäktige'] };
  const paragraf = await sekreterare('POST', `${motet}/paragrafer`, paragrafBody(skickasTill));
  expect([paragraf.status, paragraf.json]).toEqual([201, { nummer: 1 }]);
  expect((await sekreterare('POST', `${motet}/justering`, {})).status).toBe(200);

  // The ordförande and the justerare each approve their justering task, from their own list.
  const justera = async (vem: Anropa, person: string) => {
    const mina = () => vem('GET', '/api/tasks?typ=justering&status=OPPEN');
    const id = await until(`${person}'s justering task`, async () => {
      const { uppgifter } = (await mina()).json as { uppgifter: { id: string }[] };
      return uppgifter[0]?.id;
    });
    return vem('POST', uppgiftSokvag(id, 'godkann'), { kommentar: 'Justerat.' });
  };
  for (const svar of [await justera(ordforande, 'ks-ordforande'), await justera(justerare, 'ks-justerare')])
    expect([svar.status, (svar.json as Json).status]).toEqual([200, 'GODKAND']);

  // Justerat: the anslag goes up the same day (Linköping), and each recipient gets the protokollsutdrag with a link
  // to acknowledge it.
  const anslag = await until('the anslag', async () => {
    const a = (await handlaggare('GET', `${motet}/anslag`)).json as { anslag: Json[] };
    return a.anslag[0];
  });
  expect(anslag).toMatchObject({ typ: 'PROTOKOLL', paragrafer: [1], uppsatt: idag });
  const utdrag = await until('the protokollsutdrag to both recipients', () => {
    const m = processMail().filter((x) =>
      x.subject?.startsWith(`Protokollsutdrag Kommunstyrelsen ${datum} § 1`),
    );
    return m.length === 2 ? m : undefined;
  });
  for (const m of utdrag) {
    expect(m.attachments.map((a) => a.contentType)).toContain('application/pdf');
    const lank = new RegExp(`${TEST_BASE_URL.replace('.', '\\.')}(/kvittens/[A-Za-z0-9_.-]+)`).exec(
      m.text!,
    )![1]!;
    const kvittens = await fetch(`${base}${lank}`, { method: 'POST', redirect: 'manual' });
    expect([kvittens.status, await kvittens.text()]).toEqual([
      200,
      expect.stringContaining('Mottagandet är bekräftat'),
    ]);
  }
  const kvittenser = await until('both receipts in the meeting', async () => {
    const s = (await sekreterare('GET', motet)).json as { uppgifter: { typ: string; status: string }[] };
    const k = s.uppgifter.filter((u) => u.typ === 'kvittens');
    return k.length === 2 && k.every((u) => u.status !== 'OPPEN') ? k : undefined;
  });
  expect(kvittenser).toHaveLength(2);
  const protokoll = await handlaggare('GET', `${motet}/protokoll?format=pdf`);
  expect([protokoll.status, protokoll.bytes.subarray(0, 5).toString()]).toEqual([200, '%PDF-']);

  const historik = await client.workflow.getHandle(`sammantrade/linkoping/KS/${datum}`).describe();
  log(
    `the KS meeting from start to the last receipt: its workflow ${historik.historyLength} events, ` +
      `${historik.historySize} bytes of history`,
  );
}, 240_000);

it('ends with every task and every mail once, and metrics from the web app and the worker', async () => {
  // Every message sent — by the workers, and the sign-in links by the web app — is a key of the mail log, marked
  // sent under the Message-ID that arrived, once.
  const mailLogg = await allMailSent();
  expectOnceEach(mailLogg);

  // Every task once, its history without gaps or repeats.
  const tasks = [
    ...(await register!.listaUppgifter({ kommun: 'lund' })),
    ...(await register!.listaUppgifter({ kommun: 'linkoping' })),
  ];
  expect(new Set(tasks.map((t) => t.id)).size).toBe(tasks.length);
  for (const t of tasks) {
    const historik = await register!.uppgiftshistorik(t.id);
    expect(historik.map((h) => h.seq)).toEqual(historik.map((_, i) => i + 1));
    const state = await client.workflow.getHandle(`uppgift/${t.id}`).describe();
    expect(state.status.name).toBe(t.status === 'OPPEN' ? 'RUNNING' : 'COMPLETED');
  }

  const appMetrics = await (await fetch(`${base}/metrics`)).text();
  expect(appMetrics).toMatch(/^arshjul_temporal_up 1$/m);
  expect(appMetrics).toMatch(/route="\/api\/kommuner\/:kommun\/ar\/:ar\/start",status="201"/);
  // Both workers' together: what one ran since it was restarted, the other may have run.
  const sdk = (
    await Promise.all(workerMetrics.map(async (w) => (await fetch(`http://${w}/metrics`)).text()))
  ).join('\n');
  // Some activity's latency (which ones ran where is Temporal's to decide: task mail goes out by local activity).
  expect(sdk).toMatch(/^temporal_activity_execution_latency_count\{activity_type="\w+"/m);
  expect(sdk).toMatch(/^temporal_local_activity_execution_latency_count\{activity_type="\w+"/m);
  expect(sdk).toMatch(/^temporal_workflow_completed\{/m);
  const server = await (await fetch(`http://${cluster!.metrics}/metrics`)).text();
  expect(server).toMatch(/^persistence_requests\{/m);

  const year = await client.workflow.getHandle(arshjulWorkflowId('lund', 2023)).describe();
  log(
    `${processMail().length} messages, each once; ${tasks.length} tasks; the year’s workflow ` +
      `${year.historyLength} events, ${year.historySize} bytes of history`,
  );
});
