/** The signed acknowledgement link (src/security/kvittenslank.ts): it says who acknowledges what, and nothing else passes. */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { signeraKvittens, verifieraKvittens } from '../../../src/security/kvittenslank';

const HEMLIGHET = 'en-hemlighet-som-är-minst-trettiotvå-tecken';
const NU = Date.parse('2023-10-19T08:00:00+02:00');
const DAG = 86_400_000;
const kvittens = { uppgiftId: 'lund/KS/2023-10-11/kvittens-336-kommunkontoret', person: 'kommunkontoret' };

it('names the receipt task and the person, until it expires', () => {
  const token = signeraKvittens(kvittens, HEMLIGHET, NU, 180);
  expect(verifieraKvittens(token, HEMLIGHET, NU + 179 * DAG)).toEqual({
    ok: true,
    kvittens: { ...kvittens, giltigTill: NU + 180 * DAG },
  });
  expect(verifieraKvittens(token, HEMLIGHET, NU + 181 * DAG)).toEqual({ ok: false, fel: 'UTGANGEN' });
});

it('refuses another secret, a changed payload and a malformed token', () => {
  const token = signeraKvittens(kvittens, HEMLIGHET, NU);
  const [kid, body, signatur] = token.split('.');
  expect(verifieraKvittens(token, `${HEMLIGHET}x`, NU)).toEqual({ ok: false, fel: 'SIGNATUR' });
  const other = Buffer.from(
    JSON.stringify({ ...kvittens, person: 'kanslichef', giltigTill: NU + DAG }),
  ).toString('base64url');
  expect(verifieraKvittens(`${kid}.${other}.${signatur}`, HEMLIGHET, NU)).toEqual({
    ok: false,
    fel: 'SIGNATUR',
  });
  expect(verifieraKvittens(body!, HEMLIGHET, NU)).toEqual({ ok: false, fel: 'FORMAT' });
  expect(verifieraKvittens(`${token}.x`, HEMLIGHET, NU)).toEqual({ ok: false, fel: 'FORMAT' });
});

it('still accepts a link mailed before key ids (`<body>.<mac>` with the bare secret), and nothing altered', () => {
  const body = Buffer.from(JSON.stringify({ ...kvittens, giltigTill: NU + DAG })).toString('base64url');
  const mac = createHmac('sha256', HEMLIGHET).update(`arshjul-kvittens.${body}`).digest('base64url');
  expect(verifieraKvittens(`${body}.${mac}`, HEMLIGHET, NU)).toEqual({
    ok: true,
    kvittens: { ...kvittens, giltigTill: NU + DAG },
  });
  expect(verifieraKvittens(`${body}.${mac}`, `${HEMLIGHET}x`, NU)).toEqual({ ok: false, fel: 'SIGNATUR' });
});

it('accepts no token but the one it signed (random tokens and one-character changes)', () => {
  const token = signeraKvittens(kvittens, HEMLIGHET, NU);
  fc.assert(fc.property(fc.string(), (random) => !verifieraKvittens(random, HEMLIGHET, NU).ok));
  fc.assert(
    fc.property(fc.nat({ max: token.length - 1 }), fc.constantFrom(...'ABCxyz019-_'), (i, c) => {
      const changed = `${token.slice(0, i)}${c}${token.slice(i + 1)}`;
      return changed === token || !verifieraKvittens(changed, HEMLIGHET, NU).ok;
    }),
  );
});
