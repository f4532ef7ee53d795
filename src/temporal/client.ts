/** The Temporal client for the API and the CLI, and the ids under which Årshjul's workflows run. */
import { Client, Connection, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
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
  overklagandetid: (kommun: string, organ: string, sammantrade: string) =>
    `overklagandetid/${kommun}/${organ}/${sammantrade}`,
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
