/** Exit codes and output for the `arshjul` CLI: JSON on stdout, one line per problem on stderr. */
import { formatFel, type Fel } from '../domain/validering';

/** Bad input: the user can fix the command. */
export const EXIT_USAGE = 2;
/** Something outside the command failed (a server, a file). */
export const EXIT_FAILURE = 1;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
  }
}

/** One stderr line naming every field (as its command-line option) and rule broken. */
export function usageError(command: string, fel: Fel[]): CliError {
  const text = fel.map((f) => formatFel({ ...f, field: f.field ? `--${f.field}` : '' })).join('; ');
  return new CliError(`arshjul ${command}: ${text}`);
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
