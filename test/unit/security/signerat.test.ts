/**
 * Signed tokens under purpose-bound keys with a key id (src/security/signerat.ts, nycklar.ts): a token signed with
 * the previous secret still verifies after a rotation, one with an unknown key id does not, and a token made for
 * one purpose is worthless for another.
 */
import { z } from '../../../src/domain/validering';
import { hmac, nyckelId, nyckelring } from '../../../src/security/nycklar';
import { signera, verifiera } from '../../../src/security/signerat';

const GAMMAL = 'den-gamla-hemligheten-som-är-minst-trettiotvå-tecken';
const NY = 'den-nya-hemligheten-som-också-är-minst-trettiotvå-tecken';
const NU = Date.parse('2026-12-05T12:00:00Z');
const schema = z.object({ person: z.string(), giltigTill: z.int() }).strict();
const payload = { person: 'handlaggare-ks', giltigTill: NU + 60_000 };

it('carries the key id of the secret that signed it', () => {
  const token = signera('kalender', payload, nyckelring(NY, [GAMMAL]));
  expect(token.split('.')[0]).toBe(nyckelId(NY));
  expect(nyckelId(NY)).toMatch(/^[A-Za-z0-9_-]{8}$/);
  expect(nyckelId(NY)).not.toBe(nyckelId(GAMMAL));
});

it('verifies a token signed with the previous secret after a rotation, until that secret is dropped', () => {
  const fore = signera('kalender', payload, nyckelring(GAMMAL));
  const efter = nyckelring(NY, [GAMMAL]);
  expect(verifiera('kalender', fore, schema, efter, NU)).toEqual({ ok: true, varde: payload });
  // What is signed now is signed with the new secret, and the old ring alone does not know its key.
  const ny = signera('kalender', payload, efter);
  expect(verifiera('kalender', ny, schema, efter, NU)).toEqual({ ok: true, varde: payload });
  expect(verifiera('kalender', ny, schema, nyckelring(GAMMAL), NU)).toEqual({ ok: false, fel: 'SIGNATUR' });
  // Dropped from ARSHJUL_SECRET_PREVIOUS: its tokens stop working.
  expect(verifiera('kalender', fore, schema, nyckelring(NY), NU)).toEqual({ ok: false, fel: 'SIGNATUR' });
});

it('refuses an unknown key id, and a known key id swapped onto another secret’s token', () => {
  const ring = nyckelring(NY, [GAMMAL]);
  const [, body, mac] = signera('session', payload, ring).split('.');
  expect(verifiera('session', `AAAAAAAA.${body}.${mac}`, schema, ring, NU)).toEqual({
    ok: false,
    fel: 'SIGNATUR',
  });
  expect(verifiera('session', `${nyckelId(GAMMAL)}.${body}.${mac}`, schema, ring, NU)).toEqual({
    ok: false,
    fel: 'SIGNATUR',
  });
  expect(verifiera('session', `kid.${body}.${mac}`, schema, ring, NU)).toEqual({ ok: false, fel: 'FORMAT' });
  // The old format (no key id) only where a caller asks for it.
  expect(verifiera('session', `${body}.${mac}`, schema, ring, NU)).toEqual({ ok: false, fel: 'FORMAT' });
});

it('binds each key to its purpose: a calendar token is no session, and the form key is not the session key', () => {
  const ring = nyckelring(NY);
  const token = signera('kalender', payload, ring);
  expect(verifiera('session', token, schema, ring, NU)).toEqual({ ok: false, fel: 'SIGNATUR' });
  expect(ring.nyckel(ring.aktuell, 'session')!.equals(ring.nyckel(ring.aktuell, 'formular')!)).toBe(false);
  expect(hmac(ring, 'formular', 'x')).not.toBe(hmac(ring, 'session', 'x'));
});

it('expires', () => {
  const ring = nyckelring(NY);
  expect(verifiera('kalender', signera('kalender', payload, ring), schema, ring, NU + 60_001)).toEqual({
    ok: false,
    fel: 'UTGANGEN',
  });
});
