/**
 * Validation at the edges: every outside input is parsed once by a zod schema, and every failure becomes a
 * list of `Fel` that names the field, the rule and what is wrong — in Swedish, for the users.
 */
import { z } from 'zod';
import { arSparbarText, TECKEN_KAN_SPARAS } from './tecken';

export { arSparbarText, sparbarTextFel, TECKEN_KAN_SPARAS, utanOsparbaraTecken } from './tecken';

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

/** A free text the register can store, refused otherwise by the rule `tecken_kan_sparas` (src/domain/tecken.ts). */
export const sparbarText = () =>
  z.string().refine(arSparbarText, {
    message: 'texten innehåller ett styrtecken eller ett ensamt surrogattecken som inte kan sparas',
    params: { rule: TECKEN_KAN_SPARAS },
  });
