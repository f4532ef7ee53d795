/** The CLI's connection to Temporal: TEMPORAL_ADDRESS, by default the server `npm start` runs. */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { readSettings } from '../settings';
import { connectClient } from '../temporal/client';
import { CliError, EXIT_FAILURE } from './io';

export async function withClient(
  work: (client: Client, taskQueue: string) => Promise<void>,
  notFound: string = 'arbetsflödet finns inte',
): Promise<void> {
  const settings = readSettings();
  const address = settings.TEMPORAL_ADDRESS ?? `127.0.0.1:${settings.TEMPORAL_PORT}`;
  let client: Client;
  try {
    client = await connectClient({ address, namespace: settings.TEMPORAL_NAMESPACE });
  } catch (error) {
    throw new CliError(
      `arshjul: Temporal svarar inte på ${address} (${String(error)}). Kör \`npm start\` först, eller sätt TEMPORAL_ADDRESS.`,
      EXIT_FAILURE,
    );
  }
  try {
    await work(client, settings.ARSHJUL_TASK_QUEUE);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new CliError(`arshjul: ${notFound}`, EXIT_FAILURE);
    throw error;
  } finally {
    await client.connection.close();
  }
}
