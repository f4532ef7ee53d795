/**
 * Signs a person in by the mail link, as they would: ask for the link, read it from the mail that the SMTP server
 * received, and use it (a POST, as its page's button does). `base` is the web app; its links point at
 * TEST_BASE_URL, so the link's path is used on `base`.
 */
import { TEST_BASE_URL } from './arshjulActivities';
import type { ReceivedMail } from './smtp';
import { until } from './until';

export interface Inloggad {
  /** The session cookie, `name=value`. */
  cookie: string;
  setCookie: string;
  /** Where the link led. */
  location: string;
}

export const form = (fields: Record<string, string>, cookie?: string) => ({
  method: 'POST',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    ...(cookie ? { cookie } : {}),
  },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

const LANK = new RegExp(`${TEST_BASE_URL.replace(/[.]/g, '\\.')}(/logga-in/[A-Za-z0-9_.-]+)`);

export async function signInByMail(
  base: string,
  messages: () => ReceivedMail[],
  address: string,
  till = '/uppgifter',
): Promise<Inloggad> {
  // Messages may come from several SMTP servers: what is new is what was not there before, wherever it is.
  const before = new Set(messages());
  const asked = await fetch(`${base}/logga-in`, form({ epost: address, till }));
  if (asked.status !== 200) throw new Error(`sign-in for ${address} answered ${asked.status}`);
  const link = await until(
    `the sign-in mail to ${address}`,
    () =>
      messages()
        .filter((m) => !before.has(m))
        .filter(
          (m) => m.envelope.rcptTo.includes(address) && m.subject === 'Din inloggningslänk till Årshjul',
        )
        .map((m) => LANK.exec(m.text!)![1]!)[0],
    10_000,
  );
  const used = await fetch(`${base}${link}`, form({}));
  if (used.status !== 303) throw new Error(`the sign-in link answered ${used.status}`);
  const setCookie = used.headers.get('set-cookie')!;
  return { setCookie, cookie: setCookie.split(';')[0]!, location: used.headers.get('location')! };
}
