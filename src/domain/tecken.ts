/**
 * Characters no register can keep: PostgreSQL's text refuses NUL, and a lone UTF-16 surrogate (half of a character
 * outside the basic plane) is no text at all. Every free text from outside is refused for them, by its field.
 */
import type { Fel } from './validering';

const NUL = '\u0000';

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
export const ENSAMMA_SURROGAT = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export const harEnsamtSurrogat = (text: string): boolean => new RegExp(ENSAMMA_SURROGAT.source).test(text);

/** Whether PostgreSQL's text can hold `s` as it is: no NUL (`22P05`) and no lone surrogate (no UTF-8 form). */
export const arSparbarText = (s: string): boolean => !s.includes(NUL) && !harEnsamtSurrogat(s);

export const ENSAMT_SURROGAT = {
  rule: 'tecken_kan_sparas',
  message:
    'texten innehåller ett ofullständigt tecken (ett ensamt surrogat) som inte kan sparas; skriv in den på nytt',
} as const;

/** Every string under `value` holding NUL or a lone surrogate, named by its path (`paragraf.rubrik`). */
export function otillatnaTecken(value: unknown, sokvag: (string | number)[] = []): Fel[] {
  const field = sokvag.join('.');
  if (typeof value === 'string') {
    if (value.includes(NUL)) {
      return [
        {
          field,
          rule: 'tecken_kan_sparas',
          message:
            'texten innehåller ett osynligt styrtecken (NUL) som inte kan sparas; skriv in den på nytt',
        },
      ];
    }
    return harEnsamtSurrogat(value) ? [{ field, ...ENSAMT_SURROGAT }] : [];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => otillatnaTecken(v, [...sokvag, i]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => [
      ...otillatnaTecken(k, sokvag).map((f) => ({ ...f, field: [...sokvag, k].join('.') })),
      ...otillatnaTecken(v, [...sokvag, k]),
    ]);
  }
  return [];
}
