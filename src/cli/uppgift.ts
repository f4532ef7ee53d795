/**
 * `arshjul uppgift visa|slutfor|godkann|returnera|delegera|tilldela|flytta --id ID --som PERSON …` — act on a
 * human task as the person named (the web app, with sign-in, comes later). Each command is a validated Update:
 * a refusal names the field and the rule and changes nothing.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { validationFelOf } from '../temporal/client';
import {
  andraForfallodagUpdate,
  delegeraUpdate,
  godkannUpdate,
  returneraUpdate,
  slutforUpdate,
  tilldelaOmUpdate,
  uppgiftQuery,
} from '../workflows/uppgift';
import { parseOptions } from './args';
import { CliError, printJson, usageError } from './io';
import { withClient } from './temporal';

const USAGE = `arshjul uppgift visa      --id ID
arshjul uppgift slutfor   --id ID --som PERSON [--kommentar TEXT]
arshjul uppgift godkann   --id ID --som PERSON [--kommentar TEXT]
arshjul uppgift returnera --id ID --som PERSON --kommentar TEXT
arshjul uppgift delegera  --id ID --som PERSON --till PERSON [--kommentar TEXT]
arshjul uppgift tilldela  --id ID --som KANSLICHEF --till PERSON [--kommentar TEXT]
arshjul uppgift flytta    --id ID --som KANSLICHEF --forfaller ÅÅÅÅ-MM-DD [--kommentar TEXT]`;

const options = {
  id: { type: 'string' },
  som: { type: 'string' },
  kommentar: { type: 'string' },
  till: { type: 'string' },
  forfaller: { type: 'string' },
} as const;

export async function uppgiftCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  const command = `uppgift ${sub ?? ''}`.trim();
  const v = parseOptions(command, rest, options);
  if (!v.id)
    throw usageError(command, [{ field: 'id', rule: 'obligatorisk', message: 'obligatoriskt fält saknas' }]);
  const workflowId = `uppgift/${v.id}`;
  const base = { aktor: v.som, ...(v.kommentar !== undefined ? { kommentar: v.kommentar } : {}) };

  const run = async (update: (handle: WorkflowHandle) => Promise<unknown>) =>
    withClient(async (client) => {
      const handle = client.workflow.getHandle(workflowId);
      try {
        printJson(await update(handle));
      } catch (error) {
        const fel = validationFelOf(error);
        if (fel)
          throw usageError(
            command,
            fel.map((f) => (f.field === 'aktor' ? { ...f, field: 'som' } : f)),
          );
        throw error;
      }
    }, `okänd uppgift "${v.id}": ingen sådan uppgift har startats`);

  switch (sub) {
    case 'visa':
      return run((h) => h.query(uppgiftQuery));
    case 'slutfor':
      return run((h) => h.executeUpdate(slutforUpdate, { args: [base as never] }));
    case 'godkann':
      return run((h) => h.executeUpdate(godkannUpdate, { args: [base as never] }));
    case 'returnera':
      return run((h) => h.executeUpdate(returneraUpdate, { args: [base as never] }));
    case 'delegera':
      return run((h) => h.executeUpdate(delegeraUpdate, { args: [{ ...base, till: v.till } as never] }));
    case 'tilldela':
      return run((h) => h.executeUpdate(tilldelaOmUpdate, { args: [{ ...base, till: v.till } as never] }));
    case 'flytta':
      return run((h) =>
        h.executeUpdate(andraForfallodagUpdate, { args: [{ ...base, forfaller: v.forfaller } as never] }),
      );
    default:
      throw new CliError(`arshjul uppgift: okänt underkommando ${sub ?? '(inget)'}\n${USAGE}`);
  }
}
