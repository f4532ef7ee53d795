/**
 * One task through the product and through the floor: the product's task workflow started as a report process
 * starts it (Lund's KS handläggare, due in ten days), its command through the REST API as the signed-in
 * handläggare; the floor's trivial workflow (./bar/workflow.ts) and its one Update straight on Temporal.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { addDays, dateInStockholm } from '../domain/datum';
import type { KommunConfig } from '../domain/kommun';
import type { UppgiftSpec } from '../domain/uppgift';
import { uppgiftensSokattribut } from '../workflows/searchAttributes';
import { uppgift } from '../workflows/uppgift';
import { klarUpdate } from './bar/workflow';
import { BARKO, PRODUKTKO, type Miljo } from './miljo';

export const HANDLAGGARE = 'handlaggare-ks';

export function benchUppgift(lund: KommunConfig, namn: string): UppgiftSpec {
  return {
    id: `lund/bench/${namn}/utkast-1`,
    kommun: 'lund',
    organ: 'KS',
    typ: 'utkast',
    titel: 'Skriv rapporten: Delårsrapport per den 31 augusti för kommunstyrelsen',
    process: { id: `lund/bench/${namn}`, titel: 'Delårsrapport per den 31 augusti för kommunstyrelsen' },
    tilldelad: HANDLAGGARE,
    forfaller: addDays(dateInStockholm(Date.now()), 10),
    paminnelseDagar: [7, 1, 0],
    eskaleringIntervallDagar: 7,
    utskickKlockan: '08.00',
    kanslichefer: ['kanslichef'],
    personer: lund.personer.map((p) => p.id),
    chefer: Object.fromEntries(lund.personer.flatMap((p) => (p.chef ? [[p.id, p.chef]] : []))),
  };
}

export const unikt = (prefix: string) => `${prefix}-${process.pid}-${randomUUID().slice(0, 8)}`;

/** Starts a product task; its workflow handle. */
export async function startaUppgift(m: Miljo, namn: string): Promise<WorkflowHandle> {
  const spec = benchUppgift(m.services.kommuner.get('lund')!, namn);
  return m.client.workflow.start(uppgift, {
    args: [spec],
    taskQueue: PRODUKTKO,
    workflowId: `uppgift/${spec.id}`,
    typedSearchAttributes: uppgiftensSokattribut(spec),
  });
}

/** Starts a floor workflow; its handle. */
export function startaBar(client: Client, namn: string): Promise<WorkflowHandle> {
  return client.workflow.start('barUppgift', { taskQueue: BARKO, workflowId: `bar/${namn}` });
}

/** Until the workflow waits with nothing in flight: its last command a timer or an Update's wait, no activity pending. */
export async function tillVilar(handle: WorkflowHandle, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const d = await handle.describe();
    const pending = d.raw.pendingActivities?.length ?? 0;
    const wft = d.raw.pendingWorkflowTask;
    if (pending === 0 && !wft && d.historyLength >= 4) return;
    if (Date.now() > deadline) throw new Error(`${handle.workflowId} did not come to rest`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The bench's HTTP client: node's own, on kept-alive connections (`fetch` adds ~0.5 ms a request here). */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** POSTs `body` as JSON; the status and the answer's text. */
export function postJson(
  url: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json' } },
      (res) => {
        const delar: Buffer[] = [];
        res.on('data', (d: Buffer) => delar.push(d));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(delar).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** The product's command: POST /api/tasks/{id}/slutfor as the handläggare. Throws unless 200. */
export async function slutforViaRest(m: Miljo, taskId: string, cookie: string): Promise<void> {
  const url = `${m.web.address}/api/tasks/${encodeURIComponent(taskId)}/slutfor`;
  const { status, text } = await postJson(url, { cookie }, { kommentar: 'Klar.' });
  if (status !== 200) throw new Error(`slutfor ${taskId}: ${status} ${text.slice(0, 300)}`);
}

/** The floor's command: one Update on the trivial workflow. */
export async function klarViaTemporal(handle: WorkflowHandle): Promise<void> {
  await handle.executeUpdate(klarUpdate, { args: [{ aktor: HANDLAGGARE }] });
}

/** The task id of a product task's workflow id (`uppgift/<id>`). */
export const uppgiftsId = (h: WorkflowHandle) => h.workflowId.slice('uppgift/'.length);

/** Runs `jobb` over `items`, at most `parallellt` at a time. */
export async function iPool<T, R>(
  items: readonly T[],
  parallellt: number,
  jobb: (t: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(parallellt, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await jobb(items[i]!);
      }
    }),
  );
  return out;
}

export const nu = () => performance.now();
