/** Command-line options parsed with node:util, turned into one-line errors that name the option. */
import { parseArgs } from 'node:util';
import { sparbarTextFel } from '../domain/validering';
import { CliError, usageError } from './io';

export function parseOptions<
  const T extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>,
>(command: string, argv: string[], options: T) {
  const parse = () => parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  let values: ReturnType<typeof parse>;
  try {
    values = parse();
  } catch (error) {
    const known = Object.keys(options)
      .map((o) => `--${o}`)
      .join(' ');
    throw new CliError(`arshjul ${command}: ${describe(error)} (alternativ: ${known})`);
  }
  // The same rule as every other edge: a text the register cannot store is refused by its option.
  const tecken = sparbarTextFel(values).map((f) => ({ ...f, field: f.field.split('.')[0]! }));
  if (tecken.length > 0) throw usageError(command, tecken);
  return values;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
  const option = /'(-{1,2}[^' ]+)/.exec(message)?.[1] ?? '';
  switch ((error as { code?: string }).code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `okänt alternativ ${option}`;
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return `${option} behöver ett värde`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return `oväntat argument: ${message.replace(/^.*?'([^']*)'.*$/, '$1')}`;
    default:
      return message;
  }
}
