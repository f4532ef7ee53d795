/**
 * Accessibility checked, not assumed: axe-core (the npm package) runs in the page the browser test has open and
 * reports every violation of the WCAG 2.1 A and AA rules. axe is put into the page by evaluation, not as a
 * <script>: the pages' CSP allows no script, and the check must see the page under the CSP it really has.
 *
 * An exception is written here, with its reason, or not at all.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import type { AxeResults } from 'axe-core';
import { screenshot } from './browser';

const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Rule id → why the pages may break it. Pages by their path (a RegExp over it) where the exception holds.
 * Swagger UI (`/api/docs`) is a third-party single-page app for developers, served as it ships: it is not one
 * of Årshjul's pages and is not checked.
 */
export const UNDANTAG: { regel: string; sidor: RegExp; skal: string }[] = [];

/** The WCAG 2.1 AA violations on the page as it is now, less the written exceptions. */
export async function tillganglighetsbrott(
  page: Page,
): Promise<{ regel: string; hjalp: string; var: string[] }[]> {
  await page.evaluate(AXE);
  const resultat = (await page.evaluate(
    (taggar) =>
      (window as unknown as { axe: { run: (c: unknown, o: unknown) => Promise<unknown> } }).axe.run(
        document,
        {
          runOnly: { type: 'tag', values: taggar },
          resultTypes: ['violations'],
        },
      ),
    WCAG_21_AA,
  )) as AxeResults;
  const sokvag = new URL(page.url()).pathname;
  return resultat.violations
    .filter((v) => !UNDANTAG.some((u) => u.regel === v.id && u.sidor.test(sokvag)))
    .map((v) => ({ regel: v.id, hjalp: v.help, var: v.nodes.map((n) => n.target.join(' ')) }));
}

/** Asserts that the page has no WCAG 2.1 AA violation (but the written exceptions). */
export async function granska(page: Page, namn: string): Promise<void> {
  expect({ sida: namn, brott: await tillganglighetsbrott(page) }).toEqual({ sida: namn, brott: [] });
}

/** The page saved as a screenshot to be looked at, and checked with axe. */
export async function visa(page: Page, namn: string): Promise<void> {
  await screenshot(page, namn);
  await granska(page, namn);
}
