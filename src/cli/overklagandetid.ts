/**
 * `arshjul overklagandetid start|status|overklaga|avbryt` — runs the appeal period of a justerat protokoll on
 * Temporal (src/workflows/overklagandetid.ts). Talks to TEMPORAL_ADDRESS, by default the server `npm start` runs.
 */
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { parseParagrafSpann } from '../domain/numrering';
import { justeratProtokollSchema, overklagandeIEfterhandInputSchema } from '../domain/overklagande';
import { isoDateSchema } from '../domain/datum';
import { felFromZod, z } from '../domain/validering';
import { workflowIds } from '../temporal/client';
import { anmalOverklagande, OverklagandeFel, overklagandetidStatus } from '../temporal/overklagande';
import { overklagandetid, statusQuery } from '../workflows/overklagandetid';
import { KOMMUN, ORGAN } from '../workflows/searchAttributes';
import { parseOptions } from './args';
import { CliError, printJson, usageError } from './io';
import { requireKommun } from './kommun';
import { senRegister } from './register';
import { withClient } from './temporal';

const USAGE = `arshjul overklagandetid start     --kommun K --organ O --sammantrade D --justering D --anslag D --paragrafer 327-365
arshjul overklagandetid status    --kommun K --organ O --sammantrade D
arshjul overklagandetid overklaga --kommun K --organ O --sammantrade D --inkom D --av NAMN [--paragrafer 336] [--klagande NAMN] [--malnummer NR] [--kant D]
  (efter laga kraft: ett överklagande som blev känt i efterhand, --kant dagen det blev känt; registreras i registret)
arshjul overklagandetid avbryt    --kommun K --organ O --sammantrade D`;

const protokollOptions = {
  kommun: { type: 'string' },
  organ: { type: 'string' },
  sammantrade: { type: 'string' },
} as const;

export async function overklagandetidCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  const command = `overklagandetid ${sub ?? ''}`.trim();
  switch (sub) {
    case 'start': {
      const v = parseOptions(command, rest, {
        ...protokollOptions,
        justering: { type: 'string' },
        anslag: { type: 'string' },
        paragrafer: { type: 'string' },
      });
      requireKommun(command, v.kommun, { value: v.organ });
      const paragrafer = v.paragrafer === undefined ? undefined : parseParagrafSpann(v.paragrafer);
      if (v.paragrafer !== undefined && paragrafer === undefined) {
        throw usageError(command, [
          {
            field: 'paragrafer',
            rule: 'paragrafspann',
            message: `"${v.paragrafer}" ska skrivas t.ex. 327-365 eller 327,336`,
          },
        ]);
      }
      const parsed = justeratProtokollSchema.safeParse({ ...v, paragrafer });
      if (!parsed.success) throw usageError(command, felFromZod(parsed.error));
      const protokoll = parsed.data;
      const id = workflowIds.overklagandetidManuell(protokoll.kommun, protokoll.organ, protokoll.sammantrade);
      await withClient(async (client, taskQueue) => {
        try {
          await client.workflow.start(overklagandetid, {
            args: [protokoll],
            taskQueue,
            workflowId: id,
            typedSearchAttributes: [
              { key: KOMMUN, value: protokoll.kommun },
              { key: ORGAN, value: protokoll.organ },
            ],
          });
        } catch (error) {
          if (error instanceof WorkflowExecutionAlreadyStartedError) {
            throw new CliError(
              `arshjul ${command}: överklagandetiden för ${protokoll.organ} ${protokoll.sammantrade} är redan startad (${id})`,
            );
          }
          throw error;
        }
        printJson({ workflowId: id, ...(await client.workflow.getHandle(id).query(statusQuery)) });
      });
      return;
    }
    case 'status':
    case 'avbryt': {
      const v = parseOptions(command, rest, protokollOptions);
      // Only one started by hand is cancelled here: cancelling a meeting's own would fail the meeting.
      const ids = idsFor(command, v);
      await withClient(
        async (client) => {
          const id = sub === 'avbryt' ? ids.manuell : await vilken(client, ids);
          const handle = client.workflow.getHandle(id);
          if (sub === 'avbryt') {
            await handle.cancel();
            printJson({ workflowId: id, avbruten: true });
          } else {
            const description = await handle.describe();
            const register = senRegister();
            try {
              printJson({
                workflowId: id,
                workflowStatus: description.status.name,
                ...(await overklagandetidStatus(client, register, id, protokollOf(ids))),
              });
            } finally {
              await register.close();
            }
          }
        },
        `ingen överklagandetid är startad för ${sub === 'avbryt' ? ids.manuell : ids.motet}${sub === 'avbryt' ? ' (avbryt gäller bara en som startats för hand)' : ''}`,
      );
      return;
    }
    case 'overklaga': {
      const v = parseOptions(command, rest, {
        ...protokollOptions,
        inkom: { type: 'string' },
        paragrafer: { type: 'string' },
        klagande: { type: 'string' },
        malnummer: { type: 'string' },
        av: { type: 'string' },
        kant: { type: 'string' },
      });
      const ids = idsFor(command, v);
      const paragrafer = v.paragrafer === undefined ? undefined : parseParagrafSpann(v.paragrafer);
      const parsed = overklagandeIEfterhandInputSchema.safeParse({
        inkom: v.inkom,
        kant: v.kant,
        paragrafer,
        klagande: v.klagande,
        malnummer: v.malnummer,
        registreradAv: v.av,
      });
      if (!parsed.success) {
        throw usageError(
          command,
          felFromZod(parsed.error).map((f) => (f.field === 'registreradAv' ? { ...f, field: 'av' } : f)),
        );
      }
      await withClient(async (client) => {
        const id = await vilken(client, ids);
        const register = senRegister();
        try {
          printJson(await anmalOverklagande(client, register, id, protokollOf(ids), parsed.data));
        } catch (error) {
          if (error instanceof OverklagandeFel) {
            throw usageError(
              command,
              error.fel.map((f) => (f.field === 'registreradAv' ? { ...f, field: 'av' } : f)),
            );
          }
          throw error;
        } finally {
          await register.close();
        }
      }, `ingen överklagandetid är startad för ${ids.motet}`);
      return;
    }
    default:
      throw new CliError(`arshjul overklagandetid: okänt underkommando ${sub ?? '(inget)'}\n${USAGE}`);
  }
}

function idsFor(
  command: string,
  v: { kommun?: string; organ?: string; sammantrade?: string },
): { manuell: string; motet: string; nyckel: { kommun: string; organ: string; sammantrade: string } } {
  requireKommun(command, v.kommun, { value: v.organ });
  const parsed = z.object({ sammantrade: isoDateSchema }).safeParse({ sammantrade: v.sammantrade });
  if (!parsed.success) throw usageError(command, felFromZod(parsed.error));
  const args = [v.kommun!, v.organ!, parsed.data.sammantrade] as const;
  return {
    manuell: workflowIds.overklagandetidManuell(...args),
    motet: workflowIds.overklagandetid(...args),
    nyckel: { kommun: args[0], organ: args[1], sammantrade: args[2] },
  };
}

const protokollOf = (ids: ReturnType<typeof idsFor>) => ids.nyckel;

/** The one started by hand for this protocol if there is one, else the meeting's own. */
async function vilken(client: Client, ids: { manuell: string; motet: string }): Promise<string> {
  try {
    await client.workflow.getHandle(ids.manuell).describe();
    return ids.manuell;
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return ids.motet;
    throw error;
  }
}
