/**
 * `arshjul frister --sammantrade YYYY-MM-DD [--justering YYYY-MM-DD] [--anslag YYYY-MM-DD]`
 * prints the statutory deadlines of one protocol as JSON (src/domain/frister.ts).
 */
import { beraknaFrister, fristerInputSchema } from '../domain/frister';
import { felFromZod } from '../domain/validering';
import { parseOptions } from './args';
import { printJson, usageError } from './io';

export function fristerCommand(argv: string[]): void {
  const values = parseOptions('frister', argv, {
    sammantrade: { type: 'string' },
    justering: { type: 'string' },
    anslag: { type: 'string' },
  });
  const input = fristerInputSchema.safeParse(values);
  if (!input.success) throw usageError('frister', felFromZod(input.error));
  printJson(beraknaFrister(input.data));
}
