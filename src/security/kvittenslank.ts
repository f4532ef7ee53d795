/**
 * The link in a protokollsutdrag mail that acknowledges it: `/kvittens/<token>`, where the token names the
 * receipt task and the recipient and is signed with the installation's receipt key (./signerat.ts, ./nycklar.ts), so the link itself
 * is the recipient's credential for that one act. It expires (default 180 days); the task refuses a second
 * acknowledgement on its own. Opening the link shows a page; only its button (a POST) acknowledges, so a mail
 * scanner that follows links acknowledges nothing.
 */
import { z } from '../domain/validering';
import type { Hemlighet } from './nycklar';
import { signera, verifiera, type TokenFel } from './signerat';

const payloadSchema = z
  .object({ uppgiftId: z.string().min(1), person: z.string().min(1), giltigTill: z.int().positive() })
  .strict();
export type Kvittens = z.output<typeof payloadSchema>;
export type KvittensFel = TokenFel;

export const KVITTENS_GILTIG_DAGAR = 180;
const SYFTE = 'kvittens';

export function signeraKvittens(
  input: { uppgiftId: string; person: string },
  hemlighet: Hemlighet,
  nu: number,
  dagar = KVITTENS_GILTIG_DAGAR,
): string {
  return signera(SYFTE, { ...input, giltigTill: nu + dagar * 86_400_000 }, hemlighet);
}

/** The receipt the token names, or why it is refused (altered, malformed, expired). */
export function verifieraKvittens(
  token: string,
  hemlighet: Hemlighet,
  nu: number,
): { ok: true; kvittens: Kvittens } | { ok: false; fel: KvittensFel } {
  // Links mailed before key ids (`<body>.<mac>`) stay valid for their 180 days: recipients hold them.
  const result = verifiera(SYFTE, token, payloadSchema, hemlighet, nu, { utanNyckelId: true });
  return result.ok ? { ok: true, kvittens: result.varde } : result;
}
