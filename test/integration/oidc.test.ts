/**
 * Sign-in through the kommun's identity provider: a real OpenID Connect provider (oidc-provider, in a child
 * process on loopback) with its development login and consent forms, driven as a browser would — redirects
 * followed by hand, cookies kept per site. The person is the configured one with the e-mail the IdP vouches for.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { OIDC_TILLBAKA } from '../../src/web/inloggning/oidc';
import { TEST_BASE_URL } from '../helpers/arshjulActivities';
import { startWebb, type TestWebb } from '../helpers/webb';

const CLIENT = { clientId: 'arshjul', clientSecret: 'testets-klienthemlighet-0123456789' };
let idp: ChildProcess;
let issuer: string;
let webb: TestWebb;

beforeAll(async () => {
  idp = spawn(
    process.execPath,
    [
      path.join(__dirname, '../helpers/oidcIdp.mjs'),
      CLIENT.clientId,
      CLIENT.clientSecret,
      `${TEST_BASE_URL}${OIDC_TILLBAKA}`,
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: idp.stdout! }).once('line', resolve);
    idp.once('exit', (code) => reject(new Error(`the test IdP exited (${code})`)));
  });
  issuer = (JSON.parse(line) as { issuer: string }).issuer;
  // Lund's own IdP: it signs people in to Lund only.
  webb = await startWebb({ name: 'oidc', oidc: { lund: { issuer, ...CLIENT } } });
});

afterAll(async () => {
  idp?.kill();
  await webb?.close();
});

/** A browser's cookies for one site, paths ignored (enough for these redirects). */
class Burk {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const value = pair!.slice(i + 1);
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(pair!.slice(0, i));
      else this.cookies.set(pair!.slice(0, i), value);
    }
  }
}

async function step(url: string, burk: Burk, body?: Record<string, string>) {
  const res = await fetch(url, {
    redirect: 'manual',
    method: body ? 'POST' : 'GET',
    headers: {
      cookie: burk.header(),
      ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(body ? { body: new URLSearchParams(body).toString() } : {}),
  });
  burk.take(res);
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

/** Through the IdP's login and consent; the URL it sends the browser back to Årshjul with. */
async function atIdp(authUrl: string, login: string): Promise<string> {
  const burk = new Burk();
  let url = authUrl;
  for (let i = 0; i < 10; i++) {
    const res = await step(url, burk);
    if (res.status === 200 && /name="prompt" value="login"/.test(res.text)) {
      const posted = await step(url, burk, { prompt: 'login', login, password: 'x' });
      url = new URL(posted.location!, issuer).href;
    } else if (res.status === 200 && /name="prompt" value="consent"/.test(res.text)) {
      const posted = await step(url, burk, { prompt: 'consent' });
      url = new URL(posted.location!, issuer).href;
    } else if (res.status >= 300 && res.status < 400) {
      const next = new URL(res.location!, url).href;
      if (next.startsWith(TEST_BASE_URL)) return next;
      url = next;
    } else {
      throw new Error(
        `the IdP answered ${res.status} at ${url}: ${res.text
          .replace(/<[^>]*>/g, ' ')
          .replace(/\s+/g, ' ')
          .slice(0, 800)}`,
      );
    }
  }
  throw new Error('too many steps at the IdP');
}

async function signInThroughIdp(login: string, till: string) {
  const app = new Burk();
  const start = await step(`${webb.base}/logga-in/oidc?kommun=lund&till=${encodeURIComponent(till)}`, app);
  expect(start.status).toBe(303);
  expect(start.location!.startsWith(`${issuer}/`)).toBe(true);
  const authUrl = new URL(start.location!);
  expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authUrl.searchParams.get('redirect_uri')).toBe(`${TEST_BASE_URL}${OIDC_TILLBAKA}`);
  const back = (await atIdp(start.location!, login)).replace(TEST_BASE_URL, webb.base);
  return { app, back, done: await step(back, app) };
}

it('offers the kommun’s sign-in on the sign-in page', async () => {
  const page = await webb.get('/logga-in?till=%2Farshjul');
  expect(page.text).toContain('href="/logga-in/oidc?kommun=lund&amp;till=%2Farshjul"');
});

it('signs a configured person in through the IdP and sends them where they were going', async () => {
  const { app, back, done } = await signInThroughIdp('kanslichef@lund.example.org', '/uppgifter');
  expect([done.status, done.location]).toEqual([303, '/uppgifter']);
  const page = await webb.get('/uppgifter', app.header());
  expect(page.status).toBe(200);
  expect(page.text).toContain('Kanslichefen (exempel)');

  // The answer from the IdP works once: the flow's cookie is gone, and the code is spent.
  const again = await step(back, app);
  expect([again.status, again.text]).toEqual([400, expect.stringContaining('kunde inte slutföras')]);
});

it('refuses someone the IdP knows but Årshjul does not, and a callback without its flow', async () => {
  const { done } = await signInThroughIdp('okand@lund.example.org', '/uppgifter');
  expect([done.status, done.text]).toEqual([
    403,
    expect.stringContaining('finns inte bland kommunens användare i Årshjul'),
  ]);
  const forged = await webb.get(`${OIDC_TILLBAKA}?code=abc&state=def`);
  expect(forged.status).toBe(400);
  expect(forged.headers.get('set-cookie') ?? '').not.toContain('arshjul_session=');
});

it('refuses an e-mail the IdP has not verified: email_verified missing or false', async () => {
  for (const login of [
    'registrator@lund.example.org;verified=missing',
    'registrator@lund.example.org;verified=false',
  ]) {
    const { done } = await signInThroughIdp(login, '/uppgifter');
    expect([login, done.status, done.text]).toEqual([
      login,
      403,
      expect.stringContaining('E-postadressen är inte bekräftad'),
    ]);
    expect(done.text).toContain('har inte bekräftat att registrator@lund.example.org är din');
  }
});

it('binds the person to the first subject: another subject with the same e-mail is refused', async () => {
  const forsta = await signInThroughIdp('ekonomidirektor@lund.example.org;sub=ekonomi-1', '/uppgifter');
  expect([forsta.done.status, forsta.done.location]).toEqual([303, '/uppgifter']);
  const annan = await signInThroughIdp('ekonomidirektor@lund.example.org;sub=ekonomi-2', '/uppgifter');
  expect([annan.done.status, annan.done.text]).toEqual([
    403,
    expect.stringContaining('redan kopplad till en annan identitet'),
  ]);
  expect(annan.app.header()).not.toContain('arshjul_session=');
  // The bound subject keeps working.
  const igen = await signInThroughIdp('ekonomidirektor@lund.example.org;sub=ekonomi-1', '/uppgifter');
  expect([igen.done.status, igen.done.location]).toEqual([303, '/uppgifter']);
});

it('signs in to its own kommun only: a person of another kommun with the IdP’s e-mail is no one here', async () => {
  const linkoping = webb.deps.kommuner.get('linkoping')!;
  const epost = linkoping.personer[0]!.epost;
  const { done } = await signInThroughIdp(epost, '/uppgifter');
  expect([done.status, done.text]).toEqual([
    403,
    expect.stringContaining('finns inte bland kommunens användare'),
  ]);
  // And a kommun without an IdP has no such sign-in.
  const ingen = await webb.get('/logga-in/oidc?kommun=linkoping');
  expect([ingen.status, ingen.text]).toEqual([404, expect.stringContaining('ingen egen inloggning')]);
});
