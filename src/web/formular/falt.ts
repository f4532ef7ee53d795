/**
 * A posted form as the pages read it: each name with its value, or its values when repeated (checkboxes), parsed
 * by zod once; then the value or values of a name, trimmed. A control's `name` is the path of its value in the
 * domain schema (`beslut.attSatser`, `justering.datum`), so an error's path leads back to the control.
 *
 * Every free text must fit the register (`arSparbarText`: no control character but tab and newline, no lone
 * surrogate), so a value that does not is refused here, by its field, before any command is sent (and the value
 * is kept without what could not be stored).
 */
import type { Request } from 'express';
import { arSparbarText, sparbarTextFel, utanOsparbaraTecken, z, type Fel } from '../../domain/validering';

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

/** The posted fields, and a refusal for each that holds what the register cannot store. */
export function lasFalt(req: Request): { falt: Falt; fel: Fel[] } {
  const parsed = faltSchema.safeParse(req.body ?? {});
  if (!parsed.success) return { falt: {}, fel: [] };
  const falt: Falt = {};
  const fel: Fel[] = [];
  for (const [name, value] of Object.entries(parsed.data)) {
    const values = ([] as string[]).concat(value);
    const osparbar = values.find((v) => !arSparbarText(v));
    if (osparbar !== undefined) fel.push(...sparbarTextFel(osparbar, [name]));
    const rena = values.map(utanOsparbaraTecken);
    falt[name] = Array.isArray(value) ? rena : rena[0]!;
  }
  return { falt, fel };
}
