/**
 * Signed, expiring tokens for links and cookies: `<base64url JSON>.<base64url HMAC-SHA256>`, the MAC over a
 * purpose (`syfte`) and the body, so a token made for one purpose (a receipt link) is worthless for another (a
 * session). Only canonical base64url is accepted. The payload is readable: never put a secret in it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { z } from '../domain/validering';

export type TokenFel = 'FORMAT' | 'SIGNATUR' | 'UTGANGEN';

const b64 = (buffer: Buffer) => buffer.toString('base64url');
const mac = (syfte: string, body: string, hemlighet: string) =>
  createHmac('sha256', hemlighet).update(`arshjul-${syfte}.${body}`).digest();

export function signera<P extends { giltigTill: number }>(
  syfte: string,
  payload: P,
  hemlighet: string,
): string {
  const body = b64(Buffer.from(JSON.stringify(payload), 'utf8'));
  return `${body}.${b64(mac(syfte, body, hemlighet))}`;
}

export function verifiera<S extends z.ZodType<{ giltigTill: number }>>(
  syfte: string,
  token: string,
  schema: S,
  hemlighet: string,
  nu: number,
): { ok: true; varde: z.output<S> } | { ok: false; fel: TokenFel } {
  const [body, signatur, ...rest] = token.split('.');
  if (!body || !signatur || rest.length > 0) return { ok: false, fel: 'FORMAT' };
  const given = Buffer.from(signatur, 'base64url');
  // Canonical base64url only: a last character that differs in its unused bits would decode the same.
  if (b64(given) !== signatur) return { ok: false, fel: 'FORMAT' };
  const expected = mac(syfte, body, hemlighet);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, fel: 'SIGNATUR' };
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, fel: 'FORMAT' };
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) return { ok: false, fel: 'FORMAT' };
  if (parsed.data.giltigTill < nu) return { ok: false, fel: 'UTGANGEN' };
  return { ok: true, varde: parsed.data };
}
