/**
 * `arshjul person logga-ut-overallt --kommun K --person P`: ends every session the person has, in every browser
 * (a lost laptop, a person leaving), as the API's POST /api/kommuner/{kommun}/personer/{person}/logga-ut-overallt
 * does. It writes the register directly, so it needs the PostgreSQL server (DATABASE_URL): the embedded PGlite
 * register belongs to the running app, whose API does the same.
 */
import { openRegister } from '../db/register';
import { readSettings } from '../settings';
import { parseOptions } from './args';
import { CliError, EXIT_FAILURE, printJson, usageError } from './io';
import { requireKommun } from './kommun';

export async function personCommand(argv: string[]): Promise<void> {
  const [sub, ...rest] = argv;
  if (sub !== 'logga-ut-overallt') {
    throw new CliError('arshjul person: skriv arshjul person logga-ut-overallt --kommun K --person P');
  }
  const command = `person ${sub}`;
  const values = parseOptions(command, rest, {
    kommun: { type: 'string' },
    person: { type: 'string' },
  });
  const config = requireKommun(command, values.kommun);
  const person = values.person;
  if (person === undefined || !config.personer.some((p) => p.id === person)) {
    throw usageError(command, [
      person === undefined
        ? { field: 'person', rule: 'obligatorisk', message: 'obligatoriskt fält saknas' }
        : {
            field: 'person',
            rule: 'person_finns',
            message: `${config.kommun.namn} har ingen person "${person}"`,
          },
    ]);
  }
  const settings = readSettings();
  if (!settings.DATABASE_URL) {
    throw new CliError(
      `arshjul ${command}: registret är den inbäddade databasen, som webbappen håller öppen; använd API:t ` +
        `(POST /api/kommuner/${config.kommun.id}/personer/${person}/logga-ut-overallt) eller sätt DATABASE_URL`,
      EXIT_FAILURE,
    );
  }
  const register = await openRegister({ url: settings.DATABASE_URL, poolMax: 1 });
  try {
    const tid = new Date();
    const aterkallade = await register.aterkallaPersonensSessioner({ kommun: config.kommun.id, person, tid });
    await register.audit({
      nyckel: `sessioner:${config.kommun.id}:${person}:${tid.toISOString()}:cli`,
      tid,
      handling: 'UTLOGGAD_OVERALLT',
      objekt: `person:${config.kommun.id}/${person}`,
      detaljer: { aterkallade, via: 'cli' },
    });
    printJson({ kommun: config.kommun.id, person, aterkallade });
  } finally {
    await register.close();
  }
}
