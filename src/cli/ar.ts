/**
 * `arshjul ar start|plan|stoppa --kommun K --ar ÅÅÅÅ` — the kanslichef starts a kommun's year (the annualCycle
 * workflow) and sees its plan: every report, every stage with its dates, owner and status.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { planeradOversikt, startFel, stoppFel } from '../domain/arshjul';
import { forhandsvisaStart, parseStartval, startvalAttAnvanda, startvalFel } from '../domain/arshjulStart';
import { lasExempel } from '../config/exempel';
import { ConfigError } from '../config/load';
import { arSchema, dateInStockholm } from '../domain/datum';
import { felFromZod } from '../domain/validering';
import { parseOptions } from './args';
import { CliError, EXIT_FAILURE, printJson, usageError } from './io';
import { requireKommun } from './kommun';
import { withClient } from './temporal';
import { queryWhenReady } from '../temporal/client';
import { arshjulQuery, arshjulWorkflowId, oversiktAv, type ArshjulData } from '../workflows/arshjul';
import { medRapporternasSteg } from '../api/arshjulAret';
import { openRegister } from '../db/register';
import { readSettings } from '../settings';
import { formatForhandsvisning, formatPlan } from './planText';
import { startaArshjul, stoppaArshjul } from '../temporal/starta';

const USAGE = `arshjul ar forhandsvisa --kommun K --ar ÅÅÅÅ [--val RAPPORT=VAL ...] [--text]
arshjul ar start  --kommun K --ar ÅÅÅÅ [--val RAPPORT=VAL ...] [--bekrafta]
arshjul ar plan   (--kommun K | --konfig FIL) --ar ÅÅÅÅ [--text]
arshjul ar stoppa --kommun K --ar ÅÅÅÅ
  VAL: kor | utelamna | redan-gjort:<steg> (för ett år vars datum delvis har passerat)`;

export async function arCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  const command = `ar ${sub ?? ''}`.trim();
  if (sub !== 'start' && sub !== 'plan' && sub !== 'stoppa' && sub !== 'forhandsvisa') {
    throw new CliError(`arshjul ar: okänt underkommando ${sub ?? '(inget)'}\n${USAGE}`);
  }
  const v = parseOptions(command, rest, {
    kommun: { type: 'string' },
    konfig: { type: 'string' },
    ar: { type: 'string' },
    text: { type: 'boolean' },
    val: { type: 'string', multiple: true },
    bekrafta: { type: 'boolean' },
  });
  // `ar plan --konfig config/examples/planer/vannas-2024.yaml`: a kommun's example plan, planned as it would be.
  const config =
    sub === 'plan' && v.konfig !== undefined
      ? lasKonfig(command, v.konfig)
      : requireKommun(command, v.kommun);
  if (v.ar === undefined) {
    throw usageError(command, [{ field: 'ar', rule: 'obligatorisk', message: 'obligatoriskt fält saknas' }]);
  }
  const arText = arSchema.safeParse(v.ar);
  if (!arText.success)
    throw usageError(
      command,
      felFromZod(arText.error).map((f) => ({ ...f, field: 'ar' })),
    );
  const ar = arText.data;
  const id = arshjulWorkflowId(config.kommun.id, ar);
  const idag = dateInStockholm(Date.now());
  const valen = parseStartval(v.val ?? []);
  if ('fel' in valen) throw usageError(command, [valen.fel]);

  if (sub === 'forhandsvisa') {
    const fel = startvalFel(config, ar, valen.val);
    if (fel.length > 0) throw usageError(command, fel);
    const forhand = forhandsvisaStart(config, ar, idag, valen.val);
    if (v.text) process.stdout.write(formatForhandsvisning(forhand));
    else printJson(forhand);
    return;
  }
  if (sub === 'start') {
    const fel = startFel(config, ar);
    if (fel.length > 0) throw usageError(command, fel);
    const beslut = startvalAttAnvanda(config, ar, idag, {
      ...(v.val ? { val: valen.val } : {}),
      ...(v.bekrafta ? { bekrafta: true } : {}),
    });
    if ('fel' in beslut) {
      throw usageError(
        command,
        beslut.fel.map((f) =>
          f.rule === 'forhandsvisning'
            ? {
                ...f,
                message: `${f.message}: \`arshjul ar forhandsvisa --kommun ${config.kommun.id} --ar ${ar} --text\`, sedan --bekrafta eller --val`,
              }
            : f,
        ),
      );
    }
    await withClient(async (client, taskQueue) => {
      const startat = await startaArshjul(client, config, ar, taskQueue, beslut.startval);
      if (!startat.startat) {
        throw new CliError(
          `arshjul ${command}: årshjulet ${ar} för ${config.kommun.namn} är redan startat (${id}); ett år startas en gång, också om det har stoppats`,
        );
      }
      const data = await medStegen(await queryWhenReady(client.workflow.getHandle(id), arshjulQuery));
      output({ workflowId: id, startat: true, ...oversiktAv(data, dateInStockholm(Date.now())) }, v.text);
    });
    return;
  }
  if (sub === 'stoppa') {
    await withClient(async (client) => {
      const { utfall } = await stoppaArshjul(client, config, ar);
      if (utfall !== 'STOPPAT')
        throw new CliError(`arshjul ${command}: ${stoppFel(config, ar, utfall).message}`);
      printJson({ workflowId: id, stoppat: true });
    });
    return;
  }
  // plan: from the running årshjul when there is one, else as it would be planned today.
  const planned = () => ({
    workflowId: id,
    startat: false,
    ...planeradOversikt(config, ar, dateInStockholm(Date.now())),
  });
  try {
    await withClient(async (client) => {
      try {
        const data = await medStegen(await client.workflow.getHandle(id).query(arshjulQuery));
        output({ workflowId: id, startat: true, ...oversiktAv(data, dateInStockholm(Date.now())) }, v.text);
      } catch (error) {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
        output(planned(), v.text);
      }
    });
  } catch (error) {
    if (!(error instanceof CliError && error.exitCode === EXIT_FAILURE)) throw error;
    process.stderr.write(`${error.message.split('. ')[0]}: visar planen som den blir om året startas nu.\n`);
    output(planned(), v.text);
  }
}

function output(plan: Parameters<typeof formatPlan>[0], text: boolean | undefined): void {
  if (text) process.stdout.write(formatPlan(plan));
  else printJson(plan);
}

/** A configuration file outside config/ (an example plan of another kommun), or a one-line error. */
function lasKonfig(command: string, fil: string) {
  try {
    return lasExempel(fil).config;
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(`arshjul ${command}: ${error.message}`);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new CliError(`arshjul ${command}: --konfig: filen ${fil} finns inte`);
    throw error;
  }
}

/**
 * The årshjul's data with each report's steps as the register has them (src/api/arshjulAret.ts): from the
 * PostgreSQL server when DATABASE_URL names it. The embedded PGlite register belongs to the running app (one
 * process can hold it): then the steps are those the årshjul itself heard of, and stderr says so.
 */
async function medStegen(data: ArshjulData): Promise<ArshjulData> {
  const url = readSettings().DATABASE_URL;
  if (!url) {
    process.stderr.write(
      'Stegen visas som årshjulet självt har hört om dem; sidan Årshjulet (eller DATABASE_URL) visar varje steg ur registret.\n',
    );
    return data;
  }
  const register = await openRegister({ url, poolMax: 1 });
  try {
    return await medRapporternasSteg(register, data);
  } finally {
    await register.close();
  }
}
