/** Command-line options parsed with node:util, turned into one-line errors that name the option. */
import { parseArgs } from 'node:util';
import { CliError } from './io';

export function parseOptions<
  const T extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>,
>(command: string, argv: string[], options: T) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    const known = Object.keys(options)
      .map((o) => `--${o}`)
      .join(' ');
    throw new CliError(`arshjul ${command}: ${describe(error)} (alternativ: ${known})`);
  }
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
