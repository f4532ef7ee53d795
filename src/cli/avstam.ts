/**
 * `arshjul kommun avstam --kommun K [--torr]` — reconciles the kommun's open report rows in the register with
 * their workflows (src/temporal/avstamning.ts) and prints what it fixed. Opens the register as the worker does
 * (DATABASE_URL, else PGlite in ARSHJUL_DATA_DIR/register — which only one process can hold: with PGlite, run it
 * while the server is stopped).
 */
import { avstamRapporter } from '../temporal/avstamning';
import { parseOptions } from './args';
import { CliError, printJson } from './io';
import { requireKommun } from './kommun';
import { oppnaRegister } from './register';
import { withClient } from './temporal';

const USAGE = `arshjul kommun avstam --kommun K [--torr]
  stämmer av registrets öppna rapportrader mot arbetsflödena och rättar raderna för avslutade, avbrutna eller
  misslyckade arbetsflöden (--torr: visar bara vad som skulle rättas)`;

export async function kommunCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  const command = `kommun ${sub ?? ''}`.trim();
  if (sub !== 'avstam')
    throw new CliError(`arshjul kommun: okänt underkommando ${sub ?? '(inget)'}\n${USAGE}`);
  const v = parseOptions(command, rest, { kommun: { type: 'string' }, torr: { type: 'boolean' } });
  const config = requireKommun(command, v.kommun);
  const register = await oppnaRegister();
  try {
    await withClient(async (client) => {
      const result = await avstamRapporter(client, register, config.kommun.id, { torr: v.torr === true });
      for (const r of result.rattade) {
        process.stderr.write(
          `${v.torr ? 'skulle rätta' : 'rättade'} ${r.rapportId}: ${r.fran} → ${r.till} (arbetsflödet ${r.workflowStatus})\n`,
        );
      }
      printJson({ ...result, torr: v.torr === true });
    });
  } finally {
    await register.close();
  }
}
