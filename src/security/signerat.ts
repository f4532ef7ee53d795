/**
 * Signed, expiring tokens for links and cookies: `<kid>.<base64url JSON>.<base64url HMAC-SHA256>`. The MAC is made
 * with the purpose's own key (`syfte`, ./nycklar.ts) of the secret named by `kid`, so a token made for one purpose
 * (a receipt link) is worthless for another (a session), and a token signed before a rotation still verifies
 * while its secret is among the previous ones. Only canonical base64url is accepted. The payload is readable:
 * never put a secret in it.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { z } from '../domain/validering';
import { somRing, type Hemlighet } from './nycklar';

export type TokenFel = 'FORMAT' | 'SIGNATUR' | 'UTGANGEN';

const b64 = (buffer: Buffer) => buffer.toString('base64url');
const KID = /^[A-Za-z0-9_-]{8}$/;

export function signera<P extends { giltigTill: number }>(
  syfte: string,
  payload: P,
  hemlighet: Hemlighet,
): string {
  const ring = somRing(hemlighet);
  const body = b64(Buffer.from(JSON.stringify(payload), 'utf8'));
  const mac = createHmac('sha256', ring.nyckel(ring.aktuell, syfte)!).update(`${ring.aktuell}.${body}`);
  return `${ring.aktuell}.${body}.${b64(mac.digest())}`;
}

export interface VerifieraVal {
  /**
   * Also the format before key ids (`<body>.<mac>`, the MAC with the bare secret): for links already sent that
   * people still hold (receipt links). Verified with every secret of the ring.
   */
  utanNyckelId?: boolean;
}

export function verifiera<S extends z.ZodType<{ giltigTill: number }>>(
  syfte: string,
  token: string,
  schema: S,
  hemlighet: Hemlighet,
  nu: number,
  val: VerifieraVal = {},
): { ok: true; varde: z.output<S> } | { ok: false; fel: TokenFel } {
  const delar = token.split('.');
  let body: string;
  let signatur: string;
  let expected: Buffer[];
  if (delar.length === 3) {
    const [kid, b, s] = delar as [string, string, string];
    if (!KID.test(kid) || !b || !s) return { ok: false, fel: 'FORMAT' };
    [body, signatur] = [b, s];
    const nyckel = somRing(hemlighet).nyckel(kid, syfte);
    // An unknown key id (a secret removed from rotation, or never ours): no key verifies it.
    if (!nyckel) return { ok: false, fel: 'SIGNATUR' };
    expected = [createHmac('sha256', nyckel).update(`${kid}.${body}`).digest()];
  } else if (delar.length === 2 && val.utanNyckelId) {
    const [b, s] = delar as [string, string];
    if (!b || !s) return { ok: false, fel: 'FORMAT' };
    [body, signatur] = [b, s];
    expected = somRing(hemlighet).utanNyckelId(`arshjul-${syfte}.${body}`);
  } else {
    return { ok: false, fel: 'FORMAT' };
  }
  const given = Buffer.from(signatur, 'base64url');
  // Canonical base64url only: a last character that differs in its unused bits would decode the same.
  if (b64(given) !== signatur) return { ok: false, fel: 'FORMAT' };
  if (!expected.some((e) => given.length === e.length && timingSafeEqual(given, e)))
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
