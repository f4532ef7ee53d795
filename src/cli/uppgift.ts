/**
 * `arshjul uppgift visa|slutfor|godkann|returnera|delegera|tilldela|flytta --id ID --som PERSON …` — act on a
 * human task as the person named (the web app, with sign-in, comes later). Each command is a validated Update:
 * a refusal names the field and the rule and changes nothing.
 */
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { dateInStockholm, tryParseIsoDate } from '../domain/datum';
import { nyForfallodagFel } from '../domain/forfallodag';
import { parseParagrafSpann } from '../domain/numrering';
import { kommandoFelEfterSlut, type Kommando } from '../domain/uppgift';
import type { Fel } from '../domain/validering';
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
arshjul uppgift returnera --id ID --som PERSON --kommentar TEXT [--paragrafer 336,337]
arshjul uppgift delegera  --id ID --som PERSON --till PERSON [--kommentar TEXT]
arshjul uppgift tilldela  --id ID --som KANSLICHEF --till PERSON [--kommentar TEXT]
arshjul uppgift flytta    --id ID --som KANSLICHEF --forfaller ÅÅÅÅ-MM-DD [--kommentar TEXT]`;

const options = {
  id: { type: 'string' },
  paragrafer: { type: 'string' },
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

  // A refusal names the option; what the report's follow-up lacks names itself in the message (issue 17).
  const toCli = (fel: Fel[]) =>
    usageError(
      command,
      fel.map((f) =>
        f.field === 'aktor'
          ? { ...f, field: 'som' }
          : f.rule.startsWith('uppfoljning_')
            ? { ...f, field: '' }
            : f,
      ),
    );
  const unknownTask = () =>
    usageError(command, [
      {
        field: 'id',
        rule: 'uppgift_finns',
        message: `okänd uppgift "${v.id}": ingen sådan uppgift har startats`,
      },
    ]);
  /** Why the command failed, in the user's terms: the validator's rule, the closed task's state, an unknown id. */
  const explain = async (error: unknown, handle: WorkflowHandle, typ?: Kommando['typ']) => {
    const fel = validationFelOf(error);
    if (fel) return toCli(fel);
    try {
      // Temporal refuses an update to a workflow that has closed; the domain says why, from its last state.
      const closed = typ ? await closedTaskFel(handle, { typ, aktor: v.som ?? '' } as Kommando) : undefined;
      if (closed) return toCli(closed);
    } catch (lookup) {
      if (lookup instanceof WorkflowNotFoundError) return unknownTask();
      throw lookup;
    }
    return error instanceof WorkflowNotFoundError ? unknownTask() : error;
  };
  const run = async (update: (handle: WorkflowHandle) => Promise<unknown>, typ?: Kommando['typ']) =>
    withClient(async (client) => {
      const handle = client.workflow.getHandle(workflowId);
      try {
        printJson(await update(handle));
      } catch (error) {
        throw await explain(error, handle, typ);
      }
    });

  switch (sub) {
    case 'visa':
      return run((h) => h.query(uppgiftQuery));
    case 'slutfor':
      return run((h) => h.executeUpdate(slutforUpdate, { args: [base as never] }), 'slutfor');
    case 'godkann':
      return run((h) => h.executeUpdate(godkannUpdate, { args: [base as never] }), 'godkann');
    case 'returnera': {
      // A justerare's objection names the §§ it concerns.
      const paragrafer = v.paragrafer === undefined ? undefined : parseParagrafSpann(v.paragrafer);
      if (v.paragrafer !== undefined && paragrafer === undefined) {
        throw usageError(command, [
          {
            field: 'paragrafer',
            rule: 'paragrafspann',
            message: `"${v.paragrafer}" ska skrivas t.ex. 336 eller 336,337`,
          },
        ]);
      }
      return run(
        (h) =>
          h.executeUpdate(returneraUpdate, {
            args: [{ ...base, ...(paragrafer ? { paragrafer } : {}) } as never],
          }),
        'returnera',
      );
    }
    case 'delegera':
      return run(
        (h) => h.executeUpdate(delegeraUpdate, { args: [{ ...base, till: v.till } as never] }),
        'delegera',
      );
    case 'tilldela':
      return run(
        (h) => h.executeUpdate(tilldelaOmUpdate, { args: [{ ...base, till: v.till } as never] }),
        'tilldelaOm',
      );
    case 'flytta': {
      // Not a day that has passed, an open day, not before the task's year (src/domain/forfallodag.ts); a text
      // that is no date at all is the workflow's to refuse.
      const ny = tryParseIsoDate(v.forfaller ?? '');
      return run(async (h) => {
        if (ny) {
          const planerad = (await h.query(uppgiftQuery)).spec.forfaller;
          const fel = nyForfallodagFel(ny, dateInStockholm(Date.now()), planerad);
          if (fel.length > 0) throw usageError(command, fel);
        }
        return h.executeUpdate(andraForfallodagUpdate, {
          args: [{ ...base, forfaller: v.forfaller } as never],
        });
      }, 'andraForfallodag');
    }
    default:
      throw new CliError(`arshjul uppgift: okänt underkommando ${sub ?? '(inget)'}\n${USAGE}`);
  }
}

/** When the task's workflow has closed: why `kommando` cannot be applied (undefined while it runs). */
async function closedTaskFel(handle: WorkflowHandle, kommando: Kommando): Promise<Fel[] | undefined> {
  const { status } = await handle.describe();
  if (status.name === 'RUNNING') return undefined;
  return kommandoFelEfterSlut(await handle.query(uppgiftQuery), kommando, status.name);
}
