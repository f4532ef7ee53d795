/** The settings of issue 15, item 6: previous secrets, the proxies to trust, and each kommun's IdP. */
import { oidcSettings, readSettings } from '../../../src/settings';

const HEMLIGHET = 'a'.repeat(32);

it('reads the previous secrets, comma-separated, each at least 32 characters', () => {
  expect(readSettings({}).ARSHJUL_SECRET_PREVIOUS).toEqual([]);
  expect(
    readSettings({ ARSHJUL_SECRET_PREVIOUS: `${'b'.repeat(32)}, ${'c'.repeat(40)}` }).ARSHJUL_SECRET_PREVIOUS,
  ).toEqual(['b'.repeat(32), 'c'.repeat(40)]);
  expect(() => readSettings({ ARSHJUL_SECRET: HEMLIGHET, ARSHJUL_SECRET_PREVIOUS: 'kort' })).toThrow(
    /ARSHJUL_SECRET_PREVIOUS.*minst 32 tecken/s,
  );
});

it('trusts no proxy by default; hops, addresses or true when told', () => {
  expect(readSettings({}).ARSHJUL_TRUST_PROXY).toBe(false);
  expect(readSettings({ ARSHJUL_TRUST_PROXY: '1' }).ARSHJUL_TRUST_PROXY).toBe(1);
  expect(readSettings({ ARSHJUL_TRUST_PROXY: 'true' }).ARSHJUL_TRUST_PROXY).toBe(true);
  expect(readSettings({ ARSHJUL_TRUST_PROXY: 'loopback, 10.0.0.0/8' }).ARSHJUL_TRUST_PROXY).toBe(
    'loopback, 10.0.0.0/8',
  );
});

it('gives each kommun its own IdP, and binds the single IdP to the kommun named', () => {
  const lund = { issuer: 'https://idp.lund.example.org', clientId: 'arshjul', clientSecret: 'hemligt' };
  expect(oidcSettings(readSettings({ ARSHJUL_OIDC_KOMMUNER: JSON.stringify({ lund }) }))).toEqual({ lund });
  expect(
    oidcSettings(
      readSettings({
        ARSHJUL_OIDC_ISSUER: lund.issuer,
        ARSHJUL_OIDC_CLIENT_ID: lund.clientId,
        ARSHJUL_OIDC_CLIENT_SECRET: lund.clientSecret,
        ARSHJUL_OIDC_KOMMUN: 'lund',
      }),
    ),
  ).toEqual({ lund });
  // The old trio alone would sign people in to any kommun: it needs the kommun now.
  expect(() =>
    readSettings({
      ARSHJUL_OIDC_ISSUER: lund.issuer,
      ARSHJUL_OIDC_CLIENT_ID: lund.clientId,
      ARSHJUL_OIDC_CLIENT_SECRET: lund.clientSecret,
    }),
  ).toThrow(/ARSHJUL_OIDC_KOMMUN: krävs/);
  expect(() => readSettings({ ARSHJUL_OIDC_KOMMUNER: '{"lund": {"issuer": "inte en url"}}' })).toThrow(
    /ARSHJUL_OIDC_KOMMUNER/,
  );
  expect(oidcSettings(readSettings({}))).toBeUndefined();
});
