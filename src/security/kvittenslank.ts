/**
 * The link in a protokollsutdrag mail that acknowledges it: `/kvittens/<token>`, where the token names the
 * receipt task and the recipient and is signed (HMAC-SHA256) with the installation's secret, so the link itself
 * is the recipient's credential for that one act. It expires (default 180 days); the task refuses a second
 * acknowledgement on its own. Opening the link shows a page; only its button (a POST) acknowledges, so a mail
 * scanner that follows links acknowledges nothing.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from '../domain/validering';

const payloadSchema = z
  .object({ uppgiftId: z.string().min(1), person: z.string().min(1), giltigTill: z.int().positive() })
  .strict();
export type Kvittens = z.output<typeof payloadSchema>;

export const KVITTENS_GILTIG_DAGAR = 180;

const b64 = (buffer: Buffer) => buffer.toString('base64url');

function mac(body: string, hemlighet: string): Buffer {
  return createHmac('sha256', hemlighet).update(`arshjul-kvittens.${body}`).digest();
}

export function signeraKvittens(
  input: { uppgiftId: string; person: string },
  hemlighet: string,
  nu: number,
  dagar = KVITTENS_GILTIG_DAGAR,
): string {
  const body = b64(Buffer.from(JSON.stringify({ ...input, giltigTill: nu + dagar * 86_400_000 }), 'utf8'));
  return `${body}.${b64(mac(body, hemlighet))}`;
}

export type KvittensFel = 'FORMAT' | 'SIGNATUR' | 'UTGANGEN';

/** The receipt the token names, or why it is refused (altered, malformed, expired). */
export function verifieraKvittens(
  token: string,
  hemlighet: string,
  nu: number,
): { ok: true; kvittens: Kvittens } | { ok: false; fel: KvittensFel } {
  const [body, signatur, ...rest] = token.split('.');
  if (!body || !signatur || rest.length > 0) return { ok: false, fel: 'FORMAT' };
  const expected = mac(body, hemlighet);
  const given = Buffer.from(signatur, 'base64url');
  // Canonical base64url only: a last character that differs in its unused bits would decode the same.
  if (b64(given) !== signatur) return { ok: false, fel: 'FORMAT' };
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, fel: 'SIGNATUR' };
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, fel: 'FORMAT' };
  }
  const parsed = payloadSchema.safeParse(payload);
  if (!parsed.success) return { ok: false, fel: 'FORMAT' };
  if (parsed.data.giltigTill < nu) return { ok: false, fel: 'UTGANGEN' };
  return { ok: true, kvittens: parsed.data };
}
