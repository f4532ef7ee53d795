/**
 * Workflow histories kept as replay fixtures (test/workflows/histories/). A change to workflow code that would
 * break a running workflow fails test/workflows/replay.test.ts; record new fixtures with
 * `ARSHJUL_RECORD_HISTORIES=1 npm run test:workflows` after a deliberate, patched change. Before recording over a
 * fixture that predates a `patched()` change, keep it under a name ending in `.before-patch-<name>.json`, so the
 * old path of the patch stays covered (e.g. the uppgift fixtures recorded before `patch announce`).
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';

export const HISTORIES_DIR = path.resolve(__dirname, '../workflows/histories');

export async function recordHistory(name: string, handle: WorkflowHandle): Promise<void> {
  if (process.env.ARSHJUL_RECORD_HISTORIES !== '1') return;
  writeFileSync(path.join(HISTORIES_DIR, `${name}.json`), `${historyToJSON(await handle.fetchHistory())}\n`);
}

/** The name of an event's type, e.g. `EVENT_TYPE_WORKFLOW_TASK_FAILED`. */
export function handelsetyp(e: temporal.api.history.v1.IHistoryEvent): string {
  return String(temporal.api.enums.v1.EventType[e.eventType ?? 0]);
}

/** The activity type of an activity's scheduled event, if `e` is one. */
export function aktivitet(e: temporal.api.history.v1.IHistoryEvent): string | undefined {
  return e.activityTaskScheduledEventAttributes?.activityType?.name ?? undefined;
}

/** The activity type of a local activity's marker event, if `e` is one (core's `core_local_activity` marker). */
export function lokalAktivitet(e: temporal.api.history.v1.IHistoryEvent): string | undefined {
  const a = e.markerRecordedEventAttributes;
  const data = a?.markerName === 'core_local_activity' ? a.details?.data?.payloads?.[0]?.data : undefined;
  return data
    ? (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string }).activity_type
    : undefined;
}
