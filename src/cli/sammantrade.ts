/**
 * `arshjul sammantrade …` — the sekreterare's commands on a sammanträde (src/workflows/sammantrade.ts) until the
 * web app has its pages: start it, put an ärende on the föredragningslista, record the meeting and its §§ from
 * JSON files in the record format (src/domain/protokoll.ts), correct a §, send the protocol for justering, and
 * see where it stands. Every command is a validated Update: a refusal names the option and the rule.
 */
import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { dateInStockholm, isoDateSchema } from '../domain/datum';
import { isFullParagraf, protokollSchema, type Protokoll } from '../domain/protokoll';
import { sammantradeId } from '../domain/sammantrade';
import { felFromZod, type Fel } from '../domain/validering';
import { validationFelOf } from '../temporal/client';
import {
  laggTillArendeUpdate,
  protokollforMotetUpdate,
  protokollforParagrafUpdate,
  rattaParagrafUpdate,
  type sammantrade,
  sammantradeQuery,
  skickaForJusteringUpdate,
  type SammantradeStatus,
} from '../workflows/sammantrade';
import { parseOptions } from './args';
import { readRecord } from './record';
import { CliError, printJson, usageError } from './io';
import { requireKommun } from './kommun';
import { withClient } from './temporal';
import { startaSammantrade } from '../temporal/starta';

const USAGE = `arshjul sammantrade start     --kommun K --organ O --datum D
arshjul sammantrade visa      --kommun K --organ O --datum D
arshjul sammantrade arende    --kommun K --organ O --datum D --som P --rubrik TEXT [--diarienummer DNR]
arshjul sammantrade motet     --kommun K --organ O --datum D --som P --protokoll FIL.json --justerare PERSON[,PERSON]
arshjul sammantrade paragraf  --kommun K --organ O --datum D --som P --protokoll FIL.json --paragraf N [--nyckel NYCKEL]
arshjul sammantrade ratta     --kommun K --organ O --datum D --som P --protokoll FIL.json --paragraf N [--till N]
arshjul sammantrade justering --kommun K --organ O --datum D --som P`;

const options = {
  kommun: { type: 'string' },
  organ: { type: 'string' },
  datum: { type: 'string' },
  som: { type: 'string' },
  rubrik: { type: 'string' },
  diarienummer: { type: 'string' },
  protokoll: { type: 'string' },
  justerare: { type: 'string' },
  paragraf: { type: 'string' },
  nyckel: { type: 'string' },
  till: { type: 'string' },
} as const;

