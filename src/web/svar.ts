/**
 * A page to the browser: the component rendered to a string by Preact (every value escaped by the renderer),
 * with the headers every page has — Swedish HTML, never cached (pages show a person's work), no scripts, styles
 * only from the stylesheet, no framing, no referrer.
 */
import type { Response } from 'express';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

export const SIDANS_CSP =
  "default-src 'none'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function skickaSida(res: Response, status: number, sida: VNode): void {
  res
    .status(status)
    .type('html')
    .set('Cache-Control', 'no-store')
    .set('Referrer-Policy', 'no-referrer')
    .set('X-Content-Type-Options', 'nosniff')
    .set('X-Frame-Options', 'DENY')
    .set('Content-Security-Policy', SIDANS_CSP)
    .send(`<!DOCTYPE html>\n${renderToString(sida)}`);
}
