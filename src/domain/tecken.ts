/**
 * Text the register can store. PostgreSQL's text refuses NUL (`22P05`), and a lone UTF-16 surrogate (half of a
 * character outside the basic plane) has no UTF-8 form: no text at all. The other C0 control characters but tab,
 * newline and carriage return are refused with them — no one types them, and a page cannot show them. Every free
 * text from outside (API, pages, CLI, Update validators, config) is refused for them, by its field.
 */
import type { Fel } from './validering';

/** The rule every free text meets at every edge. */
export const TECKEN_KAN_SPARAS = 'tecken_kan_sparas';
const TECKEN_MEDDELANDE =
  'texten innehåller ett styrtecken eller ett ensamt surrogattecken som inte kan sparas; skriv in den på nytt';

// eslint-disable-next-line no-control-regex
const STYRTECKEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g;
const ENSAMMA_SURROGAT = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Whether PostgreSQL's text can hold `s` as it is (and a page can show it). */
export function arSparbarText(s: string): boolean {
  return !new RegExp(STYRTECKEN.source).test(s) && !new RegExp(ENSAMMA_SURROGAT.source).test(s);
}

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
export const utanOsparbaraTecken = (s: string): string =>
  s.replace(STYRTECKEN, '').replace(ENSAMMA_SURROGAT, '');
