/**
 * A record the user hands the CLI as a JSON file (a protocol, a kallelse), parsed by its domain schema: a
 * missing file, broken JSON or a broken field is one error naming the option, the file, the field and the rule.
 */
import { readFileSync } from 'node:fs';
import { felFromZod, sparbarTextFel, type Fel, type z } from '../domain/validering';
import { usageError } from './io';

const fel = (field: string, rule: string, message: string): Fel => ({
  field,
  rule,
  message: `${message} [regel: ${rule}]`,
});

/** The record in `file`, parsed by `schema`; every problem names the file, the field path and the rule. */
export function readRecord<S extends z.ZodType>(
  command: string,
  option: string,
  file: string,
  schema: S,
): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw usageError(command, [
      missing
        ? fel(option, 'fil_finns', `${file}: filen finns inte`)
        : error instanceof SyntaxError
          ? fel(option, 'json', `${file}: ogiltig JSON: ${error.message}`)
          : fel(option, 'fil', `${file}: ${(error as Error).message}`),
    ]);
  }
  const parsed = schema.safeParse(raw);
  const tecken = sparbarTextFel(raw);
  if (!parsed.success || tecken.length > 0) {
    throw usageError(
      command,
      [...tecken, ...(parsed.success ? [] : felFromZod(parsed.error))].map((f) =>
        fel(option, f.rule, `${file}: ${f.field || '(hela filen)'}: ${f.message}`),
      ),
    );
  }
  return parsed.data;
}
