/**
 * A posted form as the pages read it: each name with its value, or its values when repeated (checkboxes), parsed
 * by zod once; then the value or values of a name, trimmed. A control's `name` is the path of its value in the
 * domain schema (`beslut.attSatser`, `justering.datum`), so an error's path leads back to the control.
 *
 * Every free text must fit the register: PostgreSQL's text cannot hold the NUL character, so a value with one is
 * refused here, by its field, before any command is sent (and the value is kept without it).
 */
import type { Request } from 'express';
import { ENSAMMA_SURROGAT, ENSAMT_SURROGAT, harEnsamtSurrogat } from '../../domain/tecken';
import { z, type Fel } from '../../domain/validering';

export const faltSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export type Falt = z.output<typeof faltSchema>;

/** Every value of `name`, trimmed, the empty ones left out. */
export const varden = (f: Falt, name: string): string[] =>
  ([] as string[])
    .concat(f[name] ?? [])
    .map((v) => v.trim())
    .filter(Boolean);

/** The one value of `name`, trimmed ('' when none). */
export const varde = (f: Falt, name: string): string => varden(f, name)[0] ?? '';

/** The lines of every value of `name` (a textarea: one item per line), trimmed, the empty ones left out. */
export const rader = (f: Falt, name: string): string[] =>
  varden(f, name)
    .flatMap((v) => v.split(/\r?\n/))
    .map((v) => v.trim())
    .filter(Boolean);

/** An optional value: the key is left out when the field is empty, so `.optional()` schemas accept it. */
export const om = <K extends string>(key: K, value: string): Partial<Record<K, string>> =>
  (value ? { [key]: value } : {}) as Partial<Record<K, string>>;

const NUL = '\u0000';

/** The posted fields, and a refusal for each that holds what the register cannot store. */
export function lasFalt(req: Request): { falt: Falt; fel: Fel[] } {
  const parsed = faltSchema.safeParse(req.body ?? {});
  if (!parsed.success) return { falt: {}, fel: [] };
  const falt: Falt = {};
  const fel: Fel[] = [];
  for (const [name, value] of Object.entries(parsed.data)) {
    const values = ([] as string[]).concat(value);
    if (values.some((v) => v.includes(NUL))) {
      fel.push({
        field: name,
        rule: 'tecken_kan_sparas',
        message: 'texten innehåller ett osynligt styrtecken (NUL) som inte kan sparas; skriv in den på nytt',
      });
    } else if (values.some(harEnsamtSurrogat)) {
      fel.push({ field: name, ...ENSAMT_SURROGAT });
    }
    const rena = values.map((v) => v.split(NUL).join('').replace(ENSAMMA_SURROGAT, ''));
    falt[name] = Array.isArray(value) ? rena : rena[0]!;
  }
  return { falt, fel };
}
