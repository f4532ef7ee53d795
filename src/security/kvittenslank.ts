/**
 * The link in a protokollsutdrag mail that acknowledges it: `/kvittens/<token>`, where the token names the
 * receipt task and the recipient and is signed with the installation's secret (./signerat.ts), so the link itself
 * is the recipient's credential for that one act. It expires (default 180 days); the task refuses a second
 * acknowledgement on its own. Opening the link shows a page; only its button (a POST) acknowledges, so a mail
 * scanner that follows links acknowledges nothing.
 */
import { z } from '../domain/validering';
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
  hemlighet: string,
  nu: number,
  dagar = KVITTENS_GILTIG_DAGAR,
): string {
  return signera(SYFTE, { ...input, giltigTill: nu + dagar * 86_400_000 }, hemlighet);
}

/** The receipt the token names, or why it is refused (altered, malformed, expired). */
export function verifieraKvittens(
  token: string,
  hemlighet: string,
  nu: number,
): { ok: true; kvittens: Kvittens } | { ok: false; fel: KvittensFel } {
  const result = verifiera(SYFTE, token, payloadSchema, hemlighet, nu);
  return result.ok ? { ok: true, kvittens: result.varde } : result;
}
