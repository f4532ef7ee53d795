// A real OpenID Connect provider (oidc-provider) on loopback for the sign-in tests: one confidential client,
// every account's e-mail is its login, and the library's development login and consent forms. A login may add
// `;sub=<subject>` (another account with the same e-mail) and `;verified=false` or `;verified=missing` (the
// `email_verified` claim false, or left out). Run as a child
// process (the library is ES modules only); prints {"issuer": …} on its first line of stdout.
import { createServer } from 'node:net';
import process from 'node:process';
import Provider from 'oidc-provider';

const [clientId, clientSecret, redirectUri] = process.argv.slice(2);
const port = await new Promise((resolve) => {
  const probe = createServer();
  probe.listen(0, '127.0.0.1', () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const issuer = `http://127.0.0.1:${port}`;
const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  claims: { openid: ['sub'], email: ['email', 'email_verified'] },
  cookies: { keys: ['test-idp-cookie-key-that-is-long-enough'] },
  async findAccount(_ctx, id) {
    const [email, ...valen] = id.split(';');
    const val = Object.fromEntries(valen.map((v) => v.split('=')));
    const verified =
      val.verified === undefined
        ? { email_verified: true }
        : val.verified === 'false'
          ? { email_verified: false }
          : {};
    return { accountId: id, claims: async () => ({ sub: val.sub ?? email, email, ...verified }) };
  },
});
provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ issuer })}\n`);
});