export async function sammantradeCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  const command = `sammantrade ${sub ?? ''}`.trim();
  const known = ['start', 'visa', 'arende', 'motet', 'paragraf', 'ratta', 'justering'];
  if (!sub || !known.includes(sub)) {
    throw new CliError(`arshjul sammantrade: okänt underkommando ${sub ?? '(inget)'}\n${USAGE}`);
  }
  const v = parseOptions(command, rest, options);
  const config = requireKommun(command, v.kommun, { value: v.organ });
  const datum = isoDateSchema.safeParse(v.datum);
  if (!datum.success) {
    throw usageError(
      command,
      felFromZod(datum.error).map((f) => ({ ...f, field: 'datum' })),
    );
  }
  const motet = { kommun: config.kommun.id, organ: v.organ!, datum: datum.data };
  const id = sammantradeId(motet);
  const required = (name: keyof typeof options): string => {
    const value = v[name];
    if (typeof value !== 'string' || value === '') {
      throw usageError(command, [
        { field: name, rule: 'obligatorisk', message: 'obligatoriskt fält saknas' },
      ]);
    }
    return value;
  };

  if (sub === 'start') {
    await withClient(async (client, taskQueue) => {
      const startat = await startaSammantrade(client, config, motet, taskQueue);
      if (!startat.startat) {
        throw new CliError(`arshjul ${command}: sammanträdet är redan startat (${id})`);
      }
      printJson({ workflowId: id, startat: true });
    });
    return;
  }

  const run = (work: (handle: WorkflowHandle<typeof sammantrade>) => Promise<unknown>) =>
    withClient(async (client) => {
      const handle = client.workflow.getHandle<typeof sammantrade>(id);
      try {
        const result = await work(handle);
        printJson(isStatus(result) ? sammanfattning(result) : result);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) {
          throw usageError(command, [
            { field: 'datum', rule: 'sammantrade_finns', message: `sammanträdet ${id} är inte startat` },
          ]);
        }
        const fel = validationFelOf(error);
        if (fel) throw usageError(command, fel.map(asOption));
        throw error;
      }
    });
  const som = () => required('som');

  switch (sub) {
    case 'visa':
      return run((h) => h.query(sammantradeQuery));
    case 'arende':
      return run((h) =>
        h.executeUpdate(laggTillArendeUpdate, {
          args: [
            {
              aktor: som(),
              arende: {
                rubrik: required('rubrik'),
                ...(v.diarienummer ? { diarienummer: v.diarienummer } : {}),
              },
            },
          ],
        }),
      );
    case 'motet': {
      const p = protocolFile(command, required('protokoll'));
      const justerare = required('justerare').split(',');
      if (justerare.length !== p.justerare.length) {
        throw usageError(command, [
          {
            field: 'justerare',
            rule: 'justerare_antal',
            message: `protokollet har ${p.justerare.length} justerare (${p.justerare.join(', ')}); ange lika många person-id`,
          },
        ]);
      }
      return run((h) =>
        h.executeUpdate(protokollforMotetUpdate, {
          args: [
            {
              aktor: som(),
              tid: p.tid,
              ajourneringar: p.ajourneringar,
              plats: p.plats,
              narvaro: p.narvaro,
              ordforande: p.ordforande,
              sekreterare: p.sekreterare,
              justerare: p.justerare.map((namn, i) => ({ namn, personId: justerare[i]! })),
              justering: {
                // The workflow refuses a meeting without its announced day, naming the field.
                datum: p.justering.datum ?? '',
                ...(p.justering.klockan ? { klockan: p.justering.klockan } : {}),
                plats: p.justering.plats,
              },
            },
          ],
        }),
      );
    }
    case 'paragraf':
    case 'ratta': {
      const p = protocolFile(command, required('protokoll'));
      const nummer = Number(required('paragraf'));
      const paragraf = p.paragrafer.find((x) => x.nummer === nummer);
      if (!paragraf || !isFullParagraf(paragraf)) {
        throw usageError(command, [
          {
            field: 'paragraf',
            rule: 'paragraf_protokollford',
            message: `§ ${nummer} finns inte i sin helhet i ${v.protokoll}`,
          },
        ]);
      }
      const { nummer: _n, ...utanNummer } = paragraf;
      if (sub === 'paragraf') {
        return run((h) =>
          h.executeUpdate(protokollforParagrafUpdate, {
            args: [
              {
                aktor: som(),
                nyckel: v.nyckel ?? paragraf.diarienummer ?? `§${nummer}`,
                paragraf: utanNummer,
              },
            ],
          }),
        );
      }
      return run((h) =>
        h.executeUpdate(rattaParagrafUpdate, {
          args: [{ aktor: som(), nummer: Number(v.till ?? nummer), paragraf: utanNummer }],
        }),
      );
    }
    case 'justering':
      return run((h) => h.executeUpdate(skickaForJusteringUpdate, { args: [{ aktor: som() }] }));
  }
}

/** The Update's field as the option the user gave (the rest came from the protocol file). */
function asOption(f: Fel): Fel {
  if (f.field === 'aktor') return { ...f, field: 'som' };
  if (f.field.startsWith('arende.')) return { ...f, field: f.field.slice('arende.'.length) };
  if (f.field === '' || f.field === 'nummer' || f.field === 'nyckel') return f;
  return { ...f, field: 'protokoll', message: `${f.field}: ${f.message}` };
}

function protocolFile(command: string, file: string): Protokoll {
  return readRecord(command, 'protokoll', file, protokollSchema) as Protokoll;
}

function isStatus(value: unknown): value is SammantradeStatus {
  return typeof value === 'object' && value !== null && 'state' in value && 'uppgifter' in value;
}

/** What the sekreterare needs to see: the phase, the §§, the open tasks, the anslag and the expediering. */
function sammanfattning(s: SammantradeStatus) {
  const { state } = s;
  return {
    sammantrade: sammantradeId(state.fakta),
    fas: state.fas,
    idag: dateInStockholm(Date.now()),
    foredragningslista: state.arenden.map(
      (a) => `${a.punkt}. ${a.rubrik}${a.diarienummer ? ` (${a.diarienummer})` : ''}`,
    ),
    ejKlaraRapporter: state.ejKlaraRapporter.map((r) => `${r.titel} (${r.status}, ingen diarienummer)`),
    paragrafer: state.paragrafer.map(
      (p) => `§ ${p.nummer} ${p.rubrik}${p.omedelbartJusterad ? ' (omedelbart justerad)' : ''}`,
    ),
    justering: state.mote?.justering,
    justerad: state.justerad,
    invandningar: state.invandningar,
    uppgifter: Object.entries(s.uppgifter).map(([uppgiftId, u]) => ({
      id: uppgiftId,
      typ: u.typ,
      tilldelad: u.tilldelad,
      status: u.utfall?.status ?? 'OPPEN',
    })),
    anslag: s.anslag.map((a) => ({
      paragrafer: a.paragrafer,
      uppsatt: a.frister.anslag,
      overklagandeSenast: a.frister.overklagandeSenast,
      nedtas: a.frister.anslagNedtidigast,
      nedtagen: a.nedtagen,
      avvikelser: a.frister.avvikelser,
      status: a.overklagande?.status ?? 'ANSLAGEN',
    })),
    expediering: s.expediering,
  };
}
