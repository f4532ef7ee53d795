/** The Temporal client for the API and the CLI, and the ids under which Årshjul's workflows run. */
import { Client, Connection, isGrpcServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, type QueryDefinition } from '@temporalio/common';
import type { Fel } from '../domain/validering';
import { VALIDERING } from '../workflows/fel';

export interface ClientSetup {
  address: string;
  namespace: string;
}

export async function connectClient(setup: ClientSetup): Promise<Client> {
  const connection = await Connection.connect({ address: setup.address, connectTimeout: 5000 });
  return new Client({ connection, namespace: setup.namespace });
}

export const workflowIds = {
  /** The appeal period a meeting starts as its child (src/workflows/sammantrade.ts). */
  overklagandetid: (kommun: string, organ: string, sammantrade: string) =>
    `overklagandetid/${kommun}/${organ}/${sammantrade}`,
  /**
   * One started by hand (`arshjul overklagandetid start`, for a protocol justerat outside Årshjul): an id of its
   * own, so that starting or cancelling it never touches, or fails, a meeting's child.
   */
  overklagandetidManuell: (kommun: string, organ: string, sammantrade: string) =>
    `overklagandetid-manuell/${kommun}/${organ}/${sammantrade}`,
};

/** The `Fel` a workflow refused an update or a start with, or `undefined` for any other failure. */
export function validationFelOf(error: unknown): Fel[] | undefined {
  let cause: unknown = error;
  while (cause instanceof Error) {
    if (cause instanceof ApplicationFailure && cause.type === VALIDERING) {
      const [fel] = cause.details ?? [];
      return Array.isArray(fel) ? (fel as Fel[]) : [{ field: '', rule: 'okand', message: cause.message }];
    }
    cause = cause instanceof WorkflowUpdateFailedError || 'cause' in cause ? cause.cause : undefined;
  }
  return undefined;
}

/** True when the Temporal frontend behind `connection` answers within `timeoutMs`. */
export async function pingTemporal(connection: Connection, timeoutMs = 2000): Promise<boolean> {
  try {
    await connection.withDeadline(Date.now() + timeoutMs, () => connection.workflowService.getSystemInfo({}));
    return true;
  } catch {
    return false;
  }
}

/**
 * Queries a workflow that may have just started: until its first task has run, it has registered no query
 * handlers, so the query is retried for a moment instead of failing.
 */
export async function queryWhenReady<R>(
  handle: { query<T>(def: QueryDefinition<T, []>): Promise<T> },
  query: QueryDefinition<R, []>,
  timeoutMs = 15_000,
): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await handle.query(query);
    } catch (error) {
      const notYet =
        error instanceof Error &&
        /did not register a handler/.test(`${error.message} ${String(error.cause)}`);
      if (!notYet || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** gRPC's NOT_FOUND: no workflow with that id. */
const NOT_FOUND = 5;

/**
 * The input a workflow run was started with — its history's first event, one page of one event — or undefined
 * when there is no such workflow (or its payloads are encoded by a codec, which Årshjul does not configure).
 * Costs the server a history read and the worker nothing: a query is a workflow task on the worker, and one sent
 * while the run's first task is still storing its state makes Temporal complete that task early to answer it.
 */
export async function startInput(client: Client, workflowId: string): Promise<unknown> {
  const omvandlare = client.options.loadedDataConverter;
  if (omvandlare.payloadCodecs.length > 0) return undefined;
  let svar;
  try {
    svar = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId },
      maximumPageSize: 1,
    });
  } catch (error) {
    if (isGrpcServiceError(error) && error.code === NOT_FOUND) return undefined;
    throw error;
  }
  const [forsta] = svar.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads ?? [];
  return forsta ? omvandlare.payloadConverter.fromPayload(forsta) : undefined;
}
