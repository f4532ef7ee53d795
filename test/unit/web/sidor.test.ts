/**
 * The pages' floor without a Temporal server: every value is escaped by the renderer; the one stylesheet is a
 * static file under its content hash, kept a year; the pages' CSP allows styles from it alone; an unknown page
 * is the Swedish 404 in the frame.
 */
import { h } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { createApp } from '../../../src/api/app';
import { Felsammanfattning } from '../../../src/web/komponenter/Felsammanfattning';
import { Sida } from '../../../src/web/komponenter/Sida';
import { STILMALL } from '../../../src/web/stil';
import { lyssna } from '../../helpers/lyssna';

let app: Awaited<ReturnType<typeof lyssna>>;
let base: string;

beforeAll(async () => {
  app = await lyssna(createApp({ temporalAnswers: async () => false }));
  base = app.base;
});

afterAll(() => app.close());

it('escapes every value: a title, a message and a field are text, never markup', () => {
  const ond = '<script>alert("x")</script>';
  const html = renderToString(
    h(Sida, { titel: ond }, h(Felsammanfattning, { fel: [{ field: 'a"b', rule: ond, message: ond }] })),
  );
  expect(html).not.toContain('<script>');
  expect(html).toContain('&lt;script>alert(&quot;x&quot;)&lt;/script>');
  expect(html).toContain('a&quot;b: ');
});

it('serves the one stylesheet under its content hash, kept a year, and an unknown page as the Swedish 404', async () => {
  expect(STILMALL).toMatch(/^\/stil\/arshjul\.[0-9a-f]{12}\.css$/);
  const stil = await fetch(`${base}${STILMALL}`);
  expect(stil.status).toBe(200);
  expect(stil.headers.get('content-type')).toMatch(/^text\/css/);
  expect(stil.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  expect(await stil.text()).toContain('.felsammanfattning');

  const gammal = await fetch(`${base}/stil/arshjul.000000000000.css`);
  expect(gammal.status).toBe(404);
  const html = await gammal.text();
  expect(html).toContain('<html lang="sv">');
  expect(html).toContain('<h1>Sidan finns inte</h1>');
  expect(html).toContain(`<link rel="stylesheet" href="${STILMALL}"/>`);
  const csp = gammal.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("style-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).toContain("default-src 'none'");
  // No page may be framed by another site (clickjacking): the pages' CSP says so, not only a header some miss.
  expect(csp).toContain("frame-ancestors 'none'");
});
