/**
 * The installation's keys: one HMAC key per purpose (`syfte`: session, kvittens, kalender, formular …), derived
 * from the secret with HKDF-SHA256, so that a key leaked or misused for one purpose says nothing about another.
 * Each secret has a key id (`kid`, also derived from it, so every instance agrees without storing anything) that
 * signed tokens carry. Rotation: the current secret signs; the previous ones (ARSHJUL_SECRET_PREVIOUS) still
 * verify what they signed until they are removed from the setting.
 */
import { createHmac, createSecretKey, hkdfSync, type KeyObject } from 'node:crypto';

export interface Nyckelring {
  /** The key id of the secret that signs now. */
  aktuell: string;
  /**
   * The HMAC key of `syfte` under the secret `kid`; undefined for a key id this installation does not know. A
   * KeyObject, made once: an HMAC with it costs a fifth of one keyed by a Buffer, which Node turns into a
   * KeyObject at every call (a session is verified on every request).
   */
  nyckel(kid: string, syfte: string): KeyObject | undefined;
  /** HMAC-SHA256 of `data` with each bare secret: the MACs of tokens made before key ids (./signerat.ts). */
  utanNyckelId(data: string): Buffer[];
}

/** A secret, or a ring of them: a bare string is a ring of that one secret (tests, older callers). */
export type Hemlighet = string | Nyckelring;

const SALT = 'arshjul-nycklar-v1';

const hkdf = (hemlighet: string, info: string, langd: number) =>
  Buffer.from(hkdfSync('sha256', Buffer.from(hemlighet, 'utf8'), SALT, info, langd));

/** The key id of a secret: 8 base64url characters, derived from it (not a hash that could be searched for it). */
export const nyckelId = (hemlighet: string) => hkdf(hemlighet, 'arshjul/kid', 6).toString('base64url');

const ringar = new Map<string, Nyckelring>();

/** The ring of the current secret and the previous ones still accepted (the current one first). */
export function nyckelring(aktuell: string, tidigare: readonly string[] = []): Nyckelring {
  const hemligheter = new Map<string, string>();
  for (const h of [aktuell, ...tidigare]) {
    const kid = nyckelId(h);
    if (!hemligheter.has(kid)) hemligheter.set(kid, h);
  }
  const nycklar = new Map<string, KeyObject>();
  return {
    aktuell: nyckelId(aktuell),
    nyckel(kid, syfte) {
      const hemlighet = hemligheter.get(kid);
      if (hemlighet === undefined) return undefined;
      const id = `${kid}/${syfte}`;
      let nyckel = nycklar.get(id);
      if (!nyckel) {
        nyckel = createSecretKey(hkdf(hemlighet, `arshjul/${syfte}`, 32));
        nycklar.set(id, nyckel);
      }
      return nyckel;
    },
    utanNyckelId: (data) =>
      [...hemligheter.values()].map((h) => createHmac('sha256', h).update(data).digest()),
  };
}

/** `hemlighet` as a ring (a string's ring is made once and kept). */
export function somRing(hemlighet: Hemlighet): Nyckelring {
  if (typeof hemlighet !== 'string') return hemlighet;
  let ring = ringar.get(hemlighet);
  if (!ring) {
    ring = nyckelring(hemlighet);
    ringar.set(hemlighet, ring);
  }
  return ring;
}

/** HMAC-SHA256 of `data` with the current key of `syfte`: for values that are compared, never verified later. */
export function hmac(hemlighet: Hemlighet, syfte: string, data: string): string {
  const ring = somRing(hemlighet);
  return createHmac('sha256', ring.nyckel(ring.aktuell, syfte)!).update(data).digest('base64url');
}
