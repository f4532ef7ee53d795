/**
 * Validation at the edges: every outside input is parsed once by a zod schema, and every failure becomes a
 * list of `Fel` that names the field, the rule and what is wrong — in Swedish, for the users.
 */
import { z } from 'zod';

// Swedish messages for zod's built-in checks; a missing field is said plainly.
z.config(z.locales.sv());
z.config({
  customError: (issue) =>
    issue.code === 'invalid_type' && issue.input === undefined ? 'obligatoriskt fält saknas' : undefined,
});

/** Domain schemas import `z` from here, so the Swedish messages are always configured. */
export { z };

export interface Fel {
  /** The field's path, dotted (`organ.2.kortnamn`); empty for the input as a whole. */
  field: string;
  /** A stable, machine-readable name of the rule that was broken. */
  rule: string;
  /** What is wrong, in Swedish. */
  message: string;
}

export function felFromZod(error: z.ZodError): Fel[] {
  return error.issues.map((issue) => ({
    field: issue.path.map(String).join('.'),
    rule: ruleOf(issue),
    message: issue.message,
  }));
}

function ruleOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'custom' && typeof issue.params?.rule === 'string') return issue.params.rule;
  if (issue.code === 'invalid_type' && issue.message === 'obligatoriskt fält saknas') return 'obligatorisk';
  return issue.code;
}

export function formatFel(fel: Fel): string {
  return fel.field ? `${fel.field}: ${fel.message}` : fel.message;
}

/** Thrown when input breaks a rule; carries every `Fel` found. */
export class ValideringsFel extends Error {
  constructor(readonly fel: Fel[]) {
    super(fel.map(formatFel).join('; '));
    this.name = 'ValideringsFel';
  }
}

/** Parses `input` with `schema`, or throws a `ValideringsFel` naming each field and rule. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValideringsFel(felFromZod(result.error));
  return result.data;
}

/** The rule every free text meets at every edge (API, pages, CLI, Update validators, config). */
export const TECKEN_KAN_SPARAS = 'tecken_kan_sparas';
const TECKEN_MEDDELANDE =
  'texten innehåller ett styrtecken eller ett ensamt surrogattecken som inte kan sparas; skriv in den på nytt';

/**
 * Whether PostgreSQL's text can hold `s` as it is: no C0 control character but tab, newline and carriage return
 * (NUL above all: `22P05`), and no lone UTF-16 surrogate (it has no UTF-8 form).
 */
export function arSparbarText(s: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s)) return false;
  return !/[\ud800-\udfff]/.test(s.replace(/[\ud800-\udbff][\udc00-\udfff]/g, ''));
}

/** A free text the register can store, refused otherwise by the rule `tecken_kan_sparas`. */
export const sparbarText = () =>
  z.string().refine(arSparbarText, { message: TECKEN_MEDDELANDE, params: { rule: TECKEN_KAN_SPARAS } });

/**
 * The same rule over a whole payload — a request body, a form, an Update's argument, a config file — before its
 * schema reads it: every string (and every key) the register could not store, named by its path
 * (`paragraf.beslut.attSatser.0`), so a field no schema names yet is covered too.
 */
export function sparbarTextFel(value: unknown, sokvag: (string | number)[] = []): Fel[] {
  if (typeof value === 'string') {
    return arSparbarText(value)
      ? []
      : [{ field: sokvag.join('.'), rule: TECKEN_KAN_SPARAS, message: TECKEN_MEDDELANDE }];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => sparbarTextFel(v, [...sokvag, i]));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) =>
      arSparbarText(k)
        ? sparbarTextFel(v, [...sokvag, k])
        : [
            {
              field: [...sokvag, JSON.stringify(k)].join('.'),
              rule: TECKEN_KAN_SPARAS,
              message: TECKEN_MEDDELANDE,
            },
          ],
    );
  }
  return [];
}

/** Drops what the register cannot store: a refused value shown again without it. */
export function utanOsparbaraTecken(s: string): string {
  return (
    s
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
  );
}
